#include "plastix/spec/connectors.hpp"

namespace plastix {

const std::vector<std::string>& connector_kind_names() {
  static const std::vector<std::string> names{"all_to_all", "one_to_one", "fixed_probability", "fixed_indegree",
                                              "list"};
  return names;
}

const declaration<connector_spec>& connector_declaration(connector_spec::kind kind) {
  using C = connector_spec;
  using enum connector_spec::kind;
  static const auto all_to_all_d = declaration<C>("connector", "all_to_all", "every pre neuron to every post neuron")
                                       .flag("autapses", &C::autapses, "allow i→i when pre == post");
  static const auto one_to_one_d =
      declaration<C>("connector", "one_to_one", "pre neuron i to post neuron i (populations of one size)");
  static const auto fixed_probability_d =
      declaration<C>("connector", "fixed_probability", "each pair connected independently with probability p")
          .extra("p", value_type::number, dimension::dimensionless, bounds::fraction(),
                 "connection probability (required)")
          .flag("autapses", &C::autapses, "allow i→i when pre == post");
  static const auto fixed_indegree_d =
      declaration<C>("connector", "fixed_indegree", "each post neuron gets `indegree` inputs drawn at random")
          .extra("indegree", value_type::count, dimension::dimensionless, bounds::non_negative(),
                 "inputs per post neuron (required)")
          .flag("autapses", &C::autapses, "allow i→i when pre == post")
          .flag("multapses", &C::multapses, "allow the same pair twice");
  static const auto list_d =
      declaration<C>("connector", "list", "the given pairs")
          .extra("pairs", value_type::count, dimension::dimensionless, bounds::non_negative(),
                 "[pre, post] index pairs, e.g. [[0, 1], [2, 3]] (required)")
          .extra("weights", value_type::weight, dimension::dimensionless, bounds::any(),
                 "one weight per pair instead of `weight`")
          .extra("delays", value_type::quantity, dimension::time, bounds::non_negative(),
                 "one total delay per pair instead of `delay`");
  switch (kind) {
    case one_to_one: return one_to_one_d;
    case fixed_probability: return fixed_probability_d;
    case fixed_indegree: return fixed_indegree_d;
    case list: return list_d;
    case all_to_all: break;
  }
  return all_to_all_d;
}

}  // namespace plastix
