/** @file cjk_bigrams.hpp
 *  @brief Overlapping character bigrams of CJK text (#13.3), the second
 *  reading of Chinese, Japanese and Korean next to ICU's dictionary words.
 *
 *  A CJK run is a maximal sequence of Script::cjk tokens written together
 *  (each joined_to_previous): Han, Hiragana, Katakana and Hangul mix freely
 *  in a run ("東京タワー"), while spaces, punctuation, digits and Latin
 *  letters end it. A run of n characters gives n - 1 bigrams, each two
 *  adjacent characters of the normalised terms (as Lucene's CJKBigramFilter
 *  and Elasticsearch's `cjk` analyzer do); a run of one character gives none
 *  (it is searchable as its word). Each run's first and last characters
 *  are its edges, for fragments cut after or before one character of a
 *  run, and its edge characters joined to a number or Latin word written
 *  against it are its joins. cjk_terms makes all three in one pass over
 *  each run (session 14); index terms (common/term_generator), query terms
 *  (searcher/query_lexer) and snippet highlights (searcher/snippet_matches)
 *  all take them from here.
 */
#pragma once

#include "common/text_analyzer.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// One bigram: two normalised characters, and the bytes of the text they
/// came from (exact per character; when normalisation changed a word's
/// number of characters, e.g. half-width ｶﾞ -> ガ, each of its characters
/// spans the whole word).
struct CjkBigram {
  std::string term;        ///< unprefixed: two code points (schema::k_prefix_bigram is added for the index)
  std::size_t begin = 0;   ///< byte offset of its first character in the analysed text
  std::size_t end = 0;     ///< one past its second character
  std::size_t run = 0;     ///< which run of the text (0, 1, ... in text order) it belongs to
};

/// One run of CJK tokens written together.
struct CjkRun {
  std::size_t first_token = 0;   ///< index into the tokens
  std::size_t last_token = 0;    ///< one past the last token of the run
  std::size_t characters = 0;    ///< code points of its normalised terms
};

/// The first and last characters of one run (#13.3; the same character
/// for a run of one): normalised, and the bytes of the text they came from
/// (as CjkBigram's).
struct CjkRunEdges {
  std::string first;
  std::string last;
  std::size_t first_begin = 0;
  std::size_t first_end = 0;
  std::size_t last_begin = 0;
  std::size_t last_end = 0;
  std::size_t run = 0;  ///< which run of the text
};

/// Most characters of a word that a join term holds (#13.3, CjkJoin).
inline constexpr std::size_t k_max_join_characters = 4;

/// A CJK run's edge character joined to the first or last characters of the
/// word written against it without a separator (#13.3, session 13): a number
/// or Latin word after a run (`病例1102` -> `例1`, `例11`, `例110`,
/// `例1102`) or before one (`2379人` -> `9人`, `79人`, `379人`, `2379人`),
/// 1 to k_max_join_characters characters of the word. A fragment cut inside
/// such a word (`病例11` out of `病例1102`, `79人` out of `2379人`) still
/// holds one of them.
struct CjkJoin {
  std::string term;            ///< unprefixed; schema::k_prefix_join_after / k_prefix_join_before is added
  bool after = false;          ///< the word follows the run (else it precedes it)
  std::size_t token = 0;       ///< index of the word in the tokens
  std::size_t characters = 0;  ///< the word's characters in the term (1 .. k_max_join_characters)
  std::size_t begin = 0;       ///< bytes of the text it covers: the edge character and those characters
  std::size_t end = 0;         ///< (the whole word when normalisation changed its number of characters)
};

/// The CJK runs of @p tokens (from TextAnalyzer::tokenize), in order.
[[nodiscard]] std::vector<CjkRun> cjk_runs(std::span<const Token> tokens);

/// The kinds of term cjk_terms makes, a bit mask (a caller asks only for
/// what it uses, and pays only for that).
enum CjkKind : unsigned {
  k_cjk_bigrams = 1U,  ///< CjkTerms::bigrams
  k_cjk_edges = 2U,    ///< CjkTerms::edges
  k_cjk_joins = 4U,    ///< CjkTerms::joins
  k_cjk_all = 7U,
};

/// Everything the CJK runs of a text give, each kind in text order.
struct CjkTerms {
  /// The bigrams of every run with at least two characters.
  std::vector<CjkBigram> bigrams;
  /// The edges of every run (runs of one character too).
  std::vector<CjkRunEdges> edges;
  /// For each word that is not CJK and is written against a CJK run (no
  /// separator between), its joins of every length (run by run: the word
  /// before the run, then the word after it).
  std::vector<CjkJoin> joins;
};

/// The bigrams, edges and joins of the CJK runs of @p tokens, those @p kinds
/// asks for (the others stay empty), in one pass over each run (session 14):
/// the one source of CJK index terms, query terms and highlights. @p text is
/// the string the tokens' offsets point into.
[[nodiscard]] CjkTerms cjk_terms(std::string_view text, std::span<const Token> tokens, unsigned kinds = k_cjk_all);

/// cjk_terms' bigrams alone.
[[nodiscard]] inline std::vector<CjkBigram> cjk_bigrams(std::string_view text, std::span<const Token> tokens) {
  return cjk_terms(text, tokens, k_cjk_bigrams).bigrams;
}

/// cjk_terms' run edges alone.
[[nodiscard]] inline std::vector<CjkRunEdges> cjk_run_edges(std::string_view text, std::span<const Token> tokens) {
  return cjk_terms(text, tokens, k_cjk_edges).edges;
}

/// cjk_terms' joins alone.
[[nodiscard]] inline std::vector<CjkJoin> cjk_joins(std::string_view text, std::span<const Token> tokens) {
  return cjk_terms(text, tokens, k_cjk_joins).joins;
}

} // namespace dateline
