// Internal to io/: a TOML document written out by plastix (the experiment file as run, with its overrides applied).
// Not toml++'s toml_formatter: in Debian 12's toml++ 3.3.0 the formatter measures each float of an array or inline
// table by casting log10(|x|) to size_t — undefined behaviour for |x| < 1 and for inf or nan (UBSan stops on it) —
// and it prints 0.1 as 0.10000000000000001. Here floats are written in their shortest form that reads back to the
// same double (std::to_chars), tables in the formatter's layout (values, then [tables], then [[arrays of tables]],
// keys in the table's order), and the text parses back to the same document (tests/unit/test_toml_writer.cpp).
#pragma once
#include <toml++/toml.h>

#include <ostream>

namespace plastix::io_detail {

// Writes `root` as a TOML document: reading the text back gives a table equal to root.
void write_toml(std::ostream& out, const toml::table& root);

}  // namespace plastix::io_detail
