// Text from users (names, paths, values inside messages) made safe to print on a terminal.
#pragma once
#include <string>
#include <string_view>

namespace plastix {

// `text` with every byte that a terminal could interpret as a control sequence escaped: C0 control characters
// but newline and tab (ESC becomes "\x1b", carriage return "\r"), DEL, the C1 controls U+0080..U+009F (UTF-8
// C2 80..C2 9F; U+009B starts a sequence on many terminals) and bytes that are not valid UTF-8 (shown as "\xNN").
// A backslash is left as it is. Valid UTF-8 text without control characters is returned unchanged.
std::string printable(std::string_view text);

}  // namespace plastix
