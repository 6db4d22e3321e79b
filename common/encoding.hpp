/** @file encoding.hpp
 *  @brief Turns a file's raw bytes into valid UTF-8, repairing what it must.
 */
#pragma once

#include <string>
#include <string_view>

namespace dateline {

struct DecodedText {
  std::string utf8;     ///< valid UTF-8, BOM removed, CRLF/CR turned into LF
  std::string charset;  ///< "UTF-8", or what was detected and converted from
  bool repaired = false;  ///< true if the input was not clean UTF-8 (converted or U+FFFD)
};

/// True when @p bytes is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view bytes);

/// True when every byte is below 0x80 (so bytes are code points too).
[[nodiscard]] bool is_ascii(std::string_view bytes);

/// Decodes a file's bytes:
///  - a UTF-8 BOM is dropped; UTF-16LE/BE with a BOM are converted;
///  - valid UTF-8 passes through unchanged (except line endings);
///  - otherwise ICU charset detection picks a legacy encoding (Latin-1,
///    GB18030, Shift-JIS, ...) when it is confident, else every invalid
///    sequence becomes U+FFFD.
/// Never throws for any input.
[[nodiscard]] DecodedText decode_to_utf8(std::string_view bytes);

/// Replaces each invalid sequence by U+FFFD (no detection). Never throws.
[[nodiscard]] std::string repair_utf8(std::string_view bytes);

/// Removes C0/C1 control characters other than \n and \t, and the
/// ESC-introduced sequences they start, so text is safe to print on a terminal.
[[nodiscard]] std::string strip_control_chars(std::string_view utf8);

/// Longest prefix of @p utf8 of at most @p max_bytes that ends on a code point boundary.
[[nodiscard]] std::string_view utf8_prefix(std::string_view utf8, std::size_t max_bytes);

} // namespace dateline
