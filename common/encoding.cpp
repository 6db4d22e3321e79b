/** @file encoding.cpp
 *  @brief UTF-8 checks and repair, terminal-safe text (no ICU: the searcher
 *  links this without ICU's converters).
 */
#include "common/encoding.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
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

namespace {

bool is_c0_control(unsigned char c) { return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F; }

/// True when the bytes at @p i are a C1 control (U+0080..U+009F = C2 80..C2 9F).
bool is_c1_at(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() &&
         static_cast<unsigned char>(s[i + 1]) >= 0x80 && static_cast<unsigned char>(s[i + 1]) <= 0x9F;
}

bool in_range(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

/// Length of a control string's body from @p j (for a sequence starting at
/// @p start) up to and including its terminator (BEL, ESC \ or ST U+009C), or
/// 0 when the line, the text or k_max_escape_sequence ends first.
std::size_t string_command_end(std::string_view s, std::size_t start, std::size_t j) {
  for (std::size_t k = j; k < s.size() && k - start < k_max_escape_sequence; ++k) {
    const auto c = static_cast<unsigned char>(s[k]);
    if (c == 0x07) return k + 1;
    if (c == 0x1B) return k + 1 < s.size() && s[k + 1] == '\\' ? k + 2 : 0;
    if (c == 0xC2 && k + 1 < s.size() && static_cast<unsigned char>(s[k + 1]) == 0x9C) return k + 2;
    if (c == '\n') return 0;
  }
  return 0;
}

/// End of a CSI body from @p j: parameters, at most two intermediates, a final byte; 0 if malformed.
std::size_t csi_end(std::string_view s, std::size_t start, std::size_t j) {
  std::size_t k = j;
  while (k < s.size() && in_range(static_cast<unsigned char>(s[k]), 0x30, 0x3F)) ++k;
  for (int n = 0; n < 2 && k < s.size() && in_range(static_cast<unsigned char>(s[k]), 0x21, 0x2F); ++n) ++k;
  if (k >= s.size() || !in_range(static_cast<unsigned char>(s[k]), 0x40, 0x7E)) return 0;
  return k + 1 - start <= k_max_escape_sequence ? k + 1 : 0;
}

/// Length of the complete escape sequence whose introducer is at @p i (ESC or
/// an 8-bit C1 introducer), or 0 when there is none.
std::size_t escape_sequence_length(std::string_view s, std::size_t i) {
  std::size_t end = 0;
  if (s[i] == '\x1B') {
    if (i + 1 >= s.size()) return 0;
    const auto n = static_cast<unsigned char>(s[i + 1]);
    if (n == '[') {
      end = csi_end(s, i, i + 2);
    } else if (n == ']' || n == 'P' || n == 'X' || n == '^' || n == '_') {
      end = string_command_end(s, i, i + 2);
    } else {
      std::size_t k = i + 1;
      for (int m = 0; m < 2 && k < s.size() && in_range(static_cast<unsigned char>(s[k]), 0x21, 0x2F); ++m) ++k;
      end = k < s.size() && in_range(static_cast<unsigned char>(s[k]), 0x30, 0x7E) ? k + 1 : 0;
    }
  } else if (is_c1_at(s, i)) {
    const auto n = static_cast<unsigned char>(s[i + 1]);
    if (n == 0x9B) {
      end = csi_end(s, i, i + 2);
    } else if (n == 0x9D || n == 0x90 || n == 0x98 || n == 0x9E || n == 0x9F) {
      end = string_command_end(s, i, i + 2);
    }
  }
  return end == 0 ? 0 : end - i;
}

/// The one scanner behind strip_control_chars and separate_control_chars:
/// @p separator (empty or " ") replaces each lone control character.
ControlCleanup clean_controls(std::string_view utf8, std::string_view separator) {
  ControlCleanup out;
  // Most text has nothing to clean: one scan, one copy.
  const bool clean = std::none_of(utf8.begin(), utf8.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return is_c0_control(c) || c == 0xC2;
  });
  if (clean) {
    out.text = std::string(utf8);
    return out;
  }
  out.text.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    const bool c1 = is_c1_at(utf8, i);
    if (c == 0x1B || c1) {
      ++out.removed;
      if (const std::size_t length = escape_sequence_length(utf8, i); length > 0) {
        i += length;  // a complete sequence: a reader never saw it
      } else {
        out.text += separator;  // a lone or unfinished introducer: only it goes
        i += c1 ? 2 : 1;
      }
      continue;
    }
    if (is_c0_control(c)) {
      ++out.removed;
      out.text += separator;
      ++i;
      continue;
    }
    out.text += static_cast<char>(c);
    ++i;
  }
  return out;
}

/// The code point of the valid sequence of @p len bytes at @p i.
char32_t decode_at(std::string_view s, std::size_t i, std::size_t len) {
  const auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
  switch (len) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

void append_hex_escape(std::string& out, const char* prefix, unsigned value, int digits) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%s%0*x", prefix, digits, value);
  out += buffer;
}

} // namespace

std::string strip_control_chars(std::string_view utf8) { return clean_controls(utf8, "").text; }

ControlCleanup separate_control_chars(std::string_view utf8) { return clean_controls(utf8, " "); }

bool is_invisible_format_char(char32_t cp) {
  return cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF;
}

std::string neutralize_for_terminal(std::string_view text) {
  const std::string stripped = strip_control_chars(repair_utf8(text));
  std::string out;
  out.reserve(stripped.size());
  for (std::size_t i = 0; i < stripped.size();) {
    const auto c = static_cast<unsigned char>(stripped[i]);
    if (c < 0x80) {
      out += c == '\n' || c == '\t' ? ' ' : static_cast<char>(c);
      ++i;
      continue;
    }
    const std::size_t len = std::max<std::size_t>(valid_sequence_length(stripped, i), 1);
    const char32_t cp = decode_at(stripped, i, len);
    if (cp == 0x2028 || cp == 0x2029) {
      out += ' ';
    } else if (!is_invisible_format_char(cp)) {
      out.append(stripped, i, len);
    }
    i += len;
  }
  return out;
}

std::string escape_for_terminal(std::string_view bytes, bool escape_backslash) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      switch (c) {
        case '\\': out += escape_backslash ? "\\\\" : "\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
          if (c < 0x20 || c == 0x7F) {
            append_hex_escape(out, "\\x", c, 2);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    const std::size_t len = valid_sequence_length(bytes, i);
    if (len == 0) {
      append_hex_escape(out, "\\x", c, 2);
      ++i;
      continue;
    }
    const char32_t cp = decode_at(bytes, i, len);
    if (cp < 0xA0 || is_invisible_format_char(cp)) {
      append_hex_escape(out, "\\u", static_cast<unsigned>(cp), 4);
    } else {
      out.append(bytes.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size()) group |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    if (i + 2 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 2]);
    out += k_alphabet[(group >> 18) & 0x3F];
    out += k_alphabet[(group >> 12) & 0x3F];
    out += i + 1 < bytes.size() ? k_alphabet[(group >> 6) & 0x3F] : '=';
    out += i + 2 < bytes.size() ? k_alphabet[group & 0x3F] : '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  const auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const std::size_t pad = last ? (text[i + 3] == '=' ? (text[i + 2] == '=' ? 2 : 1) : 0) : 0;
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int v = k >= 4 - pad ? 0 : value(text[i + k]);
      if (v < 0) return std::nullopt;
      group = (group << 6) | static_cast<std::uint32_t>(v);
    }
    out += static_cast<char>((group >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((group >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(group & 0xFF);
  }
  return out;
}

std::size_t code_point_offset(std::string_view utf8, std::size_t n) noexcept {
  std::size_t count = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80) {
      if (count == n) return i;
      ++count;
    }
  }
  return utf8.size();
}

std::string_view utf8_prefix(std::string_view utf8, std::size_t max_bytes) {
  if (utf8.size() <= max_bytes) return utf8;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) --end;
  return utf8.substr(0, end);
}

} // namespace dateline
