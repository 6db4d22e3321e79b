/** @file watch_state.cpp
 *  @brief State files of saved searches: text format, reading, atomic writing,
 *  and what a run reports.
 */
#include "searcher/watch_state.hpp"

#include "common/atomic_file.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dateline::searcher {
namespace {

/// Whether @p lines (one entry a line) holds @p entry as a whole line.
bool names_line(std::string_view lines, std::string_view entry) {
  if (entry.empty()) return false;
  std::size_t from = 0;
  while (from < lines.size()) {
    std::size_t end = lines.find('\n', from);
    if (end == std::string_view::npos) end = lines.size();
    if (lines.substr(from, end - from) == entry) return true;
    from = end + 1;
  }
  return false;
}

constexpr std::string_view k_magic = "dateline-watch ";

std::string escape_value(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out += c;
  }
  return out;
}

std::optional<std::string> unescape_value(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '\\') {
      out += value[i];
      continue;
    }
    if (++i == value.size()) return std::nullopt;
    if (value[i] == '\\') out += '\\';
    else if (value[i] == 'n') out += '\n';
    else if (value[i] == 'r') out += '\r';
    else return std::nullopt;
  }
  return out;
}

[[noreturn]] void corrupt(const std::string& path, const std::string& why) {
  throw UsageError("state file '" + path + "' is not a dateline-search state file (" + why +
                   "); remove it to start the saved search again");
}

} // namespace

std::string serialize_watch_state(const WatchState& state) {
  return std::string(k_magic) + std::to_string(k_watch_state_version) + "\nuuid=" + escape_value(state.uuid) +
         "\nseq=" + std::to_string(state.seq) + "\nquery=" + escape_value(state.query) + "\n";
}

WatchState parse_watch_state(std::string_view text, const std::string& path) {
  if (!is_valid_utf8(text)) corrupt(path, "not UTF-8 text");
  const auto first_end = text.find('\n');
  if (first_end == std::string_view::npos) corrupt(path, "no first line");
  const std::string_view first = text.substr(0, first_end);
  if (!first.starts_with(k_magic)) corrupt(path, "its first line is not 'dateline-watch 1'");
  const std::string_view version = first.substr(k_magic.size());
  if (version != std::to_string(k_watch_state_version)) {
    throw UsageError("state file '" + path + "' has format version '" + std::string(version) +
                     "'; this dateline-search reads version " + std::to_string(k_watch_state_version) +
                     " (remove it to start the saved search again)");
  }
  std::optional<std::string> uuid;
  std::optional<std::uint64_t> seq;
  std::optional<std::string> query;
  text.remove_prefix(first_end + 1);
  std::size_t line_number = 1;
  while (!text.empty()) {
    ++line_number;
    const auto end = text.find('\n');
    if (end == std::string_view::npos) corrupt(path, "line " + std::to_string(line_number) + " is cut short");
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) corrupt(path, "line " + std::to_string(line_number) + " has no '='");
    const std::string_view key = line.substr(0, eq);
    const std::string_view value = line.substr(eq + 1);
    const auto bad = [&](const char* what) {
      corrupt(path, "line " + std::to_string(line_number) + ": " + what);
    };
    if (key == "uuid") {
      uuid = unescape_value(value);
      if (!uuid || uuid->empty()) bad("bad uuid");
    } else if (key == "seq") {
      seq = value.empty() ? std::nullopt : schema::parse_seq_metadata(value);
      if (!seq) bad("seq is not a whole number");
    } else if (key == "query") {
      query = unescape_value(value);
      if (!query) bad("bad escape in query");
    }  // other keys: ignored (added by a later version 1 writer)
  }
  if (!uuid) corrupt(path, "no uuid= line");
  if (!seq) corrupt(path, "no seq= line");
  if (!query) corrupt(path, "no query= line");
  return WatchState{*uuid, *seq, *query};
}

std::optional<WatchState> load_watch_state(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw UsageError("state file '" + path + "' cannot be read: " + std::strerror(errno));
  }
  struct stat st{};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw UsageError("state file '" + path + "' is not a regular file");
  }
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const int error = errno;
      ::close(fd);
      throw UsageError("state file '" + path + "' cannot be read: " + std::strerror(error));
    }
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > k_max_watch_state_bytes) {
      ::close(fd);
      corrupt(path, "larger than " + std::to_string(k_max_watch_state_bytes) + " bytes");
    }
  }
  ::close(fd);
  return parse_watch_state(text, path);
}

WatchStateLock::WatchStateLock(const std::string& state_path) {
  const std::string path = state_path + ".lock";
  m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
  if (m_fd < 0) {
    throw UsageError("state file lock '" + path + "' cannot be opened: " + std::strerror(errno));
  }
  struct stat st{};
  if (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(m_fd);
    throw UsageError("state file lock '" + path + "' is not a regular file");
  }
  while (::flock(m_fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    const int error = errno;
    ::close(m_fd);
    throw UsageError("state file lock '" + path + "' cannot be locked: " + std::strerror(error));
  }
}

WatchStateLock::~WatchStateLock() { ::close(m_fd); }  // releases the lock

void check_watch_state_writable(const std::string& path) {
  const std::string problem = atomic_write_problem(path);
  if (!problem.empty()) throw UsageError("state file '" + path + "' cannot be written: " + problem);
}

void save_watch_state(const std::string& path, const WatchState& state) {
  write_file_atomically(path, serialize_watch_state(state), 0600);
}

WatchDecision decide_watch(const std::optional<WatchState>& previous, const std::string& uuid,
                           std::uint64_t current_seq, const std::string& query, bool init, const std::string& path,
                           std::string_view compacted_from) {
  if (previous && previous->query != query) {
    throw UsageError("state file '" + path + "' belongs to the saved search '" + previous->query + "', not '" + query +
                     "' (use one state file per saved search, or remove it to start again)");
  }
  WatchDecision decision;
  decision.next = WatchState{uuid, current_seq, query};
  decision.last = current_seq;
  if (init) {
    decision.action = WatchAction::record_only;
  } else if (!previous) {
    decision.action = WatchAction::report_current;
  } else if (previous->uuid != uuid && !names_line(compacted_from, previous->uuid)) {
    decision.action = WatchAction::record_only;
    decision.rebaselined = true;
  } else if (previous->seq >= current_seq) {
    // Nothing numbered since; never move the watermark back.
    decision.action = WatchAction::nothing_new;
    decision.next.seq = previous->seq;
  } else {
    decision.action = WatchAction::report_new;
    decision.first = previous->seq + 1;
  }
  return decision;
}

} // namespace dateline::searcher
