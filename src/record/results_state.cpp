#include "plastix/record/results_state.hpp"

#include <string>
#include <utility>

namespace plastix {

namespace {

// A map from names to values of one type, as two lists (its keys in order, its values).
template <class T>
void visit_map(state_visitor& v, const std::string& name, std::map<std::string, T>& m) {
  std::vector<std::string> keys;
  std::vector<T> values;
  for (const auto& [k, x] : m) {
    keys.push_back(k);
    values.push_back(x);
  }
  v.strings(name + ".keys", keys);
  v.resizable(name + ".values", values);
  if (!v.loading()) return;
  m.clear();
  for (std::size_t k = 0; k < keys.size() && k < values.size(); ++k) m.emplace(keys[k], values[k]);
}

// A list of records: its length, then each record in its own scope ("<name><k>/").
template <class Record, class Visit>
void visit_list(state_visitor& v, const std::string& name, std::vector<Record>& list, Visit&& visit) {
  std::uint64_t count = list.size();
  v.scalar(name + ".count", count);
  if (v.loading()) list.assign(count, Record{});
  for (std::size_t k = 0; k < list.size(); ++k) {
    const auto s = v.scope(name + std::to_string(k));
    visit(list[k]);
  }
}

}  // namespace

void visit_table(state_visitor& v, table& t) {
  v.strings("columns", t.columns);
  v.nested("data", t.data);
  std::vector<std::string> label_columns;
  for (const auto& [column, labels] : t.labels) label_columns.push_back(column);
  v.strings("label_columns", label_columns);
  for (std::size_t k = 0; k < label_columns.size(); ++k) v.strings("labels" + std::to_string(k), t.labels[label_columns[k]]);
}

void visit_results(state_visitor& v, run_results& r) {
  v.text("experiment", r.experiment);
  v.text("version", r.version);
  v.text("file", r.file);
  v.text("file_text", r.file_text);
  v.strings("overrides", r.overrides);
  v.scalar("seed", r.seed);
  v.scalar("dt", r.dt);
  v.scalar("bio_time", r.bio_time);
  v.scalar("wall_time", r.wall_time);
  v.scalar("spike_count", r.spike_count);
  v.scalar("synapse_count", r.synapse_count);
  v.scalar("neuron_count", r.neuron_count);
  {
    std::vector<std::string> names;
    std::vector<double> durations;
    for (const auto& [n, d] : r.phases) {
      names.push_back(n);
      durations.push_back(d);
    }
    v.strings("phases.names", names);
    v.resizable("phases.durations", durations);
    if (v.loading()) {
      r.phases.clear();
      for (std::size_t k = 0; k < names.size() && k < durations.size(); ++k) r.phases.emplace_back(names[k], durations[k]);
    }
  }
  visit_map(v, "metrics", r.metrics);
  visit_map(v, "population_sizes", r.population_sizes);
  {
    std::vector<std::string> names;
    for (const auto& [n, t] : r.tables) names.push_back(n);
    v.strings("table_names", names);
    for (std::size_t k = 0; k < names.size(); ++k) {
      const auto s = v.scope("table" + std::to_string(k));
      visit_table(v, r.tables[names[k]]);
    }
  }
  visit_list(v, "spikes", r.spikes, [&](spike_record& s) {
    v.text("name", s.name);
    v.text("population", s.population);
    v.resizable("times", s.times);
    v.resizable("senders", s.senders);
  });
  visit_list(v, "states", r.states, [&](state_record& s) {
    v.text("name", s.name);
    v.text("population", s.population);
    v.text("variable", s.variable);
    v.text("unit", s.unit);
    v.text("scope", s.scope);
    v.resizable("neurons", s.neurons);
    v.resizable("times", s.times);
    v.resizable("values", s.values);
  });
  visit_list(v, "weights", r.weights, [&](weight_record& w) {
    v.text("name", w.name);
    v.text("projection", w.projection);
    v.text("unit", w.unit);
    v.resizable("synapses", w.synapses);
    v.resizable("pre", w.pre);
    v.resizable("post", w.post);
    v.resizable("times", w.times);
    v.resizable("values", w.values);
  });
  visit_list(v, "rates", r.rates, [&](rate_record& x) {
    v.text("name", x.name);
    v.text("population", x.population);
    v.scalar("bin", x.bin);
    v.resizable("times", x.times);
    v.resizable("rates", x.rates);
  });
  visit_list(v, "transmissions", r.transmissions, [&](transmission_record& x) {
    v.text("name", x.name);
    v.text("projection", x.projection);
    v.text("unit", x.unit);
    v.resizable("times", x.times);
    v.resizable("pre", x.pre);
    v.resizable("efficacy", x.efficacy);
  });
  v.text("stop_reason", r.stop_reason);
}

}  // namespace plastix
