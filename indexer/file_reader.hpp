/** @file file_reader.hpp
 *  @brief One walked file -> its bytes, hash and (when needed) a built document.
 *  This is the work a pipeline thread does; it never touches the database.
 */
#pragma once

#include "common/article.hpp"
#include "common/error.hpp"
#include "common/text_analyzer.hpp"
#include "indexer/document_builder.hpp"
#include "indexer/walker.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace dateline::indexer {

enum class ReadOutcome {
  built,             ///< analysed: document ready
  same_content,      ///< stat changed, content hash equal to the stored one
  rename_candidate,  ///< a vanished document has this hash and size: not analysed
  failed,            ///< skipped with a reason
  vanished,          ///< removed between walk and read
};

struct ReadResult {
  ReadOutcome outcome = ReadOutcome::failed;
  FileStat stat;             ///< fstat of the bytes read (else the walk's stat)
  std::string content_hash;
  std::optional<BuiltDocument> built;
  ArticleFailure failure = ArticleFailure::unreadable;
  std::string message;       ///< why it failed, with the path
  bool repaired = false;
};

struct ReadParams {
  std::uint64_t max_size = 0;
  UndatedPolicy undated = UndatedPolicy::skip;
  std::string root;                         ///< absolute root path, for document data
  std::string shown;                        ///< how messages name the file (shown_path); "": its relative path
  const std::string* expected_hash = nullptr;  ///< stored hash of a modified file
  /// For a new file: true when some vanished document has this (hash, size).
  std::function<bool(const std::string& hash, std::uint64_t size)> is_rename_candidate;
  StemTerms stems = StemTerms::all;         ///< --stem-terms
  bool analyse = true;                      ///< false: stop after hashing (rename claim failed etc.)
};

/// Reads, checks, hashes, parses and builds. Never throws ArticleError (it
/// becomes a failed result); other exceptions propagate.
[[nodiscard]] ReadResult read_file(const TextAnalyzer& analyzer, const WalkedFile& file, const ReadParams& params);

/// The calendar date of @p mtime_seconds (FileStat::mtime_s) in local time
/// (for --undated=mtime); nullopt outside years 1..9999.
[[nodiscard]] std::optional<Date> local_date(std::int64_t mtime_seconds);

} // namespace dateline::indexer
