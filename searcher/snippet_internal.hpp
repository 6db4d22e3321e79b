/** @file snippet_internal.hpp
 *  @brief What the snippet's files share: the SnippetMaker that turns one
 *  article's text into its snippets, and the empty match key. Not a public
 *  interface: callers use snippet.hpp. Files: highlight_terms.cpp (what the
 *  query highlights: HighlightTerms, collect_highlight_terms),
 *  snippet_matches.cpp (where it matches in the text: words, multi-word
 *  synonyms, bigram phrases), snippet_window.cpp (the choice of windows),
 *  snippet.cpp (make_snippets and the rendering: clean text, ellipses,
 *  highlight ranges).
 */
#pragma once

#include "searcher/snippet.hpp"

#include "common/cjk_bigrams.hpp"
#include "common/text_analyzer.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::searcher::snippet_detail {

/// The match key of a word that matches nothing.
inline const std::string k_no_match;

struct Window {
  std::size_t first = 0;  ///< token index
  std::size_t last = 0;   ///< token index, inclusive
  long score = 0;
};

/// The snippets of one text: its words and their matches (snippet_matches.cpp),
/// the best windows (snippet_window.cpp), rendered (snippet.cpp).
class SnippetMaker {
public:
  SnippetMaker(std::string_view text, const HighlightTerms& terms, const TextAnalyzer& analyzer,
               const SnippetOptions& options);

  std::vector<Snippet> run();
  /// Every match in the whole text, as highlight ranges (a title line).
  std::vector<ByteRange> all_highlights() const;

private:
  /// Every occurrence of a multi-word synonym (#12.2): its words, in a row,
  /// count as matches (each keyed by its term) when no term of the query
  /// matched them already; a word of it standing alone does not.
  void find_word_phrases(const HighlightTerms& terms, const WordSpans& spans);

  /// Every occurrence of a bigram phrase (#13.3): its characters become a
  /// highlight range, and the words it touches count as matches (keyed by
  /// the phrase) when choosing windows.
  void find_bigram_matches(const HighlightTerms& terms, const TextAnalyzer& analyzer);
  /// The first (last) character of every CJK run (@p runs: the text's
  /// edges) that starts (ends) with one of the query's run edges (#13.3), to
  /// the character.
  void find_run_edges(const HighlightTerms& terms, const std::vector<CjkRunEdges>& runs);
  /// The characters of every join of the text (@p joins; #13.3, session 13:
  /// a run's edge character and the word written against it) that is one of
  /// the query's joins.
  void find_joins(const HighlightTerms& terms, const std::vector<CjkJoin>& joins);
  /// Marks the characters @p range (a bigram phrase's or a run edge's) as
  /// matched under m_phrase_keys[@p key], and each word they touch that has
  /// no match key yet.
  void mark_characters(ByteRange range, std::size_t key);

  /// The byte ranges to highlight in [begin, end) of window @p w: matched
  /// words whole, bigram phrase occurrences to the character; ranges that
  /// touch or are separated only by spaces are merged ("foreign minister").
  std::vector<ByteRange> highlight_ranges(const Window& w, std::size_t begin, std::size_t end) const;

  std::size_t span_chars(std::size_t first, std::size_t last) const {
    return m_chars_to_end[last] - m_chars_to_begin[first];
  }

  /// Code points before each token's first and after its last byte, so window
  /// widths cost two subtractions instead of a scan.
  void count_chars();

  bool overlaps(const Window& w, const std::vector<Window>& chosen) const;

  /// The best window starting at a matched token, not overlapping @p chosen:
  /// one pass over the matches with a sliding window [k, end) and its score
  /// kept up to date as matches enter and leave (distinct keys, adjacent
  /// pairs, count), so the cost is linear in the matches, not matches x
  /// window size x distinct keys (issue 14, item 7).
  std::optional<Window> best_window(const std::vector<Window>& chosen) const;

  /// Numbers the distinct match keys of the matches and counts, for each
  /// prefix of the matches, the matches right after the previous one.
  void index_matches();

  /// Widens @p w with context: up to half the spare budget before, the rest after.
  Window expand(Window w) const;

  Snippet render(const Window& w) const;

  std::string_view m_text;
  const SnippetOptions& m_options;
  std::vector<WordSpans::Span> m_tokens;  ///< every word of the text
  /// Per token: its match key (stem, else term) in HighlightTerms' cache, or
  /// k_no_match ("").
  std::vector<const std::string*> m_match_key;
  std::vector<std::size_t> m_chars_to_begin;
  std::vector<std::size_t> m_chars_to_end;
  std::vector<std::size_t> m_matched;    ///< indices of matching tokens
  std::vector<bool> m_word_match;        ///< per token: matched as a word (highlighted whole)
  std::vector<ByteRange> m_char_ranges;  ///< bigram phrase occurrences and run edges, ascending
  std::vector<std::string> m_phrase_keys;  ///< match key per bigram phrase, then per run edge
  std::vector<std::size_t> m_key_id;     ///< per match: its match key as a number
  std::size_t m_key_count = 0;           ///< distinct match keys
  /// m_adjacent_before[k]: matches among the first k that follow the previous
  /// match without a word between them.
  std::vector<std::size_t> m_adjacent_before;
};

} // namespace dateline::searcher::snippet_detail
