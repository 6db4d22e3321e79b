/** @file encoding.cpp
 *  @brief UTF-8 checks and repair, terminal-safe text (no ICU: the searcher
 *  links this without ICU's converters).
 */
#include "common/encoding.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace dateline {
namespace {

/// Length of the valid UTF-8 sequence at @p pos, or 0 when it is invalid.
std::size_t valid_sequence_length(std::string_view s, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = byte(pos);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // <= U+10FFFF
  } else {
    return 0;
  }
  if (pos + len > s.size()) return 0;
  const unsigned char second = byte(pos + 1);
  if (second < lo || second > hi) return 0;
  for (std::size_t i = 2; i < len; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return 0;
  }
  return len;
}

} // namespace

std::size_t utf8_sequence_length(std::string_view bytes, std::size_t pos) {
  return pos < bytes.size() ? valid_sequence_length(bytes, pos) : 0;
}

bool is_valid_utf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    // Runs of ASCII (most news text) eight bytes at a time.
    while (i + 8 <= bytes.size()) {
      std::uint64_t word = 0;
      std::memcpy(&word, bytes.data() + i, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= bytes.size()) break;
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = valid_sequence_length(bytes, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

bool is_ascii(std::string_view bytes) {
  std::size_t i = 0;
  std::uint64_t high = 0;  // the top bits of every byte, eight at a time
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, sizeof word);
    high |= word;
  }
  for (; i < bytes.size(); ++i) high |= static_cast<unsigned char>(bytes[i]);
  return (high & 0x8080808080808080ULL) == 0;
}

std::string repair_utf8(std::string_view bytes) {
  // Most text is already valid: one fast scan (eight ASCII bytes at a time)
  // and one copy, for every caller.
  if (is_valid_utf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t len = valid_sequence_length(bytes, i);
    if (len == 0) {
      out += k_replacement_character;
      ++i;
    } else {
      out.append(bytes.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string strip_control_chars(std::string_view utf8) {
  // Most text has nothing to strip: one scan, one copy.
  const bool clean = std::none_of(utf8.begin(), utf8.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c == 0xC2;
  });
  if (clean) return std::string(utf8);
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c == 0x1B) {
      // ESC: drop a CSI/OSC/other sequence up to its final byte.
      if (i + 1 < utf8.size() && utf8[i + 1] == '[') {
        i += 2;
        while (i < utf8.size() && !(utf8[i] >= 0x40 && utf8[i] <= 0x7E)) ++i;
      } else if (i + 1 < utf8.size() && utf8[i + 1] == ']') {
        i += 2;
        while (i < utf8.size() && utf8[i] != '\x07' &&
               !(utf8[i] == '\x1B' && i + 1 < utf8.size() && utf8[i + 1] == '\\')) {
          ++i;
        }
        if (i < utf8.size() && utf8[i] == '\x1B') ++i;
      } else if (i + 1 < utf8.size() && static_cast<unsigned char>(utf8[i + 1]) < 0x80) {
        ++i;  // a two-byte escape (ESC 7, ESC c, ...); never half of a multi-byte character
      }
      continue;
    }
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) continue;
    // C1 controls U+0080..U+009F are encoded as C2 80..C2 9F.
    if (c == 0xC2 && i + 1 < utf8.size()) {
      const auto next = static_cast<unsigned char>(utf8[i + 1]);
      if (next >= 0x80 && next <= 0x9F) {
        ++i;
        continue;
      }
    }
    out += static_cast<char>(c);
  }
  return out;
}

std::string_view utf8_prefix(std::string_view utf8, std::size_t max_bytes) {
  if (utf8.size() <= max_bytes) return utf8;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) --end;
  return utf8.substr(0, end);
}

} // namespace dateline
