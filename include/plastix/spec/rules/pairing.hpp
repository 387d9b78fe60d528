// Which spikes a spike-timing rule pairs (synapse/traces.hpp): every earlier spike (a trace jumps by 1 at each
// spike) or only the nearest (the trace is reset to 1).
#pragma once
#include <string>
#include <vector>

namespace plastix {

enum class pairing { all_to_all, nearest };

// The names of the pairings in enum order, as written in files (`pairing = "nearest"`).
inline std::vector<std::string> pairing_names() { return {"all_to_all", "nearest"}; }
inline constexpr const char* pairing_doc =
    "`all_to_all` (traces add up) or `nearest` (traces reset to 1)";

}  // namespace plastix
