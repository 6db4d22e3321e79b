/** @file term_generator.hpp
 *  @brief Analysed text -> Xapian terms. The one place that turns tokens into
 *  index terms; the searcher's query rewriting uses the same analyzer so that
 *  query terms equal document terms (tests/unit/common/parity_test.cpp).
 *
 *  Cost is bounded per document (issue 14, item 8): text is analysed in
 *  pieces of about k_term_chunk_bytes cut between words, terms are handed to
 *  the caller piece by piece, and a WordBudget stops a document at
 *  k_max_document_words distinct words.
 */
#pragma once

#include "common/text_analyzer.hpp"

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace dateline {

/// Distinct words (unprefixed terms) one document may have. A real article
/// has a few thousand; a book-length one some tens of thousands. Indexing
/// stops at the first word that would be the next distinct one: the rest of
/// the text is not searchable (the document counts as "truncated").
inline constexpr std::size_t k_max_document_words = 100000;

/// Text is analysed in pieces of about this many bytes, cut after ASCII
/// whitespace (a word boundary for every script), so the tokens of a 16 MB
/// article never exist at once. A piece with no whitespace in four times this
/// size is cut at a code point boundary (the one word there may be split).
inline constexpr std::size_t k_term_chunk_bytes = 64 * 1024;

/// One term occurrence as the indexer would add it.
struct IndexTerm {
  std::string term;            ///< with prefix
  Xapian::termpos position = 0;///< 0 = no position (stems)
  Xapian::termcount wdf = 1;
};

/// Admits at most a fixed number of distinct words; once a new word is
/// refused the budget stays exhausted.
class WordBudget {
public:
  explicit WordBudget(std::size_t max_words = k_max_document_words) : m_max(max_words) {}
  /// True when @p word was seen before or fits; false (and exhausted) otherwise.
  [[nodiscard]] bool admit(const std::string& word);
  [[nodiscard]] bool exhausted() const noexcept { return m_exhausted; }
  [[nodiscard]] std::size_t size() const noexcept { return m_seen.size(); }

private:
  std::unordered_set<std::string> m_seen;
  std::size_t m_max;
  bool m_exhausted = false;
};

/// Receives the terms of one piece of text; it may consume (move from) them.
using TermSink = std::function<void(std::vector<IndexTerm>& piece)>;

struct TermOptions {
  std::string_view prefix;              ///< "" for body, schema::k_prefix_title for title
  Xapian::termpos first_position = 1;
  Xapian::termcount wdf = 1;
  bool with_stems = true;               ///< also add Z<prefix><stem> without position
  /// With stems: only where the stem differs from the word (#15.5, session
  /// 14, schema::k_term_stems_differ); the copies too.
  bool stems_only_where_differ = false;
  /// Not null, with stems_only_where_differ: the wdf of every stem term left
  /// out (the copies' too) is added to *left_out_stem_wdf, so the document
  /// can keep the length it would have with every stem term
  /// (add_stems_differ_marker; session 15).
  Xapian::termcount* left_out_stem_wdf = nullptr;
  /// Distinct words allowed (shared across calls); nullptr = no cap. When it
  /// refuses a word, generation stops there.
  WordBudget* budget = nullptr;
  /// Not null: also add schema::k_prefix_bigram bigrams of the CJK runs
  /// (common/cjk_bigrams), positioned from *bigram_position on (advanced past
  /// them, with a gap of one after each run), for the words generated,
  /// and each run's edges: schema::k_prefix_run_first / k_prefix_run_last
  /// + its first / last character, without positions, and its joins
  /// (schema::k_prefix_join_after / k_prefix_join_before, cjk_joins),
  /// without positions.
  Xapian::termpos* bigram_position = nullptr;
  /// Not null: the same tokens also give the terms of a second prefix
  /// (#15.5: the title's S terms without analysing the title twice), handed
  /// to *copy_sink piece by piece: copy_prefix + word at positions of their
  /// own from copy_first_position (wdf copy_wdf), and, with stems,
  /// Z + copy_prefix + stem. They are exactly the terms a second call with
  /// prefix = copy_prefix, wdf = copy_wdf, no bigrams and a fresh budget of
  /// the same size would give when @p budget starts empty (or is null): the
  /// copies stop where the words stop.
  const TermSink* copy_sink = nullptr;
  std::string_view copy_prefix{};
  Xapian::termpos copy_first_position = 1;
  Xapian::termcount copy_wdf = 1;
};

/// Terms for @p text, in order, handed to @p sink a piece at a time. Skips
/// terms that would exceed Xapian's limit once prefixed. Returns the position
/// after the last word generated.
Xapian::termpos generate_terms(const TextAnalyzer& analyzer, std::string_view text,
                               const TermOptions& options, const TermSink& sink);

/// The same, appending every term to @p out.
Xapian::termpos generate_terms(const TextAnalyzer& analyzer, std::string_view text,
                               const TermOptions& options, std::vector<IndexTerm>& out);

/// Where the piece of @p text starting at @p begin ends (see
/// k_term_chunk_bytes); text.size() when the rest is short.
[[nodiscard]] std::size_t term_chunk_end(std::string_view text, std::size_t begin,
                                         std::size_t chunk_bytes = k_term_chunk_bytes);

/// Adds @p terms to @p doc (add_posting when positional, else add_term).
void add_terms(Xapian::Document& doc, const std::vector<IndexTerm>& terms);

/// Marks @p doc as written with stem terms only where they differ
/// (schema::k_term_stems_differ), giving the marker the wdf of the stem terms
/// left out (TermOptions::left_out_stem_wdf): Xapian's document length is the
/// sum of its terms' wdf, so the document keeps the length it would have
/// with every stem term and BM25 weighs it as it would then (session 15,
/// #15.2). The marker is only ever read as a boolean (its term frequency),
/// never as evidence.
void add_stems_differ_marker(Xapian::Document& doc, Xapian::termcount left_out_stem_wdf);

} // namespace dateline
