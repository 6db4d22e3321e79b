/** @file walker.cpp
 *  @brief Directory traversal with lstat, sorted entries, glob filters and a
 *  symlink policy that never leaves the roots or loops.
 */
#include "indexer/walker.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unistd.h>
#include <tuple>
#include <utility>

namespace dateline::indexer {
namespace {

std::string join(const std::string& dir, const std::string& name) {
  return dir.empty() ? name : dir + "/" + name;
}

std::string real_path(const std::string& path) {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) == nullptr) {
    return {};
  }
  return buffer;
}

/// @p seconds + @p nanoseconds as int64 nanoseconds, saturated at the ends of
/// the range instead of overflowing (#14.12).
std::int64_t saturated_ns(std::int64_t seconds, long nanoseconds) {
  std::int64_t ns = 0;
  if (__builtin_mul_overflow(seconds, std::int64_t{1000000000}, &ns)) {
    return seconds < 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
  }
  if (__builtin_add_overflow(ns, static_cast<std::int64_t>(nanoseconds), &ns)) {
    return nanoseconds < 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
  }
  return ns;
}

class Walker {
public:
  explicit Walker(const WalkParams& params) : m_params(params) {}

  WalkResult run() {
    for (std::size_t i = 0; i < m_params.roots.size(); ++i) {
      struct stat st {};
      if (::stat(m_params.roots[i].c_str(), &st) == 0) {
        m_visited.insert({st.st_dev, st.st_ino});
      }
      walk_dir(i, m_params.roots[i], "", 0);
      if (stopped()) {
        return std::move(m_result);
      }
    }
    std::stable_sort(m_result.files.begin(), m_result.files.end(),
                     [](const WalkedFile& a, const WalkedFile& b) {
                       return std::tie(a.root_index, a.relative) < std::tie(b.root_index, b.relative);
                     });
    if (m_params.follow_symlinks) {
      drop_files_reached_twice();
    }
    m_result.complete = true;
    return std::move(m_result);
  }

private:
  [[nodiscard]] bool stopped() const {
    return m_params.stop != nullptr && m_params.stop->load(std::memory_order_relaxed);
  }

  /// True when @p file was reached through its own path, not a symbolic link.
  [[nodiscard]] bool direct(const WalkedFile& file) const {
    return file.open_path == m_params.roots[file.root_index] + "/" + file.relative;
  }

  /// With --follow one file can be reached through a symbolic link too
  /// (#14.3): it is one document, under its own path when the walk found
  /// that, else under the first path in walk order. Hard links (two paths
  /// of their own) stay two files.
  void drop_files_reached_twice() {
    std::map<std::pair<std::uint64_t, std::uint64_t>, std::vector<std::size_t>> by_inode;
    for (std::size_t i = 0; i < m_result.files.size(); ++i) {
      by_inode[{m_result.files[i].stat.device, m_result.files[i].stat.inode}].push_back(i);
    }
    std::vector<bool> drop(m_result.files.size(), false);
    for (const auto& [inode, indexes] : by_inode) {
      if (indexes.size() < 2) continue;
      const bool any_direct =
          std::any_of(indexes.begin(), indexes.end(), [&](std::size_t i) { return direct(m_result.files[i]); });
      // The note names a path that is kept: the first reached directly, else the first.
      const WalkedFile& kept = m_result.files[*std::find_if(indexes.begin(), indexes.end(), [&](std::size_t i) {
        return !any_direct || direct(m_result.files[i]);
      })];
      for (std::size_t n = 0; n < indexes.size(); ++n) {
        const WalkedFile& file = m_result.files[indexes[n]];
        if (any_direct ? !direct(file) : n > 0) {
          drop[indexes[n]] = true;
          ++m_result.symlinks_skipped;
          const std::string kept_name = kept.root_index == file.root_index && m_params.roots.size() == 1
                                            ? kept.relative
                                            : m_params.roots[kept.root_index] + "/" + kept.relative;
          m_result.notes.push_back(shown_path(m_params.roots, file.root_index, file.relative) + ": the same file as " +
                                   kept_name + " (symbolic link), indexed once");
        }
      }
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < m_result.files.size(); ++i) {
      if (drop[i]) continue;
      if (kept != i) m_result.files[kept] = std::move(m_result.files[i]);
      ++kept;
    }
    m_result.files.resize(kept);
  }

  [[nodiscard]] bool inside_roots(const std::string& real) const {
    return std::any_of(m_params.roots.begin(), m_params.roots.end(), [&](const std::string& root) {
      return real == root || is_under(real, root) || root == "/";
    });
  }

  void walk_dir(std::size_t root, const std::string& dir_path, const std::string& relative, int depth) {
    DIR* dir = ::opendir(dir_path.c_str());
    if (dir == nullptr) {
      const int err = errno;
      if (err != ENOENT) {  // vanished mid-walk: its documents really are gone
        m_result.unreadable.push_back({root, relative, std::strerror(err)});
      }
      return;
    }
    std::vector<std::string> names;
    errno = 0;
    bool read_error = false;
    while (const dirent* entry = ::readdir(dir)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") {
        names.push_back(name);
      }
      errno = 0;
    }
    if (errno != 0) {
      read_error = true;
      m_result.unreadable.push_back({root, relative, std::strerror(errno)});
    }
    ::closedir(dir);
    if (read_error) {
      return;  // a partial listing would look like deletions
    }
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
      if (stopped()) {
        return;
      }
      visit_entry(root, dir_path + "/" + name, join(relative, name), name, depth);
    }
  }

  void visit_entry(std::size_t root, const std::string& path, const std::string& relative,
                   const std::string& name, int depth) {
    if (is_hidden_or_temp(name)) {
      ++m_result.hidden_skipped;
      return;
    }
    if (matches_any(m_params.excludes, relative)) {
      return;
    }
    const auto shown = [&] { return shown_path(m_params.roots, root, relative); };  // in notes
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      const int error = errno;
      if (error != ENOENT) {
        m_result.notes.push_back(shown() + ": " + std::strerror(error) + " (skipped)");
      }
      return;
    }
    std::string open_path = path;
    if (S_ISLNK(st.st_mode)) {
      if (!m_params.follow_symlinks) {
        ++m_result.symlinks_skipped;
        ++m_result.symlinks_not_followed;
        return;
      }
      const std::string target = real_path(path);
      if (target.empty() || ::stat(target.c_str(), &st) != 0) {
        ++m_result.symlinks_skipped;
        ++m_result.symlinks_refused;
        m_result.notes.push_back(shown() + ": dangling or looping symbolic link (skipped)");
        return;
      }
      if (!inside_roots(target)) {
        ++m_result.symlinks_skipped;
        ++m_result.symlinks_refused;
        m_result.notes.push_back(shown() + ": symbolic link leads outside the indexed roots (skipped)");
        return;
      }
      open_path = target;
    }
    if (S_ISDIR(st.st_mode)) {
      if (depth + 1 > m_params.max_depth) {
        m_result.unreadable.push_back({root, relative, "deeper than --max-depth", true});
        m_result.notes.push_back(shown() + ": deeper than --max-depth, not descended");
        return;
      }
      if (!m_visited.insert({st.st_dev, st.st_ino}).second) {
        ++m_result.symlinks_skipped;
        m_result.notes.push_back(shown() + ": directory already walked through another path (symbolic link), skipped");
        return;
      }
      walk_dir(root, open_path, relative, depth + 1);
      return;
    }
    if (!S_ISREG(st.st_mode)) {
      return;  // devices, fifos, sockets
    }
    if (!matches_any(m_params.includes, relative)) {
      return;
    }
    m_result.files.push_back({root, relative, open_path, FileStat::from(st)});
  }

  const WalkParams& m_params;
  WalkResult m_result;
  std::set<std::pair<dev_t, ino_t>> m_visited;
};

} // namespace

FileStat FileStat::from(const struct stat& st) {
  FileStat out;
  out.size = static_cast<std::uint64_t>(st.st_size);
  out.mtime_ns = saturated_ns(static_cast<std::int64_t>(st.st_mtim.tv_sec), st.st_mtim.tv_nsec);
  out.ctime_ns = saturated_ns(static_cast<std::int64_t>(st.st_ctim.tv_sec), st.st_ctim.tv_nsec);
  out.mtime_s = static_cast<std::int64_t>(st.st_mtim.tv_sec);
  out.device = static_cast<std::uint64_t>(st.st_dev);
  out.inode = static_cast<std::uint64_t>(st.st_ino);
  return out;
}

std::string FileStat::inode_key() const {
  return schema::pack_inode(device, inode);
}

std::string resolve_root(const std::string& root) {
  const std::string real = real_path(root);
  if (real.empty()) {
    throw UsageError("cannot index '" + root + "': " + std::strerror(errno));
  }
  struct stat st {};
  if (::stat(real.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw UsageError("cannot index '" + root + "': not a directory");
  }
  if (::access(real.c_str(), R_OK | X_OK) != 0) {
    throw UsageError("cannot index '" + root + "': " + std::strerror(errno));
  }
  return real;
}

bool is_hidden_or_temp(const std::string& name) {
  if (name.empty()) {
    return true;
  }
  if (name.front() == '.') {
    return true;  // also covers ".#lockfile" (Emacs)
  }
  if (name.back() == '~') {
    return true;
  }
  if (name.size() >= 2 && name.front() == '#' && name.back() == '#') {
    return true;
  }
  constexpr std::string_view swp = ".swp";
  return name.size() > swp.size() && name.compare(name.size() - swp.size(), swp.size(), swp) == 0;
}

namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

} // namespace

bool matches_any(const std::vector<std::string>& globs, const std::string& relative) {
  const auto slash = relative.rfind('/');
  const std::string base = slash == std::string::npos ? relative : relative.substr(slash + 1);
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    if (glob.find('/') != std::string::npos) {
      return ::fnmatch(glob.c_str(), relative.c_str(), FNM_PATHNAME) == 0;
    }
    // "*<literal>" (the default "*.txt") is a suffix test: without FNM_PERIOD
    // fnmatch's '*' matches anything, leading dots included. An extension
    // ("*.txt", "*.tar.gz") matches in any (ASCII) case, as omindex maps
    // extensions: STORY.TXT from an 8.3 file system is a .txt file.
    if (glob.size() > 1 && glob.front() == '*' && glob.find_first_of("*?[\\", 1) == std::string::npos) {
      const std::string_view suffix = std::string_view(glob).substr(1);
      if (!suffix.starts_with('.')) return base.ends_with(suffix);
      return base.size() >= suffix.size() &&
             std::equal(suffix.begin(), suffix.end(), base.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                        [](char a, char b) { return ascii_lower(a) == ascii_lower(b); });
    }
    return ::fnmatch(glob.c_str(), base.c_str(), 0) == 0;
  });
}

std::string shown_path(const std::vector<std::string>& roots, std::size_t root_index, const std::string& relative) {
  if (roots.size() <= 1) return relative;
  return schema::document_path(roots[root_index], relative);
}

bool is_under(const std::string& relative, const std::string& dir) {
  if (dir.empty()) {
    return true;
  }
  if (relative.size() <= dir.size()) {
    return relative == dir;
  }
  return relative.compare(0, dir.size(), dir) == 0 && relative[dir.size()] == '/';
}

WalkResult walk(const WalkParams& params) {
  return Walker(params).run();
}

} // namespace dateline::indexer
