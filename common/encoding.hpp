/** @file encoding.hpp
 *  @brief UTF-8 validity, repair and terminal-safe text (decoding other
 *  charsets is in charset.hpp).
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dateline {

/// U+FFFD REPLACEMENT CHARACTER in UTF-8: what repair_utf8 and decode_to_utf8
/// put in place of bytes they cannot read.
inline constexpr std::string_view k_replacement_character = "\xEF\xBF\xBD";

/// True when @p bytes is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view bytes);

/// Length of the well-formed UTF-8 sequence at byte @p pos of @p bytes
/// (1 to 4), or 0 when it is invalid or @p pos is past the end.
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view bytes, std::size_t pos);

/// True when every byte is below 0x80 (so bytes are code points too).
[[nodiscard]] bool is_ascii(std::string_view bytes);

/// Replaces each invalid sequence by U+FFFD (no detection). Never throws.
[[nodiscard]] std::string repair_utf8(std::string_view bytes);

/// Removes C0/C1 control characters other than \n and \t, and the
/// ESC-introduced sequences they start, so text is safe to print on a terminal.
[[nodiscard]] std::string strip_control_chars(std::string_view utf8);

/// Longest prefix of @p utf8 of at most @p max_bytes that ends on a code point boundary.
[[nodiscard]] std::string_view utf8_prefix(std::string_view utf8, std::size_t max_bytes);

} // namespace dateline
