/** @file shard_select.cpp
 *  @brief Which shards of a time-sharded archive a search opens (#15.3).
 */
#include "searcher/shard_select.hpp"

#include "common/schema.hpp"

#include <filesystem>
#include <sys/stat.h>

namespace dateline::searcher {

std::optional<std::string> archive_stub(const std::string& path) {
  const std::string stub = path + "/" + std::string(schema::k_shard_stub);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return std::nullopt;
  if (::stat(stub.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  if (::stat((path + "/iamglass").c_str(), &st) == 0) return std::nullopt;
  return stub;
}

bool shard_outside(const std::string& entry_path, const ShardDates& dates) {
  if (!dates.since && !dates.until) return false;
  const auto range = schema::shard_date_range(std::filesystem::path(entry_path).filename().string());
  if (!range) return false;
  return (dates.since && range->second < dates.since->compact()) ||
         (dates.until && range->first > dates.until->compact());
}

bool is_dated_shard(const std::string& path) {
  const std::filesystem::path shard(path);
  return schema::shard_date_range(shard.filename().string()).has_value() &&
         archive_stub(shard.parent_path().string()).has_value();
}

} // namespace dateline::searcher
