/** @file compact.cpp
 *  @brief `dateline-index --compact` of one database (compact.hpp); a
 *  time-sharded archive goes to compact_archive (shards.cpp).
 */
#include "indexer/compact.hpp"

#include "common/day_runs.hpp"
#include "common/directory_path.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"
#include "indexer/build_dir.hpp"
#include "indexer/database.hpp"

#include <xapian.h>

#include <cstdio>
#include <filesystem>
#include <sys/stat.h>

namespace dateline::indexer {
namespace {

/// Marks the compacted copy at @p fresh: the UUID the database had before
/// (saved searches know it by it), the day map for the revision this commit
/// gives it (compaction keeps docids: DBCOMPACT_NO_RENUMBER), and the
/// compaction itself, in one commit.
void record_unsharded_compaction(const std::string& fresh, const Xapian::Database& old) {
  Xapian::WritableDatabase db(fresh, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
  db.set_metadata(std::string(schema::k_meta_compacted_from),
                  with_earlier_uuid(old.get_metadata(std::string(schema::k_meta_compacted_from)), old.get_uuid()));
  const Xapian::rev revision = db.get_revision() + 1;  // the commit below
  db.set_metadata(std::string(schema::k_meta_day_runs), day_runs::metadata_for_commit(db, revision));
  db.set_metadata(std::string(schema::k_meta_shard_compacted), std::to_string(revision));
  db.commit();
  db.close();
}

std::string size_text(std::uintmax_t bytes) {
  char text[32];
  if (bytes < 1000000) {
    std::snprintf(text, sizeof text, "%.0f kB", static_cast<double>(bytes) / 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  }
  return text;
}

} // namespace

std::string compact_line(const CompactCounts& counts) {
  const std::string sizes = counts.compacted.empty()
                                ? std::string()
                                : " (" + size_text(counts.bytes_before) + " -> " + size_text(counts.bytes_after) + ")";
  if (!counts.sharded) {
    const std::string name = counts.compacted.empty() ? counts.unchanged.front() : counts.compacted.front();
    return counts.compacted.empty() ? "the database '" + name + "' is unchanged since its last compaction"
                                    : "compacted the database '" + name + "'" + sizes;
  }
  std::string names;
  for (const auto& name : counts.compacted) names += (names.empty() ? "" : ", ") + name;
  return "compacted " + std::to_string(counts.compacted.size()) + " shard" + (counts.compacted.size() == 1 ? "" : "s") +
         (names.empty() ? "" : ": ") + names + "; " + std::to_string(counts.unchanged.size()) +
         " unchanged since their last compaction" + sizes;
}

CompactCounts compact_database(const std::string& given, std::optional<double> wait_seconds) {
  const std::string path = directory_path(given).string();
  if (schema::sharded_archive_stub(path) || archive_of_shard(path)) return compact_archive(path, wait_seconds);
  struct stat st {};
  if (::stat((path + "/iamglass").c_str(), &st) != 0) {
    throw UsageError("--compact: '" + path + "' is not a database (no Xapian glass database there); "
                     "give the --db that dateline-index writes");
  }
  refuse_linked_files(path);
  CompactCounts out;
  out.sharded = false;
  const std::string name = std::filesystem::path(path).filename().string();
  try {
    // The write lock, held until the new database is in place: an indexer
    // waiting for it (--if-locked=wait) then opens the new one.
    Xapian::WritableDatabase lock = open_writable(path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS, wait_seconds);
    check_schema(lock, path);
    const std::string recorded = lock.get_metadata(std::string(schema::k_meta_shard_compacted));
    if (recorded == std::to_string(lock.get_revision())) {
      out.unchanged.push_back(name);
      return out;
    }
    BuildDir dir(path, wait_seconds);
    dir.require_exchange();
    const std::string fresh = dir.path() + "/compacted";
    Xapian::Database old(path, Xapian::DB_BACKEND_GLASS);
    out.bytes_before = directory_bytes(path);
    old.compact(fresh, Xapian::DBCOMPACT_NO_RENUMBER | Xapian::DBCOMPACT_MULTIPASS);
    record_unsharded_compaction(fresh, old);
    sync_directory_tree(fresh);
    copy_database_permissions(dir.db_real_path(), fresh);  // not the umask and group of this run
    out.bytes_after = directory_bytes(fresh);
    swap_directories(fresh, dir.db_real_path());
    lock.close();  // the old database's lock, now under the build directory, which goes next
    out.compacted.push_back(name);
  } catch (const Xapian::DatabaseLockError&) {
    throw;
  } catch (const Xapian::Error& e) {
    throw DatabaseError("--compact: database '" + path + "': " + e.get_description() + " (the database is unchanged)");
  }
  return out;
}

} // namespace dateline::indexer
