/** @file encoding.hpp
 *  @brief UTF-8 validity, repair and terminal-safe text (decoding other
 *  charsets is in charset.hpp).
 */
#pragma once

#include <cstddef>
#include <optional>
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

/// Longest escape sequence recognised (bytes, introducer included). A
/// sequence that is not complete within this many bytes, before the end of its
/// line, is not a sequence: only its ESC (or 8-bit C1 introducer) is removed,
/// the rest is text.
inline constexpr std::size_t k_max_escape_sequence = 512;

/// Removes C0/C1 control characters other than \n and \t, and complete escape
/// sequences (grammar in separate_control_chars), so text is safe to print on
/// a terminal. Bounded: an unterminated sequence loses only its ESC.
[[nodiscard]] std::string strip_control_chars(std::string_view utf8);

/// What separate_control_chars did to a text.
struct ControlCleanup {
  std::string text;
  std::size_t removed = 0;  ///< escape sequences and control characters taken out
};

/// The index's version of strip_control_chars: never deletes article text.
/// Complete escape sequences are removed (a reader never saw them): CSI
/// (ESC [ or U+009B, parameter bytes 0x30-0x3F, at most two intermediate
/// bytes 0x21-0x2F, one final byte 0x40-0x7E), string commands (OSC ESC ] or
/// U+009D, DCS ESC P or U+0090, SOS, PM, APC) ended by BEL, ESC \ or ST
/// U+009C, and two-byte escapes (ESC then one byte 0x30-0x7E, optionally
/// after one or two intermediates 0x21-0x2F). A sequence must end on its line
/// and within k_max_escape_sequence bytes; otherwise only its ESC (or C1
/// introducer) goes, as a space, and what followed it is kept as text.
/// Every other control character (C0 but \n and \t, DEL, C1) becomes a space,
/// so the words on either side stay words. Valid UTF-8 in, valid UTF-8 out.
[[nodiscard]] ControlCleanup separate_control_chars(std::string_view utf8);

/// True for characters that change how a terminal lays text out without
/// showing anything: bidi controls (U+061C, U+200E/F, U+202A-202E,
/// U+2066-2069), zero-width and invisible format characters (U+200B-200D,
/// U+2060-2064, U+206A-206F, U+FEFF, U+180E) and the line/paragraph
/// separators U+2028/2029. @p cp is a code point.
[[nodiscard]] bool is_invisible_format_char(char32_t cp);

/// Text for a terminal line: strip_control_chars, then every invisible
/// format character (is_invisible_format_char) removed, except U+2028/2029,
/// \n and \t, which become a space. Invalid UTF-8 is repaired first.
[[nodiscard]] std::string neutralize_for_terminal(std::string_view text);

/// A path (or any name) shown exactly and unambiguously on one terminal line:
/// backslash becomes \\, \n \t \r their escapes, other C0 controls and
/// DEL \xHH, bytes that are not UTF-8 \xHH (lower-case hex), C1 controls
/// and invisible format characters \uHHHH. Everything else is unchanged, so
/// ordinary names print as they are. With @p escape_backslash false a
/// backslash stays itself (for messages that echo a user's query, where the
/// text is prose and a doubled backslash would misquote it).
[[nodiscard]] std::string escape_for_terminal(std::string_view bytes, bool escape_backslash = true);

/// Standard base64 (RFC 4648, with padding) of @p bytes.
[[nodiscard]] std::string base64_encode(std::string_view bytes);
/// The bytes of standard base64 @p text (padding required), or nullopt when
/// it is not well-formed base64.
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view text);

/// Number of code points in UTF-8 @p utf8: the bytes that do not continue a
/// sequence (a stray continuation byte counts for none). The one count of
/// code points (article title and headline limits, snippet lengths); inline
/// because the snippet counts every window it tries.
[[nodiscard]] inline std::size_t code_points(std::string_view utf8) noexcept {
  std::size_t count = 0;
  for (const char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

/// Byte offset of code point @p n (0-based) of UTF-8 @p utf8, so that
/// utf8.substr(0, offset) holds its first @p n code points; utf8.size() when
/// it has @p n or fewer.
[[nodiscard]] std::size_t code_point_offset(std::string_view utf8, std::size_t n) noexcept;

/// Longest prefix of @p utf8 of at most @p max_bytes that ends on a code point boundary.
[[nodiscard]] std::string_view utf8_prefix(std::string_view utf8, std::size_t max_bytes);

} // namespace dateline
