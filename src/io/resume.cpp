#include "plastix/io/resume.hpp"

#include <fmt/format.h>

#include "plastix/core/error.hpp"
#include "plastix/io/config.hpp"
#include "plastix/version.hpp"

namespace plastix {

session_edits session_edits_of(const checkpoint& c) {
  session_edits edits;
  if (!c.state.entries.count("session/experiment_text.lengths")) return edits;
  state_archive archive = c.state;  // a copy: loading visitors read it
  state_visitor v(archive, true);
  const auto s = v.scope("session");
  v.text("experiment_text", edits.experiment_text);
  v.text("monitors", edits.monitors);
  return edits;
}

experiment_spec resume_spec(const checkpoint& c) {
  const checkpoint_header& h = c.header;
  if (h.version != plastix::version)
    throw error(fmt::format("checkpoint of '{}' was written by plastix {}; this is plastix {}, which resumes only its "
                            "own checkpoints (results are bitwise exact only within one version)",
                            h.experiment, h.version, plastix::version));
  experiment_spec spec;
  if (const session_edits edits = session_edits_of(c); !edits.experiment_text.empty()) {
    // A Python session's (sim.save): the experiment as it ran, with its changes and the monitors it added.
    spec = parse_experiment(edits.experiment_text + edits.monitors, h.file);
  } else {
    try {
      spec = load_experiment(h.file, h.overrides);
    } catch (const error& e) {
      throw error(fmt::format("cannot resume '{}': its experiment file '{}' cannot be read as it was run: {}",
                              h.experiment, h.file, e.what()));
    }
  }
  if (text_hash(spec.file_text) != h.file_text_hash)
    throw error(fmt::format("cannot resume '{}': the experiment file '{}' changed since the checkpoint was written "
                            "(its text as run has hash {}, the checkpoint's {}); restore the file or run again",
                            h.experiment, h.file, text_hash(spec.file_text), h.file_text_hash));
  return spec;
}

}  // namespace plastix
