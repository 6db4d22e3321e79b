/** @file walker.hpp
 *  @brief Walks the roots: a sorted, deterministic list of candidate files plus
 *  the directories that could not be read (whose documents must be kept).
 */
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include <sys/stat.h>

namespace dateline::indexer {

/// What a stat of a file says about its identity and content version.
struct FileStat {
  std::uint64_t size = 0;
  /// mtime in ns since the epoch, saturated to the int64 range (1677-09-21 to
  /// 2262-04-11): exact for change detection within it, never wrapped outside.
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;  ///< same, for the ctime
  std::int64_t mtime_s = 0;   ///< mtime in whole seconds, exact (for --undated=mtime dates)
  std::uint64_t device = 0;
  std::uint64_t inode = 0;

  /// schema::pack_inode(st_dev, st_ino), as stored in schema::k_slot_file_state.
  [[nodiscard]] std::string inode_key() const;

  /// The fields Dateline compares, from a stat(2)/fstat(2) result.
  [[nodiscard]] static FileStat from(const struct stat& st);
};

struct WalkedFile {
  std::size_t root_index = 0;  ///< index into WalkParams::roots
  std::string relative;        ///< path below its root, '/'-separated, no leading "./"
  std::string open_path;       ///< absolute path to open (symlinks resolved with --follow)
  FileStat stat;
};

/// A directory below a root that could not be listed; nothing below it is deleted.
struct UnreadableDir {
  std::size_t root_index = 0;
  std::string relative;  ///< "" for the root itself
  std::string reason;    ///< strerror text
  bool too_deep = false; ///< deeper than --max-depth: not descended, though readable
};

struct WalkParams {
  std::vector<std::string> roots;     ///< absolute, real paths (see resolve_root)
  std::vector<std::string> includes;  ///< file-name globs; a glob with '/' matches the relative path
  std::vector<std::string> excludes;  ///< same, for files and directories
  bool follow_symlinks = false;
  int max_depth = 256;
  const std::atomic<bool>* stop = nullptr;  ///< set asynchronously to abandon the walk
};

struct WalkResult {
  std::vector<WalkedFile> files;           ///< sorted by (root_index, relative)
  std::vector<UnreadableDir> unreadable;   ///< listed in walk order
  std::vector<std::string> notes;          ///< warnings for the user (loops, escapes, depth)
  std::size_t hidden_skipped = 0;          ///< hidden and editor temp files/dirs
  std::size_t symlinks_skipped = 0;        ///< symlinks not followed or refused
  std::size_t symlinks_not_followed = 0;   ///< of those, skipped only because follow_symlinks is off
  std::size_t symlinks_refused = 0;        ///< of those, under follow_symlinks: dangling, looping or leading outside the roots
  bool complete = false;                   ///< false when stopped early
};

/// Canonical absolute path of a root; throws UsageError if it is not a readable directory.
[[nodiscard]] std::string resolve_root(const std::string& root);

/// True for names the walker never indexes: ".hidden", "x~", ".#x", "#x#", "x.swp".
[[nodiscard]] bool is_hidden_or_temp(const std::string& name);

/// True when @p relative (or its last component, for globs without '/') matches a glob.
[[nodiscard]] bool matches_any(const std::vector<std::string>& globs, const std::string& relative);

/// Walks every root. Never throws for per-file or per-directory errors: they are
/// recorded (unreadable) or skipped (ENOENT: vanished mid-walk).
[[nodiscard]] WalkResult walk(const WalkParams& params);

/// True when @p relative lies at or below the unreadable directory @p dir.
[[nodiscard]] bool is_under(const std::string& relative, const std::string& dir);

/// How warnings and -v lines name a file (Reporter): its path below its
/// root when the run walks one root, else its absolute path
/// (schema::document_path), since `2024/06/14/x.txt` could be under either
/// of two roots.
[[nodiscard]] std::string shown_path(const std::vector<std::string>& roots, std::size_t root_index,
                                     const std::string& relative);

} // namespace dateline::indexer
