/** @file searcher.cpp
 *  @brief Database opening and checks, matching, hits, snippets, spelling, explain.
 */
#include "searcher/searcher.hpp"

#include "searcher/ranking.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"
#include "searcher/change_retry.hpp"
#include "searcher/match_set.hpp"
#include "searcher/like.hpp"
#include "searcher/oldest_first.hpp"
#include "searcher/remote.hpp"
#include "searcher/similar_to.hpp"
#include "searcher/story.hpp"
#include "searcher/weighting.hpp"
#include "searcher/window_page.hpp"

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
#include <tuple>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace dateline::searcher {
namespace {

/// True when @p a and @p b (normalised terms) begin with the same UTF-8 character.
bool same_first_character(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  const auto lead = static_cast<unsigned char>(a.front());
  const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  return a.size() >= length && b.size() >= length && a.substr(0, length) == b.substr(0, length);
}

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

/// "a, b, c".
std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
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
    if (const std::optional<std::string> stub = archive_stub(path)) {
      std::ifstream in(*stub, std::ios::binary);
      out += std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()) + '\0';
    }
  }
  return out;
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
    } else if (const std::optional<std::string> stub = archive_stub(path)) {
      // A time-sharded archive (#15.3): its stub, without the shards the dates rule out.
      for (const StubEntry& entry : read_stub_file(*stub)) {
        ++tally.listed;
        if (!entry.remote && shard_outside(entry.path, options.dates)) {
          ++tally.skipped;
          continue;
        }
        add(entry.path, entry.remote ? open_remote_shard(*entry.remote, options, shards, missing)
                                     : open_one(entry.path, shards));
      }
    } else if (is_stub_file(path)) {
      for (const StubEntry& entry : read_stub_file(path)) {
        add(entry.path, entry.remote ? open_remote_shard(*entry.remote, options, shards, missing)
                                     : open_one(entry.path, shards));
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

/// Sort key: the date value, with undated articles last in both orders.
class DateKeyMaker : public Xapian::KeyMaker {
public:
  explicit DateKeyMaker(bool newest_first) : m_newest_first(newest_first) {}
  std::string operator()(const Xapian::Document& doc) const override {
    std::string date = doc.get_value(schema::k_slot_date);
    if (date.empty()) return m_newest_first ? std::string() : std::string("\xFF");
    return date;
  }

private:
  bool m_newest_first;
};

/// --like (#11.3): the given articles' expansion terms (into @p like and
/// @p expansion), narrowed by the query (which then counts in the ranking
/// too) or by --since/--until alone, without the given articles and their copies.
Xapian::Query more_like_this(const Xapian::Database& db, const std::string& language, const QueryBuilder& builder,
                             const SearchRequest& request, const RewrittenQuery& rewritten, const BuildOptions& build,
                             std::vector<LikeArticle>& like, std::vector<std::string>& expansion) {
  like = resolve_like(db, request.like);
  expansion = like_terms(db, like, language);
  if (expansion.empty()) {
    throw UsageError("option --like: the given articles share no searchable word with any other article");
  }
  Xapian::Query query = like_query(expansion);
  if (!rewritten.text.empty()) {
    query = Xapian::Query(Xapian::Query::OP_AND, query, builder.build(rewritten, build, db));
  } else if (request.since || request.until) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, date_range_query(request.since, request.until));
  }
  return Xapian::Query(Xapian::Query::OP_AND_NOT, query, like_exclusion(like));
}

/// --recency (#11.2): the bonus's settings for @p query, or nullopt without
/// --recency or when no article is dated. The bonus is scaled to the query's
/// highest possible text score (Xapian's bound, known once the posting lists
/// are open; no document is matched), returned in @p max_text_score.
std::optional<RecencySettings> recency_settings(const Xapian::Database& db, const Xapian::Query& query,
                                                const SearchRequest& request, const Bm25Parameters& bm25,
                                                double& max_text_score, std::optional<Date>& passed_over) {
  if (!request.recency_half_life_days) return std::nullopt;
  // By default the newest date not after today: a far-future typo must not
  // make every real article centuries old.
  const DefaultNow by_default = request.now ? DefaultNow{} : default_now(db, latest_current_date());
  const std::optional<Date> now = request.now ? request.now : by_default.now;
  if (!now) return std::nullopt;  // no dated article: no bonus to give
  passed_over = by_default.passed_over;
  Xapian::Enquire probe(db);
  probe.set_query(query);
  probe.set_weighting_scheme(*make_weight(request.ranking.weighting, bm25));
  max_text_score = probe.get_mset(0, 0).get_max_possible();
  RecencySettings settings;
  settings.half_life_days = *request.recency_half_life_days;
  settings.weight = request.recency_weight * (max_text_score > 0.0 ? max_text_score : 1.0);
  settings.now = *now;
  return settings;
}

/// --explain's account of --recency, --like and --specific-bm25-b.
void explain_ranking(Explanation& e, const std::optional<RecencySettings>& recency, double weight, double max_text_score,
                     const std::optional<Date>& passed_over, const std::vector<std::string>& like_terms,
                     const std::optional<Explanation::LengthNormalisation>& length_note) {
  e.length_normalisation = length_note;
  if (recency) {
    e.recency = Explanation::Recency{recency->half_life_days, weight, max_text_score, recency->weight, recency->now.iso(),
                                     passed_over ? passed_over->iso() : std::string()};
  }
  e.like_terms = like_terms;
}

std::string iso_or_empty(const std::optional<Date>& date) { return date ? date->iso() : std::string(); }

/// @p root / @p relative as std::filesystem::path's operator/ joins them
/// (an absolute @p relative replaces the root), without building paths.
std::string join_path(const std::string& root, const std::string& relative) {
  if (root.empty() || relative.starts_with('/')) return relative;
  if (relative.empty()) return root.ends_with('/') ? root : root + '/';
  return root.ends_with('/') ? root + relative : root + '/' + relative;
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
    refresh_databases();
  } catch (const Xapian::NetworkError& e) {
    drop_failed_shards(e, true);
  }
}

void Searcher::refresh_databases() {
  if (directories_replaced()) {
    reopen_replaced();
    return;
  }
  try {
    if (m_db.reopen()) forget_stories();
  } catch (const Xapian::DatabaseError&) {
    // A change under the reopen itself: open again by path.
    reopen_replaced();
    return;
  }
  // reopen() reads the version file even when the revision number is the
  // same, so a database created again in place shows up as a new UUID.
  if (databases_replaced()) reopen_replaced();
}

SearchResult Searcher::search(const SearchRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  // --like alone, or --story/--similar-to without a query, has no query text: nothing to rewrite.
  const bool no_text = (!request.like.empty() || !request.story.empty() || !request.similar_to.empty()) &&
                       clean_query_text(request.query).find_first_not_of(' ') == std::string::npos;
  const RewrittenQuery rewritten = no_text ? RewrittenQuery{} : m_rewriter.rewrite(request.query);
  bool dropped_shards = false;
  ChangeRetry changes;  // a writer discarding the revision read: wait, reopen, run again
  for (int attempt = 1;; ++attempt) {
    try {
      SearchResult result = search_once(request, rewritten);
      result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      result.missing_shards = m_missing;
      return result;
    } catch (const Xapian::NetworkError& e) {
      // #15.4: a remote shard went down or timed out mid-query: name it, or
      // (--allow-partial) search once more without it.
      drop_failed_shards(e, !dropped_shards);
      dropped_shards = true;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (!changes.wait_before_retry()) {
        throw DatabaseError("the database kept changing while searching (" + changes.summary() +
                            "): " + e.get_msg());
      }
      refresh();
    } catch (const Xapian::DatabaseError&) {
      // A database changed under a reader is not always reported as
      // DatabaseModifiedError (an in-place rebuild can give "EOF reading
      // block"), and the files of a replaced database can vanish under a
      // search: open it again and run again. A database that is really
      // damaged fails the same way every time and is reported.
      // Opened afresh by path: no block or cursor of the failed attempt is kept.
      if (attempt >= k_max_reopen_attempts) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
      reopen_replaced();
    }
  }
}

SearchResult Searcher::search_once(const SearchRequest& request, const RewrittenQuery& rewritten) {
  BuildOptions build;
  // Date order ignores relevance, so the natural mode's "every word first,
  // then any word" would interleave partial matches by date: require every
  // word (--any still asks for any).
  build.mode = request.mode == MatchMode::natural && request.sort != SortOrder::relevance ? MatchMode::all
                                                                                           : request.mode;
  build.since = request.since;
  build.until = request.until;
  build.synonyms = request.synonyms;
  build.all_words_boost = request.ranking.all_words_boost.value_or(k_all_words_boost);
  // --broad-all-words-boost: a query whose words many articles hold together
  // (a topic) gets its own boost; a specific one (a known item) keeps the
  // other. The same test as feedback's specificity guard (ranking.hpp).
  const std::optional<double> broad_boost = request.ranking.broad_all_words_boost;
  // --specific-bm25-b (#13.1): a specific query (the same test, counted once)
  // gets its own b, unless --bm25-b sets one b for every query.
  const bool ranked_natural = build.mode == MatchMode::natural && request.like.empty() && !request.count_only;
  const bool boost_decides = broad_boost && ranked_natural && rewritten.words.size() >= 2;
  const bool b_decides = request.ranking.specific_bm25_b && !request.ranking.bm25_b && ranked_natural &&
                         !evidence_terms(rewritten).empty();
  const bool broad =
      (boost_decides || b_decides) && all_words_in_at_least(m_db, rewritten, k_feedback_min_all_words);
  if (boost_decides && broad) build.all_words_boost = *broad_boost;
  const bool specific_b = b_decides && !broad;
  std::vector<LikeArticle> like;
  std::vector<std::string> expansion;
  const bool story_listing = !request.story.empty() || !request.similar_to.empty();
  Xapian::Query query = !request.like.empty()
                            ? more_like_this(m_db, m_language, m_builder, request, rewritten, build, like, expansion)
                        : rewritten.cleaned.empty() && story_listing ? Xapian::Query::MatchAll
                                                                     : m_builder.build(rewritten, build, m_db);
  // --story, --similar-to (#11.1): only that story's copies.
  if (!request.story.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, story_filter(m_db, request.story));
  if (!request.similar_to.empty()) {
    const OpenedShard* holder = metadata_shard();  // the rule is archive metadata
    const std::string rule = (holder ? holder->db : m_db).get_metadata(std::string(schema::k_meta_dup_rule));
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, similar_to_filter(m_db, rule, m_analyzer, request.similar_to));
  }
  double max_text_score = 0.0;
  Bm25Parameters bm25 = m_bm25;  // --bm25-k1/--bm25-b: the recency bonus scales with the scores they give
  bm25.k1 = request.ranking.bm25_k1.value_or(bm25.k1);
  if (specific_b) bm25.b = request.ranking.specific_bm25_b.value_or(bm25.b);
  bm25.b = request.ranking.bm25_b.value_or(bm25.b);
  std::optional<Explanation::LengthNormalisation> length_note;
  if (request.ranking.specific_bm25_b) {
    length_note = Explanation::LengthNormalisation{
        bm25.b, request.ranking.bm25_b ? "--bm25-b given: one b for every query"
                : !b_decides           ? "--specific-bm25-b applies only to a natural-language relevance search "
                                         "with plain words"
                : specific_b           ? "a specific query: fewer than " + std::to_string(k_feedback_min_all_words) +
                                   " articles hold every plain word, so --specific-bm25-b"
                                       : "a broad query: at least " + std::to_string(k_feedback_min_all_words) +
                                   " articles hold every plain word, so the general b"};
  }
  std::optional<Date> recency_passed_over;  // the newest date, when after today and passed over as "now"
  const std::optional<RecencySettings> recency =
      recency_settings(m_db, query, request, bm25, max_text_score, recency_passed_over);
  const bool any_remote = std::any_of(m_shards.begin(), m_shards.end(), [](const OpenedShard& s) { return s.remote; });
  if (recency) query = any_remote ? with_remote_recency(query, *recency, m_db) : with_recency(query, *recency);
  SearchResult result;
  result.parsed = query.get_description();
  if (request.sequence) {  // --new-since: a filter, so it changes no weight
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::k_slot_seq,
                                        schema::pack_seq(request.sequence->first),
                                        schema::pack_seq(request.sequence->last)));
    // As Xapian describes it, but with the numbers in decimal: it would print
    // the packed values as escaped bytes ("\x00\x00\x00\x00\x00\x00\x00+").
    std::string inner = result.parsed;  // inside "Query(...)"
    if (inner.starts_with("Query(") && inner.ends_with(")")) inner = inner.substr(6, inner.size() - 7);
    result.parsed = "Query((" + inner + " FILTER VALUE_RANGE " + std::to_string(schema::k_slot_seq) + " " +
                    std::to_string(request.sequence->first) + " " + std::to_string(request.sequence->last) + "))";
  }
  result.query = !rewritten.cleaned.empty()    ? rewritten.cleaned
                 : !request.story.empty()      ? "--story " + request.story
                 : !request.similar_to.empty() ? "--similar-to " + request.similar_to
                                               : rewritten.cleaned;
  result.offset = request.offset;
  result.limit = request.limit;
  result.since = request.since;
  result.until = request.until;
  for (const LikeArticle& article : like) result.like.push_back(article.path);
  // Collapsing costs nothing where no story has two copies (no value).
  const bool collapse = request.collapse && m_db.get_value_freq(schema::k_slot_story) > 0;
  result.collapsed = request.collapse;

  Xapian::Enquire enquire(m_db);
  enquire.set_query(query);
  const std::unique_ptr<Xapian::Weight> weighting = make_weight(request.ranking.weighting, bm25);  // --weighting
  enquire.set_weighting_scheme(*weighting);
  // first_pass's short cut reasons about BM25's weights (first_pass.hpp):
  // under another --weighting model every match is weighed.
  const Bm25Parameters* first_pass_bm25 = request.ranking.weighting == WeightingModel::bm25 ? &bm25 : nullptr;
  // --feedback-window: the page's match among the window's articles (window_page.hpp).
  std::optional<WindowMatch> window_match;
  if (request.sort == SortOrder::relevance && request.ranking.any_evidence() && !request.count_only &&
      request.limit > 0) {
    // Extra evidence only re-orders the matches (AND_MAYBE): counts stay, and
    // a count alone needs none (feedback would cost a match for nothing).
    const std::vector<std::string> terms = evidence_terms(rewritten);
    Xapian::Query ranked = with_evidence(query, title_evidence(terms, request.ranking.title_weight));
    ranked = with_evidence(ranked, proximity_evidence(terms, request.ranking.proximity_weight));
    ranked = with_evidence(ranked, pair_proximity_evidence(terms, request.ranking.pair_proximity_weight));
    const std::size_t window = request.ranking.feedback_window * request.limit;  // not the offset: pages of one size rank alike
    if (request.ranking.feedback_window > 0 && !any_remote && window <= k_feedback_depth_limit) {
      // --feedback-window (#15.2): --feedback-depth's ranking with the
      // depth tied to the page; the page is then matched among the window
      // and the articles other evidence reaches, instead of every match.
      FeedbackWindow fed = feedback_window(m_db, enquire, rewritten, request.ranking.feedback_terms,
                                           request.ranking.feedback_weight, request.ranking.feedback_max_words,
                                           window, request.ranking.feedback_max_share, first_pass_bm25);
      ranked = with_evidence(ranked, fed.expansion);
      // Proximity evidence reaches articles no term list tells: no short cut then.
      if (!fed.window.empty() && request.ranking.proximity_weight <= 0.0 &&
          request.ranking.pair_proximity_weight <= 0.0) {
        const Xapian::Query titled = title_evidence(terms, request.ranking.title_weight);
        window_match.emplace(WindowMatch{ranked, fed.window, titled, fed.outside_at_most,
                                         evidence_at_most(m_db, titled, *weighting),
                                         std::move(fed.first)});
      }
    } else {
      ranked = with_evidence(ranked, feedback_evidence(m_db, enquire, rewritten, request.ranking.feedback_terms,
                                                       request.ranking.feedback_weight,
                                                       request.ranking.feedback_max_words,
                                                       any_remote ? 0 : request.ranking.feedback_depth,
                                                       request.ranking.feedback_max_share, any_remote ? nullptr : first_pass_bm25));
    }
    enquire.set_query(ranked);
  }
  DateKeyMaker newest(true);
  DateKeyMaker oldest(false);
  if (any_remote && request.sort != SortOrder::relevance) {
    // #15.4: Xapian's remote backend takes no KeyMaker; the date value itself
    // sorts the same, except that undated articles (no value) would come
    // first in --sort oldest: oldest_first_page puts them last.
    enquire.set_sort_by_value_then_relevance(schema::k_slot_date, request.sort == SortOrder::newest);
  } else {
    if (request.sort == SortOrder::newest) enquire.set_sort_by_key_then_relevance(&newest, true);
    if (request.sort == SortOrder::oldest) enquire.set_sort_by_key_then_relevance(&oldest, false);
  }
  // One hit per near-duplicate story (#11.1): the best copy; the counts
  // below count stories too.
  if (collapse) enquire.set_collapse_key(schema::k_slot_story);
  // The date value ranges the query may hold, which match_set reads from D terms.
  std::vector<DateBounds> date_ranges = rewritten.dates;
  if (request.since || request.until) date_ranges.push_back({request.since, request.until});
  // An exact count of matching stories: Xapian's bounds do not meet under a
  // collapse key. A boolean-shaped query: its matches from posting lists and
  // one pass of the story slot. Others: count every match without the
  // collapse key and take away the copies beyond the first of each story (a
  // spy on the story slot).
  const auto count_stories = [&](Xapian::doccount check_at_least) -> std::pair<std::size_t, bool> {
    // #15.4: not with remote shards, where reading a value stream fetches
    // every document: the spy below runs on the servers.
    if (!any_remote) {
      if (const std::optional<std::vector<Xapian::docid>> matches = match_set(m_db, query, date_ranges)) {
        return {distinct_stories(m_db, *matches), true};
      }
    }
    Xapian::Enquire counter(m_db);
    counter.set_query(query);
    counter.set_weighting_scheme(Xapian::BM25Weight(1.0, 0.0, 1.0, 0.0, 0.5));
    Xapian::ValueCountMatchSpy stories(schema::k_slot_story);
    counter.add_matchspy(&stories);
    const Xapian::MSet all = counter.get_mset(0, 0, check_at_least);
    std::size_t copies = 0;
    for (auto it = stories.values_begin(); it != stories.values_end(); ++it) copies += it.get_termfreq() - 1;
    const std::size_t matches = all.get_matches_estimated();
    return std::make_pair(matches >= copies ? matches - copies : 0,
                          all.get_matches_lower_bound() == all.get_matches_upper_bound());
  };

  if (request.timeline) {
    // The docid -> day map (#12.1), when the one local database holds a valid one.
    const std::optional<day_runs::DayRuns> day_map = any_remote ? std::nullopt : usable_day_runs(m_db);
    const day_runs::DayRuns* map = day_map ? &*day_map : nullptr;
    const std::optional<std::vector<Xapian::docid>> matches =
        count_timeline(query, date_ranges, *request.timeline, result, map);
    if (request.collapse) {
      // Distinct stories per period beside the articles (#12.1), from the
      // matches' story values (a story of one copy has none); the result
      // line counts stories, as it does without --timeline, from the same
      // copies. No story values: every article is its own story.
      const std::vector<StoryCopy> copies = !collapse   ? std::vector<StoryCopy>{}
                                            : matches    ? story_copies(m_db, *matches, map)
                                            : any_remote ? story_copies_on_servers(m_db, query)
                                                         : story_copies(m_db, query);
      add_story_counts(*result.timeline, copies);
      result.total_estimate = count_distinct_stories(result.total_estimate, copies);
    }
  }
  if (request.count_only || request.limit == 0) {
    if (result.timeline) {  // counted exactly already
      result.limit = 0;
      if (!request.count_only) {
        if (request.suggest && (request.explain || result.total_estimate < 10)) result.suggestion = suggest(rewritten, request.synonyms);
        if (request.explain) {
          result.explanation = explain(request, rewritten);
          explain_ranking(*result.explanation, recency, request.recency_weight, max_text_score, recency_passed_over,
                          expansion, length_note);
        }
      }
      return result;
    }
    // Checking every document makes the count exact.
    if (collapse) {
      std::tie(result.total_estimate, result.total_exact) = count_stories(m_db.get_doccount());
    } else {
      const Xapian::MSet all = enquire.get_mset(0, 0, m_db.get_doccount());
      result.total_estimate = all.get_matches_estimated();
      result.total_exact = all.get_matches_lower_bound() == all.get_matches_upper_bound();
    }
    result.limit = 0;
    if (!request.count_only) {  // --limit 0: the count line, with its suggestion and explanation
      if (request.suggest && (request.explain || result.total_estimate < 10)) result.suggestion = suggest(rewritten, request.synonyms);
      if (request.explain) {
        result.explanation = explain(request, rewritten);
        result.explanation->synonyms = synonym_expansions(query);
        explain_ranking(*result.explanation, recency, request.recency_weight, max_text_score, recency_passed_over,
                        expansion, length_note);
      }
    }
    return result;
  }

  const auto offset = static_cast<Xapian::doccount>(request.offset);
  const auto limit = static_cast<Xapian::doccount>(request.limit);
  // --feedback-window: the page among the window's articles, when it is the whole match's.
  const std::optional<MatchPage> windowed =
      window_match ? window_page(enquire, *window_match, offset, limit, collapse) : std::nullopt;
  const MatchPage page = windowed                                          ? *windowed
                         : any_remote && request.sort == SortOrder::oldest ? oldest_first_page(enquire, offset, limit, collapse)
                                                                           : whole_page(enquire.get_mset(offset, limit, offset + limit + 1));
  if (!result.timeline) {
    result.total_estimate = page.estimated;
    result.total_exact = page.lower == page.upper;
  }
  if (!result.total_exact && page.upper <= k_exact_count_limit) {
    // Count the few candidates left uncertain: a second match that returns
    // no documents and checks every candidate, weighed by BM25 without length
    // normalisation (no document length to read; the set of matches does not
    // depend on the weights). Not BoolWeight or CoordWeight: with them Xapian
    // 1.4.22 threw "Unexpected end of posting list" for some OR/AND_NOT
    // queries on a sound database (seen in Overlap.ThousandSearches...).
    if (collapse) {
      // Every copy is a candidate: the collapsed bound can be below their
      // number (with remote shards it was: each server collapses its own).
      const auto [stories, exact] = count_stories(std::max(page.upper, page.uncollapsed_upper));
      if (exact) {
        result.total_estimate = stories;
        result.total_exact = true;
      }
    } else {
      Xapian::Enquire counter(m_db);
      counter.set_query(query);
      counter.set_weighting_scheme(Xapian::BM25Weight(1.0, 0.0, 1.0, 0.0, 0.5));
      const Xapian::MSet all = counter.get_mset(0, 0, page.upper);
      if (all.get_matches_lower_bound() == all.get_matches_upper_bound()) {
        result.total_estimate = all.get_matches_estimated();
        result.total_exact = true;
      }
    }
  }
  // A wildcard highlights the terms it expanded to, not every word with its prefix.
  const HighlightTerms terms =
      request.snippets > 0
          ? collect_highlight_terms(query, rewritten, [this](const QueryWord& word) { return wildcard_expansion(m_db, word); })
          : HighlightTerms{};
  SnippetOptions snippet_options;
  snippet_options.fragments = request.snippets;
  snippet_options.max_chars = request.snippet_chars;
  std::size_t rank = request.offset;
  for (const Xapian::MSetIterator& it : page.hits) {
    const Xapian::Document doc = it.get_document();
    const schema::DocumentData data = schema::DocumentData::parse(doc.get_data());
    Hit hit;
    hit.rank = ++rank;
    hit.docid = *it;
    hit.path = join_path(data.root, data.path);
    // The date from the document data (no value-stream lookup); documents
    // indexed before it was stored there have it in the date slot only.
    hit.date = !data.date.empty() ? data.date : schema::iso_date_from_value(doc.get_value(schema::k_slot_date));
    hit.title = data.title;
    hit.score = it.get_weight();
    if (recency) hit.recency = recency_bonus_for_value(*recency, doc.get_value(schema::k_slot_date));
    hit.story = story_of(doc, data);
    if (request.snippets > 0) hit.snippets = make_snippets(data.text, terms, m_analyzer, snippet_options);
    result.hits.push_back(std::move(hit));
  }
  // The page's stories' copies from their band terms (a pass of the story
  // slot only where that is cheaper; #15.2); a reader that shows a second
  // page (--batch) keeps the stories instead (docs/benchmarks.md).
  if (std::any_of(result.hits.begin(), result.hits.end(), [](const Hit& hit) { return !hit.story.empty(); })) {
    if (any_remote) {
      // Remote shards (#15.4): a band walk would be a round trip per posting
      // list and value, a pass over the story slot a round trip per grouped
      // document; the servers match each story's copies instead.
      add_duplicate_dates_on_servers(m_db, result.hits);
    } else {
      if (!m_story_copies && ++m_story_pages > 1 && m_db.get_value_freq(schema::k_slot_story) > 0) {
        m_story_copies.emplace(m_db);
      }
      add_duplicate_dates(m_db, result.hits, m_story_copies ? &*m_story_copies : nullptr);
    }
  }
  if (request.suggest && (request.explain || result.total_estimate < 10)) result.suggestion = suggest(rewritten, request.synonyms);
  if (request.explain) {
    result.explanation = explain(request, rewritten);
    result.explanation->synonyms = synonym_expansions(query);
    explain_ranking(*result.explanation, recency, request.recency_weight, max_text_score, recency_passed_over,
                    expansion, length_note);
  }
  return result;
}

std::optional<std::vector<Xapian::docid>> Searcher::count_timeline(const Xapian::Query& query,
                                                                   const std::vector<DateBounds>& date_ranges,
                                                                   TimelineUnit unit, SearchResult& result,
                                                                   const day_runs::DayRuns* map) const {
  // Every match from posting lists without weights when the query allows it,
  // else from the matcher (docs/benchmarks.md, Timeline). Not with remote
  // shards (#15.4): the days' values would be read a document at a time, and
  // the matcher's spy runs on the servers.
  const bool any_remote = std::any_of(m_shards.begin(), m_shards.end(), [](const OpenedShard& s) { return s.remote; });
  std::optional<std::vector<Xapian::docid>> matches;
  if (!any_remote) matches = match_set(m_db, query, date_ranges);
  if (matches) {
    DayCounts counts = count_days(m_db, *matches, map);
    result.timeline = make_timeline(std::move(counts.days), counts.undated, unit);
    result.total_estimate = matches->size();
    result.total_exact = true;
    return matches;
  }
  MatcherDayCounts counted = count_days_by_matcher(m_db, query);
  result.timeline = make_timeline(std::move(counted.counts.days), counted.counts.undated, unit);
  result.total_estimate = counted.matches;
  result.total_exact = counted.exact;
  return std::nullopt;
}

std::optional<std::string> Searcher::suggest(const RewrittenQuery& rewritten, bool synonyms) const {
  // Replace single words of the user's text (operators, brackets, quotes and
  // fields stay as typed), right to left so earlier byte spans stay valid.
  // An absent word takes any known spelling; a word the index has only a
  // spelling in k_suggest_frequency_ratio times as many articles: "ferry" in
  // one article is what was asked for, even if "fears" is in thirty. Typing
  // rarely changes a word's first letter, so a spelling must keep it: an
  // archive without "kuwait" is not offered "wait".
  std::string suggestion = rewritten.cleaned;
  bool changed = false;
  for (auto it = rewritten.words.rbegin(); it != rewritten.words.rend(); ++it) {
    const QueryWord& word = *it;
    if (word.excluded || word.wildcard || word.term.size() < 3) continue;
    if (word.begin >= word.end || word.end > suggestion.size()) continue;
    const Xapian::doccount frequency = m_db.get_termfreq(word.term);
    if (frequency > 2) continue;
    // A word with synonyms ("usa": united states, america) is vocabulary:
    // its synonyms were searched, so it is not a typo to correct.
    if (synonyms && m_db.synonyms_begin(word.term) != m_db.synonyms_end(word.term)) continue;
    const std::string better = m_db.get_spelling_suggestion(word.term, 2);  // remote shards add none
    if (!m_spelling_note.empty()) m_warnings.push_back(std::exchange(m_spelling_note, std::string()));
    if (better.empty() || better == word.term) continue;
    if (!same_first_character(better, word.term)) continue;
    const Xapian::doccount better_frequency = m_db.get_termfreq(better);
    if (better_frequency == 0) continue;
    if (frequency > 0 && better_frequency / k_suggest_frequency_ratio < frequency) continue;
    suggestion.replace(word.begin, word.end - word.begin, better);
    changed = true;
  }
  if (!changed) return std::nullopt;
  return suggestion;
}

Explanation Searcher::explain(const SearchRequest& request, const RewrittenQuery& rewritten) const {
  Explanation e;
  e.rewritten = rewritten.text;
  e.language = m_language;
  for (const QueryWord& word : rewritten.words) {
    e.words.push_back({word.term, word.stem, word.in_title, word.excluded});
    if (!word.wildcard) continue;
    Explanation::Wildcard w;
    const std::string prefix = (word.in_title ? std::string(schema::k_prefix_title) : std::string()) + word.term;
    w.pattern = (word.in_title ? std::string(schema::k_field_title) + ":" : std::string()) + word.term + "*";
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    for (auto t = m_db.allterms_begin(prefix); t != m_db.allterms_end(prefix) && w.total < 100000; ++t) {
      ++w.total;
      found.emplace_back(t.get_termfreq(), *t);
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (std::size_t k = 0; k < found.size() && k < k_max_wildcard_expansion; ++k) {
      w.expansions.push_back(found[k].second);
    }
    e.wildcards.push_back(std::move(w));
  }
  if (request.since || request.until) {
    e.dates.push_back({"--since/--until", iso_or_empty(request.since), iso_or_empty(request.until)});
  }
  for (const DateBounds& bounds : rewritten.dates) {
    e.dates.push_back({"date:", iso_or_empty(bounds.first), iso_or_empty(bounds.last)});
  }
  if (m_tally.listed > 0) {  // a time-sharded archive (#15.3)
    e.shards = Explanation::Shards{m_tally.listed - m_tally.skipped, m_tally.listed,
                                   iso_or_empty(m_shard_options.dates.since), iso_or_empty(m_shard_options.dates.until)};
  }
  return e;
}

} // namespace dateline::searcher
