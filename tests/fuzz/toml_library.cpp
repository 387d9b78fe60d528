// The toml++ library itself, compiled into the fuzz target from Debian's headers (TOML_HEADER_ONLY=0 elsewhere).
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
