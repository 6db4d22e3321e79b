/** @file compact.cpp
 *  @brief `dateline-index --compact` (compact.hpp): one database, or each
 *  shard of a time-sharded archive written since its last compaction, through
 *  the one sequence compact_in_place.
 */
#include "indexer/compact.hpp"

#include "common/archive_shards.hpp"
#include "common/day_runs.hpp"
#include "common/directory_path.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"
#include "indexer/build_dir.hpp"
#include "indexer/database.hpp"
#include "indexer/shards.hpp"

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <sys/stat.h>

namespace dateline::indexer {
namespace {

constexpr int k_compact_flags = Xapian::DBCOMPACT_NO_RENUMBER | Xapian::DBCOMPACT_MULTIPASS;

/// The one compaction sequence of --compact, for a shard and for a whole
/// database: compacts @p old into @p fresh (beside @p target, the real path
/// of the database directory @p old is), lets @p record mark the copy (in
/// one commit: what --compact records differs for a shard, the undated shard
/// and a whole database), syncs every file of it, gives it @p target's
/// permissions, exchanges the two directories (renameat2 RENAME_EXCHANGE: a
/// reader sees the old database or the new one), then calls @p release (the
/// caller's write lock on the old database, held until the new one is in
/// place, so a writer waiting for it opens the new one) and removes the old
/// database, now at @p fresh. Returns the new database's size in bytes. A
/// failure before the exchange leaves @p target as it was.
std::uintmax_t compact_in_place(Xapian::Database& old, const std::string& target, const std::string& fresh,
                                const std::function<void(const std::string&)>& record,
                                const std::function<void()>& release) {
  old.compact(fresh, k_compact_flags);
  record(fresh);
  sync_directory_tree(fresh);
  copy_database_permissions(target, fresh);  // not the umask and group of this run
  const std::uintmax_t bytes = directory_bytes(fresh);
  swap_directories(fresh, target);
  release();
  std::error_code ignored;
  std::filesystem::remove_all(fresh, ignored);  // the old database, now under the temporary name
  return bytes;
}

/// Marks the compacted copy at @p fresh of a whole database or of an
/// archive's undated shard (the archive's metadata): the UUID @p old had
/// (saved searches know the database or archive by it) and the compaction,
/// the revision this commit gives it; for a whole database also the day map
/// for that revision (compaction keeps docids: DBCOMPACT_NO_RENUMBER).
/// @p extra_flags: DB_NO_SYNC where compact_in_place syncs afterwards.
void record_compaction(const std::string& fresh, const Xapian::Database& old, bool with_uuid, bool with_day_map,
                       int extra_flags) {
  Xapian::WritableDatabase db(fresh, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS | extra_flags);
  if (with_uuid) {
    db.set_metadata(std::string(schema::k_meta_compacted_from),
                    with_earlier_uuid(old.get_metadata(std::string(schema::k_meta_compacted_from)), old.get_uuid()));
  }
  const Xapian::rev revision = db.get_revision() + 1;  // the commit below
  if (with_day_map) {
    db.set_metadata(std::string(schema::k_meta_day_runs), day_runs::metadata_for_commit(db, revision));
  }
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

std::string with_earlier_uuid(const std::string& list, const std::string& uuid) {
  std::vector<std::string> uuids;
  std::size_t from = 0;
  while (from < list.size()) {
    std::size_t end = list.find('\n', from);
    if (end == std::string::npos) end = list.size();
    if (end > from) uuids.push_back(list.substr(from, end - from));
    from = end + 1;
  }
  uuids.push_back(uuid);
  const std::size_t skip = uuids.size() > schema::k_max_compacted_from ? uuids.size() - schema::k_max_compacted_from : 0;
  std::string out;
  for (std::size_t i = skip; i < uuids.size(); ++i) out += uuids[i] + "\n";
  return out;
}

std::uintmax_t directory_bytes(const std::string& dir) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::error_code size_ec;
    if (entry.is_regular_file(size_ec)) {
      const std::uintmax_t size = entry.file_size(size_ec);
      if (!size_ec) total += size;
    }
  }
  return total;
}

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

CompactCounts compact_archive(const std::string& path, std::optional<double> wait_seconds) {
  if (const std::optional<std::string> archive = archive_of_shard(path)) {
    throw UsageError("--compact: database '" + path + "' is one shard of the time-sharded archive '" + *archive +
                     "': compact the archive (--db " + *archive + " --compact), which takes its lock and " +
                     "compacts every shard written since its last compaction");
  }
  if (!schema::sharded_archive_stub(path)) {
    throw UsageError("--compact: database '" + path + "' is not a time-sharded archive (dateline-index --shard-by "
                     "year|month)");
  }
  CompactCounts out;
  const std::string key(schema::k_meta_shard_compacted);
  try {
    // The archive's lock, held throughout; the undated shard is compacted last.
    std::optional<Xapian::WritableDatabase> lock = open_writable(
        path + "/" + std::string(k_undated_shard), Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS, wait_seconds, path);
    std::vector<std::string> names = shard_directories(path);
    if (!names.empty() && names.front() == k_undated_shard) {
      std::rotate(names.begin(), names.begin() + 1, names.end());  // "undated" is first: move it last
    }
    for (const auto& name : names) {
      const std::string shard = path + "/" + name;
      refuse_linked_files(shard);
      Xapian::Database db(shard, Xapian::DB_BACKEND_GLASS);
      if (db.get_metadata(key) == std::to_string(db.get_revision())) {
        out.unchanged.push_back(name);
        continue;
      }
      const std::string fresh = path + "/.compact-" + name;
      std::error_code ignored;
      std::filesystem::remove_all(fresh, ignored);  // left by a crash
      out.bytes_before += directory_bytes(shard);
      const bool undated = name == k_undated_shard;
      out.bytes_after += compact_in_place(
          db, shard, fresh, [&](const std::string& copy) { record_compaction(copy, db, undated, false, 0); },
          [&] {
            if (undated) lock.reset();  // the archive's lock, on the old undated shard's files
          });
      out.compacted.push_back(name);
    }
  } catch (const Xapian::DatabaseLockError&) {
    throw;
  } catch (const Xapian::Error& e) {
    throw DatabaseError("--compact: database '" + path + "': " + e.get_description() +
                        " (shards not yet swapped in are unchanged)");
  }
  return out;
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
    Xapian::Database old(path, Xapian::DB_BACKEND_GLASS);
    out.bytes_before = directory_bytes(path);
    out.bytes_after = compact_in_place(
        old, dir.db_real_path(), dir.path() + "/compacted",
        [&](const std::string& copy) { record_compaction(copy, old, true, true, Xapian::DB_NO_SYNC); },
        [&] { lock.close(); });  // the old database's lock, now under the build directory
    out.compacted.push_back(name);
  } catch (const Xapian::DatabaseLockError&) {
    throw;
  } catch (const Xapian::Error& e) {
    throw DatabaseError("--compact: database '" + path + "': " + e.get_description() + " (the database is unchanged)");
  }
  return out;
}

} // namespace dateline::indexer
