/** @file document_builder.hpp
 *  @brief Article -> Xapian::Document, strictly through common/schema.hpp and
 *  common/term_generator.hpp. Safe to call on worker threads (one analyzer each).
 */
#pragma once

#include "common/article.hpp"
#include "common/text_analyzer.hpp"
#include "indexer/options.hpp"
#include "indexer/walker.hpp"

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

namespace dateline::indexer {

/// Where the article came from: goes into the Q term, values and document data.
struct SourceFile {
  std::string relative;      ///< path below the root
  std::string root;          ///< absolute root path
  FileStat stat;             ///< the state of the bytes that were read
  std::string content_hash;  ///< schema::content_hash of those bytes
};

struct BuiltDocument {
  Xapian::Document document;
  std::string unique_term;  ///< Q term
  /// Distinct Latin-script words of title and body with their wdf, for the
  /// spelling table (the writer applies indexer/spelling.hpp's rule).
  std::vector<std::pair<std::string, Xapian::termcount>> spelling;
  std::size_t terms_dropped = 0;  ///< terms refused for exceeding Xapian's limit
  /// Indexing stopped at common/term_generator.hpp's k_max_document_words
  /// distinct words; the rest of the text is stored but not searchable.
  bool truncated = false;
};

/// Builds the complete document for @p article.
[[nodiscard]] BuiltDocument build_document(const TextAnalyzer& analyzer, const Article& article,
                                           const SourceFile& file, StemTerms stems = StemTerms::all);

/// Sets the change-detection values (mtime, size, inode, hash) on @p doc.
void set_file_values(Xapian::Document& doc, const FileStat& stat, const std::string& content_hash);

/// True when @p term is made of Latin letters (ASCII or U+00C0..U+024F) and
/// apostrophes only, which is what the spelling table is built from.
[[nodiscard]] bool is_spelling_word(const std::string& term);

} // namespace dateline::indexer
