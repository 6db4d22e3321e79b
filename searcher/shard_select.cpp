/** @file shard_select.cpp
 *  @brief Which shards of a time-sharded archive a search opens (#15.3).
 */
#include "searcher/shard_select.hpp"

#include "common/directory_path.hpp"
#include "common/schema.hpp"

#include <filesystem>
#include <string_view>

namespace dateline::searcher {
namespace {

/// The shard directory that @p path stands for: @p path itself, or for
/// "replica_N" in a directory that xapian-replicate keeps (its XAPIANDB stub
/// beside it) that directory, whose name is the period when a time-sharded
/// archive is replicated shard by shard (docs/scaling.md, Read replicas).
/// A trailing '/' is no part of a name ("--db db/1987/", "auto 1987/").
std::filesystem::path shard_directory(const std::string& path) {
  const std::filesystem::path shard = directory_path(path);
  const std::string name = shard.filename().string();
  constexpr std::string_view k_replica = "replica_";
  if (name.size() > k_replica.size() && name.starts_with(k_replica) &&
      name.find_first_not_of("0123456789", k_replica.size()) == std::string::npos &&
      schema::sharded_archive_stub(shard.parent_path().string())) {
    return shard.parent_path();
  }
  return shard;
}

} // namespace

bool shard_outside(const std::string& entry_path, const ShardDates& dates) {
  if (!dates.since && !dates.until) return false;
  const auto range = schema::shard_date_range(shard_directory(entry_path).filename().string());
  if (!range) return false;
  return (dates.since && range->second < dates.since->compact()) ||
         (dates.until && range->first > dates.until->compact());
}

std::optional<std::string> archive_of_dated_shard(const std::string& path) {
  const std::filesystem::path shard = shard_directory(path);
  std::string archive = shard.has_parent_path() ? shard.parent_path().string() : std::string(".");
  if (!schema::shard_date_range(shard.filename().string()) || !schema::sharded_archive_stub(archive)) return std::nullopt;
  return archive;
}

bool is_dated_shard(const std::string& path) { return archive_of_dated_shard(path).has_value(); }

} // namespace dateline::searcher
