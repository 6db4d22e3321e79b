/** @file encoding.cpp
 *  @brief Raw bytes -> valid UTF-8; terminal-safe text.
 */
#include "common/encoding.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

namespace dateline {
namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

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

std::string normalize_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

/// Converts @p bytes from @p charset to UTF-8 with ICU; "" on failure.
std::string convert_with_icu(std::string_view bytes, const char* charset, bool& lossy) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> from(ucnv_open(charset, &status));
  if (U_FAILURE(status)) return {};
  std::unique_ptr<UConverter, ConverterCloser> to(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status)) return {};
  std::string out(bytes.size() * 3 + 16, '\0');
  char* target = out.data();
  const char* source = bytes.data();
  ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source,
                 bytes.data() + bytes.size(), nullptr, nullptr, nullptr, nullptr, true, true, &status);
  if (U_FAILURE(status)) return {};
  out.resize(static_cast<std::size_t>(target - out.data()));
  // ICU substitutes U+FFFD (or SUB) for unmappable bytes; report that as lossy.
  lossy = out.find(k_replacement) != std::string::npos;
  return out;
}

bool is_western(std::string_view charset) {
  return charset == "ISO-8859-1" || charset == "windows-1252";
}

/// ICU's best confident guess for non-UTF-8 bytes, or "" when unsure.
/// Short Western European texts score almost the same as Latin-2 or Turkish
/// ("tr\xE8s" reads as "tr\u010Ds" in ISO-8859-2); news archives in those
/// scripts are far rarer than Latin-1/windows-1252 ones, so a Western candidate
/// within k_western_margin of the winner is preferred.
std::string detect_legacy_charset(std::string_view bytes) {
  constexpr int32_t k_min_confidence = 30;
  constexpr int32_t k_western_margin = 15;
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return {};
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> detector(ucsdet_open(&status));
  if (U_FAILURE(status)) return {};
  ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
  if (U_FAILURE(status) || matches == nullptr || count == 0) return {};
  const char* best = ucsdet_getName(matches[0], &status);
  const int32_t best_confidence = ucsdet_getConfidence(matches[0], &status);
  if (U_FAILURE(status) || best == nullptr || best_confidence < k_min_confidence ||
      std::string_view(best) == "UTF-8") {
    return {};
  }
  if (!is_western(best)) {
    for (int32_t i = 1; i < count; ++i) {
      const char* name = ucsdet_getName(matches[i], &status);
      const int32_t confidence = ucsdet_getConfidence(matches[i], &status);
      if (U_SUCCESS(status) && name != nullptr && is_western(name) &&
          confidence + k_western_margin >= best_confidence) {
        return name;
      }
    }
  }
  return best;
}

} // namespace

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
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t len = valid_sequence_length(bytes, i);
    if (len == 0) {
      out += k_replacement;
      ++i;
    } else {
      out.append(bytes.substr(i, len));
      i += len;
    }
  }
  return out;
}

DecodedText decode_to_utf8(std::string_view bytes) {
  DecodedText result;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
  } else if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    const char* charset = bytes.starts_with("\xFF\xFE") ? "UTF-16LE" : "UTF-16BE";
    bool lossy = false;
    std::string converted = convert_with_icu(bytes.substr(2), charset, lossy);
    result.utf8 = normalize_newlines(converted.empty() ? repair_utf8(bytes) : repair_utf8(converted));
    result.charset = charset;
    result.repaired = true;
    return result;
  }
  if (is_valid_utf8(bytes)) {
    result.utf8 = normalize_newlines(bytes);
    result.charset = "UTF-8";
    return result;
  }
  result.repaired = true;
  // Mostly UTF-8 with a few bad bytes (a truncated copy, one stray Latin-1
  // byte)? Repair in place: detection would turn every good accent into mojibake.
  std::size_t valid_multibyte = 0;
  std::size_t invalid = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t len = valid_sequence_length(bytes, i);
    if (len == 0) {
      ++invalid;
      ++i;
    } else {
      valid_multibyte += len > 1 ? 1 : 0;
      i += len;
    }
  }
  if (valid_multibyte >= invalid) {
    result.utf8 = normalize_newlines(repair_utf8(bytes));
    result.charset = "UTF-8 (repaired)";
    return result;
  }
  // Legacy encoding? Ask ICU's detector; accept only a confident, non-UTF-8 guess.
  if (const std::string charset = detect_legacy_charset(bytes); !charset.empty()) {
    bool lossy = false;
    std::string converted = convert_with_icu(bytes, charset.c_str(), lossy);
    if (!converted.empty() && !lossy) {
      result.utf8 = normalize_newlines(repair_utf8(converted));
      result.charset = charset;
      return result;
    }
  }
  result.utf8 = normalize_newlines(repair_utf8(bytes));
  result.charset = "UTF-8 (repaired)";
  return result;
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
