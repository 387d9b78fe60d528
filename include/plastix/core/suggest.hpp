// Suggestions for misspelled names ("did you mean ...?") and readable name lists, for error messages.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace plastix {

// Edit distance between a and b: insertions, deletions, substitutions and transpositions of neighbouring
// characters each cost 1 (optimal string alignment, a Damerau–Levenshtein distance). Case-sensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` (compared case-insensitively), or "" when none is close enough to be a
// plausible misspelling (at most 1 edit for words of up to 3 characters, 2 up to 6, 3 beyond).
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c" (or `none` when the list is empty).
std::string join_names(const std::vector<std::string>& names, std::string_view none = "(none)");

// " did you mean 'x'?" when a close candidate exists, else " expected one of: a, b, c" — ready to append to
// a message that ends with ';'.
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace plastix
