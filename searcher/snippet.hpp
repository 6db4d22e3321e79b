/** @file snippet.hpp
 *  @brief Query-biased snippets: the densest window(s) of an article's text,
 *  cut on word boundaries, with byte ranges of the matched words.
 */
#pragma once

#include "common/text_analyzer.hpp"
#include "searcher/query_rewriter.hpp"

#include <xapian.h>

#include <bitset>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace dateline::searcher {

/// What counts as a match when highlighting a token of the article text.
struct HighlightTerms {
  std::unordered_set<std::string> terms;  ///< normalised terms (title: terms too)
  std::unordered_set<std::string> stems;  ///< stems, without the Z prefix
  std::vector<std::string> prefixes;      ///< wildcard prefixes
  /// CJK bigram phrases (#13.3), without the XBI prefix: the characters of
  /// each occurrence are highlighted exactly, also inside words.
  std::vector<std::vector<std::string>> bigram_phrases;
  /// CJK run edges (#13.3), without the XBF / XBL prefix: the first (last)
  /// character of every CJK run that starts (ends) with one is highlighted.
  std::vector<std::string> run_firsts;
  std::vector<std::string> run_lasts;
  /// CJK joins (#13.3, session 13), without the XBN / XBP prefix: the run's
  /// edge character and the characters of the word joined to it, wherever
  /// a run ends (starts) with them (common/cjk_bigrams CjkJoin).
  std::vector<std::string> joins_after;
  std::vector<std::string> joins_before;
  /// Multi-word synonyms (#12.2; phrases of unstemmed terms inside an
  /// OP_SYNONYM): the terms of each, in order. Their words are highlighted
  /// only where the whole phrase stands ("united states of america" does not
  /// highlight every "of").
  std::vector<std::vector<std::string>> word_phrases;

  [[nodiscard]] bool empty() const {
    return terms.empty() && stems.empty() && prefixes.empty() && bigram_phrases.empty() && word_phrases.empty() &&
           run_firsts.empty() && run_lasts.empty() && joins_after.empty() && joins_before.empty();
  }
  /// What identifies the match of @p token (from @p analyzer) with a term, a
  /// stem or a wildcard: its stem, else its term; "" when it does not match.
  /// Not thread-safe (it caches the verdict per distinct term); the reference
  /// stays valid as long as this object.
  [[nodiscard]] const std::string& match_key(const Token& token, const TextAnalyzer& analyzer) const;
  /// The first bytes of terms, stems and prefixes: a word whose term starts
  /// otherwise cannot match. All bytes for an empty prefix, and for query stems
  /// when @p analyzer's stemmer can change a word's first byte (Indonesian,
  /// Irish, Arabic, Kraaij-Pohlmann remove prefixes).
  [[nodiscard]] const std::bitset<256>& first_bytes(const TextAnalyzer& analyzer) const;

private:
  mutable std::unordered_map<std::string, std::string> m_verdicts;  ///< term -> match key or ""
  mutable std::bitset<256> m_first_bytes;  ///< first bytes of terms, stems and prefixes
  mutable bool m_first_bytes_ready = false;
};

/// The index terms a wildcard word of the query expanded to
/// (query_builder's wildcard_expansion); S-prefixed under title:.
using WildcardExpander = std::function<std::vector<std::string>(const QueryWord& word)>;

/// Positive terms of @p query (not under AND_NOT's right side, not boolean
/// fields; the words of a CJK group searched with its bigrams are
/// highlighted through its bigram phrase instead, and the words of a
/// multi-word synonym through word_phrases) and, for each wildcard of @p rewritten that is not excluded, the
/// terms @p expand gives (the expansion the query used: `q*` highlights
/// "quota" only when the match used "quota"); without @p expand, the
/// wildcard's prefix (every word starting with it).
[[nodiscard]] HighlightTerms collect_highlight_terms(const Xapian::Query& query, const RewrittenQuery& rewritten,
                                                     const WildcardExpander& expand = {});

using ByteRange = std::pair<std::size_t, std::size_t>;  ///< [begin, end) in bytes

struct Snippet {
  std::string text;                   ///< valid UTF-8, one line, no control characters, "…" where cut
  std::vector<ByteRange> highlights;  ///< ascending, non-overlapping byte ranges into text
};

struct SnippetOptions {
  std::size_t fragments = 1;    ///< at most this many windows, in text order
  std::size_t max_chars = 200;  ///< code points per window (before the ellipses)
};

/// Text analysed for snippets is cut to this many bytes (long articles).
inline constexpr std::size_t k_max_snippet_source_bytes = 256 * 1024;

/// The best @p options.fragments non-overlapping windows of @p text ranked by
/// matched words (distinct terms first, then adjacent matches as in phrases,
/// then count). With no match, one window from the start. Empty text gives
/// no snippet.
[[nodiscard]] std::vector<Snippet> make_snippets(std::string_view text, const HighlightTerms& terms,
                                                 const TextAnalyzer& analyzer, const SnippetOptions& options);

/// The byte ranges of every match of @p terms in the whole of @p text (a
/// title line: no window, no cleaning), found and merged as a snippet's
/// highlights are, so the same words light up in both. Empty when nothing
/// matches or @p text is not valid UTF-8.
[[nodiscard]] std::vector<ByteRange> highlight_whole_text(std::string_view text, const HighlightTerms& terms,
                                                          const TextAnalyzer& analyzer);

} // namespace dateline::searcher
