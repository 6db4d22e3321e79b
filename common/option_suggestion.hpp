/** @file option_suggestion.hpp
 *  @brief The declared option nearest a mistyped one, for the "did you mean"
 *  of an unrecognised option (both programs' command lines). Pure: no
 *  printing, no Boost.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// For @p typed, a command-line word starting with "--" (an "=value" is
/// ignored), the option of @p long_names (declared names without dashes)
/// that it most likely meant, as "--name": the only name it is the start of
/// (at least one letter), else the nearest name by edit distance (letters
/// left out, added, changed or two swapped; case ignored), at most 1 edit
/// for names of up to 4 letters and 2 for longer ones, the first declared on
/// a tie. nullopt when nothing is that near, when the start fits several
/// names, and for a word with a single dash (a query word such as -oil).
[[nodiscard]] std::optional<std::string> nearest_option(std::string_view typed,
                                                        const std::vector<std::string>& long_names);

} // namespace dateline
