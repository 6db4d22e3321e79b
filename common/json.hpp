/** @file json.hpp
 *  @brief Minimal hand-written JSON writing: string escaping and numbers, for
 *  both programs (the searcher's output, the indexer's summary and --info).
 */
#pragma once

#include <string>
#include <string_view>

namespace dateline {

/// Appends @p text as a JSON string literal (with quotes). Invalid UTF-8 is
/// replaced by U+FFFD first; '"', '\\', control characters, DEL and U+2028/
/// U+2029 are escaped; other characters are written as UTF-8.
void append_json_string(std::string& out, std::string_view text);

/// @p text as a JSON string literal (with quotes), as append_json_string writes it.
[[nodiscard]] std::string json_string(std::string_view text);

/// Appends a finite number in shortest round-trip form (non-finite -> 0).
void append_json_number(std::string& out, double value);

} // namespace dateline
