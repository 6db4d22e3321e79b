/** @file failures.hpp
 *  @brief Files that failed, remembered in the database's user metadata (as
 *  omindex does) so an unchanged bad file is not retried, or reported, every run.
 */
#pragma once

#include "indexer/walker.hpp"

#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dateline::indexer {

/// One remembered failure: the file's state when it failed and why.
struct FailedFile {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;  ///< so chmod (e.g. fixing EACCES) triggers a retry
  std::string reason;         ///< to_string(ArticleFailure)

  [[nodiscard]] std::string serialize() const;
  [[nodiscard]] static std::optional<FailedFile> parse(std::string_view text);
  /// True when @p current is the same file version that failed.
  [[nodiscard]] bool matches(const FileStat& current) const;
};

/// Metadata key for the file at absolute @p path (schema::document_path)
/// under schema::k_meta_failed_prefix (long paths are shortened with a hash,
/// as unique terms are).
[[nodiscard]] std::string failure_key(std::string_view path);

/// All remembered failures, keyed by metadata key.
[[nodiscard]] std::map<std::string, FailedFile> load_failures(const Xapian::Database& db);

} // namespace dateline::indexer
