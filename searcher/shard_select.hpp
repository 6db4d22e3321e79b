/** @file shard_select.hpp
 *  @brief Opening a time-sharded archive (#15.3, `dateline-index --shard-by`):
 *  a directory holding Xapian's stub file `XAPIANDB` is searched through it,
 *  and a one-shot search with --since/--until skips the shards whose period
 *  lies outside those dates, never opening their files.
 */
#pragma once

#include "common/date.hpp"

#include <optional>
#include <string>

namespace dateline::searcher {

/// The dates a search can match, for choosing shards; both open = all.
struct ShardDates {
  std::optional<Date> since;
  std::optional<Date> until;
};

/// True when the shard at @p entry_path (a stub entry of a sharded archive,
/// its last component "YYYY" or "YYYY-MM"; or "replica_N" in a replica
/// directory so named, an archive replicated shard by shard) holds no date
/// within @p dates.
/// The undated shard and any other name are never outside: the first holds
/// the archive's metadata, spelling and synonyms.
[[nodiscard]] bool shard_outside(const std::string& entry_path, const ShardDates& dates);

/// The time-sharded archive of which @p path is a dated shard ("YYYY" or
/// "YYYY-MM", or "replica_N" in a replica directory so named; a trailing '/'
/// ignored): the directory holding the shard and the archive's stub file.
/// nullopt for anything else (the undated shard included).
[[nodiscard]] std::optional<std::string> archive_of_dated_shard(const std::string& path);

/// archive_of_dated_shard(@p path).has_value().
[[nodiscard]] bool is_dated_shard(const std::string& path);

} // namespace dateline::searcher
