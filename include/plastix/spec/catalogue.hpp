// The model catalogue: each model (neuron model, receptor, connector, plasticity rule, protocol, intervention,
// monitor, analysis) declares its keys ONCE, beside its parameter struct: name, how the value is written (a plain
// number, a quantity of a dimension, a weight, a whole number, a flag, one of a list of names), bounds, one line of
// documentation, and its recordable state variables with their units and scope. The default of every key is the
// struct's own initializer, so it is written once too.
//
// From one declaration come: the reader of experiment files (io/read_params.hpp), the range checks and their
// messages (problems()), `plastix list`, the generated key tables of the docs, Python's help, and the names that
// monitors accept. This is the description layer (spec/): it knows nothing of how a model runs (Arbor's
// mechanism_info kept apart from the mechanism's implementation).
//
//   const declaration<stdp_params>& stdp_params::declare() {
//     static const auto d = declaration<stdp_params>("rule", "stdp", "pair-based STDP (Song, Miller & Abbott 2000)")
//         .quantity("tau_plus", &stdp_params::tau_plus, dimension::time, bounds::positive(), "potentiation window")
//         .number("a_plus", &stdp_params::a_plus, bounds::non_negative(), "potentiation amplitude")
//         .state("x_pre", state_scope::per_pre, dimension::dimensionless, "presynaptic trace");
//     return d;
//   }
#pragma once
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "plastix/core/units.hpp"

namespace plastix {

// How a key's value is written in an experiment file.
enum class value_type {
  number,    // a plain number ("a_plus = 0.01")
  quantity,  // a number with a unit of `dim` ("tau_plus = \"20 ms\"")
  weight,    // a quantity in the unit of the projection's weights: nS (conductance receptor) or pA (current)
  count,     // a whole number ≥ 0
  flag,      // true / false
  choice     // one of `choices` (stored as the index of the name in an enum)
};

// The allowed range of a numeric key: [lo, hi], each end open or closed (or unbounded).
struct bounds {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false, hi_open = false;

  static bounds any() { return {}; }
  static bounds positive() { return {0.0, std::numeric_limits<double>::infinity(), true, false}; }  // > 0
  static bounds non_negative() { return {0.0, std::numeric_limits<double>::infinity(), false, false}; }  // ≥ 0
  static bounds fraction() { return {0.0, 1.0, false, false}; }  // [0, 1]
  static bounds in(double lo, double hi, bool lo_open = false, bool hi_open = false) { return {lo, hi, lo_open, hi_open}; }

  bool contains(double v) const;
  // "> 0 ms", ">= 0", "in [0, 1]", "in (0, 1]" ("" when unbounded); `unit` is appended to the bounds.
  std::string text(std::string_view unit) const;
};

// Where a state variable lives.
enum class state_scope {
  per_neuron,    // one value per neuron of a population (neuron models; rules: per post neuron)
  per_synapse,   // one value per synapse of the rule's projection
  per_pre        // one value per presynaptic neuron of the rule's projection (e.g. STP's u and x)
};
std::string_view scope_name(state_scope s);  // "per neuron", "per synapse", "per presynaptic neuron"

// One key of a model.
struct key_info {
  std::string name;
  value_type type = value_type::number;
  dimension dim = dimension::dimensionless;  // quantity keys
  bounds range;                              // numeric keys
  std::vector<std::string> choices;          // choice keys
  std::string doc;                           // one line
  std::string default_text;                  // the default as written in a file ("16.8 ms", "all_to_all")
};

// One state variable of a model. Every declared state is recordable by name ([[monitor]] type = "state"): a neuron
// model's through population::sample, a rule's through its state_index/state_value (synapse/rule.hpp);
// tests/unit/test_state_catalogue.cpp records each one.
struct state_info {
  std::string name;
  state_scope scope = state_scope::per_synapse;
  dimension dim = dimension::dimensionless;
  bool weight_unit = false;  // in the unit of the projection's weights (nS or pA)
  std::string doc;
  // A unit beyond the catalogue's dimensions, in coherent internal units ("mV/ms", "1/ms", "nS*ms"; a rule written
  // as equations): recorded with this unit; empty: the unit of `dim` (or the weight's).
  std::string unit;
};

// A declared key that stays as the model was built during a run, and why (the end of the message
// "tau_plus cannot change during a run (...)").
struct fixed_key {
  std::string key;
  std::string why;
};

// The type-free view of a declaration: what docs, `plastix list`, Python help and monitors need.
struct model_info {
  std::string family;  // "rule", "neuron model", "receptor", "connector", "protocol", "intervention", ...
  std::string name;    // "stdp"
  std::string doc;     // one line, with the paper
  std::vector<key_info> keys;
  std::vector<state_info> state;
  std::vector<std::string> presets;  // names accepted by a `preset` key (empty: none)
  bool rates = false;                // a rule on rate populations (hebb, oja, ...) rather than on spikes
  bool rewires = false;              // a rule that removes and creates synapses (structural)
  // Changes during a run ([[phase]] set): whether the model applies new parameters from the step of a change on
  // (its set_params), and which declared keys stay as it was built. false: no parameter can change.
  bool changes_during_run = false;
  std::vector<fixed_key> fixed_during_run;
  std::string no_changes_why;  // why no parameter can change (declaration::no_changes_during_run)
  // A rule's learning rates: the keys that a modulator's factor multiplies (`modulated_by`, spec/modulation.hpp);
  // each scales the weight change linearly. Empty: the rule cannot be modulated.
  std::vector<std::string> learning_rates;

  const key_info* find_key(std::string_view key) const;
  const state_info* find_state(std::string_view name) const;
  std::vector<std::string> key_names() const;
  std::vector<std::string> state_names(state_scope scope) const;
};

// A value as read from a file, in internal units: numbers and quantities (double), counts, flags, choices (the
// chosen name).
using key_value = std::variant<double, std::uint64_t, bool, std::string>;

// A key whose value is out of range, or a constraint between keys that does not hold.
struct key_problem {
  std::string key;      // the key to point at ("" = the model's table)
  std::string message;  // "tau_plus must be > 0 ms, got -1 ms"
};

// The unit a quantity is written in internally ("ms", "mV", ...; "" for dimensionless).
std::string_view unit_name(dimension d);
// A value with its internal unit for messages and docs: "16.8 ms", "0.01".
std::string format_value(double v, dimension d);

// The declaration of a parameter struct P: its keys (bound to P's members), constraints, presets, state.
template <class P>
class declaration {
 public:
  declaration(std::string family, std::string name, std::string doc) {
    info_.family = std::move(family);
    info_.name = std::move(name);
    info_.doc = std::move(doc);
  }

  // A plain number.
  declaration& number(std::string key, double P::*member, bounds range, std::string doc) {
    return add_double(std::move(key), value_type::number, dimension::dimensionless, member, range, std::move(doc));
  }
  // A quantity with a dimension.
  declaration& quantity(std::string key, double P::*member, dimension dim, bounds range, std::string doc) {
    return add_double(std::move(key), value_type::quantity, dim, member, range, std::move(doc));
  }
  // A number or quantity that the struct holds in another unit than the one it is read in (the internal unit of
  // `dim`): member = to_member(value read), and from_member gives it back for defaults, bounds and messages
  // (e.g. a rate read in Hz, held in 1/ms: to_member = v·1e-3). `type` is value_type::number or quantity.
  declaration& converted(std::string key, double P::*member, value_type type, dimension dim, double (*to_member)(double),
                         double (*from_member)(double), bounds range, std::string doc) {
    key_info k{std::move(key), type, dim, range, {}, std::move(doc), {}};
    k.default_text = format_value(from_member(P{}.*member), type == value_type::quantity ? dim : dimension::dimensionless);
    entries_.push_back({std::move(k), [member, to_member](P& p, const key_value& v) { p.*member = to_member(std::get<double>(v)); },
                        [member, from_member](const P& p) { return from_member(p.*member); }});
    return finish();
  }
  // A quantity in the unit of the projection's weights.
  declaration& weight(std::string key, double P::*member, bounds range, std::string doc) {
    return add_double(std::move(key), value_type::weight, dimension::dimensionless, member, range, std::move(doc));
  }
  // A whole number ≥ 0 (of any unsigned integer type).
  template <class N>
  declaration& count(std::string key, N P::*member, bounds range, std::string doc) {
    key_info k{std::move(key), value_type::count, dimension::dimensionless, range, {}, std::move(doc), {}};
    k.default_text = std::to_string(P{}.*member);
    entries_.push_back({std::move(k), [member](P& p, const key_value& v) { p.*member = static_cast<N>(std::get<std::uint64_t>(v)); },
                        [member](const P& p) { return static_cast<double>(p.*member); }});
    return finish();
  }
  declaration& flag(std::string key, bool P::*member, std::string doc) {
    key_info k{std::move(key), value_type::flag, dimension::dimensionless, {}, {}, std::move(doc), {}};
    k.default_text = P{}.*member ? "true" : "false";
    entries_.push_back({std::move(k), [member](P& p, const key_value& v) { p.*member = std::get<bool>(v); },
                        [member](const P& p) { return p.*member ? 1.0 : 0.0; }});
    return finish();
  }
  // One of `names`; the member is an enum whose values are the names' positions.
  template <class E>
  declaration& choice(std::string key, E P::*member, std::vector<std::string> names, std::string doc) {
    key_info k{std::move(key), value_type::choice, dimension::dimensionless, {}, std::move(names), std::move(doc), {}};
    k.default_text = k.choices.at(static_cast<std::size_t>(P{}.*member));
    std::vector<std::string> options = k.choices;
    entries_.push_back({std::move(k),
                        [member, options](P& p, const key_value& v) {
                          const auto& name = std::get<std::string>(v);
                          for (std::size_t i = 0; i < options.size(); ++i)
                            if (options[i] == name) p.*member = static_cast<E>(i);
                        },
                        [member](const P& p) { return static_cast<double>(p.*member); }});
    return finish();
  }
  // The keys of a part that several models share (e.g. weight_dependence), as keys of this model.
  template <class S>
  declaration& part(S P::*member, const declaration<S>& sub) {
    for (const auto& e : sub.entries()) {
      if (!e.set) {
        entries_.push_back({e.info, nullptr, nullptr});
        continue;
      }
      auto set = e.set;
      auto get = e.get;
      entries_.push_back({e.info, [member, set](P& p, const key_value& v) { set(p.*member, v); },
                          [member, get](const P& p) { return get(p.*member); }});
    }
    for (const auto& c : sub.constraints())
      constraints_.push_back([member, c](const P& p) { return c(p.*member); });
    for (const auto& s : sub.info().state) info_.state.push_back(s);
    return finish();
  }
  // The keys of a shared part that P derives from (e.g. stdp_pairing), as keys of this model, with P's defaults
  // (P's constructor may change the part's).
  template <class S>
    requires std::is_base_of_v<S, P>
  declaration& base(const declaration<S>& sub) {
    const P defaults{};
    for (const auto& e : sub.entries()) {
      key_info k = e.info;
      if (!e.set) {
        entries_.push_back({std::move(k), nullptr, nullptr});
        continue;
      }
      k.default_text = default_text_of(k, e.get(defaults));
      auto set = e.set;
      auto get = e.get;
      entries_.push_back({std::move(k), [set](P& p, const key_value& v) { set(p, v); },
                          [get](const P& p) { return get(p); }});
    }
    for (const auto& c : sub.constraints()) constraints_.push_back([c](const P& p) { return c(p); });
    for (const auto& s : sub.info().state) info_.state.push_back(s);
    return finish();
  }
  // A key that the model's reader reads itself: a list (a source's spike times, a rate profile) or a key derived
  // into others (lif's tau_m sets g_l or c_m). Declared here for the docs, `plastix list` and Python's keyword
  // checks; it has no member, no default and no range check of its own (the reader checks it).
  declaration& extra(std::string key, value_type type, dimension dim, bounds range, std::string doc) {
    key_info k{std::move(key), type, dim, range, {}, std::move(doc), {}};
    entries_.push_back({std::move(k), nullptr, nullptr});
    return finish();
  }
  // Whether `key` is an extra() key (read by the model's own reader).
  bool is_extra(std::string_view key) const {
    for (const auto& e : entries_)
      if (e.info.name == key) return !e.set;
    return false;
  }
  // A constraint between keys: returns a problem (key, message) when it does not hold, else an empty message.
  declaration& require(std::function<key_problem(const P&)> constraint) {
    constraints_.push_back(std::move(constraint));
    return *this;
  }
  // Named parameter sets: a `preset` key chooses one, then the other keys of the table override it.
  declaration& presets(std::vector<std::string> names, std::function<P(const std::string&)> make) {
    info_.presets = std::move(names);
    preset_ = std::move(make);
    return *this;
  }
  // The rule works on rates (both populations are rate populations), not on spikes.
  declaration& rates() {
    info_.rates = true;
    return *this;
  }
  // The rule removes and creates synapses (projection::rewire), from its slow hook only. Its projection is still
  // split by target among threads (rewire keeps every delay segment in order of post neuron); under MPI every process
  // holds every synapse of the run (sim/rank_split.cpp whole_storage_because), and the slow hook runs after the
  // owners' state is gathered, so every process rewires the whole projection alike.
  declaration& rewires() {
    info_.rewires = true;
    return *this;
  }
  // Every declared key may change during a run (the model's set_params applies them from the step of the change
  // on), except those named by fixed_during_run.
  declaration& changes_during_run() {
    info_.changes_during_run = true;
    return *this;
  }
  // These declared keys stay as the model was built during a run, for the reason `why`; the others may change.
  declaration& fixed_during_run(std::initializer_list<const char*> keys, const char* why) {
    info_.changes_during_run = true;
    for (const char* k : keys) info_.fixed_during_run.push_back({k, why});
    return *this;
  }
  // No parameter of the model can change during a run, for the reason `why`.
  declaration& no_changes_during_run(const char* why) {
    info_.changes_during_run = false;
    info_.no_changes_why = why;
    return *this;
  }
  // These declared keys are the rule's learning rates (model_info::learning_rates): `modulated_by` multiplies them.
  declaration& learning_rates(std::initializer_list<const char*> keys) {
    for (const char* k : keys) info_.learning_rates.push_back(k);
    return *this;
  }
  declaration& state(std::string name, state_scope scope, dimension dim, std::string doc) {
    info_.state.push_back({std::move(name), scope, dim, false, std::move(doc), {}});
    return *this;
  }
  declaration& weight_state(std::string name, state_scope scope, std::string doc) {
    info_.state.push_back({std::move(name), scope, dimension::dimensionless, true, std::move(doc), {}});
    return *this;
  }

  const model_info& info() const { return info_; }

  // Sets `key` of p (a key of info().keys; the value has the key's type, already in internal units).
  void set(P& p, std::string_view key, const key_value& value) const {
    for (const auto& e : entries_)
      if (e.info.name == key && e.set) return e.set(p, value);
  }
  // The numeric value of `key` in p (choices: the index; flags: 0 or 1).
  double get(const P& p, std::string_view key) const {
    for (const auto& e : entries_)
      if (e.info.name == key && e.get) return e.get(p);
    return 0.0;
  }
  P preset(const std::string& name) const { return preset_ ? preset_(name) : P{}; }

  // Every key out of its bounds (in declaration order), then every constraint that does not hold.
  std::vector<key_problem> problems(const P& p) const {
    std::vector<key_problem> out;
    for (const auto& e : entries_) {
      const key_info& k = e.info;
      if (!e.get) continue;  // extra(): checked by its reader
      if (k.type != value_type::number && k.type != value_type::quantity && k.type != value_type::weight &&
          k.type != value_type::count)
        continue;
      const double v = e.get(p);
      if (!k.range.contains(v)) out.push_back({k.name, out_of_range_message(k, v)});
    }
    for (const auto& c : constraints_)
      if (auto problem = c(p); !problem.message.empty()) out.push_back(std::move(problem));
    return out;
  }

  struct entry {
    key_info info;
    std::function<void(P&, const key_value&)> set;
    std::function<double(const P&)> get;
  };
  const std::vector<entry>& entries() const { return entries_; }
  const std::vector<std::function<key_problem(const P&)>>& constraints() const { return constraints_; }

 private:
  declaration& add_double(std::string key, value_type type, dimension dim, double P::*member, bounds range,
                          std::string doc) {
    key_info k{std::move(key), type, dim, range, {}, std::move(doc), {}};
    k.default_text = format_value(P{}.*member, dim);
    entries_.push_back({std::move(k), [member](P& p, const key_value& v) { p.*member = std::get<double>(v); },
                        [member](const P& p) { return p.*member; }});
    return finish();
  }
  declaration& finish() {
    info_.keys.clear();
    for (const auto& e : entries_) info_.keys.push_back(e.info);
    return *this;
  }
  static std::string out_of_range_message(const key_info& k, double v);
  // A key's default as the docs write it, from its numeric value (get()).
  static std::string default_text_of(const key_info& k, double v) {
    switch (k.type) {
      case value_type::choice: return k.choices.at(static_cast<std::size_t>(v));
      case value_type::flag: return v != 0.0 ? "true" : "false";
      case value_type::count: return std::to_string(static_cast<std::uint64_t>(v));
      case value_type::quantity: return format_value(v, k.dim);
      default: return format_value(v, dimension::dimensionless);
    }
  }

  model_info info_;
  std::vector<entry> entries_;
  std::vector<std::function<key_problem(const P&)>> constraints_;
  std::function<P(const std::string&)> preset_;
};

// "tau_plus must be > 0 ms, got -1 ms" (the unit left out for plain numbers and weights).
std::string out_of_range(const key_info& k, double value);

template <class P>
std::string declaration<P>::out_of_range_message(const key_info& k, double v) {
  return out_of_range(k, v);
}

}  // namespace plastix

namespace plastix {

// The key table of a model for the docs (Markdown): | key | type | default | meaning |, the bounds in the meaning;
// then its state variables when it has any: | state | scope | unit | meaning |. The docs hold these tables between
// `<!-- catalogue: FAMILY NAME -->` and `<!-- end catalogue -->`; a test fails when they differ from the catalogue.
std::string key_table_markdown(const model_info& m);
// "time", "voltage", "number", "weight (nS or pA)", "whole number", "true/false", "`a`, `b` or `c`".
std::string type_text(const key_info& k);

}  // namespace plastix
