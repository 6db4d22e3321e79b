/** @file icu_segmenter.cpp
 *  @brief Words of text holding non-ASCII characters, by ICU's word break
 *  (TextAnalyzer::Impl::tokenize_icu), and the splitting every word with an
 *  inner separator goes through (emit: emoji cut out; emit_word: script
 *  class, pieces at '.', '_', '@' and the like, acronyms joined). Not here:
 *  the all-ASCII fast path (ascii_segmenter.cpp), a word's term
 *  (text_normalizer.cpp).
 */
#include "common/text_analyzer_internal.hpp"

#include "common/error.hpp"
#include "common/plain_cjk.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <vector>

namespace dateline {
namespace {


struct UTextCloser {
  void operator()(UText* text) const { utext_close(text); }
};

/// Separators ICU allows inside a word that we split at (UAX #29 MidLetter,
/// MidNumLet minus apostrophes, and '@', a letter to ICU's root rules).
bool is_inner_separator(UChar32 c) {
  switch (c) {
    case 0x2E: case 0x3A: case 0xB7: case 0x387: case 0x5F4: case 0x2024: case 0x2027:
    case 0xFE13: case 0xFE52: case 0xFE55: case 0xFF0E: case 0xFF1A: case 0x5F: case 0x40:
      return true;
    default:
      return false;
  }
}

/// Emoji that ICU may glue to a word (a ZWJ sequence "abc\u200D❤" is one
/// segment that ICU does not call a word) and that never belong to a term:
/// pictographs, skin-tone modifiers, regional indicators (flags), the keycap.
bool is_emoji_trigger(UChar32 c) {
  return c >= 0xA9 && (c == 0x20E3 || u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
                       u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER) ||
                       u_hasBinaryProperty(c, UCHAR_REGIONAL_INDICATOR));
}

/// What an emoji sequence is made of: triggers, ZWJ, variation selectors, tags.
bool is_emoji_component(UChar32 c) {
  return c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0020 && c <= 0xE007F) ||
         (c >= 0xE0100 && c <= 0xE01EF) || is_emoji_trigger(c);
}

/// Scripts written without spaces, where U+200B is the writer's word
/// separator (Thai, Lao, Khmer, Myanmar; Han and kana): Line_Break SA, ID, CJ.
bool is_unspaced(UChar32 c) {
  const auto lb = static_cast<ULineBreak>(u_getIntPropertyValue(c, UCHAR_LINE_BREAK));
  return lb == U_LB_COMPLEX_CONTEXT || lb == U_LB_IDEOGRAPHIC || lb == U_LB_CONDITIONAL_JAPANESE_STARTER;
}

/// True for a segment that holds a letter or digit and an emoji trigger.
bool has_word_before_emoji(std::string_view segment) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(segment.data());
  const auto length = static_cast<int32_t>(segment.size());
  bool word = false;
  bool emoji = false;
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    word = word || u_isalnum(c);
    emoji = emoji || is_emoji_trigger(c);
  }
  return word && emoji;
}

constexpr std::string_view k_zwsp = "\xE2\x80\x8B";          ///< U+200B ZERO WIDTH SPACE
constexpr std::string_view k_word_joiner = "\xE2\x81\xA0";   ///< U+2060 WORD JOINER (same length)

/// @p text for the word breaker: every U+200B between characters of spaced
/// scripts becomes U+2060, which UAX #29 ignores inside a word (WB4) like the
/// soft hyphen, ZWJ and U+FEFF; NFKC_Casefold then drops it from the term.
/// UAX #29 alone breaks at U+200B, so "ex\u200Bport" was "ex" + "port".
/// Offsets are unchanged (both are three bytes). Empty when nothing changes.
std::string join_zero_width_spaces(std::string_view text) {
  std::string out;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (std::size_t at = text.find(k_zwsp); at != std::string_view::npos; at = text.find(k_zwsp, at)) {
    // The run of U+200B starting here, and the code points on either side.
    std::size_t run_end = at;
    while (text.substr(run_end, k_zwsp.size()) == k_zwsp) run_end += k_zwsp.size();
    UChar32 before = -1;
    UChar32 after = -1;
    if (at > 0) {
      auto i = static_cast<int32_t>(at) - 1;
      while (i > 0 && (bytes[i] & 0xC0U) == 0x80U) --i;  // back to a lead byte
      U8_NEXT(bytes, i, length, before);
    }
    if (run_end < text.size()) {
      auto i = static_cast<int32_t>(run_end);
      U8_NEXT(bytes, i, length, after);
    }
    if (!(before >= 0 && is_unspaced(before)) && !(after >= 0 && is_unspaced(after))) {
      if (out.empty()) out.assign(text);
      for (std::size_t i = at; i < run_end; i += k_zwsp.size()) out.replace(i, k_zwsp.size(), k_word_joiner);
    }
    at = run_end;
  }
  return out;
}

/// Classified by the word's first code point, not by ICU's rule status: ICU
/// calls "story123" a number, but Xapian's QueryParser stems any word that
/// starts with a letter, so the index must hold Z<stem> for it too.
Script classify(UChar32 first, int32_t rule_status) {
  if (u_isdigit(first)) return Script::number;
  if (rule_status >= UBRK_WORD_KANA && rule_status < UBRK_WORD_IDEO_LIMIT) return Script::cjk;
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(first, &status)) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_HANGUL:
      return Script::cjk;
    case USCRIPT_LATIN: case USCRIPT_GREEK: case USCRIPT_CYRILLIC: case USCRIPT_ARMENIAN:
    case USCRIPT_GEORGIAN: case USCRIPT_COMMON: case USCRIPT_INHERITED:
      return Script::latin_like;
    default:
      return u_isdigit(first) ? Script::number : Script::other;
  }
}

} // namespace

icu::BreakIterator& TextAnalyzer::Impl::word_breaker() const {
  if (!breaker) {
    UErrorCode status = U_ZERO_ERROR;
    breaker.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !breaker) {
      breaker.reset();
      throw Error(std::string("ICU word break iterator: ") + u_errorName(status));
    }
  }
  return *breaker;
}

void TextAnalyzer::Impl::emit(std::string_view text, std::size_t begin, std::size_t end,
                              int32_t rule_status, TokenSink& out) const {
  // Cut out emoji sequences ("abc\u200D❤", "ok👍🏽ok", "1\uFE0F\u20E3"): a run
  // of emoji components holding at least one pictograph, modifier, flag or
  // keycap separates words. A ZWJ or variation selector alone (a ZWJ inside
  // a Devanagari word) is part of the word.
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto limit = static_cast<int32_t>(end);
  std::size_t piece = begin;
  for (auto i = static_cast<int32_t>(begin); i < limit;) {
    if (bytes[i] < 0x80) {
      ++i;
      continue;
    }
    if (analyzer_detail::plain_cjk_at(text.substr(0, end), static_cast<std::size_t>(i)) != 0) {
      i += 3;  // never part of an emoji sequence (common/plain_cjk.hpp)
      continue;
    }
    const auto run_begin = static_cast<std::size_t>(i);
    bool trigger = false;
    int32_t run_end = i;
    for (int32_t j = i; j < limit;) {
      UChar32 c = 0;
      U8_NEXT(bytes, j, limit, c);
      if (!is_emoji_component(c)) break;
      trigger = trigger || is_emoji_trigger(c);
      run_end = j;
    }
    if (run_end == i) {  // not a component: the next code point
      UChar32 c = 0;
      U8_NEXT(bytes, i, limit, c);
      continue;
    }
    if (trigger) {
      if (piece < run_begin) emit_word(text, piece, run_begin, rule_status, out);
      piece = static_cast<std::size_t>(run_end);
    }
    i = run_end;
  }
  if (piece == begin) {
    emit_word(text, begin, end, rule_status, out);
  } else if (piece < end) {
    emit_word(text, piece, end, rule_status, out);
  }
}

void TextAnalyzer::Impl::emit_word(std::string_view text, std::size_t begin, std::size_t end,
                                   int32_t rule_status, TokenSink& out) const {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  UChar32 first = 0;
  {
    auto i = static_cast<int32_t>(begin);
    U8_NEXT(bytes, i, static_cast<int32_t>(end), first);
  }
  // An ASCII first character needs no ICU property lookup: a digit makes a
  // number, anything else (letters, '_', '@') is Latin or Common script.
  const Script script = first < 0x80 ? (first >= '0' && first <= '9' ? Script::number : Script::latin_like)
                                     : classify(first, rule_status);
  if (script != Script::latin_like) {
    emit_one(text, begin, end, script, out);
    return;
  }
  // Split at inner separators; collect the pieces.
  struct Piece {
    std::size_t begin, end, code_points;
  };
  std::vector<Piece> pieces;
  std::size_t piece_begin = begin;
  std::size_t code_points = 0;
  bool split = false;
  for (auto i = static_cast<int32_t>(begin); i < static_cast<int32_t>(end);) {
    const auto at = static_cast<std::size_t>(i);
    UChar32 c = 0;
    U8_NEXT(bytes, i, static_cast<int32_t>(end), c);
    if (is_inner_separator(c)) {
      pieces.push_back({piece_begin, at, code_points});
      piece_begin = static_cast<std::size_t>(i);
      code_points = 0;
      split = true;
    } else {
      ++code_points;
    }
  }
  pieces.push_back({piece_begin, end, code_points});
  if (!split) {
    emit_one(text, begin, end, script, out);
    return;
  }
  const bool acronym = std::all_of(pieces.begin(), pieces.end(), [](const Piece& p) {
    return p.code_points <= 1;
  });
  if (acronym) {
    // "U.S." -> "us": one token covering the whole span.
    std::string joined;
    for (const Piece& p : pieces) joined += text.substr(p.begin, p.end - p.begin);
    Token token;
    token.term = normalize(joined);
    if (token.term.empty() || token.term.size() > k_max_term_bytes) return;
    token.begin = begin;
    token.end = end;
    token.script = script;
    out.word(std::move(token));
    return;
  }
  for (const Piece& p : pieces) emit_one(text, p.begin, p.end, script, out);
}

void TextAnalyzer::Impl::tokenize_icu(std::string_view text, std::size_t begin, std::size_t end,
                                      TokenSink& out) const {
  // The breaker reads a copy where U+200B inside words is a word joiner;
  // tokens are made from the original text, at the same offsets.
  const std::string joined = join_zero_width_spaces(text.substr(begin, end - begin));
  const char* input = joined.empty() ? text.data() + begin : joined.data();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> utext(
      utext_openUTF8(nullptr, input, static_cast<int64_t>(end - begin), &status));
  if (U_FAILURE(status)) {
    throw Error(std::string("ICU utext_openUTF8 failed: ") + u_errorName(status));
  }
  icu::BreakIterator& words = word_breaker();
  words.setText(utext.get(), status);
  if (U_FAILURE(status)) {
    throw Error(std::string("ICU BreakIterator::setText failed: ") + u_errorName(status));
  }
  int32_t from = words.first();
  for (int32_t to = words.next(); to != icu::BreakIterator::DONE; from = to, to = words.next()) {
    const int32_t rule_status = words.getRuleStatus();
    const std::size_t word_begin = begin + static_cast<std::size_t>(from);
    const std::size_t word_end = begin + static_cast<std::size_t>(to);
    // Spaces, punctuation and emoji are not words; but ICU counts a word
    // followed by ZWJ and a pictograph ("abc\u200D❤") as one emoji sequence.
    if (rule_status < UBRK_WORD_NONE_LIMIT && !has_word_before_emoji(text.substr(word_begin, word_end - word_begin))) {
      continue;
    }
    emit(text, word_begin, word_end, rule_status, out);
  }
  // The iterator must not keep a pointer to the UText we are about to close.
  words.setText(icu::UnicodeString());
}

} // namespace dateline
