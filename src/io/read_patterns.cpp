// [[patterns]] sets, the pattern keys of [[phase.stimulus]] and [[analysis]] type = "recall"
// (stimulus/patterns.hpp, sim/recall.hpp).
#include "plastix/stimulus/dataset.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

pattern_set_spec read_pattern_set(const table_reader& t) {
  t.check_keys({"name", "population", "count", "size", "coding", "disjoint", "neurons", "path", "labels", "full_scale",
                "mean_intensity"},
               "for a pattern set");
  pattern_set_spec p;
  p.where = t.where();
  p.name = t.name("name");
  p.population = t.string("population");
  if (t.has("path")) {  // the images of a data set (stimulus/dataset.hpp)
    for (const char* k : {"size", "coding", "disjoint", "neurons"})
      if (t.has(k)) t.fail(k, "a data set (path = ...) takes no size, coding, disjoint or neurons");
    p.path = t.string("path");
    p.path_where = t.ref("path");
    p.labels = t.string_or("labels", "");
    p.count = t.count_or("count", 0);
    if (t.has("full_scale")) {
      p.full_scale = t.number("full_scale");
      if (!(p.full_scale > 0.0)) t.fail("full_scale", "full_scale must be > 0 (the intensity presented at the rate)");
    }
    if (t.has("mean_intensity")) {
      p.mean_intensity = t.number("mean_intensity");
      if (!(p.mean_intensity > 0.0))
        t.fail("mean_intensity", "mean_intensity must be > 0 (the mean intensity every image is scaled to)");
    }
    if (p.path.empty()) t.fail("path", "expected the path of the data set's images file");
    check_dataset_files(p, p.where.file);
    return p;
  }
  for (const char* k : {"labels", "full_scale", "mean_intensity"})
    if (t.has(k)) t.fail(k, std::string(k) + " applies to data sets (path = \"...\")");
  if (t.has("neurons")) {
    for (const char* k : {"count", "size", "coding", "disjoint"})
      if (t.has(k)) t.fail(k, "explicit patterns (neurons = [[...]]) take no count, size, coding or disjoint");
    const toml::array& a = t.array("neurons");
    for (std::size_t k = 0; k < a.size(); ++k) {
      const toml::array* pat = a.get(k)->as_array();
      const std::string key = t.key_of("neurons") + "[" + std::to_string(k) + "]";
      if (!pat) t.fail("neurons", "expected a list of patterns, each a list of neuron indices: [[0, 1, 2], [3, 4]]");
      std::vector<std::uint32_t> v;
      for (std::size_t i = 0; i < pat->size(); ++i)
        v.push_back(static_cast<std::uint32_t>(t.count_of(*pat->get(i), key, std::numeric_limits<std::uint32_t>::max())));
      p.neurons.push_back(std::move(v));
    }
    if (p.neurons.empty()) t.fail("neurons", "expected at least one pattern");
    return p;
  }
  if (t.has("size") && t.has("coding")) t.fail("coding", "give either size (neurons per pattern) or coding (a fraction), not both");
  p.count = t.count("count");
  p.size = t.count_or("size", 0);
  if (t.has("coding")) p.coding = t.number("coding");
  else if (!t.has("size")) t.fail_here("expected size = neurons per pattern or coding = the fraction of neurons in a pattern");
  if (t.has("size") && p.size == 0) t.fail("size", "size must be >= 1");
  p.disjoint = t.boolean_or("disjoint", false);
  return p;
}

void read_pattern_stimulus(const table_reader& t, stimulus_spec& s) {
  pattern_stimulus& ps = s.pattern;
  if (!t.has("patterns")) {
    for (const char* k : {"pattern", "range", "fraction", "on", "off", "classes"})
      if (t.has(k)) t.fail(k, std::string(k) + " applies to pattern stimuli; name the pattern set with patterns = \"...\"");
    return;
  }
  ps.patterns = t.string("patterns");
  if (ps.patterns.empty())  // an empty name would mean "no pattern stimulus" and silently drop pattern, range, ...
    t.fail("patterns", "expected the name of a [[patterns]] set, got an empty string (leave the key out for a "
                       "stimulus without patterns)");
  if (const toml::node* n = t.find("pattern")) {
    if (n->is_string()) {
      const std::string order = t.choice("pattern", {"cycle", "random"});
      ps.order = order == "cycle" ? pattern_stimulus::order_kind::cycle : pattern_stimulus::order_kind::random;
    } else {
      ps.pattern = t.count("pattern");
    }
  }
  if (t.has("range")) {  // [first, end): the patterns cycle and random present
    if (ps.order == pattern_stimulus::order_kind::fixed)
      t.fail("range", "range applies to pattern = \"cycle\" or \"random\"; a fixed pattern = k presents only k");
    const std::vector<std::uint32_t> r = t.index_list("range");
    if (r.size() != 2 || r[0] >= r[1])
      t.fail("range", "expected range = [first, end] with first < end: patterns first to end - 1 of the set");
    ps.range_first = r[0];
    ps.range_end = r[1];
  }
  if (t.has("classes")) {  // the images of these labels only (data sets)
    if (ps.order == pattern_stimulus::order_kind::fixed)
      t.fail("classes", "classes applies to pattern = \"cycle\" or \"random\" on a data set");
    for (std::uint32_t c : t.index_list("classes")) ps.classes.push_back(static_cast<std::int32_t>(c));
    if (ps.classes.empty()) t.fail("classes", "expected a list of labels, e.g. classes = [0, 1]");
  }
  if (t.has("fraction")) ps.fraction = t.number("fraction");
  ps.on = t.quantity_or("on", dimension::time, 0.0);
  ps.off = t.quantity_or("off", dimension::time, 0.0);
}

// The keys of a recall analysis (its declaration's; read_analysis checked them and read delay and active_rate).
void read_recall(const table_reader& t, analysis_spec& a) {
  a.patterns = t.string("patterns");
  a.population = t.string_or("population", "");
  a.spikes = t.string_or("spikes", "");
  a.phases = t.string_list("phases");
  if (t.has("threshold")) {
    a.has_threshold = true;
    a.threshold = t.number("threshold");
  }
  if (t.has("strict_hit")) {
    a.has_strict = true;
    a.strict_hit = t.number("strict_hit");
    if (t.has("strict_false_alarm")) a.strict_false_alarm = t.number("strict_false_alarm");
  } else if (t.has("strict_false_alarm")) {
    t.fail("strict_false_alarm", "is the second part of a strict criterion: give strict_hit too (e.g. 0.9)");
  }
  a.column = t.string_or("column", "");
  a.values = t.quantity_list("values", dimension::dimensionless);
}

}  // namespace plastix::io_detail
