/** @file charset.hpp
 *  @brief Turns a file's raw bytes into valid UTF-8, detecting legacy
 *  charsets with ICU and repairing what it must.
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

/// Decodes a file's bytes:
///  - a UTF-8 BOM is dropped; UTF-16LE/BE with a BOM are converted;
///  - valid UTF-8 passes through unchanged (except line endings);
///  - otherwise ICU charset detection picks a legacy encoding (Latin-1,
///    GB18030, Shift-JIS, ...) when it is confident, else every invalid
///    sequence becomes U+FFFD.
/// Never throws for any input.
[[nodiscard]] DecodedText decode_to_utf8(std::string_view bytes);

} // namespace dateline
