// Checks of [[patterns]] sets, pattern stimuli ([[phase.stimulus]] with patterns = ...) and recall analyses.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "plastix/core/suggest.hpp"
#include "validate_detail.hpp"

namespace plastix::validate_detail {

namespace {



const population_spec* population_named(const experiment_spec& spec, const std::string& name) {
  for (const population_spec& p : spec.network.populations)
    if (p.name == name) return &p;
  return nullptr;
}

const population_spec& population_for(const experiment_spec& spec, const std::string& name, const source_ref& where,
                                      const std::string& key) {
  if (const population_spec* p = population_named(spec, name)) return *p;
  std::vector<std::string> names;
  for (const population_spec& p : spec.network.populations) names.push_back(p.name);
  fail(where, key, "'" + name + "' is not a population;" + suggestion(name, names));
}

const pattern_set_spec& set_for(const experiment_spec& spec, const std::string& name, const source_ref& where,
                                const std::string& key) {
  std::vector<std::string> names;
  for (const pattern_set_spec& s : spec.patterns) {
    if (s.name == name) return s;
    names.push_back(s.name);
  }
  fail(where, key, "'" + name + "' is not a [[patterns]] set;" + suggestion(name, names));
}

void check_set(const experiment_spec& spec, const pattern_set_spec& s, std::size_t index) {
  const std::string key = key_or(s.where, "patterns[" + std::to_string(index) + "]");
  if (s.name.empty() || s.name.find('/') != std::string::npos)
    fail(s.where, key + ".name", "a pattern set needs a non-empty name without '/'");
  for (std::size_t j = 0; j < index; ++j)
    if (spec.patterns[j].name == s.name) fail(s.where, key + ".name", "two [[patterns]] sets are named '" + s.name + "'");
  const population_spec& pop = population_for(spec, s.population, s.where, key + ".population");
  const std::size_t n = pop.size;
  if (s.is_dataset()) {  // the images' size is checked against the population when they are loaded (sim/)
    if (!std::holds_alternative<poisson_source_params>(pop.model))
      fail(s.where, key + ".population",
           "a data set is presented to a Poisson source; '" + pop.name + "' is not one (model = \"poisson\")");
    return;
  }
  if (!s.neurons.empty()) {
    for (std::size_t k = 0; k < s.neurons.size(); ++k) {
      const auto& pat = s.neurons[k];
      if (pat.empty()) fail(s.where, key + ".neurons", fmt::format("pattern {} is empty; expected at least one neuron", k));
      std::set<std::uint32_t> seen;
      for (std::uint32_t i : pat) {
        if (i >= n)
          fail(s.where, key + ".neurons", fmt::format("pattern {}: neuron {} is out of range: population '{}' has {} "
                                                      "neurons (0 to {})", k, i, pop.name, n, n - 1));
        if (!seen.insert(i).second) fail(s.where, key + ".neurons", fmt::format("pattern {} lists neuron {} twice", k, i));
      }
    }
    return;
  }
  if (s.count == 0) fail(s.where, key + ".count", "expected count >= 1 random patterns (or explicit neurons = [[...]])");
  if (s.size == 0 && !(s.coding > 0.0 && s.coding <= 1.0))
    fail(s.where, key + (s.coding != 0.0 ? ".coding" : ".size"),
         fmt::format("expected size = neurons per pattern (1 to {}) or coding = a fraction in (0, 1]", n));
  const std::size_t m = pattern_size(s, n);
  if (m > n) fail(s.where, key + ".size", fmt::format("size {} is larger than population '{}' ({} neurons)", m, pop.name, n));
  if (s.disjoint && s.count * m > n)
    fail(s.where, key + ".disjoint", fmt::format("{} disjoint patterns of {} neurons need {} neurons; population '{}' "
                                                 "has {}", s.count, m, s.count * m, pop.name, n));
}

// Patterns of the set; for a data set the images it loads (0 when it loads all: known only once it is read).
std::size_t count_of(const pattern_set_spec& s) { return s.neurons.empty() ? s.count : s.neurons.size(); }

void check_stimulus(const experiment_spec& spec, const stimulus_spec& st, const std::string& key) {
  const pattern_stimulus& ps = st.pattern;
  const pattern_set_spec& set = set_for(spec, ps.patterns, st.where, key + ".patterns");
  const population_spec& pop = population_for(spec, st.population, st.where, key + ".population");
  const population_spec& of = population_for(spec, set.population, set.where, "patterns." + set.name + ".population");
  if (pop.size != of.size)
    fail(st.where, key + ".patterns", fmt::format("pattern set '{}' is over population '{}' ({} neurons); population "
                                                  "'{}' has {} neurons (a stimulus may present patterns to a "
                                                  "population of the same size)", set.name, of.name, of.size, pop.name, pop.size));
  if (!st.neurons.empty())
    fail(st.where, key + ".neurons", "a pattern stimulus drives the neurons of its patterns; leave neurons out");
  const bool known = !set.is_dataset() || set.count > 0;
  if (set.is_dataset() && st.type != stimulus_spec::kind::rate)
    fail(st.where, key + ".rate", "a data set's images are presented as rates: rate = the rate of full intensity");
  if (!set.is_dataset() && !ps.classes.empty())
    fail(st.where, key + ".classes", "classes chooses images of a data set by their label; set '" + set.name +
                                         "' is not a data set (path = ...)");
  if (set.is_dataset() && ps.fraction != 1.0)
    fail(st.where, key + ".fraction", "a data set's images are presented whole; leave fraction out");
  if (known && ps.order == pattern_stimulus::order_kind::fixed && ps.pattern >= count_of(set))
    fail(st.where, key + ".pattern", fmt::format("pattern {} is out of range: set '{}' has {} patterns (0 to {})",
                                                 ps.pattern, set.name, count_of(set), count_of(set) - 1));
  if (known && ps.range_end > count_of(set))
    fail(st.where, key + ".range", fmt::format("range [{}, {}] is out of range: set '{}' has {} patterns (0 to {})",
                                               ps.range_first, ps.range_end, set.name, count_of(set), count_of(set) - 1));
  if (!(ps.fraction > 0.0 && ps.fraction <= 1.0))
    fail(st.where, key + ".fraction", fmt::format("fraction must be in (0, 1], got {}", ps.fraction));
  if (!(ps.on >= 0.0) || !std::isfinite(ps.on)) fail(st.where, key + ".on", fmt::format("on must be >= 0 ms, got {} ms", ps.on));
  if (!(ps.off >= 0.0) || !std::isfinite(ps.off)) fail(st.where, key + ".off", fmt::format("off must be >= 0 ms, got {} ms", ps.off));
  if (ps.off > 0.0 && !(ps.on > 0.0)) fail(st.where, key + ".on", "off needs on = the duration of one presentation");
  if (ps.on > 0.0 && ps.on < spec.dt)  // presentations shorter than a step: as many per step as on fits in dt
    fail(st.where, key + ".on", fmt::format("a presentation of on = {} ms is shorter than one step dt = {} ms", ps.on,
                                            spec.dt));
}

// Phases with a partial cue of `set`.
bool cues(const phase_spec& ph, const std::string& set) {
  return std::any_of(ph.stimuli.begin(), ph.stimuli.end(), [&](const stimulus_spec& s) {
    return s.pattern.patterns == set && s.pattern.fraction < 1.0;
  });
}

void check_recall(const experiment_spec& spec, const analysis_spec& a, std::size_t index) {
  const std::string key = key_or(a.where, "analysis[" + std::to_string(index) + "]");
  const pattern_set_spec& set = set_for(spec, a.patterns, a.where, key + ".patterns");
  if (set.is_dataset())
    fail(a.where, key + ".patterns", "'" + set.name + "' is a data set; classify its images with type = \"classify\"");
  const std::string pop_name = a.population.empty() ? set.population : a.population;
  const population_spec& pop = population_for(spec, pop_name, a.where, key + ".population");
  const population_spec& of = population_for(spec, set.population, set.where, "patterns." + set.name + ".population");
  if (pop.size != of.size)
    fail(a.where, key + ".population", fmt::format("population '{}' has {} neurons but pattern set '{}' is over '{}' "
                                                   "({} neurons)", pop.name, pop.size, set.name, of.name, of.size));
  if (is_rate(pop.model))
    fail(a.where, key + ".population", "recall is scored from spikes; '" + pop.name + "' is a rate population");
  bool found = false;
  for (const monitor_spec& m : spec.monitors) {
    if (m.type != monitor_spec::kind::spikes) continue;
    if (a.spikes.empty() ? (m.target == pop.name && m.indices.empty()) : m.name == a.spikes) {
      if (m.target != pop.name || !m.indices.empty())
        fail(a.where, key + ".spikes", "spikes monitor '" + m.name + "' must record every neuron of '" + pop.name + "'");
      found = true;
    }
  }
  if (!found)
    fail(a.where, key + (a.spikes.empty() ? ".population" : ".spikes"),
         a.spikes.empty() ? "recall needs the spikes of every neuron of '" + pop.name + "': add a [[monitor]] with "
                            "type = \"spikes\" and population = \"" + pop.name + "\""
                          : "there is no spikes monitor named '" + a.spikes + "'");
  if (a.has_threshold && !(a.threshold >= -1.0 && a.threshold <= 1.0))
    fail(a.where, key + ".threshold", fmt::format("threshold must be in [-1, 1] (the overlap is a correlation), got {}",
                                                  a.threshold));
  if (a.has_strict && !(a.strict_hit >= 0.0 && a.strict_hit <= 1.0))
    fail(a.where, key + ".strict_hit", fmt::format("strict_hit must be in [0, 1] (a fraction of the missing neurons), "
                                                   "got {}", a.strict_hit));
  if (a.has_strict && !(a.strict_false_alarm > 0.0))  // a fraction of the other neurons; above 1: no limit
    fail(a.where, key + ".strict_false_alarm",
         fmt::format("strict_false_alarm must be positive (a fraction of the other neurons, e.g. 0.1), got {}",
                     a.strict_false_alarm));
  std::size_t scored = 0;
  if (a.phases.empty()) {
    for (const phase_spec& ph : spec.phases) scored += cues(ph, set.name) ? 1 : 0;
    if (scored == 0)
      fail(a.where, key + ".phases", "no phase presents a partial cue (fraction < 1) of patterns '" + set.name +
                                         "'; name the scored phases with phases = [...]");
  } else {
    std::vector<std::string> names;
    for (const phase_spec& ph : spec.phases) names.push_back(ph.name);
    for (const std::string& name : a.phases) {
      const auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end()) fail(a.where, key + ".phases", "'" + name + "' is not a phase;" + suggestion(name, names));
      const phase_spec& ph = spec.phases[static_cast<std::size_t>(it - names.begin())];
      if (std::none_of(ph.stimuli.begin(), ph.stimuli.end(),
                       [&](const stimulus_spec& s) { return s.pattern.patterns == set.name; }))
        fail(a.where, key + ".phases", "phase '" + name + "' presents no pattern of '" + set.name + "'");
    }
    scored = a.phases.size();
  }
  if (!a.column.empty() && a.values.size() != scored)
    fail(a.where, key + ".values", fmt::format("expected one value per scored phase ({}), got {}", scored, a.values.size()));
  if (a.column.empty() && !a.values.empty()) fail(a.where, key + ".column", "values need a column name");
  if (!(a.delay >= 0.0) || !std::isfinite(a.delay)) fail(a.where, key + ".delay", fmt::format("delay must be >= 0 ms, got {} ms", a.delay));
  if (!(a.active_rate > 0.0) || !std::isfinite(a.active_rate))
    fail(a.where, key + ".active_rate", fmt::format("active_rate must be > 0 Hz, got {} Hz", a.active_rate));
  if (a.table.empty() || a.table.find('/') != std::string::npos)
    fail(a.where, key + ".table", "a table name must be non-empty and must not contain '/'");
  for (const table_spec& t : spec.tables)
    if (t.name == a.table || t.name == a.table + "_presentations")
      fail(a.where, key + ".table", "there is already a [[table]] named '" + t.name + "'");
  for (std::size_t j = 0; j < spec.analyses.size(); ++j)
    if (j != index && (spec.analyses[j].table == a.table || spec.analyses[j].table == a.table + "_presentations"))
      fail(a.where, key + ".table", "two analyses write table '" + spec.analyses[j].table + "'");
}

void check_classify(const experiment_spec& spec, const analysis_spec& a, std::size_t index) {
  const std::string key = key_or(a.where, "analysis[" + std::to_string(index) + "]");
  const pattern_set_spec& set = set_for(spec, a.patterns, a.where, key + ".patterns");
  if (!set.is_dataset())
    fail(a.where, key + ".patterns", "'" + set.name + "' is not a data set (a [[patterns]] set with path = ...)");
  const monitor_spec* monitor = nullptr;
  for (const monitor_spec& m : spec.monitors)
    if (m.type == monitor_spec::kind::spikes && m.name == a.spikes) monitor = &m;
  if (!monitor) fail(a.where, key + ".spikes", "there is no spikes monitor named '" + a.spikes + "'");
  if (!monitor->indices.empty())
    fail(a.where, key + ".spikes", "spikes monitor '" + a.spikes + "' must record every neuron of '" +
                                       monitor->target + "'");
  std::vector<std::string> names;
  for (const phase_spec& ph : spec.phases) names.push_back(ph.name);
  if (a.phases.empty() || a.phases.size() % 2 != 0)
    fail(a.where, key + ".phases", "expected pairs of phases [labelling, test, ...]");
  for (const std::string& name : a.phases) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) fail(a.where, key + ".phases", "'" + name + "' is not a phase;" + suggestion(name, names));
    const phase_spec& ph = spec.phases[static_cast<std::size_t>(it - names.begin())];
    const auto shows_images = [&](const stimulus_spec& s) {
      return std::any_of(spec.patterns.begin(), spec.patterns.end(), [&](const pattern_set_spec& d) {
        return d.is_dataset() && d.name == s.pattern.patterns;
      });
    };
    if (std::none_of(ph.stimuli.begin(), ph.stimuli.end(), shows_images))
      fail(a.where, key + ".phases", "phase '" + name + "' presents no image of a data set");
  }
  if (a.table.empty() || a.table.find('/') != std::string::npos)
    fail(a.where, key + ".table", "a table name must be non-empty and must not contain '/'");
}

}  // namespace

void check_patterns(const experiment_spec& spec) {
  for (std::size_t k = 0; k < spec.patterns.size(); ++k) check_set(spec, spec.patterns[k], k);
  for (std::size_t p = 0; p < spec.phases.size(); ++p) {
    const phase_spec& ph = spec.phases[p];
    for (std::size_t i = 0; i < ph.stimuli.size(); ++i) {
      const stimulus_spec& s = ph.stimuli[i];
      if (s.pattern.patterns.empty()) continue;
      check_stimulus(spec, s, key_or(s.where, "phase." + ph.name + ".stimulus[" + std::to_string(i) + "]"));
    }
  }
  for (std::size_t k = 0; k < spec.analyses.size(); ++k)
    if (spec.analyses[k].type == analysis_spec::kind::recall) check_recall(spec, spec.analyses[k], k);
    else if (spec.analyses[k].type == analysis_spec::kind::classify) check_classify(spec, spec.analyses[k], k);
}

}  // namespace plastix::validate_detail
