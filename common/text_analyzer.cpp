/** @file text_analyzer.cpp
 *  @brief ICU word break + normalisation + Snowball stems.
 *
 *  Design notes:
 *  - Word boundaries come from ICU's root-locale word BreakIterator running
 *    over a UText on the original UTF-8, so offsets are byte offsets into the
 *    caller's text and CJK/Thai runs are segmented with ICU's dictionaries.
 *  - ICU keeps "U.S", "example.com" and "a@b" as one word (UAX #29 MidNumLet;
 *    ICU's root rules count '@' as a letter). We split letter tokens at those
 *    separators and at '@', except the apostrophe, and join single-letter
 *    runs back into acronyms ("u.s." -> "us"), so every term is letters,
 *    digits and apostrophes only: a form that Xapian's QueryParser reads back
 *    as exactly one term.
 *  - All-ASCII lines skip ICU: a small UAX #29 segmenter for the ASCII range
 *    gives the same boundaries (tests/unit/common/segmenter_test.cpp holds it
 *    equal to ICU on random text and on whole corpora). Most news text is
 *    ASCII, and this is where indexing and snippets spend their time.
 *  - Accents are removed only after Latin and Greek bases; Japanese (dakuten),
 *    Thai and Indic marks are meaningful and kept.
 *  - Invisible characters never split a word: UAX #29 already ignores the
 *    soft hyphen, ZWJ, ZWNJ, U+2060, U+FEFF and U+180E inside words, and
 *    NFKC_Casefold removes them from the term; U+200B is the one default-
 *    ignorable character it breaks at, so the breaker sees it as U+2060
 *    (except next to Thai, Lao, Khmer, Myanmar, Han or kana, where U+200B is
 *    how writers separate words).
 *  - Emoji sequences are cut out of words: ICU counts "abc\u200D❤" (ZWJ +
 *    pictograph) as one non-word segment, which lost "abc".
 *  - Elided articles are dropped from the term ("l'élection" -> "election",
 *    Lucene's ElisionFilter lists), not from the span: see Elision.
 */
#include "common/text_analyzer.hpp"

#include "common/encoding.hpp"
#include "common/error.hpp"

#include <xapian.h>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <unordered_map>

namespace dateline {
namespace {

struct UTextCloser {
  void operator()(UText* text) const { utext_close(text); }
};

/// Apostrophe-like code points unified to ASCII '\'' (U+05F3 is the Hebrew
/// geresh, typed as '\'' on most keyboards).
bool is_apostrophe(UChar32 c) {
  return c == 0x27 || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0xFF07 || c == 0x05F3;
}

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

/// Elided articles (issue 9.6): "l'élection" is the word "élection". The
/// lists are Lucene's ElisionFilter articles for each language, compared with
/// the normalised term (lower case, accents removed, apostrophes unified).
constexpr std::string_view k_french_articles[] = {"l", "m", "t", "qu", "n", "s", "j", "d", "c",
                                                  "jusqu", "quoiqu", "lorsqu", "puisqu"};
constexpr std::string_view k_italian_articles[] = {"c",    "l",   "all", "dall", "dell", "nell", "sull",
                                                   "coll", "pell", "gl", "agl",  "dagl", "degl", "negl",
                                                   "sugl", "un",  "m",   "t",    "s",    "v",    "d"};
constexpr std::string_view k_catalan_articles[] = {"d", "l", "m", "n", "s", "t"};
constexpr std::string_view k_irish_articles[] = {"d", "m", "b"};
/// Longest article in any list ("jusqu", "quoiqu", "lorsqu", "puisqu").
constexpr std::size_t k_longest_article = 6;

/// Which articles a language drops. Under french, italian, catalan and irish
/// their own list, before any letter. Under every other language (english,
/// the default, and "none") the union of the four lists, but only before a
/// vowel, 'h' or the Irish "fh": where those languages elide, and where
/// English words never have an apostrophe after such a prefix ("c'mon",
/// "s'pose", "O'Brien" and contractions like "don't" are kept whole).
struct Elision {
  std::vector<std::string_view> articles;
  bool vowel_only = true;

  explicit Elision(const std::string& language) {
    const auto add = [this](const auto& list) {
      for (std::string_view article : list) {
        if (std::find(articles.begin(), articles.end(), article) == articles.end()) articles.push_back(article);
      }
    };
    vowel_only = false;
    if (language == "french") {
      add(k_french_articles);
    } else if (language == "italian") {
      add(k_italian_articles);
    } else if (language == "catalan") {
      add(k_catalan_articles);
    } else if (language == "irish") {
      add(k_irish_articles);
    } else {
      vowel_only = true;
      add(k_french_articles);
      add(k_italian_articles);
      add(k_catalan_articles);
      add(k_irish_articles);
    }
  }

  /// Bytes to drop from the front of @p term (a normalised term, or at least
  /// its first k_longest_article + 3 bytes): the article and its apostrophe,
  /// or 0. Only one article is dropped, and only before a letter.
  [[nodiscard]] std::size_t elided_bytes(std::string_view term) const {
    const std::size_t apostrophe = term.substr(0, k_longest_article + 1).find('\'');
    if (apostrophe == std::string_view::npos || apostrophe == 0 || apostrophe + 1 >= term.size()) return 0;
    const std::string_view article = term.substr(0, apostrophe);
    if (std::find(articles.begin(), articles.end(), article) == articles.end()) return 0;
    const std::string_view rest = term.substr(apostrophe + 1);
    const auto next = static_cast<unsigned char>(rest.front());
    if (vowel_only) {
      const bool vowel = std::string_view("aeiouyh").find(static_cast<char>(next)) != std::string_view::npos;
      if (!vowel && !rest.starts_with("fh")) return 0;
    } else if (next == '\'' || (next >= '0' && next <= '9')) {
      return 0;
    }
    return apostrophe + 1;
  }
};

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

bool strips_marks(UChar32 base) {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(base, &status);
  return script == USCRIPT_LATIN || script == USCRIPT_GREEK || script == USCRIPT_COMMON;
}

/// UAX #29 Word_Break classes of the ASCII range as bit flags: all the fast
/// path needs. ICU's root rules tailor two of them: '@' counts as a letter (so
/// "a@b" is one word) and ':' is not a MidLetter (so "a:b" is two).
constexpr unsigned k_letter = 1U;      ///< ALetter (A-Z, a-z, '@')
constexpr unsigned k_digit = 2U;       ///< Numeric
constexpr unsigned k_word_like = 4U;   ///< letter, digit or ExtendNumLet '_'
constexpr unsigned k_mid_letter = 8U;  ///< joins two letters: '.' '\''
constexpr unsigned k_mid_num = 16U;    ///< joins two digits: ',' ';' '.' '\''
constexpr unsigned k_separator = 32U;  ///< '.', '_', '@': emit() splits there

constexpr unsigned classify_ascii(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return k_letter | k_word_like;
  if (c >= '0' && c <= '9') return k_digit | k_word_like;
  switch (c) {
    case '@': return k_letter | k_word_like | k_separator;
    case '_': return k_word_like | k_separator;
    case '.': return k_mid_letter | k_mid_num | k_separator;
    case '\'': return k_mid_letter | k_mid_num;
    case ',': case ';': return k_mid_num;
    default: return 0;
  }
}

constexpr std::array<unsigned char, 128> k_ascii_flags = [] {
  std::array<unsigned char, 128> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    table[i] = static_cast<unsigned char>(classify_ascii(static_cast<char>(i)));
  }
  return table;
}();

unsigned ascii_flags(char c) {
  return k_ascii_flags[static_cast<unsigned char>(c) & 0x7FU];
}

} // namespace

/// Where words go: whole tokens (tokenize) or spans plus wanted terms
/// (tokenize_spans). Tracks the previous word's end for joined_to_previous.
class TokenSink {
public:
  virtual ~TokenSink() = default;
  /// Whether a word whose term starts with byte @p first needs its term.
  [[nodiscard]] virtual bool wants(unsigned char first) const = 0;
  /// A word with its term (joined_to_previous is filled in here).
  void word(Token&& token) {
    token.joined_to_previous = token.begin == m_last_end;
    m_last_end = token.end;
    take(std::move(token));
  }
  /// A word whose term is not wanted.
  void span(std::size_t begin, std::size_t end) {
    m_last_end = end;
    take_span(begin, end);
  }

private:
  virtual void take(Token&& token) = 0;
  virtual void take_span(std::size_t begin, std::size_t end) = 0;
  std::size_t m_last_end = std::string_view::npos;
};

class VectorSink final : public TokenSink {
public:
  explicit VectorSink(std::vector<Token>& out) : m_out(out) {}
  [[nodiscard]] bool wants(unsigned char /*first*/) const override { return true; }

private:
  void take(Token&& token) override { m_out.push_back(std::move(token)); }
  void take_span(std::size_t /*begin*/, std::size_t /*end*/) override {}  // never: wants() is always true
  std::vector<Token>& m_out;
};

class SpanSink final : public TokenSink {
public:
  SpanSink(WordSpans& out, const std::bitset<256>& wanted) : m_out(out), m_wanted(wanted) {}
  [[nodiscard]] bool wants(unsigned char first) const override { return m_wanted.test(first); }

private:
  void take(Token&& token) override {
    m_out.words.push_back({token.begin, token.end});
    if (wants(static_cast<unsigned char>(token.term.front()))) {
      m_out.terms.emplace_back(m_out.words.size() - 1, std::move(token));
    }
  }
  void take_span(std::size_t begin, std::size_t end) override { m_out.words.push_back({begin, end}); }
  WordSpans& m_out;
  const std::bitset<256>& m_wanted;
};

struct TextAnalyzer::Impl {
  explicit Impl(const std::string& name) : language(name), elision(name) {}

  std::string language;
  Elision elision;
  std::optional<Xapian::Stem> stemmer;
  bool stems_keep_first_byte = true;
  /// Bytes at the end of a stem that may differ from its word (npos: unknown).
  std::size_t stem_rewritten_tail = std::string_view::npos;
  /// Stems of the words seen lately (#15.5): a news article repeats its
  /// words and a corpus its vocabulary, and Snowball costs far more than a
  /// hash lookup. Emptied when it reaches k_stem_cache_entries.
  mutable std::unordered_map<std::string, std::string> stem_cache;
  mutable std::size_t stemmer_calls = 0;
  // ICU objects are created on first use: an all-ASCII query over all-ASCII
  // articles never touches ICU's rule and normalisation data (page faults
  // and set-up that dominated a short search's start).
  mutable std::unique_ptr<icu::BreakIterator> breaker;
  mutable const icu::Normalizer2* nfkc_casefold = nullptr;
  mutable const icu::Normalizer2* nfd = nullptr;
  mutable const icu::Normalizer2* nfc = nullptr;

  icu::BreakIterator& word_breaker() const;
  void load_normalizers() const;

  std::string normalize(std::string_view utf8) const;
  void tokenize_ascii(std::string_view text, std::size_t begin, std::size_t end, TokenSink& out) const;
  void tokenize_icu(std::string_view text, std::size_t begin, std::size_t end, TokenSink& out) const;
  void emit(std::string_view text, std::size_t begin, std::size_t end, int32_t rule_status, TokenSink& out) const;
  void emit_word(std::string_view text, std::size_t begin, std::size_t end, int32_t rule_status,
                 TokenSink& out) const;
  void emit_one(std::string_view text, std::size_t begin, std::size_t end, Script script, TokenSink& out) const;
  void emit_ascii(std::string_view text, std::size_t begin, std::size_t end, TokenSink& out) const;
  void tokenize(std::string_view utf8, Segmenter segmenter, TokenSink& out) const;
};

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

TextAnalyzer::TextAnalyzer(const std::string& language) {
  if (!is_known_language(language)) {
    throw UsageError("unknown stemming language '" + language + "' (one of: none " +
                     Xapian::Stem::get_available_languages() + ")");
  }
  m_impl = std::make_unique<Impl>(language);
  if (language != "none") m_impl->stemmer.emplace(language);
  // Suffix-only Snowball stemmers (checked against Xapian 1.4's list; e.g.
  // indonesian "menulis" -> "ulis", irish "bhfear" -> "fear" are not).
  static constexpr std::string_view k_suffix_only[] = {
      "none",     "english", "earlyenglish", "porter",    "lovins",  "danish",  "dutch",
      "finnish",  "french",  "german",       "german2",   "hungarian", "italian", "norwegian",
      "portuguese", "romanian", "russian",   "spanish",   "swedish", "catalan", "basque",
      "turkish",  "lithuanian"};
  m_impl->stems_keep_first_byte =
      std::find(std::begin(k_suffix_only), std::end(k_suffix_only), language) != std::end(k_suffix_only);
  // Porter2 replaces or removes suffixes and adds at most an 'e' or turns a
  // final 'y' into 'i': a stem and its word share all but the stem's last
  // two bytes (its exceptional forms too: "dying" -> "die").
  if (language == "english") m_impl->stem_rewritten_tail = 2;
}

TextAnalyzer::~TextAnalyzer() = default;
TextAnalyzer::TextAnalyzer(TextAnalyzer&&) noexcept = default;
TextAnalyzer& TextAnalyzer::operator=(TextAnalyzer&&) noexcept = default;

void TextAnalyzer::Impl::tokenize_ascii(std::string_view text, std::size_t begin, std::size_t end,
                                        TokenSink& out) const {
  // UAX #29 on ASCII: WB5, WB8-WB10 (letters and digits join), WB6/WB7
  // (letter [.'] letter), WB11/WB12 (digit [,;.'] digit), WB13a/b ('_' joins
  // letters, digits and itself). A word with '.', '_' or '@' inside needs
  // emit()'s splitting; the rest take emit_ascii()'s direct path.
  const char* p = text.data();
  for (std::size_t i = begin; i < end;) {
    if ((ascii_flags(p[i]) & k_word_like) == 0) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    unsigned seen = 0;  // k_separator when the word needs emit()
    for (;;) {
      // A run of letters, digits and '_' (the bulk of every word).
      unsigned flags = 0;
      while (i < end && ((flags = ascii_flags(p[i])) & k_word_like) != 0) {
        seen |= flags;
        ++i;
      }
      if (i + 1 >= end) break;
      // One mid character between two letters or two digits continues it.
      const unsigned mid = ascii_flags(p[i]);
      const unsigned before = ascii_flags(p[i - 1]);
      const unsigned after = ascii_flags(p[i + 1]);
      const bool letters = (mid & k_mid_letter) != 0 && (before & after & k_letter) != 0;
      const bool digits = (mid & k_mid_num) != 0 && (before & after & k_digit) != 0;
      if (!letters && !digits) break;
      seen |= mid;
      ++i;
    }
    if ((seen & k_separator) != 0) {
      emit(text, start, i, UBRK_WORD_LETTER, out);  // pieces and acronyms
    } else {
      emit_ascii(text, start, i, out);
    }
  }
}

/// emit() for an all-ASCII word without inner separators, with no ICU calls
/// or temporary strings: the same token (the segmenter tests compare both
/// paths on every corpus).
void TextAnalyzer::Impl::emit_ascii(std::string_view text, std::size_t begin, std::size_t end,
                                    TokenSink& out) const {
  // No '.', '_' or '@' inside, and (tokenize_ascii only joins an apostrophe
  // between two letters or digits) no apostrophe at either end to strip.
  const std::string_view word = text.substr(begin, end - begin);
  // Longer than any term even after the longest elision: dropped, as emit_one
  // drops it (the exact limit is checked on the term, after elision, below).
  if (word.size() > k_max_term_bytes + k_longest_article + 1) return;
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  // An elided article ("l'election") is dropped from the term, not the span.
  std::size_t elided = 0;
  if (word.substr(1, k_longest_article).find('\'') != std::string_view::npos) {
    std::array<char, k_longest_article + 3> head{};
    const std::size_t head_size = std::min(word.size(), head.size());
    std::transform(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(head_size), head.begin(), lower);
    elided = elision.elided_bytes(std::string_view(head.data(), head_size));
  }
  if (word.size() - elided > k_max_term_bytes) return;
  if (!out.wants(static_cast<unsigned char>(lower(word[elided])))) {
    out.span(begin, end);
    return;
  }
  Token token;
  token.term.assign(word.substr(elided));
  for (char& c : token.term) c = lower(c);
  token.begin = begin;
  token.end = end;
  token.script = word.front() >= '0' && word.front() <= '9' ? Script::number : Script::latin_like;
  out.word(std::move(token));
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

void TextAnalyzer::Impl::tokenize(std::string_view utf8, Segmenter segmenter, TokenSink& out) const {
  if (utf8.empty()) return;
  if (segmenter == Segmenter::icu) {
    tokenize_icu(utf8, 0, utf8.size(), out);
    return;
  }
  // UAX #29 always breaks before and after a line feed (WB3a/WB3b), so lines
  // can be segmented independently: all-ASCII lines by the fast path, each
  // run of lines holding other characters by ICU. The unit tests hold both
  // paths equal on random and real text.
  const auto line_end = [&](std::size_t from) {
    const std::size_t lf = utf8.find('\n', from);
    return lf == std::string_view::npos ? utf8.size() : lf + 1;
  };
  for (std::size_t begin = 0; begin < utf8.size();) {
    std::size_t end = line_end(begin);
    if (is_ascii(utf8.substr(begin, end - begin))) {
      tokenize_ascii(utf8, begin, end, out);
    } else {
      while (end < utf8.size()) {
        const std::size_t next = line_end(end);
        if (is_ascii(utf8.substr(end, next - end))) break;
        end = next;
      }
      tokenize_icu(utf8, begin, end, out);
    }
    begin = end;
  }
}

std::vector<Token> TextAnalyzer::tokenize(std::string_view utf8, Segmenter segmenter) const {
  std::vector<Token> tokens;
  tokens.reserve(utf8.size() / 8);
  VectorSink sink(tokens);
  m_impl->tokenize(utf8, segmenter, sink);
  return tokens;
}

WordSpans TextAnalyzer::tokenize_spans(std::string_view utf8, const std::bitset<256>& wanted) const {
  WordSpans spans;
  spans.words.reserve(utf8.size() / 6);
  SpanSink sink(spans, wanted);
  m_impl->tokenize(utf8, Segmenter::automatic, sink);
  return spans;
}

std::string TextAnalyzer::normalize(std::string_view utf8) const {
  return m_impl->normalize(utf8);
}

std::string TextAnalyzer::stem(const Token& token) const {
  if (!m_impl->stemmer || token.script != Script::latin_like) return {};
  auto& cache = m_impl->stem_cache;
  if (const auto found = cache.find(token.term); found != cache.end()) return found->second;
  if (cache.size() >= k_stem_cache_entries) cache.clear();
  ++m_impl->stemmer_calls;
  std::string stem = (*m_impl->stemmer)(token.term);
  cache.emplace(token.term, stem);
  return stem;
}

std::size_t TextAnalyzer::stemmer_calls() const noexcept {
  return m_impl->stemmer_calls;
}

bool TextAnalyzer::stems_keep_first_byte() const noexcept {
  return m_impl->stems_keep_first_byte;
}

bool TextAnalyzer::may_stem_to(std::string_view word, std::string_view stem) const noexcept {
  if (!m_impl->stems_keep_first_byte) return true;
  if (word.empty() || stem.empty() || word.front() != stem.front()) return false;
  const std::size_t tail = m_impl->stem_rewritten_tail;
  if (tail == std::string_view::npos) return true;
  return word.starts_with(stem.substr(0, stem.size() > tail ? stem.size() - tail : 0));
}

const std::string& TextAnalyzer::language() const noexcept {
  return m_impl->language;
}

bool TextAnalyzer::is_known_language(const std::string& language) {
  if (language == "none") return true;
  try {
    Xapian::Stem stem(language);
    return !stem.is_none();
  } catch (const Xapian::InvalidArgumentError&) {
    return false;
  }
}

} // namespace dateline
