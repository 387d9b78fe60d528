// Which spikes a spike-timing rule pairs (synapse/traces.hpp): every earlier spike (a trace jumps by 1 at each
// spike) or only the nearest (the trace is reset to 1).
#pragma once

namespace plastix {

enum class pairing { all_to_all, nearest };

}  // namespace plastix
