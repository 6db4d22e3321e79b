/** @file searcher_refresh.cpp
 *  @brief An open Searcher over time: what it searches (uuid, metadata and
 *  the shard that holds it), whether the databases were replaced or changed
 *  (refresh, reopening by path), remote shards missing or failed during a
 *  search (dropped with --allow-partial), and the warnings it collects. Not
 *  here: the first opening (searcher_open.cpp), searching (searcher.cpp).
 */
#include "searcher/searcher.hpp"

#include "common/error.hpp"
#include "searcher/remote.hpp"
#include "searcher/shard_select.hpp"

#include <algorithm>
#include <chrono>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <utility>

namespace dateline::searcher {
namespace {

/// "a, b, c".
std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

} // namespace

std::string Searcher::uuid() const {
  std::string out;
  bool skipped = false;
  for (const OpenedShard& shard : m_shards) {
    if (!shard.remote && is_dated_shard(shard.name)) {
      skipped = true;
      continue;
    }
    std::string id = shard.db.get_uuid();
    // A time-sharded archive served whole by xapian-tcpsrv answers with the
    // UUIDs of all its shards, undated/ (which holds the counter) first; a
    // new period adds one. Like a local archive, it is known by the first.
    if (shard.remote && id.find(':') != std::string::npos) {
      id.resize(id.find(':'));
      skipped = true;
    }
    out += (out.empty() ? "" : ":") + id;
  }
  return skipped ? out : m_db.get_uuid();
}

bool Searcher::remote_archives_changed() const {
  for (const OpenedShard& shard : m_shards) {
    if (!shard.remote) continue;
    const std::string opened = shard.db.get_uuid();
    if (opened.find(':') == std::string::npos) continue;  // one database, no stub on the server
    const std::optional<RemoteAddress> address = parse_remote_address(shard.name);
    if (!address) continue;
    try {
      if (open_remote(*address, m_shard_options.timeout).get_uuid() != opened) return true;
    } catch (const Xapian::NetworkError& e) {
      throw DatabaseError("remote shard '" + shard.name + "': " + unreachable_reason(*address, e, m_shard_options.timeout));
    }
  }
  return false;
}

const OpenedShard* Searcher::metadata_shard() const {
  for (const OpenedShard& shard : m_shards) {
    if (shard.remote || !is_dated_shard(shard.name)) return &shard;
  }
  return nullptr;
}

std::string Searcher::metadata(const std::string& key) const {
  if (const OpenedShard* holder = metadata_shard()) return holder->db.get_metadata(key);
  std::vector<std::string> names;
  for (const OpenedShard& shard : m_shards) names.push_back(shard.name);
  throw DatabaseError("the databases searched (" + join_names(names) + ") are all dated shards of time-sharded " +
                      "archives; an archive's metadata (such as --new-since's counter) is in its undated/ shard: " +
                      "search the archive's directory, or list its undated/ shard too");
}

bool Searcher::databases_replaced() const {
  // A database rebuilt in place (created again in the same directory) has a
  // new UUID, read from its version file by Xapian's reopen().
  return m_db.get_uuid() != m_uuid || directories_replaced();
}

bool Searcher::directories_replaced() const {
  for (std::size_t i = 0; i < m_directories.size() && i < m_paths.size(); ++i) {
    struct stat opened{};
    struct stat now{};
    if (m_directories[i].fd < 0) continue;  // not watchable (descriptor limit): the UUID check remains
    if (::fstat(m_directories[i].fd, &opened) != 0) return true;
    if (::stat(m_paths[i].c_str(), &now) != 0) return true;
    if (opened.st_dev != now.st_dev || opened.st_ino != now.st_ino) return true;
  }
  return false;
}

void Searcher::reopen_replaced() {
  // A database swapped in whole (or deleted and created again) is another
  // directory: the open one still reads the old files, and Xapian's reopen()
  // would mix the new version file with them. Open it again by path; while
  // it is absent or not yet valid, wait a little and try again.
  for (int attempt = 1;; ++attempt) {
    try {
      const std::string language = open_by_path();
      if (language != m_language) {
        throw DatabaseError("the stemming language of the database changed from '" + m_language + "' to '" +
                            language + "' while searching; search again");
      }
      return;
    } catch (const DatabaseError&) {
      if (attempt >= k_max_reopen_attempts) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 << attempt));
  }
}

void Searcher::set_missing(const std::vector<MissingShard>& missing) {
  m_missing.clear();
  for (const MissingShard& shard : missing) {
    m_missing.push_back(shard.name);
    if (std::find(m_warned_missing.begin(), m_warned_missing.end(), shard.name) != m_warned_missing.end()) continue;
    m_warned_missing.push_back(shard.name);
    m_warnings.push_back("warning: answering without remote shard '" + shard.name + "' (" + shard.reason +
                         "; --allow-partial)");
  }
  const bool any_remote = std::any_of(m_shards.begin(), m_shards.end(), [](const OpenedShard& s) { return s.remote; });
  if (any_remote && !m_spelling_noted) {
    m_spelling_noted = true;
    m_spelling_note = "note: spelling suggestions and synonyms come from local shards only (Xapian's remote "
                      "backend serves neither; docs/scaling.md)";
  }
}

std::vector<std::string> Searcher::take_warnings() {
  std::vector<std::string> out = std::move(m_warnings);
  m_warnings.clear();
  return out;
}

void Searcher::drop_failed_shards(const Xapian::Error& error, bool may_drop) {
  // Which remote shard failed: the ones that no longer answer a keep-alive
  // (each bounded by --timeout). The local ones report their own errors.
  std::vector<std::string> dead;
  std::vector<MissingShard> missing;
  for (const std::string& name : m_missing) missing.push_back({name, {}});  // warned already
  std::vector<OpenedShard> alive;
  for (OpenedShard& shard : m_shards) {
    bool ok = true;
    if (shard.remote) {
      try {
        shard.db.keep_alive();
      } catch (const Xapian::Error& e) {
        ok = false;
        missing.push_back({shard.name, "it failed during the search (timeout " + seconds_text(m_shard_options.timeout) +
                                           "): " + e.get_msg()});
      }
    }
    if (ok) {
      alive.push_back(shard);
    } else {
      dead.push_back(shard.name);
    }
  }
  if (dead.empty()) {
    std::vector<std::string> remote;
    for (const OpenedShard& shard : m_shards) {
      if (shard.remote) remote.push_back(shard.name);
    }
    throw DatabaseError("a remote shard failed during the search (" + join_names(remote) + "): " +
                        error.get_description());
  }
  const std::string names = "'" + join_names(dead) + "'";
  if (!may_drop || !m_shard_options.allow_partial || alive.empty()) {
    throw DatabaseError("remote shard " + names + " failed during the search (timeout " +
                        seconds_text(m_shard_options.timeout) + "): " + error.get_description() +
                        (m_shard_options.allow_partial ? "" : " (--allow-partial answers without it)"));
  }
  m_shards = std::move(alive);
  set_missing(missing);
  m_db = combine(m_shards);
  forget_stories();
  m_uuid = m_db.get_uuid();
}

void Searcher::forget_stories() noexcept {
  m_story_copies.reset();
  m_story_pages = 0;
}

void Searcher::refresh() {
  try {
    (void)refresh_databases();
  } catch (const Xapian::NetworkError& e) {
    drop_failed_shards(e, true);
  }
}

bool Searcher::refresh_databases() {
  if (directories_replaced()) {
    reopen_replaced();
    return true;
  }
  bool moved = false;
  try {
    moved = m_db.reopen();
  } catch (const Xapian::DatabaseError&) {
    // A change under the reopen itself: open again by path.
    reopen_replaced();
    return true;
  }
  // reopen() reads the version file even when the revision number is the
  // same, so a database created again in place shows up as a new UUID.
  if (databases_replaced()) {
    reopen_replaced();
    return true;
  }
  if (moved) forget_stories();
  return moved;
}

} // namespace dateline::searcher
