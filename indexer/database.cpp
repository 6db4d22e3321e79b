/** @file database.cpp
 *  @brief Safe opening of the writable index.
 */
#include "indexer/database.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"
#include "common/text_analyzer.hpp"
#include "indexer/options.hpp"

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

Xapian::WritableDatabase open_writable(const std::string& path, int flags, std::optional<double> wait_seconds) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(wait_seconds.value_or(0.0)));
  for (;;) {
    try {
      return Xapian::WritableDatabase(path, flags);
    } catch (const Xapian::DatabaseLockError& e) {
      if (!wait_seconds || std::chrono::steady_clock::now() >= deadline) {
        throw DatabaseLockedError("database '" + path +
                                  "' is locked: another indexer holds it" +
                                  (wait_seconds ? " (gave up after --wait)" : " (use --wait SECONDS to wait)"));
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

} // namespace

OpenedDatabase open_database(const OpenParams& params) {
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
    const int flags = Xapian::DB_BACKEND_GLASS |
                      (params.rebuild ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN);
    out.writable = open_writable(params.path, flags, params.wait_seconds);
    out.reader = *out.writable;
    out.exists = true;
    check_schema(out.reader, params.path);
    out.language = choose_language(out.reader, params);
  } catch (const Xapian::DatabaseLockError&) {
    throw;  // handled in open_writable; not reached
  } catch (const Xapian::Error& e) {
    throw DatabaseError("database '" + params.path + "': " + e.get_description() +
                        (params.rebuild ? "" : " (to start over, pass --rebuild)"));
  }
  return out;
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
