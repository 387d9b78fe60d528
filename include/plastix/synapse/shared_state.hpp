// State that several plasticity rules share per population, e.g. the plasticity-related protein pool of each
// postsynaptic neuron that every tag_trigger projection onto the neuron draws from (plasticity/consolidation.hpp).
// Owned by the simulation (no globals, no statics): one object of each type per population, created on first use.
// Rules find theirs in plasticity_rule::on_share, once, after the network is built; nothing here is looked up
// while the simulation runs. It also carries the run's seed, for rule state drawn once at setup (e.g. tag_trigger's
// synapses that start in the late-phase up state).
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

  std::uint64_t seed() const { return seed_; }
  void set_seed(std::uint64_t seed) { seed_ = seed; }

 private:
  std::uint64_t seed_ = 1;
  std::map<std::pair<std::uint32_t, std::type_index>, std::shared_ptr<void>> items_;
};

}  // namespace plastix
