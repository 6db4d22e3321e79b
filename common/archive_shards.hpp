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

struct StubEntry;

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

/// The message for the local stub entry @p entry that does not exist, read
/// from the stub of the database @p database ("" for a stub file given
/// itself) or from a stub it lists: missing_listed_shard when @p database is
/// a time-sharded archive (or a replica of one) and @p entry one of its
/// shards ("undated", "YYYY", "YYYY-MM") listed in its own stub; else
/// stub_file.hpp's missing_stub_entry (a stub written by hand: what is
/// missing, no rebuild advised, which would not bring it back). A few stats.
[[nodiscard]] std::string missing_stub_database(const std::string& database, const StubEntry& entry);

} // namespace dateline
