// [[projection.plasticity]] tables: one plasticity rule each, read from the rule's declaration (spec/rules/*.hpp
// declare(): its keys, units, presets). A new rule needs nothing here.
#include <cmath>
#include <limits>
#include <type_traits>

#include <fmt/format.h>

#include "plastix/spec/rule_kinds.hpp"
#include "read_params.hpp"
#include "readers.hpp"

namespace plastix::io_detail {

namespace {

// Weights between rate populations (the rate rules' bounds).
quantity_kind plain_weight() { return {dimension::dimensionless, std::nullopt, "weights between rate populations are plain numbers"}; }

// "for an stdp rule", "for a triplet rule": an abbreviation without vowels is spelled out ("an stp", "a bcm").
std::string rule_context(const std::string& name) {
  const auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  bool spelled = true;
  for (char c : name) spelled = spelled && !vowel(c) && c != 'y';
  const bool an = vowel(name.front()) || (spelled && std::string("fhlmnrsx").find(name.front()) != std::string::npos);
  return std::string("for ") + (an ? "an " : "a ") + name + " rule";
}

// Keys a rule's table may hold beyond its declared ones, read beside them by read_extra: "rule" and "modulated_by"
// (read_rule) for all; structural
// also the distributions of new synapses and its table's name.
template <class P>
std::vector<std::string> extra_keys() {
  if constexpr (std::is_same_v<P, structural_params>) return {"rule", "modulated_by", "weight", "delay", "table"};
  else if constexpr (std::is_same_v<P, equations_params>) {
    std::vector<std::string> keys = equations_keys();
    keys.push_back("rule");
    keys.push_back("modulated_by");
    return keys;
  } else return {"rule", "modulated_by"};
}

// What the declaration cannot say: most rules have nothing.
template <class P>
void read_extra(const table_reader&, P&, const quantity_kind&) {}

// Rate rules: `eta` (the discrete form) replaces `tau_w`; giving both is an error.
template <class P>
  requires requires(P p) { p.learning; }
void read_extra(const table_reader& t, P& p, const quantity_kind&) {
  if (!t.has("eta")) return;
  if (t.has("tau_w"))
    t.fail("eta", "give either tau_w (continuous form: tau_w dw/dt = F) or eta (discrete form: Δw = eta·F per update), "
                  "not both");
  p.learning.tau_w = 0.0;
}

// The keys of one induction rule are an error with the other.
void read_extra(const table_reader& t, tag_trigger_params& p, const quantity_kind&) {
  const bool voltage = p.induction == tag_trigger_params::induction_rule::voltage;
  for (const char* key : voltage ? std::vector<const char*>{"p_ltp", "p_ltd"}
                                 : std::vector<const char*>{"a_ltd", "a_ltp", "theta_ltp", "theta_ltd", "tau_ltp",
                                                            "tau_ltd", "delay"})
    if (t.has(key))
      t.fail(key, std::string("applies to induction = \"") + (voltage ? "presynaptic" : "voltage") +
                      "\" only; this rule has induction = \"" + (voltage ? "voltage" : "presynaptic") + "\"");
}

// Three-factor rules: the [[modulator]] they read, by name.
template <class P>
  requires std::is_same_v<P, dopamine_stdp_params> || std::is_same_v<P, reward_stdp_params>
void read_extra(const table_reader& t, P& p, const quantity_kind&) {
  p.modulator = t.string_or("modulator", p.modulator);
}

// pf_purkinje: the climbing-fibre population it reads, by name.
void read_extra(const table_reader& t, pf_purkinje_params& p, const quantity_kind&) {
  p.climbing_fibre = t.string("climbing_fibre");
}

// Structural plasticity: distributions for new synapses like the projection's weight and delay.
void read_extra(const table_reader& t, structural_params& p, const quantity_kind& weight) {
  p.weight = t.distribution_opt("weight", weight);
  p.delay = t.distribution_opt("delay", dimension::time);
  p.table = t.string_or("table", p.table);
}

// A rule written as equations: its named quantities and its equation texts; read_rule checks it (spec/equations)
// once it knows the post population's state.
void read_extra(const table_reader& t, equations_params& p, const quantity_kind& weight) {
  equations::rule_spec& r = p.rule;
  r.where = t.where();
  r.label = t.string_or("label", r.label);
  r.weight = dims_of(weight.dim);
  for (auto [key, list] : {std::pair{"constants", &r.constants}, std::pair{"synapse", &r.synapse},
                           std::pair{"pre", &r.pre}, std::pair{"post", &r.post}})
    read_equation_values(t, key, *list, "\"16.8 ms\" or 0.01", list == &r.synapse);
  r.signals = t.string_list("signals");
  for (auto [key, text] : {std::pair{"equations", &r.equations}, std::pair{"on_pre", &r.on_pre},
                           std::pair{"on_post", &r.on_post}, std::pair{"on_tick", &r.on_tick}})
    if (t.has(key)) *text = {t.string(key), t.ref(key)};
  if (t.has("tick") != t.has("on_tick"))
    t.fail(t.has("tick") ? "tick" : "on_tick", "give on_tick (statements) and tick (their interval, e.g. \"1 s\") "
                                               "together");
  if (t.has("tick")) {
    r.tick = t.quantity("tick", dimension::time);
    if (!(r.tick > 0.0)) t.fail("tick", "the interval of on_tick must be > 0 ms");
  }
  r.event_driven = t.string_list("event_driven");
  if (p.w_min > -std::numeric_limits<double>::infinity()) r.w_min = p.w_min;
  if (p.w_max < std::numeric_limits<double>::infinity()) r.w_max = p.w_max;
}

template <class P>
rule_params read_declared(const table_reader& t, const quantity_kind& projection_weight) {
  const declaration<P>& d = P::declare();
  const quantity_kind weight = d.info().rates ? plain_weight() : projection_weight;
  P p = read_params(t, d, weight, extra_keys<P>(), rule_context(d.info().name));
  read_extra(t, p, weight);
  return p;
}

// The alternative of rule_params named `rule` (one of rule_names()).
template <std::size_t... I>
rule_params read_named(const table_reader& t, const std::string& rule, const quantity_kind& weight,
                       std::index_sequence<I...>) {
  using reader = rule_params (*)(const table_reader&, const quantity_kind&);
  static constexpr reader readers[] = {&read_declared<std::variant_alternative_t<I, rule_params>>...};
  const auto& names = rule_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == rule) return readers[i](t, weight);
  return rule_params{};
}

}  // namespace

rule_spec read_rule(const table_reader& t, const quantity_kind& weight,
                    const std::vector<equations::quantity_def>& post_state) {
  const std::string rule = t.choice("rule", rule_names());
  rule_spec r;
  r.where = t.where();
  r.params = read_named(t, rule, weight, std::make_index_sequence<std::variant_size_v<rule_params>>{});
  if (auto* e = std::get_if<equations_params>(&r.params)) {
    e->rule.post_neuron = post_state;
    equations::analyse(e->rule);
  }
  if (t.has("modulated_by")) r.modulated_by = read_rate_modulation(t, "modulated_by");
  return r;
}

namespace {

// The text of a value as parse_value reads it: a string as written, a number in full precision.
std::string value_text(const table_reader& t, const std::string& key, const toml::node& node, const char* example) {
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* f = node.as_floating_point()) return fmt::format("{:.17g}", f->get());
  t.fail(key, std::string("must be a value with its unit, e.g. ") + example + "; got " + describe_node(node));
}

equations::quantity_def finite_value(const table_reader& t, const std::string& name, const std::string& key,
                                     const std::string& text) {
  equations::quantity_def q = equations::parse_value(name, text, t.ref(key));
  if (!std::isfinite(q.value))  // as every number of a file (toml_reader.hpp quantity_of)
    t.fail(key, "expected a finite value (not inf or nan, and not beyond ±1.8e308 in its unit), got \"" + text + "\"");
  return q;
}

// { uniform = [lo, hi] } or { normal = [mean, sd], min = ..., max = ... } of values in one unit; `value` its mean.
equations::quantity_def read_value_distribution(const table_reader& sub, const std::string& name, const char* example) {
  const table_reader d = sub.sub_table(name);
  const std::string forms = "a value or a distribution { uniform = [\"low unit\", \"high unit\"] } or { normal = "
                            "[\"mean unit\", \"sd unit\"], min = ..., max = ... }";
  d.check_keys({"uniform", "normal", "min", "max"}, "in a distribution (expected " + forms + ")");
  if (d.has("uniform") == d.has("normal")) d.fail_here("expected " + forms);
  const std::string which = d.has("uniform") ? "uniform" : "normal";
  if (which == "uniform" && (d.has("min") || d.has("max")))
    d.fail(d.has("min") ? "min" : "max", "min and max apply only to normal distributions");
  const toml::array& pair = d.array(which);
  if (pair.size() != 2)
    d.fail(which, "expected two values: " + std::string(which == "uniform" ? "[low, high]" : "[mean, sd]"));
  const auto read = [&](const toml::node& node, const std::string& key) {
    equations::quantity_def q = finite_value(d, name, key, value_text(d, key, node, example));
    return q;
  };
  const equations::quantity_def a = read(*pair.get(0), which), b = read(*pair.get(1), which);
  equations::quantity_def q = a;
  q.where = sub.ref(name);
  const auto same_unit = [&](const equations::quantity_def& x, const std::string& key) {
    if (!(x.dim == q.dim))
      d.fail(key, "'" + name + "': the values of a distribution share one dimension; " + to_string(q.dim) +
                      " and " + to_string(x.dim) + " disagree");
  };
  same_unit(b, which);
  if (which == "uniform") {
    if (!(a.value <= b.value)) d.fail(which, "expected low <= high");
    q.init = distribution::uniform(a.value, b.value);
  } else {
    if (!(b.value >= 0.0)) d.fail(which, "the standard deviation must be >= 0");
    q.init = distribution::normal(a.value, b.value);
    for (const char* bound : {"min", "max"})
      if (d.has(bound)) {
        const equations::quantity_def x = finite_value(d, name, bound, value_text(d, bound, *d.find(bound), example));
        same_unit(x, bound);
        (std::string(bound) == "min" ? q.init->lo : q.init->hi) = x.value;
      }
    if (!(q.init->lo <= q.init->hi)) d.fail("max", "expected min <= max");
  }
  q.value = q.init->mean();
  return q;
}

}  // namespace

void read_equation_values(const table_reader& t, std::string_view key, std::vector<equations::quantity_def>& out,
                          const char* example, bool distributions) {
  if (!t.has(key)) return;
  const table_reader sub = t.sub_table(key);
  for (auto&& [k, node] : sub.table()) {
    const std::string name(k.str());
    if (distributions && node.is_table()) out.push_back(read_value_distribution(sub, name, example));
    else out.push_back(finite_value(sub, name, name, value_text(sub, name, node, example)));
  }
}

std::vector<equations::quantity_def> post_state_of(const neuron_params& model) {
  return std::visit(
      [](const auto& m) {
        using P = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<P, equations_neuron_params>) {
          return m.model.state;
        } else {
          std::vector<equations::quantity_def> out;
          for (const state_info& s : P::declare().info().state)
            if (s.scope == state_scope::per_neuron) out.push_back({s.name, 0.0, dims_of(s.dim), {}, {}, {}});
          return out;
        }
      },
      model);
}

}  // namespace plastix::io_detail
