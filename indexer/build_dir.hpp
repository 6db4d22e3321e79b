/** @file build_dir.hpp
 *  @brief The scratch directory of a sharded build, next to the database (same
 *  file system, so the finished database moves into place with a rename), and
 *  the file-system steps around it: durable flush, atomic directory swap,
 *  removal of a leftover from a killed run.
 *
 *  Every function here is called only while the caller holds the database's
 *  Xapian write lock, which is what makes one fixed name per database safe.
 */
#pragma once

#include <string>

namespace dateline::indexer {

/// "<parent>/.<name>.dateline-build" for the database directory @p db_path
/// (resolved with realpath, so a symlinked --db swaps the real directory).
[[nodiscard]] std::string build_dir_path(const std::string& db_path);

/// Removes the build directory a killed run (kill -9, power cut) left behind.
/// Returns false (and sets @p error) when it exists and cannot be removed.
[[nodiscard]] bool remove_stale_build_dir(const std::string& db_path, std::string& error);

/// A freshly created build directory, removed with everything in it when the
/// object dies (normal end, exception, SIGINT/SIGTERM unwinding).
class BuildDir {
public:
  /// Creates the directory (removing a stale one first) and checks that the
  /// file system can exchange directories atomically. Throws DatabaseError
  /// naming the path when it cannot be created (e.g. an unwritable parent) or
  /// the exchange is not supported (e.g. NFS): the caller then indexes with a
  /// single writer.
  explicit BuildDir(const std::string& db_path);
  ~BuildDir();
  BuildDir(const BuildDir&) = delete;
  BuildDir& operator=(const BuildDir&) = delete;

  [[nodiscard]] const std::string& path() const { return m_path; }
  /// The real path of the database directory this build will replace.
  [[nodiscard]] const std::string& db_real_path() const { return m_db_real_path; }

private:
  std::string m_db_real_path;
  std::string m_path;
};

/// fsyncs every regular file directly in @p dir, then @p dir itself, so a
/// database written without syncing is durable before it is swapped in.
void sync_directory_tree(const std::string& dir);

/// Atomically exchanges two directories (renameat2 RENAME_EXCHANGE): a reader
/// opening either path sees one complete directory or the other, never none,
/// then fsyncs the parent of @p target. Throws DatabaseError.
void swap_directories(const std::string& replacement, const std::string& target);

/// Gives @p to the permission bits and group of @p from (best effort for the group).
void copy_directory_mode(const std::string& from, const std::string& to);

} // namespace dateline::indexer
