#include "read_params.hpp"

namespace plastix::io_detail {

key_value read_key_value(const table_reader& t, const key_info& k, const quantity_kind& weight, double current) {
  switch (k.type) {
    case value_type::number: return t.number(k.name);
    case value_type::quantity: return t.quantity_or(k.name, k.dim, current);
    case value_type::weight: return t.quantity_or(k.name, weight, current);
    case value_type::count: return t.count_or(k.name, static_cast<std::uint64_t>(current));
    case value_type::flag: return t.boolean_or(k.name, current != 0.0);
    case value_type::choice: return t.choice(k.name, k.choices);
  }
  return 0.0;
}

}  // namespace plastix::io_detail
