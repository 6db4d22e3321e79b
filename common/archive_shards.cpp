/** @file archive_shards.cpp
 *  @brief archive_of_shard and the missing-shard message.
 */
#include "common/archive_shards.hpp"

#include "common/directory_path.hpp"
#include "common/schema.hpp"
#include "common/stub_file.hpp"

#include <filesystem>

namespace dateline {

std::optional<std::string> archive_of_shard(const std::string& path) {
  const std::filesystem::path shard = directory_path(path);
  const std::string name = shard.filename().string();
  const std::string archive = shard.has_parent_path() ? shard.parent_path().string() : std::string(".");
  if ((name != schema::k_shard_undated && !schema::shard_date_range(name)) || !schema::sharded_archive_stub(archive)) {
    return std::nullopt;
  }
  return archive;
}

std::string missing_listed_shard(const std::string& database, const std::string& stub, const std::string& entry) {
  return "database '" + database + "': its stub file '" + stub + "' lists '" + entry +
         "', which does not exist. In a replica made shard by shard it is not replicated yet: let "
         "xapian-replicate finish, or run it again for that shard. On the primary it was moved or deleted: "
         "restore it from a backup, or rebuild the archive from its folders with dateline-index --db " +
         database + " --rebuild (articles no longer on disk are then gone for good; docs/scaling.md)";
}

std::string missing_stub_database(const std::string& database, const StubEntry& entry) {
  if (!database.empty() && entry.stub == stub_file_of(database) && archive_of_shard(entry.path)) {
    return missing_listed_shard(database, entry.stub, entry.path);
  }
  return missing_stub_entry(entry);
}

} // namespace dateline
