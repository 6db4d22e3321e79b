/** @file build_dir.hpp
 *  @brief The scratch directory next to the database (same file system, so a
 *  finished database moves into place with a rename) where a new database is
 *  built before readers can see it: the empty database of a first build, the
 *  whole new database of a --rebuild, the shards of a parallel first build.
 *  Also the file-system steps around it: durable flush, atomic directory swap
 *  or rename, removal of a leftover from a killed run.
 *
 *  One fixed name per database. Whoever uses it holds its flock (so two runs
 *  creating a missing database do not share it) and, except while creating a
 *  missing database, the database's Xapian write lock as well.
 */
#pragma once

#include <optional>
#include <string>

namespace dateline::indexer {

class Reporter;

/// What a lock message adds when the run did not wait: the ways out.
inline constexpr const char* k_lock_hint =
    " (--if-locked=wait:SECONDS waits for it; --if-locked=skip exits 0 quietly)";

/// The absolute, symlink-free path of the database directory @p db_path, which
/// need not exist yet (then its parent is resolved). Throws DatabaseError when
/// the parent directory does not exist, naming it and saying to create it.
[[nodiscard]] std::string resolve_db_path(const std::string& db_path);

/// "<parent>/.<name>.dateline-build" for the database directory @p db_path
/// (resolved with resolve_db_path, so a symlinked --db swaps the real directory).
[[nodiscard]] std::string build_dir_path(const std::string& db_path);

/// Removes the build directory a killed run (kill -9, power cut) left behind.
/// Returns false (and sets @p error) when it exists and cannot be removed.
[[nodiscard]] bool remove_stale_build_dir(const std::string& db_path, std::string& error);

/// An empty build directory owned by this process (flock), removed with
/// everything in it when the object dies (normal end, exception,
/// SIGINT/SIGTERM unwinding).
class BuildDir {
public:
  /// Creates the directory (emptying a stale one first) and takes its flock.
  /// Throws DatabaseLockedError when another process holds it (after
  /// retrying for @p wait_seconds, if given), DatabaseError naming the path
  /// when it cannot be created (missing or unwritable parent). A removal that
  /// fails at the end is a warning to @p reporter (none when null).
  explicit BuildDir(const std::string& db_path, std::optional<double> wait_seconds = std::nullopt,
                    Reporter* reporter = nullptr);
  ~BuildDir();
  BuildDir(const BuildDir&) = delete;
  BuildDir& operator=(const BuildDir&) = delete;

  [[nodiscard]] const std::string& path() const { return m_path; }
  /// The real path of the database directory this build will replace.
  [[nodiscard]] const std::string& db_real_path() const { return m_db_real_path; }
  /// Throws DatabaseError when the file system cannot exchange two
  /// directories atomically (NFS, some FUSE file systems).
  void require_exchange() const;

private:
  std::string m_db_real_path;
  std::string m_path;
  int m_lock_fd = -1;  ///< the build directory itself, flock'ed
  Reporter* m_reporter = nullptr;
};

/// fsyncs every regular file directly in @p dir, then @p dir itself, so a
/// database written without syncing is durable before it is swapped in.
void sync_directory_tree(const std::string& dir);

/// Atomically exchanges two directories (renameat2 RENAME_EXCHANGE): a reader
/// opening either path sees one complete directory or the other, never none,
/// then fsyncs the parent of @p target. Throws DatabaseError.
void swap_directories(const std::string& replacement, const std::string& target);

/// Atomically moves the finished database @p replacement to the missing path
/// @p target (renameat2 RENAME_NOREPLACE: never over something that appeared
/// meanwhile), then fsyncs the parent of @p target. Throws DatabaseError.
void rename_into_place(const std::string& replacement, const std::string& target);

/// Gives the new database @p to the permissions of the database directory @p
/// from that it replaces: @p to and every directory below it (a sharded
/// archive's shards) get @p from's mode bits and group, every file below it
/// @p from's group and its read and write bits (0750 -> 0640, 2770 -> 0660).
/// The files were created with the run's umask and primary group, which
/// could open the database to every user or lock out the group that reads it.
/// Nothing happens when @p from does not exist. Best effort for the group
/// (a user may only give a group of its own); throws DatabaseError when a mode
/// cannot be set.
void copy_database_permissions(const std::string& from, const std::string& to);

} // namespace dateline::indexer
