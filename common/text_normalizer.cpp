/** @file text_normalizer.cpp
 *  @brief The term of a word: TextAnalyzer::Impl::normalize (NFKC case fold,
 *  accents removed after Latin and Greek bases only, apostrophes unified,
 *  fast paths for ASCII and for plain CJK words) and emit_one (apostrophes
 *  at the ends stripped, an elided article dropped, the length cap). Not
 *  here: where words begin and end (ascii_segmenter.cpp, icu_segmenter.cpp).
 */
#include "common/text_analyzer_internal.hpp"

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/plain_cjk.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

namespace dateline {
namespace {

/// Apostrophe-like code points unified to ASCII '\'' (U+05F3 is the Hebrew
/// geresh, typed as '\'' on most keyboards).
bool is_apostrophe(UChar32 c) {
  return c == 0x27 || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0xFF07 || c == 0x05F3;
}

bool strips_marks(UChar32 base) {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(base, &status);
  return script == USCRIPT_LATIN || script == USCRIPT_GREEK || script == USCRIPT_COMMON;
}

} // namespace

void TextAnalyzer::Impl::load_normalizers() const {
  if (nfc != nullptr) return;
  UErrorCode status = U_ZERO_ERROR;
  nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* composed = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) {
    throw Error(std::string("ICU normalisers: ") + u_errorName(status));
  }
  nfc = composed;
}

std::string TextAnalyzer::Impl::normalize(std::string_view utf8) const {
  // Fast path: plain ASCII letters/digits/apostrophes only need lower-casing.
  if (is_ascii(utf8)) {
    std::string out(utf8);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  // Fast path (session 14): a word of plain CJK characters (Chinese words,
  // Korean syllables) is its own term (common/plain_cjk.hpp).
  if (analyzer_detail::is_plain_cjk(utf8)) return std::string(utf8);
  load_normalizers();
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString input =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString folded = nfkc_casefold->normalize(input, status);
  icu::UnicodeString decomposed = nfd->normalize(folded, status);
  if (U_FAILURE(status)) {
    throw Error(std::string("ICU normalisation failed: ") + u_errorName(status));
  }
  icu::UnicodeString kept;
  UChar32 base = 0;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK && strips_marks(base)) continue;
    if (is_apostrophe(c)) c = '\'';
    if (c == 0x05F4) c = '"';  // Hebrew gershayim, typed as '"' on most keyboards
    if (u_charType(c) != U_NON_SPACING_MARK) base = c;
    kept.append(c);
  }
  icu::UnicodeString composed = nfc->normalize(kept, status);
  if (U_FAILURE(status)) {
    throw Error(std::string("ICU normalisation failed: ") + u_errorName(status));
  }
  std::string out;
  composed.toUTF8String(out);
  return out;
}

void TextAnalyzer::Impl::emit_one(std::string_view text, std::size_t begin, std::size_t end,
                                  Script script, TokenSink& out) const {
  if (begin >= end) return;
  Token token;
  token.term = normalize(text.substr(begin, end - begin));
  // Strip apostrophes left at either end ("'90s", "students'").
  while (!token.term.empty() && token.term.front() == '\'') token.term.erase(0, 1);
  while (!token.term.empty() && token.term.back() == '\'') token.term.pop_back();
  token.term.erase(0, elision.elided_bytes(token.term));
  if (token.term.empty() || token.term.size() > k_max_term_bytes) return;
  token.begin = begin;
  token.end = end;
  token.script = script;
  out.word(std::move(token));
}

} // namespace dateline
