// State that several plasticity rules share per population, e.g. the plasticity-related protein pool of each
// postsynaptic neuron that every tag_trigger projection onto the neuron draws from (plasticity/consolidation.hpp).
// Owned by the simulation (no globals, no statics): one object of each type per population, created on first use.
// Rules find theirs in plasticity_rule::on_share, once, after the network is built; nothing here is looked up
// while the simulation runs.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <typeindex>
#include <utility>

#include "plastix/neuron/population.hpp"

namespace plastix {

class shared_state {
 public:
  // The T of population `pop`, default-constructed on first use. The rules keep the shared_ptr.
  template <class T>
  std::shared_ptr<T> of(const population& pop) {
    std::shared_ptr<void>& slot = items_[{pop.index(), std::type_index(typeid(T))}];
    if (!slot) slot = std::make_shared<T>();
    return std::static_pointer_cast<T>(slot);
  }

 private:
  std::map<std::pair<std::uint32_t, std::type_index>, std::shared_ptr<void>> items_;
};

}  // namespace plastix
