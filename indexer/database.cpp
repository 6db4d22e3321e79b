/** @file database.cpp
 *  @brief Safe opening of the writable index; first builds and rebuilds beside it.
 */
#include "indexer/database.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"
#include "common/text_analyzer.hpp"
#include "indexer/options.hpp"
#include "indexer/shards.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>
#include <thread>

namespace dateline::indexer {
namespace {

enum class PathKind { missing, empty_dir, glass_db, other_dir, not_dir };

PathKind inspect_path(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      return PathKind::missing;
    }
    throw DatabaseError("database '" + path + "': " + std::strerror(errno));
  }
  if (!S_ISDIR(st.st_mode)) {
    return PathKind::not_dir;
  }
  // "flintlock" without "iamglass" is a database another indexer is creating
  // right now (Xapian makes the lock file first): opening it meets the lock
  // (exit 75), or finishes a creation a crash interrupted.
  if (::stat((path + "/iamglass").c_str(), &st) == 0 || ::stat((path + "/flintlock").c_str(), &st) == 0) {
    return PathKind::glass_db;
  }
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) {
    throw DatabaseError("database '" + path + "': " + std::strerror(errno));
  }
  bool empty = true;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") {
      empty = false;
      break;
    }
  }
  ::closedir(dir);
  return empty ? PathKind::empty_dir : PathKind::other_dir;
}

} // namespace

/// Refuses a database directory holding a symbolic link (or anything but
/// regular files): Xapian would write through a table file linked elsewhere
/// (issue 14 item 6), overwriting whatever the link names.
void refuse_linked_files(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) {
    throw DatabaseError("database '" + path + "': " + std::strerror(errno));
  }
  std::string bad;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    struct stat st {};
    if (name == "." || name == ".." || ::lstat((path + "/" + name).c_str(), &st) != 0) {
      continue;
    }
    if (!S_ISREG(st.st_mode)) {
      bad = name;
      break;
    }
  }
  ::closedir(dir);
  if (!bad.empty()) {
    throw DatabaseError("database '" + path + "' holds '" + bad +
                        "', which is not a regular file (a symbolic link?); refusing to write through it");
  }
}

Xapian::WritableDatabase open_writable(const std::string& path, int flags, std::optional<double> wait_seconds,
                                       const std::string& named_as) {
  const std::string& name = named_as.empty() ? path : named_as;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(wait_seconds.value_or(0.0)));
  for (;;) {
    try {
      return Xapian::WritableDatabase(path, flags);
    } catch (const Xapian::DatabaseLockError& e) {
      // Xapian reports every failure to take the lock this way; only
      // "already locked" is another indexer. The rest (a lock file this user
      // cannot open or create) is not temporary: waiting or skipping would
      // hide it for ever.
      if (e.get_msg().find("already locked") == std::string::npos) {
        throw DatabaseError("database '" + name + "': cannot take its write lock: " + e.get_msg() +
                            " (the database directory and its files must be writable by this user)");
      }
      if (!wait_seconds || std::chrono::steady_clock::now() >= deadline) {
        throw DatabaseLockedError("database '" + name + "' is locked: another indexer holds it" +
                                  std::string(wait_seconds ? " (gave up after waiting)" : k_lock_hint));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

void check_schema(const Xapian::Database& db, const std::string& path) {
  const std::string version = db.get_metadata(std::string(schema::k_meta_schema_version));
  if (version.empty()) {
    if (db.get_doccount() > 0) {
      throw DatabaseError("database '" + path +
                          "' was not written by dateline-index (no schema version); "
                          "choose another --db or pass --rebuild to replace it");
    }
    return;
  }
  if (version != std::to_string(schema::k_schema_version)) {
    throw DatabaseError("database '" + path + "' has schema version " + version +
                        ", this dateline-index writes version " + std::to_string(schema::k_schema_version) +
                        "; rebuild it with --rebuild");
  }
}

std::string choose_language(const Xapian::Database& db, const OpenParams& params) {
  const std::string stored = db.get_metadata(std::string(schema::k_meta_language));
  if (stored.empty() || params.rebuild) {
    return params.language.value_or(k_default_language);
  }
  if (params.language && *params.language != stored) {
    throw UsageError("--language " + *params.language + ": database '" + params.path +
                     "' was built with language " + stored +
                     "; pass --rebuild to rebuild it with another language");
  }
  if (!TextAnalyzer::is_known_language(stored)) {
    throw DatabaseError("database '" + params.path + "' names an unknown language '" + stored + "'");
  }
  return stored;
}

namespace {

/// Whether --rebuild gets past @p e, so the hint may suggest it: not for
/// permissions, a read-only file system or a full disk.
bool rebuild_would_help(const Xapian::Error& e) {
  // DatabaseError itself: "EOF reading block N" and the like, a damaged table.
  const std::string type = e.get_type();
  if (type != "DatabaseCorruptError" && type != "DatabaseVersionError" && type != "DatabaseOpeningError" &&
      type != "DatabaseNotFoundError" && type != "DatabaseError") {
    return false;
  }
  const char* cause = e.get_error_string();
  for (const int error : {EACCES, EPERM, EROFS, ENOSPC, EDQUOT, EIO}) {
    if (cause != nullptr && std::string(cause) == std::strerror(error)) {
      return false;
    }
  }
  return true;
}

/// Creates a missing database (or one in an empty directory) in the build
/// directory, commits its schema version and language, and moves it into
/// place atomically, so a reader finds no database or a valid empty one. Two
/// runs doing this at once are kept apart by the build directory's flock;
/// the later one finds the database there and opens it. Returns false when
/// it cannot be done for an empty directory (no atomic exchange, or no room
/// beside it in an unwritable parent): the caller then lets Xapian create the
/// database in place, committing the schema version at once.
bool create_beside(const OpenParams& params, PathKind kind) {
  std::optional<BuildDir> build;
  try {
    build.emplace(params.path, params.wait_seconds, params.reporter);
  } catch (const DatabaseLockedError&) {
    throw;
  } catch (const DatabaseError&) {
    if (kind == PathKind::empty_dir) {
      return false;  // an unwritable parent, but the directory itself may be writable
    }
    throw;
  }
  const BuildDir& dir = *build;
  const PathKind now = inspect_path(params.path);
  if (now != PathKind::missing && now != PathKind::empty_dir) {
    return true;  // another run created it meanwhile
  }
  if (now == PathKind::empty_dir) {
    try {
      dir.require_exchange();
    } catch (const DatabaseError&) {
      return false;
    }
  }
  const std::string fresh = dir.path() + "/new";
  {
    Xapian::WritableDatabase db(fresh, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    write_schema_metadata(db, params.language.value_or(k_default_language));
    db.commit();
    db.close();
  }
  sync_directory_tree(fresh);
  if (now == PathKind::empty_dir) {
    copy_database_permissions(dir.db_real_path(), fresh);
    swap_directories(fresh, dir.db_real_path());  // the empty directory goes with the build directory
  } else {
    rename_into_place(fresh, dir.db_real_path());
  }
  return true;
}

OpenedDatabase open_in_place(const OpenParams& params, int flags) {
  OpenedDatabase out;
  out.writable = open_writable(params.path, flags, params.wait_seconds);
  out.reader = *out.writable;
  out.path = params.path;
  out.exists = true;
  return out;
}

/// --rebuild of an existing database: lock it, leave it to readers, and
/// start the new one in the build directory.
OpenedDatabase open_for_rebuild(const OpenParams& params) {
  OpenedDatabase out;
  try {
    out.target = open_writable(params.path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS, params.wait_seconds);
  } catch (const Xapian::DatabaseLockError&) {
    throw;  // handled in open_writable; not reached
  } catch (const Xapian::Error& e) {
    // Unreadable (corrupt, or a creation a crash interrupted): readers cannot
    // use it either, so there is nothing to keep. Start over in place.
    out = open_in_place(params, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    out.note = "the old database could not be opened (" + e.get_description() + "); rebuilt in place";
    return out;
  }
  std::unique_ptr<BuildDir> dir;
  try {
    dir = std::make_unique<BuildDir>(params.path, params.wait_seconds, params.reporter);
    dir->require_exchange();
  } catch (const DatabaseLockedError&) {
    throw;
  } catch (const DatabaseError& e) {
    // No room beside it (an unwritable parent) or no atomic exchange (NFS):
    // rebuild as before rather than not at all.
    dir.reset();
    out.target.reset();  // lets go of the lock for a moment: reopened below, overwriting
    OpenedDatabase in_place = open_in_place(params, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    in_place.note = std::string(e.what()) + "; rebuilt in place (readers see an empty database meanwhile)";
    return in_place;
  }
  out.path = dir->path() + "/new";
  out.build_dir = std::move(dir);
  out.writable.emplace(out.path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  out.reader = *out.writable;
  out.exists = true;
  return out;
}

} // namespace

OpenedDatabase open_database(const OpenParams& params) {
  // Time-based shards (#15.3): an archive, or --shard-by year|month.
  const std::optional<ShardBy> shard_by = params.shard_by ? parse_shard_by(*params.shard_by) : std::nullopt;
  if (schema::sharded_archive_stub(params.path) || (shard_by && *shard_by != ShardBy::none)) {
    return open_sharded(params, shard_by);
  }
  if (const std::optional<std::string> archive = archive_of_shard(params.path)) {
    throw DatabaseError("database '" + params.path + "' is one shard of the time-sharded archive '" + *archive +
                        "': its articles are placed by date, so it is written only through the archive (--db " +
                        *archive + "); --info describes a shard");
  }
  const PathKind kind = inspect_path(params.path);
  if (kind == PathKind::not_dir) {
    throw DatabaseError("database '" + params.path +
                        "' exists and is not a directory; refusing to open or overwrite it "
                        "(stub files are not accepted)");
  }
  if (kind == PathKind::other_dir) {
    throw DatabaseError("database '" + params.path +
                        "' is a directory that is not a Xapian database; refusing to write into it "
                        "(choose another --db)");
  }
  OpenedDatabase out;
  try {
    if (params.read_only) {
      if (kind == PathKind::glass_db) {
        out.reader = Xapian::Database(params.path, Xapian::DB_BACKEND_GLASS);
        out.exists = true;
        check_schema(out.reader, params.path);
      }
      out.language = out.exists ? choose_language(out.reader, params)
                                : params.language.value_or(k_default_language);
      return out;
    }
    if (kind == PathKind::glass_db) {
      refuse_linked_files(params.path);
    }
    const bool created = (kind == PathKind::missing || kind == PathKind::empty_dir) && create_beside(params, kind);
    if (params.rebuild && kind == PathKind::glass_db) {
      out = open_for_rebuild(params);
    } else {
      // A database created just now is new: nothing to rebuild.
      out = open_in_place(params, Xapian::DB_BACKEND_GLASS | (params.rebuild && !created
                                                                  ? Xapian::DB_CREATE_OR_OVERWRITE
                                                                  : Xapian::DB_CREATE_OR_OPEN));
      check_schema(out.reader, params.path);
    }
    out.language = choose_language(out.reader, params);
    const bool unversioned = out.reader.get_metadata(std::string(schema::k_meta_schema_version)).empty();
    if (out.build_dir || unversioned) {  // created in place: the version in the very first commit
      write_schema_metadata(*out.writable, out.language);
      out.writable->commit();  // the new database is valid from its first commit
    }
  } catch (const Xapian::DatabaseLockError&) {
    throw;  // handled in open_writable; not reached
  } catch (const Xapian::Error& e) {
    throw DatabaseError("database '" + params.path + "': " + e.get_description() +
                        (!params.rebuild && rebuild_would_help(e) ? " (to start over, pass --rebuild)" : ""));
  }
  return out;
}

void install_rebuilt(OpenedDatabase& db) {
  if (!db.target || !db.build_dir) {
    return;
  }
  const std::string& target = db.build_dir->db_real_path();
  sync_directory_tree(db.path);
  copy_database_permissions(target, db.path);
  swap_directories(db.path, target);
  // a glass database, or a sharded archive's directory (its stub file, #15.3)
  db.reader = schema::sharded_archive_stub(target) ? Xapian::Database(target) : Xapian::Database(target, Xapian::DB_BACKEND_GLASS);
}

void keep_old_database(OpenedDatabase& db) {
  if (db.target) {
    db.reader = *db.target;
    // an old sharded archive (#15.3): the target is its undated shard, held for the lock
    if (db.build_dir && schema::sharded_archive_stub(db.build_dir->db_real_path())) {
      db.reader = Xapian::Database(db.build_dir->db_real_path());
    }
  }
}

void write_schema_metadata(Xapian::WritableDatabase& db, const std::string& language) {
  const std::string version = std::to_string(schema::k_schema_version);
  const std::string version_key(schema::k_meta_schema_version);
  const std::string language_key(schema::k_meta_language);
  if (db.get_metadata(version_key) != version) {
    db.set_metadata(version_key, version);
  }
  if (db.get_metadata(language_key) != language) {
    db.set_metadata(language_key, language);
  }
}

} // namespace dateline::indexer
