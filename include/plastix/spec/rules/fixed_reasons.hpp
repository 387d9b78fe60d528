// Why a rule's key stays as the rule was built during a run: the reasons shared by several rules'
// declarations (declaration::fixed_during_run; "tau_plus cannot change during a run (REASON)").
#pragma once

namespace plastix::fixed_reason {

inline constexpr const char* trace = "the rule's traces are built with it and shared with the projection's other rules";
inline constexpr const char* filter = "the rule's trace and voltage filters are built with it";
inline constexpr const char* pool =
    "the protein pool of the post population runs with it, shared by every tag_trigger projection onto it";
inline constexpr const char* start_state = "it sets the synapses' state when the run starts, not later";

}  // namespace plastix::fixed_reason
