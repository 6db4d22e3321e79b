/** @file spelling.cpp
 *  @brief The spelling-target rule, applied per commit or once per first build.
 */
#include "indexer/spelling.hpp"

namespace dateline::indexer {

void add_document_spelling(SpellingCounts& counts, const SpellingWords& words) {
  for (const auto& [word, wdf] : words) {
    SpellingStats& stats = counts[word];
    ++stats.documents;
    stats.occurrences += wdf;
  }
}

void add_spelling_counts(SpellingCounts& into, const SpellingCounts& from) {
  for (const auto& [word, stats] : from) {
    SpellingStats& sum = into[word];
    sum.documents += stats.documents;
    sum.occurrences += stats.occurrences;
  }
}

void write_batch_spelling(Xapian::WritableDatabase& db, const SpellingCounts& batch,
                          KnownSpellingTargets* known) {
  for (const auto& [word, stats] : batch) {
    if (known != nullptr && known->words.contains(word)) {
      db.add_spelling(word, stats.occurrences);
      continue;
    }
    if (known != nullptr) ++known->lookups;
    const Xapian::doccount now = db.get_termfreq(word);
    if (now < k_spelling_min_documents) {
      continue;
    }
    if (known != nullptr && known->words.size() < KnownSpellingTargets::k_max_words) known->words.insert(word);
    // Documents holding the word before this batch (replaced documents can
    // make this an estimate; their counts are then added, never removed).
    const Xapian::doccount before = now > stats.documents ? now - stats.documents : 0;
    if (before >= k_spelling_min_documents) {
      db.add_spelling(word, stats.occurrences);
    } else {
      db.add_spelling(word, db.get_collection_freq(word));
    }
  }
}

void write_all_spelling(Xapian::WritableDatabase& db, const SpellingCounts& all) {
  for (const auto& [word, stats] : all) {
    if (stats.documents >= k_spelling_min_documents) {
      db.add_spelling(word, stats.occurrences);
    }
  }
}

} // namespace dateline::indexer
