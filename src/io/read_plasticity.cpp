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

// A rule written as equations: its named quantities, its equation texts, then the checks of spec/equations.
void read_extra(const table_reader& t, equations_params& p, const quantity_kind& weight) {
  equations::rule_spec& r = p.rule;
  r.where = t.where();
  r.label = t.string_or("label", r.label);
  r.weight = dims_of(weight.dim);
  for (auto [key, list] : {std::pair{"constants", &r.constants}, std::pair{"synapse", &r.synapse},
                           std::pair{"pre", &r.pre}, std::pair{"post", &r.post}})
    read_equation_values(t, key, *list, "\"16.8 ms\" or 0.01");
  r.signals = t.string_list("signals");
  for (auto [key, text] : {std::pair{"equations", &r.equations}, std::pair{"on_pre", &r.on_pre},
                           std::pair{"on_post", &r.on_post}})
    if (t.has(key)) *text = {t.string(key), t.ref(key)};
  if (p.w_min > -std::numeric_limits<double>::infinity()) r.w_min = p.w_min;
  if (p.w_max < std::numeric_limits<double>::infinity()) r.w_max = p.w_max;
  equations::analyse(r);
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

rule_spec read_rule(const table_reader& t, const quantity_kind& weight) {
  const std::string rule = t.choice("rule", rule_names());
  rule_spec r;
  r.where = t.where();
  r.params = read_named(t, rule, weight, std::make_index_sequence<std::variant_size_v<rule_params>>{});
  if (t.has("modulated_by")) r.modulated_by = read_rate_modulation(t, "modulated_by");
  return r;
}

void read_equation_values(const table_reader& t, std::string_view key, std::vector<equations::quantity_def>& out,
                          const char* example) {
  if (!t.has(key)) return;
  const table_reader sub = t.sub_table(key);
  for (auto&& [k, node] : sub.table()) {
    const std::string name(k.str());
    std::string text;
    if (const auto* s = node.as_string()) text = s->get();
    else if (const auto* i = node.as_integer()) text = std::to_string(i->get());
    else if (const auto* f = node.as_floating_point()) text = fmt::format("{:.17g}", f->get());
    else sub.fail(name, std::string("must be a value with its unit, e.g. ") + example + "; got " + describe_node(node));
    out.push_back(equations::parse_value(name, text, sub.ref(name)));
    if (!std::isfinite(out.back().value))  // as every number of a file (toml_reader.hpp quantity_of)
      sub.fail(name, "expected a finite value (not inf or nan, and not beyond ±1.8e308 in its unit), got \"" + text +
                         "\"");
  }
}

}  // namespace plastix::io_detail
