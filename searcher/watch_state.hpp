/** @file watch_state.hpp
 *  @brief Saved searches (--new-since STATE_FILE): the state file that holds
 *  a saved search's watermark, and the decision what a run reports.
 *
 *  The watermark is the database's indexing sequence counter
 *  (schema::k_meta_seq) as read at the start of the run that last reported,
 *  from the same snapshot that was searched; every document added or changed
 *  later has a higher number (schema::k_slot_seq). The database's UUID says
 *  which database the number belongs to: a rebuilt database has a new one.
 *
 *  The file is small, versioned text (docs/searcher.md, "Saved searches"):
 *
 *      dateline-watch 1
 *      uuid=<Xapian database UUID>
 *      seq=<decimal watermark>
 *      query=<the query as given; backslash, newline and CR escaped>
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dateline::searcher {

/// The first line's format number; files of any other number are refused.
inline constexpr int k_watch_state_version = 1;
/// A state file larger than this is not one (read no further).
inline constexpr std::size_t k_max_watch_state_bytes = 64 * 1024;

struct WatchState {
  std::string uuid;      ///< the database the watermark belongs to
  std::uint64_t seq = 0; ///< the last sequence number reported (the counter at that run's start)
  std::string query;     ///< the saved search's query, as given on the command line

  bool operator==(const WatchState&) const = default;
};

/// The file's text (ends in a newline).
[[nodiscard]] std::string serialize_watch_state(const WatchState& state);

/// Parses a state file's text. Throws UsageError naming @p path and the
/// problem (another format version, a missing or malformed key, not text).
/// Unknown keys are ignored.
[[nodiscard]] WatchState parse_watch_state(std::string_view text, const std::string& path);

/// Reads @p path: nullopt when it does not exist (a first run). Throws
/// UsageError naming @p path when it cannot be read (or is not a regular
/// file) or is not a state file.
[[nodiscard]] std::optional<WatchState> load_watch_state(const std::string& path);

/// Throws UsageError naming @p path when save_watch_state(@p path) cannot
/// succeed for a reason known in advance (directory missing or not
/// writable, the path is a directory): checked before anything is printed.
void check_watch_state_writable(const std::string& path);

/// Writes @p state to @p path atomically (common/atomic_file.hpp), mode 0600.
/// Throws Error naming @p path on failure; the old file is then unchanged.
void save_watch_state(const std::string& path, const WatchState& state);

/// Runs of one saved search take turns, so that two overlapping runs (a slow
/// cron job and the next) do not both report the same articles: an exclusive
/// flock(2) on `STATE_FILE.lock` (created with mode 0600 and never removed: a
/// lock on the state file itself would be lost when it is replaced), held
/// from before the state file is read until after it is written. Waits while
/// another run holds it. Throws UsageError naming the lock file when it
/// cannot be opened or is not a regular file (a symbolic link is refused).
class WatchStateLock {
public:
  explicit WatchStateLock(const std::string& state_path);
  ~WatchStateLock();
  WatchStateLock(const WatchStateLock&) = delete;
  WatchStateLock& operator=(const WatchStateLock&) = delete;

private:
  int m_fd = -1;
};

/// What one run of a saved search does.
enum class WatchAction {
  report_current,  ///< first run (no state file): report the current hits
  report_new,      ///< report the articles numbered (previous seq, current seq]
  record_only,     ///< --init, or a rebuilt database: report nothing, record the current counter
  nothing_new,     ///< the counter has not moved past the watermark: report nothing, keep it
};

struct WatchDecision {
  WatchAction action = WatchAction::report_current;
  std::uint64_t first = 0;   ///< lowest sequence number reported
  std::uint64_t last = 0;    ///< highest sequence number reported (the current counter)
  WatchState next;           ///< written once the report is out
  bool rebaselined = false;  ///< the state file belonged to another database (warn once)
};

/// Decides a run from the state file's contents (@p previous; nullopt when
/// missing), the database's @p uuid and sequence counter @p current_seq (read
/// at the start, from the snapshot that will be searched), the @p query and
/// --init. Throws UsageError naming @p path when the state file belongs to
/// another query (one state file per saved search). The watermark never goes
/// back: a counter below it (impossible for one database) reports nothing.
/// @p compacted_from is the database's schema::k_meta_compacted_from: UUIDs it
/// had before `dateline-index --compact`, which the state file may still name
/// (the same documents and counter, not another database).
[[nodiscard]] WatchDecision decide_watch(const std::optional<WatchState>& previous, const std::string& uuid,
                                         std::uint64_t current_seq, const std::string& query, bool init,
                                         const std::string& path, std::string_view compacted_from = {});

} // namespace dateline::searcher
