// The catalogue's index: every declared model (spec/catalogue.hpp), family by family, each family in its
// registration order. `plastix list`, the docs tables, Python's help and the monitors' state names read it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "plastix/spec/catalogue.hpp"

namespace plastix {

const std::vector<const model_info*>& catalogue();
// The model `name` of `family` ("rule", "stdp"), or nullptr.
const model_info* find_model(std::string_view family, std::string_view name);
// The families in catalogue order, without repeats.
std::vector<std::string> model_families();
// The names of the models of one family, in registration order.
std::vector<std::string> model_names(std::string_view family);

}  // namespace plastix
