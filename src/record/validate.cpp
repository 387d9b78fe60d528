#include "plastix/record/validate.hpp"

#include <cmath>
#include <set>
#include <string>

#include <fmt/format.h>

#include "plastix/core/error.hpp"

namespace plastix {
namespace {

// `kind` is e.g. "spike record"; names become HDF5 link names, so they must be plain path components.
void check_name(const std::string& kind, const std::string& name, std::set<std::string>& seen) {
  if (name.empty()) throw error(fmt::format("{} has an empty name; every record needs a name", kind));
  if (name.find('/') != std::string::npos || name == "." || name == "..")
    throw error(fmt::format("{} '{}': a name must not contain '/' and must not be '.' or '..'", kind, name));
  if (!seen.insert(name).second)
    throw error(fmt::format("{} '{}' appears twice; names must be unique", kind, name));
}

}  // namespace

void validate_results(const run_results& r) {
  std::set<std::string> names;
  for (const auto& s : r.spikes) {
    check_name("spike record", s.name, names);
    if (s.times.size() != s.senders.size())
      throw error(fmt::format("spike record '{}' has {} spike times but {} senders; they must match", s.name,
                              s.times.size(), s.senders.size()));
  }
  names.clear();
  for (const auto& s : r.states) {
    check_name("state record", s.name, names);
    if (s.values.size() != s.times.size() * s.neurons.size())
      throw error(fmt::format("state record '{}' has {} values, expected {} samples x {} neurons = {}", s.name,
                              s.values.size(), s.times.size(), s.neurons.size(), s.times.size() * s.neurons.size()));
  }
  names.clear();
  for (const auto& w : r.weights) {
    check_name("weight record", w.name, names);
    if (w.pre.size() != w.synapses.size() || w.post.size() != w.synapses.size())
      throw error(fmt::format("weight record '{}' has {} synapses but {} pre and {} post indices; they must match",
                              w.name, w.synapses.size(), w.pre.size(), w.post.size()));
    if (w.values.size() != w.times.size() * w.synapses.size())
      throw error(fmt::format("weight record '{}' has {} values, expected {} samples x {} synapses = {}", w.name,
                              w.values.size(), w.times.size(), w.synapses.size(),
                              w.times.size() * w.synapses.size()));
  }
  names.clear();
  for (const auto& b : r.rates) {
    check_name("rate record", b.name, names);
    if (b.times.size() != b.rates.size())
      throw error(fmt::format("rate record '{}' has {} bin starts but {} rates; they must match", b.name,
                              b.times.size(), b.rates.size()));
    if (!(b.bin > 0.0) || !std::isfinite(b.bin))
      throw error(fmt::format("rate record '{}' has bin width {} ms; it must be positive", b.name, b.bin));
  }
  names.clear();
  for (const auto& m : r.transmissions) {
    check_name("transmission record", m.name, names);
    if (m.pre.size() != m.times.size() || m.efficacy.size() != m.times.size())
      throw error(fmt::format("transmission record '{}' has {} times, {} pre indices and {} efficacies; they must "
                              "match", m.name, m.times.size(), m.pre.size(), m.efficacy.size()));
  }
  names.clear();
  for (const auto& [name, t] : r.tables) {
    check_name("table", name, names);
    if (t.columns.size() != t.data.size())
      throw error(fmt::format("table '{}' names {} columns but holds {} data columns; they must match", name,
                              t.columns.size(), t.data.size()));
    std::set<std::string> columns;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      check_name(fmt::format("table '{}' column", name), t.columns[c], columns);
      if (t.data[c].size() != t.data[0].size())
        throw error(fmt::format("table '{}': column '{}' has {} rows but column '{}' has {}; all columns must have "
                                "the same length",
                                name, t.columns[c], t.data[c].size(), t.columns[0], t.data[0].size()));
    }
  }
}

}  // namespace plastix
