/** @file archive_shards.hpp
 *  @brief A time-sharded archive's shards seen from a path (#15.3,
 *  docs/scaling.md): the archive a --db is one shard of, and the one
 *  wording of a shard its stub lists that is not there. Shared by
 *  dateline-index (writing, --info) and dateline-search.
 */
#pragma once

#include <optional>
#include <string>

namespace dateline {

/// The archive @p path is one shard of: its last component is "undated",
/// "YYYY" or "YYYY-MM" (schema::shard_date_range) and the directory holding
/// it is a sharded archive (schema::sharded_archive_stub). Returned as
/// written beside @p path ("db/1987/" gives "db", "1987" gives "."); nullopt
/// otherwise. Two stats at most.
[[nodiscard]] std::optional<std::string> archive_of_shard(const std::string& path);

/// The error text for the entry @p entry (a path, as read from the stub)
/// that the stub file @p stub of the database @p database lists and that
/// does not exist: in a replica made shard by shard, a shard not replicated
/// yet (let xapian-replicate finish, or run it again); on the primary, a
/// shard moved away or lost (restore it, or dateline-index --rebuild).
[[nodiscard]] std::string missing_listed_shard(const std::string& database, const std::string& stub,
                                               const std::string& entry);

} // namespace dateline
