// The trials of a modulator's group reward conditions ([[modulator.reward]] with `trigger`, spec/modulators.hpp;
// Izhikevich 2007's instrumental conditioning): one record per trial, in the order the trials end. The
// `choices` analysis (sim/choices.hpp) turns them into choices per block.
#pragma once
#include <cstdint>

namespace plastix {

struct reward_trial {
  std::int64_t step = 0;            // the trigger's step (the trial's window starts there)
  std::uint32_t condition = 0;      // index of the condition among the modulator's rewards
  std::uint32_t phase = 0;          // index of the phase run in which the trial opened (0, 1, ... in run order)
  std::uint32_t count = 0;          // spikes of `group` in the window
  std::uint32_t versus_count = 0;   // spikes of `versus` in the window (0 without one)
  bool rewarded = false;            // count − versus_count >= at_least: a reward was drawn
};

}  // namespace plastix
