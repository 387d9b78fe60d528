// [[analysis]] tables: results computed after the run (sim/analysis.hpp). The keys of each type, and the values the
// declaration holds, come from its declaration (spec/output_keys.hpp).
#include <algorithm>

#include "plastix/spec/output_keys.hpp"
#include "read_params.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

analysis_spec read_analysis(const table_reader& t) {
  const auto& types = analysis_type_names();
  const std::string type = t.choice("type", types);
  const auto kind = static_cast<analysis_spec::kind>(std::find(types.begin(), types.end(), type) - types.begin());
  const auto& d = analysis_declaration(kind);
  std::vector<std::string> allowed{"type"};
  for (const std::string& key : d.info().key_names()) allowed.push_back(key);
  std::map<std::string, std::string> misplaced;
  if (kind == analysis_spec::kind::recall) {
    misplaced = {{"projection", "is used by principal_component and pattern_responses analyses; recall scores the "
                                "spikes of a population"},
                 {"neuron", "is used by principal_component and pattern_responses analyses"}};
  } else if (kind == analysis_spec::kind::pattern_responses) {
    misplaced["weights"] = "is used only by type = \"principal_component\" (the weights monitor that gives the rows of "
                           "its convergence table)";
  }
  t.check_keys(allowed, "for a " + type + " analysis", misplaced);
  analysis_spec a = read_keys(t, d, dimension::dimensionless);  // neuron, delay, active_rate
  check_values(t, d, a);
  a.where = t.where();
  a.type = kind;
  a.table = t.string_or("table", "");
  switch (kind) {
    case analysis_spec::kind::overlap:
      a.spikes = t.string("spikes");
      a.phases = t.string_list("phases");
      if (a.phases.size() != 2)
        t.fail("phases", "expected the two phases whose activity is compared, e.g. [\"test_a\", \"test_b\"]");
      break;
    case analysis_spec::kind::weight_scaling:
      a.projection = t.string("projection");
      a.phase = t.string_or("phase", "");
      break;
    case analysis_spec::kind::recall: read_recall(t, a); break;
    case analysis_spec::kind::synapse_rank: a.weights = t.string("weights"); break;
    case analysis_spec::kind::choices: a.modulator = t.string("modulator"); break;
    case analysis_spec::kind::conditioned_response: a.spikes = t.string("spikes"); break;
    case analysis_spec::kind::firing_pattern:
      a.spikes = t.string("spikes");
      a.phase = t.string("phase");
      break;
    case analysis_spec::kind::ocular_dominance:
      a.projection = t.string("projection");
      if (!t.has("first_eye")) t.fail("first_eye", "expected the number of pre neurons of the first eye, e.g. 10");
      break;
    case analysis_spec::kind::classify:
      a.patterns = t.string("patterns");
      a.spikes = t.string("spikes");
      a.phases = t.string_list("phases");
      if (a.phases.empty() || a.phases.size() % 2 != 0)
        t.fail("phases", "expected pairs of phases [labelling, test, ...], e.g. [\"label\", \"test\"]");
      break;
    case analysis_spec::kind::principal_component:
    case analysis_spec::kind::pattern_responses:
      a.projection = t.string("projection");
      a.weights = t.string_or("weights", "");
      break;
  }
  return a;
}

}  // namespace plastix::io_detail
