/** @file charset.cpp
 *  @brief A file's raw bytes -> valid UTF-8, with ICU's converters and
 *  charset detector (the indexer's job; the searcher does not link this).
 */
#include "common/charset.hpp"

#include "common/encoding.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <climits>
#include <cstdint>
#include <memory>

namespace dateline {
namespace {

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
  lossy = out.find(k_replacement_character) != std::string::npos;
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
    const std::size_t len = utf8_sequence_length(bytes, i);
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

} // namespace dateline
