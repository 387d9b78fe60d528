// [[analysis]] tables: results computed after the run (sim/analysis.hpp).
#include "readers.hpp"

namespace plastix::io_detail {

analysis_spec read_analysis(const table_reader& t) {
  const std::string type =
      t.choice("type", {"principal_component", "pattern_responses", "recall", "weight_scaling", "overlap"});
  if (type == "overlap") {
    t.check_keys({"type", "spikes", "phases", "delay", "active_rate", "table"}, "for an overlap analysis");
    analysis_spec a;
    a.where = t.where();
    a.type = analysis_spec::kind::overlap;
    a.spikes = t.string("spikes");
    a.phases = t.string_list("phases");
    if (a.phases.size() != 2) t.fail("phases", "expected the two phases whose activity is compared, e.g. [\"test_a\", \"test_b\"]");
    a.delay = t.quantity_or("delay", dimension::time, 0.0);
    a.active_rate = t.quantity_or("active_rate", dimension::frequency, a.active_rate);
    a.table = t.string_or("table", "");
    return a;
  }
  if (type == "weight_scaling") {
    t.check_keys({"type", "projection", "phase", "table"}, "for a weight_scaling analysis");
    analysis_spec a;
    a.where = t.where();
    a.type = analysis_spec::kind::weight_scaling;
    a.projection = t.string("projection");
    a.phase = t.string_or("phase", "");
    a.table = t.string_or("table", "");
    return a;
  }
  if (type == "recall") {
    analysis_spec a;
    a.where = t.where();
    read_recall(t, a);
    return a;
  }
  const bool pca = type == "principal_component";
  std::vector<std::string> allowed{"type", "projection", "neuron", "table"};
  std::map<std::string, std::string> misplaced;
  if (pca) allowed.emplace_back("weights");
  else misplaced["weights"] = "is used only by type = \"principal_component\" (the weights monitor that gives the "
                              "rows of its convergence table)";
  t.check_keys(allowed, "for a " + type + " analysis", misplaced);
  analysis_spec a;
  a.where = t.where();
  a.type = pca ? analysis_spec::kind::principal_component : analysis_spec::kind::pattern_responses;
  a.projection = t.string("projection");
  a.neuron = static_cast<std::uint32_t>(t.count_or("neuron", 0));
  a.weights = t.string_or("weights", "");
  a.table = t.string_or("table", "");
  return a;
}

}  // namespace plastix::io_detail
