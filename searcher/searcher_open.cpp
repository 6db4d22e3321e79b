/** @file searcher_open.cpp
 *  @brief Opening a Searcher's databases: every --db (glass directories,
 *  remote addresses, stub files, time-sharded archives) opened and checked,
 *  retried while a writer commits, a database that cannot be opened
 *  explained (missing, empty, a folder of articles...), and the directories
 *  watched from before the opening; unique_databases. Not here: what is
 *  checked and reopened afterwards (searcher_refresh.cpp), searching
 *  (searcher.cpp).
 */
#include "searcher/searcher.hpp"

#include "common/archive_shards.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"
#include "searcher/change_retry.hpp"
#include "searcher/remote.hpp"
#include "searcher/shard_select.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace dateline::searcher {
namespace {

/// True when the first few hundred entries within three levels of @p dir
/// include an article file (*.txt, dateline-index's default --include).
bool looks_like_articles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (int seen = 0; !ec && it != fs::recursive_directory_iterator() && seen < 500; it.increment(ec), ++seen) {
    if (it.depth() >= 3) it.disable_recursion_pending();
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && it->path().extension() == ".txt") return true;
  }
  return false;
}

/// Why @p path cannot be a glass database, found by looking at it: throws a
/// DatabaseError naming the cause, or returns when nothing looks wrong (then
/// Xapian's own message is the best there is). Run only after opening failed,
/// so a search costs no extra system calls.
void explain_unopenable(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw DatabaseError("database '" + path + "' does not exist (build it with dateline-index --db " + path +
                        " FOLDER, or pass the --db you indexed into)");
  }
  if (!std::filesystem::is_directory(status)) {
    throw DatabaseError("database '" + path + "' is not a directory (glass database directories, stub files and remote HOST:PORT are opened)");
  }
  if (::access(path.c_str(), R_OK | X_OK) != 0) {
    throw DatabaseError("database '" + path + "' is not readable: " + std::strerror(errno));
  }
  const std::string version_file = path + "/iamglass";
  if (::access(version_file.c_str(), F_OK) != 0) {
    // Every hint names a command that works: dateline-index builds into an
    // empty directory but refuses to write into any other one.
    const bool empty = std::filesystem::is_empty(path, ec);
    if (empty && !ec) {
      throw DatabaseError("database '" + path + "' is an empty directory, not a Dateline database (build one there with "
                          "dateline-index --db " + path + " FOLDER)");
    }
    if (looks_like_articles(path)) {
      throw DatabaseError("'" + path + "' looks like a folder of articles, not a database: index it with "
                          "dateline-index --db DB " + path + ", then search DB with --db DB");
    }
    throw DatabaseError("database '" + path + "' is a directory without a Xapian glass database (no iamglass), not a "
                        "Dateline database (pass the directory that dateline-index --db created)");
  }
  if (::access(version_file.c_str(), R_OK) != 0) {
    // Xapian would report a permission problem as "couldn't detect type".
    throw DatabaseError("database '" + path + "' is not readable: " + version_file + ": " + std::strerror(errno));
  }
}

/// Opens @p path as a glass database and checks it is a Dateline database of
/// our schema version; returns its stemming language.
std::string open_one(const std::string& path, std::vector<OpenedShard>& shards) {
  Xapian::Database db;
  std::string version;
  std::string language;
  // A writer committing twice while this reader opens the database (or reads
  // its metadata) discards the revision being read: DatabaseModifiedError,
  // or DatabaseOpeningError / a short read while the version file and tables
  // change. That is a race, not damage: open again, a bounded number of
  // times; a database that is really damaged fails the same way every time.
  for (int attempt = 1;; ++attempt) {
    try {
      db = Xapian::Database(path, Xapian::DB_BACKEND_GLASS);
      version = db.get_metadata(std::string(schema::k_meta_schema_version));
      language = db.get_metadata(std::string(schema::k_meta_language));
      break;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= k_max_open_attempts) {
        throw DatabaseError("database '" + path + "' kept changing while it was opened (" +
                            std::to_string(attempt) + " attempts: " + e.get_msg() + "); search again");
      }
    } catch (const Xapian::DatabaseError& e) {  // Corrupt, Opening, NotFound, Version, and plain short reads
      if (attempt >= k_max_open_attempts) {
        if (e.get_type() == std::string("DatabaseCorruptError")) {
          throw DatabaseError("database '" + path + "' is corrupt: " + e.get_description() +
                              " (check it with xapian-check; rebuild it with dateline-index --rebuild)");
        }
        explain_unopenable(path);
        throw DatabaseError("database '" + path + "' cannot be opened: " + e.get_description() +
                            " (damaged or unreadable; check it with xapian-check, rebuild it with "
                            "dateline-index --rebuild)");
      }
      if (attempt == 1) explain_unopenable(path);  // not a database at all: no point in retrying
    } catch (const Xapian::Error& e) {
      explain_unopenable(path);
      throw DatabaseError("database '" + path + "' cannot be opened: " + e.get_description() +
                          " (damaged or unreadable; check it with xapian-check, rebuild it with dateline-index --rebuild)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
  }
  language = checked_language(path, version, std::move(language));  // #15.4: shared with remote shards
  shards.push_back({path, db, false});
  return language;
}

/// The stub files of the time-sharded archives among @p paths, as read now.
/// Read before and after opening: the indexer lists a new period's shard in
/// the stub before any article goes in and commits undated/ (which holds the
/// saved searches' counter) last, so a stub unchanged across the opening
/// lists every shard holding an article the opened counter covers. A stub
/// that changed meanwhile means a shard may be missing: open again.
std::string archive_stub_texts(const std::vector<std::string>& paths) {
  std::string out;
  for (const std::string& path : paths) {
    if (const std::optional<std::string> stub = schema::sharded_archive_stub(path)) {
      std::ifstream in(*stub, std::ios::binary);
      out += std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()) + '\0';
    }
  }
  return out;
}

/// open_one for the local entry @p entry of a stub file. An entry that is not
/// there is named with its stub file and line: for a shard that the
/// time-sharded archive @p archive (the --db given, "" for a stub file)
/// lists in its own stub (a replica whose stub arrived before the shard, a
/// shard moved away), with the archive and what to do on a replica and on the
/// primary; for any other entry (a stub written by hand), as what is missing,
/// without advice to build or rebuild a database that the stub only names.
/// Looked at only after opening failed. Other errors name the stub file and
/// line too, except for an archive's own shards, named by their path.
std::string open_listed(const std::string& archive, const StubEntry& entry, std::vector<OpenedShard>& shards) {
  try {
    return open_one(entry.path, shards);
  } catch (const DatabaseError& e) {
    struct stat st{};
    if (::lstat(entry.path.c_str(), &st) != 0 && errno == ENOENT) {
      throw DatabaseError(missing_stub_database(archive, entry));
    }
    if (!archive.empty() && entry.stub == stub_file_of(archive)) throw;
    throw DatabaseError(entry.where() + ": " + e.what());
  }
}

/// How a stub entry is named in messages: its path, or "host:port".
std::string entry_name(const StubEntry& entry) {
  return entry.kind == StubKind::remote_tcp ? remote_address_of(entry).name() : entry.path;
}

/// Opens every --db: a glass directory, a remote address (#15.4) or a stub
/// file listing either (its programs never run). Remote shards that cannot
/// be reached are listed in @p missing with options.allow_partial.
std::string open_all(const std::vector<std::string>& paths, const ShardOptions& options,
                     std::vector<OpenedShard>& shards, std::vector<MissingShard>& missing, ShardTally& tally) {
  if (paths.empty()) throw UsageError("no database given");
  std::string language;
  const auto add = [&](const std::string& name, const std::string& db_language) {
    if (db_language.empty()) return;  // a missing remote shard
    if (language.empty()) {
      language = db_language;
    } else if (language != db_language) {
      throw DatabaseError("databases use different stemming languages ('" + language + "' and '" + db_language +
                          "' in '" + name + "'); search them separately");
    }
  };
  for (const std::string& path : paths) {
    if (const std::optional<RemoteAddress> address = parse_remote_address(path)) {
      add(address->name(), open_remote_shard(*address, options, shards, missing));
    } else if (schema::sharded_archive_stub(path)) {
      // A time-sharded archive (#15.3): its stub, without the shards the dates rule out.
      for (const StubEntry& entry : searched_stub_entries(path)) {
        ++tally.listed;
        if (entry.local() && shard_outside(entry.path, options.dates)) {
          ++tally.skipped;
          continue;
        }
        add(entry_name(entry), entry.local() ? open_listed(path, entry, shards)
                                             : open_remote_shard(remote_address_of(entry), options, shards, missing));
      }
    } else if (is_stub(path)) {
      for (const StubEntry& entry : searched_stub_entries(path)) {
        add(entry_name(entry), entry.local() ? open_listed("", entry, shards)
                                             : open_remote_shard(remote_address_of(entry), options, shards, missing));
      }
    } else {
      add(path, open_one(path, shards));
    }
  }
  if (shards.empty()) {
    std::string why;
    for (const MissingShard& shard : missing) why += (why.empty() ? "" : "; ") + shard.name + ": " + shard.reason;
    throw DatabaseError("no shard could be opened (" + why + ")");
  }
  return language;
}

} // namespace

UniqueDatabases unique_databases(const std::vector<std::string>& paths) {
  struct Seen {
    bool has_identity = false;
    dev_t device = 0;
    ino_t inode = 0;
    std::string path;
  };
  std::vector<Seen> seen;
  UniqueDatabases out;
  for (const std::string& path : paths) {
    Seen current;
    current.path = path;
    struct stat st{};
    if (::stat(path.c_str(), &st) == 0) {
      current.has_identity = true;
      current.device = st.st_dev;
      current.inode = st.st_ino;
    }
    const auto same = std::find_if(seen.begin(), seen.end(), [&](const Seen& earlier) {
      if (earlier.has_identity && current.has_identity) {
        return earlier.device == current.device && earlier.inode == current.inode;
      }
      return !earlier.has_identity && !current.has_identity && earlier.path == current.path;
    });
    if (same != seen.end()) {
      out.repeats.emplace_back(path, same->path);
      continue;
    }
    seen.push_back(current);
    out.paths.push_back(path);
  }
  // A shard of an archive also given: its articles are the archive's.
  std::vector<std::string> kept;
  for (const std::string& path : out.paths) {
    const std::optional<std::string> archive = archive_of_shard(path);
    struct stat st{};
    if (archive && ::stat(archive->c_str(), &st) == 0) {
      const auto given = std::find_if(seen.begin(), seen.end(), [&](const Seen& other) {
        return other.has_identity && other.device == st.st_dev && other.inode == st.st_ino;
      });
      if (given != seen.end()) {
        out.shards.emplace_back(path, given->path);
        continue;
      }
    }
    kept.push_back(path);
  }
  out.paths = std::move(kept);
  return out;
}

Searcher::Searcher(const std::vector<std::string>& paths, const ShardOptions& shards)
    : m_paths(paths),
      m_shard_options(shards),
      m_language(open_by_path()),
      m_analyzer(m_language),
      m_builder(m_language),
      m_rewriter(m_analyzer) {}

Searcher::~Searcher() { close_directories(); }

void Searcher::close_directories() noexcept {
  for (const WatchedDirectory& dir : m_directories) {
    if (dir.fd >= 0) ::close(dir.fd);
  }
  m_directories.clear();
}

std::string Searcher::open_by_path() {
  // The directory descriptors are opened before the databases and compared
  // with the paths after them: a swap in between is seen and the opening
  // repeated, so the databases searched are the directories watched.
  ChangeRetry changes;
  for (int attempt = 1;; ++attempt) {
    close_directories();
    for (const std::string& path : m_paths) {
      WatchedDirectory dir;
      dir.fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      m_directories.push_back(dir);  // -1 when it cannot be opened: open_all explains why
    }
    std::vector<OpenedShard> shards;
    std::vector<MissingShard> missing;
    ShardTally tally;
    std::string language;
    const std::string stubs = archive_stub_texts(m_paths);
    try {
      language = open_all(m_paths, m_shard_options, shards, missing, tally);
    } catch (const Xapian::DatabaseModifiedError& e) {
      // Commits in quick succession (dateline-index --commit-every 1) can
      // discard the revision being opened: open again.
      close_directories();
      if (!changes.wait_before_retry()) {
        throw DatabaseError("the database kept changing while it was opened (" + changes.summary() +
                            "): " + e.get_msg());
      }
      continue;
    } catch (...) {
      close_directories();
      throw;
    }
    // #12.3 on a time-sharded archive: a shard listed while opening (a new
    // period) may hold articles the opened counter covers: open again.
    if ((!directories_replaced() && archive_stub_texts(m_paths) == stubs) || attempt >= k_max_reopen_attempts) {
      m_shards = std::move(shards);
      m_tally = tally;
      set_missing(missing);
      m_db = combine(m_shards);
      forget_stories();
      m_uuid = m_db.get_uuid();
      return language;
    }
  }
}

} // namespace dateline::searcher
