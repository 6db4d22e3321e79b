/** @file spelling.hpp
 *  @brief Which words enter Xapian's spelling table, and with what frequency.
 *
 *  Policy (docs/index-schema.md, "Spelling data"): a word is a spelling target
 *  once it occurs in at least k_spelling_min_documents documents, and its
 *  spelling frequency is its collection frequency (the sum of its wdf, title
 *  occurrences counting k_title_wdf). Words seen in one document only are
 *  mostly typos, names and OCR noise: never useful as a "Did you mean"
 *  suggestion, and 43% of Reuters-21578's vocabulary.
 *
 *  Both ways of building agree: the single writer applies the rule at each
 *  commit from the database's own statistics (pending documents included;
 *  a word once past the threshold is not looked up again in the same run),
 *  a sharded first build applies it once to the counts summed over shards.
 */
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace dateline::indexer {

inline constexpr Xapian::doccount k_spelling_min_documents = 2;

/// One word's counts over a set of documents.
struct SpellingStats {
  Xapian::doccount documents = 0;    ///< documents containing the word
  Xapian::termcount occurrences = 0; ///< summed wdf
};
using SpellingCounts = std::unordered_map<std::string, SpellingStats>;

/// One document's spelling words and their wdf.
using SpellingWords = std::vector<std::pair<std::string, Xapian::termcount>>;

/// Adds one document's spelling words (word, wdf) to @p counts.
void add_document_spelling(SpellingCounts& counts, const SpellingWords& words);

/// The words a run has seen reach the document threshold in one database
/// (#15.5): a later commit adds their occurrences without looking the word
/// up again. Documents replaced during the run may take a word back under
/// the threshold; it stays a target (the table is an estimate there anyway).
struct KnownSpellingTargets {
  /// Words remembered at most (a few MB); later ones are looked up each time.
  static constexpr std::size_t k_max_words = 1U << 20U;
  std::unordered_set<std::string> words;
  std::size_t lookups = 0;  ///< get_termfreq calls made (for tests)
};

/// Adds @p from's counts to @p into (shards' counts into one).
void add_spelling_counts(SpellingCounts& into, const SpellingCounts& from);

/// Adds the words of documents just added to @p db (uncommitted, @p batch
/// holds their counts) to its spelling table: a word that now reaches the
/// document threshold enters with its whole collection frequency, a word
/// already past it gains the batch's occurrences. With @p known, the words
/// it holds are not looked up, and words found past the threshold join it.
void write_batch_spelling(Xapian::WritableDatabase& db, const SpellingCounts& batch,
                          KnownSpellingTargets* known = nullptr);

/// Writes every word of @p all that reaches the document threshold (a first
/// build, whose counts cover the whole database).
void write_all_spelling(Xapian::WritableDatabase& db, const SpellingCounts& all);

} // namespace dateline::indexer
