/** @file text_analyzer.hpp
 *  @brief The one text analysis shared by documents, queries and snippets.
 *
 *  Pipeline per token: ICU word break over the original UTF-8 (dictionary
 *  segmentation for Chinese, Japanese, Thai, ...), then NFKC + case folding +
 *  removal of combining marks (café == cafe), apostrophes unified, elided
 *  articles dropped ("l'élection" == "élection"; which articles depends on
 *  the language). Invisible characters (U+200B, U+00AD, ZWJ, ...) never split
 *  a word, and emoji never join one. Latin-script words may also be stemmed
 *  with Xapian's Snowball stemmer. Offsets always point into the original
 *  text, so highlights line up with what is shown.
 */
#pragma once

#include <bitset>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline {

/// Longest term (in bytes, after normalisation) that is kept; longer "words"
/// (base64, URLs gone wrong) are dropped. Well under Xapian's 245-byte limit
/// even with the longest prefix in schema.hpp.
inline constexpr std::size_t k_max_term_bytes = 64;

/// Words whose stems one TextAnalyzer remembers (#15.5); the cache is
/// emptied when full. Reuters-21578 has about 60,000 distinct words.
inline constexpr std::size_t k_stem_cache_entries = 1U << 16U;

enum class Script {
  latin_like,  ///< alphabetic scripts with spaces between words: stemmed
  number,      ///< digits (possibly with separators): never stemmed
  cjk,         ///< Han, Hiragana, Katakana, Hangul: dictionary-segmented, never stemmed
  other,       ///< Thai, Lao, Khmer, Myanmar and anything else: never stemmed
};

struct Token {
  std::string term;      ///< normalised form: NFKC, case-folded, accents removed
  std::size_t begin = 0; ///< byte offset of the word in the analysed text
  std::size_t end = 0;   ///< one past its last byte
  Script script = Script::latin_like;
  /// true when this token directly follows the previous one with no
  /// separator in between (CJK/Thai words segmented from one run).
  bool joined_to_previous = false;
};

/// Every word's place in a text, and the full tokens of the words whose terms
/// were asked for (TextAnalyzer::tokenize_spans).
struct WordSpans {
  struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
  };
  std::vector<Span> words;                            ///< every word, in order
  std::vector<std::pair<std::size_t, Token>> terms;   ///< (index into words, token), in order
};

/// Who finds word boundaries. `automatic` is ICU's word break with an exact
/// fast path for all-ASCII lines; `icu` is ICU alone, the reference that the
/// tests compare the fast path against.
enum class Segmenter { automatic, icu };

class TextAnalyzer {
public:
  /// @p language is a Xapian/Snowball stemmer name ("english", "french", ...)
  /// or "none". Throws UsageError for an unknown language.
  explicit TextAnalyzer(const std::string& language = "english");
  ~TextAnalyzer();
  TextAnalyzer(TextAnalyzer&&) noexcept;
  TextAnalyzer& operator=(TextAnalyzer&&) noexcept;
  TextAnalyzer(const TextAnalyzer&) = delete;
  TextAnalyzer& operator=(const TextAnalyzer&) = delete;

  /// Words of @p utf8 in order. Tokens whose normalised term is longer than
  /// k_max_term_bytes are dropped. Invalid UTF-8 is tolerated (treated as U+FFFD).
  /// Not thread-safe: use one analyzer per thread.
  [[nodiscard]] std::vector<Token> tokenize(std::string_view utf8,
                                            Segmenter segmenter = Segmenter::automatic) const;

  /// tokenize() for callers that need every word's span but only some words'
  /// terms (snippets): @p wanted holds the first bytes of the terms to build.
  /// On ASCII lines the other terms are never built.
  [[nodiscard]] WordSpans tokenize_spans(std::string_view utf8, const std::bitset<256>& wanted) const;

  /// Normalises one piece of text as a term: NFKC, case fold, strip accents,
  /// unify apostrophes. Used for field values and for single words; it does
  /// not drop elided articles (tokenize() does).
  [[nodiscard]] std::string normalize(std::string_view utf8) const;

  /// The stem of a normalised term; "" when this token is not stemmed
  /// (language "none", or a number / CJK / other-script token). Stems are
  /// cached (at most k_stem_cache_entries words): not thread-safe either.
  [[nodiscard]] std::string stem(const Token& token) const;

  /// How many times stem() ran the Snowball stemmer (cache misses).
  [[nodiscard]] std::size_t stemmer_calls() const noexcept;

  /// True when a stem always starts with the same byte as its word: the
  /// stemmer only rewrites endings (english, french, german, ...; also "none").
  /// False for stemmers that remove prefixes or are not known to keep them.
  [[nodiscard]] bool stems_keep_first_byte() const noexcept;

  /// False only when the stemmer cannot turn @p word into @p stem, decided
  /// without stemming: with stems_keep_first_byte(), the first bytes must
  /// agree; for "english" (Porter2, which rewrites only endings) @p stem minus
  /// its last two bytes must also begin @p word ("dying" -> "die",
  /// "probability" -> "probabl"). Checked on every word of three English
  /// corpora (text_analyzer_test).
  [[nodiscard]] bool may_stem_to(std::string_view word, std::string_view stem) const noexcept;

  /// The script the analyzer gives a token whose normalised term is @p term,
  /// by its first code point as it classifies words (a term of ICU's
  /// dictionary-segmented kana or ideographs: cjk): so whether stem() stems
  /// it (#15.5, session 14: which unprefixed terms stand for their own stem).
  [[nodiscard]] static Script script_of_term(std::string_view term);

  /// The configured language ("none" when stemming is off).
  [[nodiscard]] const std::string& language() const noexcept;

  /// True when @p language names a stemmer Xapian knows, or is "none".
  [[nodiscard]] static bool is_known_language(const std::string& language);
  /// "none" and the stemmers Xapian lists, by name (is_known_language also
  /// takes Xapian's two-letter codes: "en", "fr"): --language's values.
  [[nodiscard]] static std::vector<std::string> known_languages();

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace dateline
