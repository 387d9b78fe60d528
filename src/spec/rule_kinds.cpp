#include "plastix/spec/rule_kinds.hpp"

namespace plastix {

namespace {

// The declaration of every alternative of rule_params, in variant order.
template <std::size_t... I>
std::vector<const model_info*> declared_rules(std::index_sequence<I...>) {
  return {&std::variant_alternative_t<I, rule_params>::declare().info()...};
}

}  // namespace

const std::vector<const model_info*>& rule_models() {
  static const std::vector<const model_info*> models =
      declared_rules(std::make_index_sequence<std::variant_size_v<rule_params>>{});
  return models;
}

const std::vector<std::string>& rule_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const model_info* m : rule_models()) out.push_back(m->name);
    return out;
  }();
  return names;
}

const model_info& rule_model(const rule_params& p) { return *rule_models()[p.index()]; }

std::string rule_name(const rule_params& p) { return rule_model(p).name; }

bool is_rate_rule(const rule_params& p) { return rule_model(p).rates; }
bool rewires_synapses(const rule_params& p) { return rule_model(p).rewires; }

rule_params scale_learning_rates(const rule_params& p, double f) {
  return std::visit(
      [f](const auto& r) -> rule_params {
        const auto& d = std::decay_t<decltype(r)>::declare();
        auto scaled = r;
        for (const std::string& key : d.info().learning_rates) d.set(scaled, key, key_value(d.get(r, key) * f));
        return scaled;
      },
      p);
}

std::vector<key_problem> rule_problems(const rule_params& p) {
  return std::visit([](const auto& r) { return std::decay_t<decltype(r)>::declare().problems(r); }, p);
}

std::vector<std::string> rule_pre_state_names(const rule_params& p) {
  if (std::holds_alternative<stp_params>(p)) return stp_params::state_names();
  return {};
}

const std::vector<std::string>& weight_dependence_names() {
  static const std::vector<std::string> names{"additive", "multiplicative", "gutig", "power_law", "van_rossum"};
  return names;
}

const std::vector<std::string>& stp_params::state_names() {
  static const std::vector<std::string> names{"u", "x"};
  return names;
}

}  // namespace plastix
