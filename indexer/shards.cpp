/** @file shards.cpp
 *  @brief Time-based shards: the archive's layout, stub file, placement of
 *  documents by date, moves, commit order and opening (#15.3).
 */
#include "indexer/shards.hpp"

#include "common/atomic_file.hpp"
#include "common/directory_path.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"
#include "common/stub_file.hpp"
#include "indexer/build_dir.hpp"
#include "indexer/options.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace dateline::indexer {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// True for "undated", "YYYY" and "YYYY-MM": the names of shards.
bool is_shard_name(std::string_view name) {
  return name == k_undated_shard || schema::shard_date_range(name).has_value();
}

/// Order of the stub: the undated shard first (it holds the metadata), then
/// the periods in time order.
bool stub_order(const std::string& a, const std::string& b) {
  if (a == k_undated_shard || b == k_undated_shard) return a == k_undated_shard && b != k_undated_shard;
  return a < b;
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

/// Refuses the archive at @p root when its stub file lists a shard that is
/// not there (moved away by hand, lost): the run would recreate it empty and
/// rewrite the stub without it, so its documents (those no longer on disk,
/// or all of them with --no-delete) would be gone with no message. The
/// indexer creates a shard before the stub names it, so no crash leaves this.
void refuse_missing_listed_shards(const std::string& root) {
  const std::string stub = root + "/" + std::string(k_stub_file);
  std::vector<StubEntry> entries;
  try {
    entries = read_stub(stub);
  } catch (const DatabaseError& e) {
    throw DatabaseError("database '" + root + "': " + e.what() + "; nothing was written");
  }
  for (const StubEntry& entry : entries) {
    if (!entry.local() || !is_shard_name(directory_path(entry.path).filename().string())) continue;
    if (!exists(entry.path)) throw DatabaseError(missing_listed_shard(root, stub, entry.path) + "; nothing was written");
  }
}

/// Creates the glass shard @p path with the schema version, language and
/// (for the undated shard) the archive's shard_by, committed.
Xapian::WritableDatabase create_shard(const std::string& path, const std::string& language, ShardBy by,
                                      bool first, int extra_flags = 0) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | extra_flags);
  write_schema_metadata(db, language);
  if (first) db.set_metadata(std::string(schema::k_meta_shard_by), std::string(shard_by_name(by)));
  db.commit();
  return db;
}

/// Records in the shard at @p path, just merged by compaction, that it is
/// compacted as it stands: the revision its commit of this gives it
/// (--compact skips a shard whose revision is still that). @p extra_flags:
/// DB_NO_SYNC where the caller syncs the whole tree later.
void record_compaction(const std::string& path, int extra_flags) {
  Xapian::WritableDatabase compacted(path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS | extra_flags);
  compacted.set_metadata(std::string(schema::k_meta_shard_compacted), std::to_string(compacted.get_revision() + 1));
  compacted.commit();
}

std::string stub_text(const std::vector<std::string>& names) {
  std::string text = "# dateline-index --shard-by: one Xapian database per period (docs/scaling.md)\n";
  for (const auto& name : names) text += "auto " + name + "\n";
  return text;
}

} // namespace

std::vector<std::string> shard_directories(const std::string& root) {
  std::vector<std::string> out;
  DIR* dir = ::opendir(root.c_str());
  if (dir == nullptr) throw DatabaseError("database '" + root + "': " + std::strerror(errno));
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    struct stat st {};
    if (!is_shard_name(name) || ::lstat((root + "/" + name).c_str(), &st) != 0) continue;
    if (!S_ISDIR(st.st_mode)) {
      ::closedir(dir);
      throw DatabaseError("database '" + root + "' holds '" + name +
                          "', which is not a directory (a symbolic link?); refusing to write through it");
    }
    out.push_back(name);
  }
  ::closedir(dir);
  std::sort(out.begin(), out.end(), stub_order);
  return out;
}

std::string_view shard_by_name(ShardBy by) {
  switch (by) {
  case ShardBy::year: return "year";
  case ShardBy::month: return "month";
  case ShardBy::none: break;
  }
  return "none";
}

std::optional<ShardBy> parse_shard_by(std::string_view text) {
  if (text == "none") return ShardBy::none;
  if (text == "year") return ShardBy::year;
  if (text == "month") return ShardBy::month;
  return std::nullopt;
}

std::string shard_name(ShardBy by, std::string_view date_value) {
  if (date_value.size() != 8 || !all_digits(date_value) || by == ShardBy::none) return std::string(k_undated_shard);
  if (by == ShardBy::year) return std::string(date_value.substr(0, 4));
  return std::string(date_value.substr(0, 4)) + "-" + std::string(date_value.substr(4, 2));
}

ShardBy recorded_shard_by(const std::string& path) {
  if (!schema::sharded_archive_stub(path)) return ShardBy::none;
  const Xapian::Database undated(path + "/" + std::string(k_undated_shard), Xapian::DB_BACKEND_GLASS);
  return parse_shard_by(undated.get_metadata(std::string(schema::k_meta_shard_by))).value_or(ShardBy::none);
}

void ShardedArchive::add(std::string name, Xapian::WritableDatabase db) {
  m_shards.push_back({std::move(name), std::move(db), false});
  m_combined = m_shards.size();
}

Xapian::WritableDatabase ShardedArchive::combined() const {
  Xapian::WritableDatabase out;
  for (std::size_t i = 0; i < m_combined; ++i) out.add_database(m_shards[i].db);
  return out;
}

std::vector<Xapian::Database> ShardedArchive::readers() const {
  std::vector<Xapian::Database> out;
  for (std::size_t i = 0; i < m_combined; ++i) out.push_back(m_shards[i].db);
  return out;
}

std::vector<std::string> ShardedArchive::names() const {
  std::vector<std::string> out;
  for (const auto& shard : m_shards) out.push_back(shard.name);
  std::sort(out.begin(), out.end(), stub_order);
  return out;
}

void ShardedArchive::write_stub() const {
  const std::string stub = m_root + "/" + std::string(k_stub_file);
  write_file_atomically(stub, stub_text(names()), 0666);
  // The archive directory's group and read/write bits, as its shards have
  // (copy_database_permissions), not this run's umask and group: a searcher
  // that cannot read the stub cannot open the archive.
  struct stat root {};
  if (::stat(m_root.c_str(), &root) == 0) {
    [[maybe_unused]] const int group_rc = ::chown(stub.c_str(), static_cast<uid_t>(-1), root.st_gid);
    [[maybe_unused]] const int mode_rc = ::chmod(stub.c_str(), root.st_mode & 0666);
  }
}

void ShardedArchive::write_stub_if_changed() const {
  std::string stored;
  if (FILE* file = std::fopen((m_root + "/" + std::string(k_stub_file)).c_str(), "rb")) {
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) stored.append(buffer, n);
    std::fclose(file);
  }
  if (stored != stub_text(names())) write_stub();
}

std::size_t ShardedArchive::shard_for(const std::string& name) {
  for (std::size_t i = 0; i < m_shards.size(); ++i) {
    if (m_shards[i].name == name) return i;
  }
  // A period new to the archive: its shard exists (and the stub names it)
  // before any document goes in, so a crash leaves nothing unlisted.
  const std::string path = m_root + "/" + name;
  if (exists(path)) {
    throw DatabaseError("database '" + m_root + "': '" + name + "' appeared while this run held the archive's lock");
  }
  m_shards.push_back({name, create_shard(path, m_language, m_by, false, m_create_flags), false});
  if (m_temporary) return m_shards.size() - 1;  // a parallel build's part: its stub is written at the end
  copy_database_permissions(m_root + "/" + std::string(k_undated_shard), path);  // as the archive's other shards
  sync_directory_tree(path);
  write_stub();
  return m_shards.size() - 1;
}

Xapian::docid ShardedArchive::store(Xapian::WritableDatabase& combined, const Xapian::Document& doc,
                                    std::optional<Xapian::docid> replacing) {
  const std::string name = shard_name(m_by, doc.get_value(schema::k_slot_date));
  const auto n = static_cast<Xapian::docid>(m_combined);
  if (replacing) {
    const std::size_t old_shard = (*replacing - 1) % n;
    if (m_shards[old_shard].name == name) {
      combined.replace_document(*replacing, doc);
      return *replacing;
    }
    combined.delete_document(*replacing);  // moved: one logical change, committed target first
  }
  const std::size_t shard = shard_for(name);
  if (replacing) m_shards[shard].moved_into = true;
  const Xapian::docid own = m_shards[shard].db.add_document(doc);
  if (shard >= m_combined) {
    m_new_docs.emplace_back(shard, own);
    return 0;
  }
  return combined_docid(own, shard, n);
}

void ShardedArchive::commit_shards_first() {
  for (auto& shard : m_shards) {
    if (shard.moved_into) shard.db.commit();
  }
  for (std::size_t i = 1; i < m_shards.size(); ++i) {
    m_shards[i].db.commit();
    m_shards[i].moved_into = false;
  }
}

Xapian::WritableDatabase ShardedArchive::settle(std::vector<Xapian::docid>& docids) {
  const auto old_n = static_cast<Xapian::docid>(m_combined);
  // (shard, own id) of every id, then the new order.
  std::vector<std::pair<std::size_t, Xapian::docid>> own;
  own.reserve(docids.size() + m_new_docs.size());
  for (const Xapian::docid id : docids) {
    own.emplace_back((id - 1) % old_n, (id - 1) / old_n + 1);
  }
  own.insert(own.end(), m_new_docs.begin(), m_new_docs.end());
  m_new_docs.clear();
  std::vector<std::size_t> order(m_shards.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [this](std::size_t a, std::size_t b) { return stub_order(m_shards[a].name, m_shards[b].name); });
  std::vector<std::size_t> position(order.size());
  std::vector<Shard> sorted;
  for (std::size_t i = 0; i < order.size(); ++i) {
    position[order[i]] = i;
    sorted.push_back(std::move(m_shards[order[i]]));
  }
  m_shards = std::move(sorted);
  m_combined = m_shards.size();
  const auto n = static_cast<Xapian::docid>(m_combined);
  docids.clear();
  for (const auto& [shard, id] : own) {
    docids.push_back(combined_docid(id, position[shard], n));
  }
  return combined();
}

std::size_t ShardedArchive::remove_duplicates(Xapian::WritableDatabase& combined) {
  const std::string prefix(schema::k_prefix_unique);
  const auto n = static_cast<Xapian::docid>(m_combined);
  std::size_t removed = 0;
  for (auto term = combined.allterms_begin(prefix); term != combined.allterms_end(prefix); ++term) {
    if (term.get_termfreq() < 2) continue;
    std::vector<Xapian::docid> copies;
    for (auto posting = combined.postlist_begin(*term); posting != combined.postlist_end(*term); ++posting) {
      copies.push_back(*posting);
    }
    // Keep the copy in its date's shard; among those (or none), the newest.
    const auto rank = [&](Xapian::docid id) {
      const Xapian::Document doc = combined.get_document(id);
      const bool home = m_shards[(id - 1) % n].name == shard_name(m_by, doc.get_value(schema::k_slot_date));
      return std::make_pair(home, schema::unpack_seq(doc.get_value(schema::k_slot_seq)).value_or(0));
    };
    const auto keep = *std::max_element(copies.begin(), copies.end(),
                                        [&](Xapian::docid a, Xapian::docid b) { return rank(a) < rank(b); });
    for (const Xapian::docid id : copies) {
      if (id != keep) {
        combined.delete_document(id);
        ++removed;
      }
    }
  }
  return removed;
}

namespace {

/// Makes a new archive at @p root (an empty directory, or missing: then
/// made beside it and renamed in, so a reader finds none or a whole one):
/// the undated shard and the stub file.
void create_archive(const std::string& given_root, const std::string& language, ShardBy by) {
  // Created beside itself as "NAME.new-PID": NAME without a trailing '/'
  // ("--db archive/" is not "archive/.new-PID" inside a missing directory).
  // Only the slashes go: "link/.." keeps the meaning the kernel gives it.
  const std::size_t last = given_root.find_last_not_of('/');
  const std::string root = last == std::string::npos ? given_root : given_root.substr(0, last + 1);
  const bool missing = !exists(root);
  const std::string fresh = missing ? root + ".new-" + std::to_string(::getpid()) : root;
  if (missing && ::mkdir(fresh.c_str(), 0777) != 0) {
    throw DatabaseError("database '" + root + "': cannot create " + fresh + ": " + std::strerror(errno));
  }
  create_shard(fresh + "/" + std::string(k_undated_shard), language, by, true).close();
  write_file_atomically(fresh + "/" + std::string(k_stub_file), stub_text({std::string(k_undated_shard)}), 0666);
  sync_directory_tree(fresh);
  if (missing && ::rename(fresh.c_str(), root.c_str()) != 0) {
    throw DatabaseError("database '" + root + "': cannot rename " + fresh + " into place: " + std::strerror(errno));
  }
}

/// The error for a database sharded otherwise than this run asks.
DatabaseError other_shard_by(const std::string& root, std::string_view recorded, ShardBy asked) {
  return DatabaseError("database '" + root + "' is " +
                       (recorded == "none" ? std::string("not sharded (--shard-by none)")
                                           : "sharded by " + std::string(recorded)) +
                       "; this run asks for --shard-by " + std::string(shard_by_name(asked)) +
                       " (pass --rebuild with it to rebuild the database " +
                       (asked == ShardBy::none ? std::string("unsharded")
                                               : "sharded by " + std::string(shard_by_name(asked))) +
                       ")");
}

/// Opens the shards of the archive at @p root, whose undated shard @p first
/// is open (and locked) already, into @p out.
void open_shards(const std::string& root, Xapian::WritableDatabase first, ShardBy by, OpenedDatabase& out,
                 bool check_duplicates = true) {
  const std::string undated_path = root + "/" + std::string(k_undated_shard);
  auto shards = std::make_shared<ShardedArchive>(root, by, out.language);
  refuse_linked_files(undated_path);
  shards->add(std::string(k_undated_shard), std::move(first));
  for (const auto& name : shard_directories(root)) {
    if (name == k_undated_shard) continue;
    const std::string path = root + "/" + name;
    refuse_linked_files(path);
    Xapian::WritableDatabase shard = open_writable(path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS, std::nullopt);
    check_schema(shard, path);
    shards->add(name, shard);
  }
  out.writable = shards->combined();
  out.reader = *out.writable;
  // A run killed between a move's two commits left two copies.
  if (check_duplicates && shards->remove_duplicates(*out.writable) > 0) {
    shards->commit_shards_first();
    out.writable->commit();
    out.note = "removed the second copy of documents an interrupted run was moving between shards";
  }
  shards->write_stub_if_changed();  // a shard a crash left unlisted
  out.archive = std::move(shards);
}

/// --rebuild involving a sharded archive (old, new or both): the old
/// database stays locked and readable; the new one, sharded by @p by, is
/// written in the build directory and swapped in by install_rebuilt().
OpenedDatabase open_sharded_rebuild(const OpenParams& params, ShardBy by, bool old_is_archive) {
  OpenedDatabase out;
  const std::string old_lock = old_is_archive ? params.path + "/" + std::string(k_undated_shard) : params.path;
  out.target = open_writable(old_lock, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS, params.wait_seconds, params.path);
  out.language = params.language.value_or(k_default_language);
  auto dir = std::make_unique<BuildDir>(params.path, params.wait_seconds);
  dir->require_exchange();
  out.path = dir->path() + "/new";
  out.build_dir = std::move(dir);
  out.exists = true;
  if (by == ShardBy::none) {
    out.writable.emplace(out.path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    write_schema_metadata(*out.writable, out.language);
    out.writable->commit();
    out.reader = *out.writable;
    return out;
  }
  create_archive(out.path, out.language, by);
  open_shards(out.path,
              open_writable(out.path + "/" + std::string(k_undated_shard), Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS,
                            std::nullopt),
              by, out);
  return out;
}

} // namespace

void open_part_archive(const std::string& root, ShardBy by, const std::string& language, OpenedDatabase& out) {
  if (exists(root)) throw DatabaseError("temporary archive '" + root + "' exists already");
  if (::mkdir(root.c_str(), 0777) != 0) {
    throw DatabaseError("cannot create temporary archive '" + root + "': " + std::strerror(errno));
  }
  const std::string undated = root + "/" + std::string(k_undated_shard);
  auto shards = std::make_shared<ShardedArchive>(root, by, language);
  shards->make_temporary(Xapian::DB_NO_SYNC);
  shards->add(std::string(k_undated_shard), create_shard(undated, language, by, true, Xapian::DB_NO_SYNC));
  out.path = root;
  out.language = language;
  out.exists = true;
  out.writable = shards->combined();
  out.reader = *out.writable;
  out.archive = std::move(shards);
}

Xapian::doccount merge_part_archives(const std::string& target_root, const std::vector<std::string>& parts,
                                     const std::string& spelling, const std::string& out_root) {
  std::vector<std::string> names = shard_directories(target_root);
  for (const auto& part : parts) {
    for (auto& name : shard_directories(part)) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
    }
  }
  std::sort(names.begin(), names.end(), stub_order);
  if (::mkdir(out_root.c_str(), 0777) != 0) {
    throw DatabaseError("cannot create '" + out_root + "': " + std::strerror(errno));
  }
  Xapian::doccount documents = 0;
  for (const auto& name : names) {
    // The target's shard first (its metadata: schema, language, the
    // archive's shard_by), then the parts in task order: the documents are
    // numbered in each shard as one writer would have numbered them.
    Xapian::Database sources;
    const auto add = [&](const std::string& path) {
      if (exists(path)) sources.add_database(Xapian::Database(path, Xapian::DB_BACKEND_GLASS));
    };
    add(target_root + "/" + name);
    for (const auto& part : parts) add(part + "/" + name);
    if (name == k_undated_shard) add(spelling);
    documents += sources.get_doccount();
    const std::string shard = out_root + "/" + name;
    sources.compact(shard, Xapian::Compactor::FULL);
    record_compaction(shard, Xapian::DB_NO_SYNC);  // the caller syncs the archive before it is swapped in
  }
  write_file_atomically(out_root + "/" + std::string(k_stub_file), stub_text(names), 0666);
  return documents;
}

StoryCounts group_part_stories(const std::vector<std::string>& parts, const near_dup::Rule& rule) {
  Xapian::WritableDatabase all;
  for (const auto& part : parts) {
    for (const auto& name : shard_directories(part)) {
      all.add_database(Xapian::WritableDatabase(part + "/" + name,
                                                Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC));
    }
  }
  StoryChanges every;
  every.all = true;
  const StoryCounts counts = assign_stories(all, rule, every);
  all.commit();
  all.close();
  return counts;
}

void open_merged_archive(const std::string& root, ShardBy by, const std::string& language, OpenedDatabase& out) {
  out.language = language;
  open_shards(root,
              open_writable(root + "/" + std::string(k_undated_shard), Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS,
                            std::nullopt),
              by, out, false);
}

OpenedDatabase open_sharded(const OpenParams& params, std::optional<ShardBy> by) {
  const std::string& root = params.path;
  const std::string undated_path = root + "/" + std::string(k_undated_shard);
  const bool archive = schema::sharded_archive_stub(root).has_value();
  if (archive && !exists(undated_path)) {
    // A stub file directory of another kind, such as a replica kept by
    // xapian-replicate ("auto replica_1"): never written to by the indexer.
    throw DatabaseError("database '" + root + "' holds a Xapian stub file (" + std::string(k_stub_file) +
                        ") but no '" + std::string(k_undated_shard) +
                        "' shard: it is not an archive written by dateline-index --shard-by (a replica kept by "
                        "xapian-replicate? index the primary it copies, docs/scaling.md); choose another --db");
  }
  struct stat st {};
  const bool glass = !archive && ::stat((root + "/iamglass").c_str(), &st) == 0;
  OpenedDatabase out;
  out.path = root;
  out.exists = true;
  try {
    if (params.read_only) {
      if (!archive) {
        if (glass) throw other_shard_by(root, "none", *by);
        out.exists = false;
        out.language = params.language.value_or(k_default_language);
        return out;
      }
      refuse_missing_listed_shards(root);  // else Xapian's "Couldn't stat" for --dry-run
      out.reader = Xapian::Database(root);
      check_schema(out.reader, root);
      out.language = choose_language(out.reader, params);
      return out;
    }
    if (params.rebuild && (archive || glass)) {
      const ShardBy target = by ? *by : recorded_shard_by(root);
      return open_sharded_rebuild(params, target, archive);
    }
    if (glass) throw other_shard_by(root, "none", *by);
    if (!archive) create_archive(root, params.language.value_or(k_default_language), *by);
    // The undated shard first: its write lock is the archive's.
    Xapian::WritableDatabase first = open_writable(undated_path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS,
                                                   params.wait_seconds, root);
    const std::string recorded_text = first.get_metadata(std::string(schema::k_meta_shard_by));
    const ShardBy recorded = parse_shard_by(recorded_text).value_or(ShardBy::none);
    if (recorded == ShardBy::none) {
      throw DatabaseError("database '" + root + "' is a stub file directory, not one written by dateline-index "
                          "--shard-by (no " + std::string(schema::k_meta_shard_by) + "); choose another --db");
    }
    if (by && *by != recorded) throw other_shard_by(root, recorded_text, *by);
    check_schema(first, undated_path);
    refuse_missing_listed_shards(root);  // under the lock: the stub is the one this run would rewrite
    out.language = choose_language(first, params);
    open_shards(root, std::move(first), recorded, out);
  } catch (const Xapian::DatabaseLockError&) {
    throw;
  } catch (const Xapian::Error& e) {
    throw DatabaseError("database '" + root + "': " + e.get_description());
  }
  return out;
}

} // namespace dateline::indexer
