/** @file build_dir.cpp
 *  @brief Scratch directory (flock'ed), fsync, directory swap and rename for
 *  databases built beside their target.
 */
#include "indexer/build_dir.hpp"

#include "common/error.hpp"
#include "indexer/reporter.hpp"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <chrono>
#include <filesystem>
#include <sys/file.h>
#include <sys/stat.h>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <vector>

namespace dateline::indexer {
namespace {

std::string errno_text(int error) { return std::strerror(error); }

std::string parent_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

void sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) {
    throw DatabaseError("'" + path + "': cannot open to sync: " + errno_text(errno));
  }
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) {
    throw DatabaseError("'" + path + "': fsync failed: " + errno_text(error));
  }
}

bool remove_tree(const std::string& path, std::string& error) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);  // never follows symbolic links
  if (ec) {
    error = "cannot remove '" + path + "': " + ec.message();
    return false;
  }
  return true;
}

} // namespace

std::string resolve_db_path(const std::string& db_path) {
  std::string path = db_path;
  while (path.size() > 1 && path.back() == '/') {
    path.pop_back();
  }
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) != nullptr) {
    return buffer;
  }
  if (errno != ENOENT) {
    throw DatabaseError("database '" + db_path + "': cannot resolve its path: " + errno_text(errno));
  }
  // A database to be created: its parent must exist. It is not created for
  // the user: a mistyped --db would otherwise grow a directory tree.
  const auto slash = path.find_last_of('/');
  const std::string parent = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (::realpath(parent.c_str(), buffer) == nullptr) {
    const int error = errno;
    if (error == ENOENT) {
      throw DatabaseError("database '" + db_path + "': the directory '" + parent +
                          "' that would hold it does not exist; create it first (mkdir -p '" + parent +
                          "') or choose another --db");
    }
    throw DatabaseError("database '" + db_path + "': cannot resolve its directory '" + parent +
                        "': " + errno_text(error));
  }
  const std::string real_parent = buffer;
  return (real_parent == "/" ? "" : real_parent) + "/" + name;
}

std::string build_dir_path(const std::string& db_path) {
  const std::string real = resolve_db_path(db_path);
  const auto slash = real.find_last_of('/');
  return parent_of(real) + "/." + real.substr(slash + 1) + ".dateline-build";
}

bool remove_stale_build_dir(const std::string& db_path, std::string& error) {
  const std::string path = build_dir_path(db_path);
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    return true;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return true;  // in use by a run creating the database: not stale
  }
  const bool removed = remove_tree(path, error);
  if (fd >= 0) {
    ::close(fd);
  }
  return removed;
}

BuildDir::BuildDir(const std::string& db_path, std::optional<double> wait_seconds, Reporter* reporter)
    : m_db_real_path(resolve_db_path(db_path)), m_path(build_dir_path(db_path)), m_reporter(reporter) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(wait_seconds.value_or(0.0)));
  // Lock-file protocol on the directory itself: create it if needed, flock
  // it, and make sure the locked inode is still the one at the path (a
  // previous holder removes the directory before it lets go).
  int changes = 0;  // the directory replaced under us (not waiting for its lock)
  const auto changed = [&] {
    if (++changes == 1000) {
      throw DatabaseError("database '" + db_path + "': the build directory '" + m_path + "' keeps changing");
    }
  };
  for (;;) {
    if (::mkdir(m_path.c_str(), 0700) != 0 && errno != EEXIST) {
      const int error = errno;
      throw DatabaseError("database '" + db_path + "': cannot create the build directory '" + m_path +
                          "': " + errno_text(error) +
                          (error == EACCES || error == EPERM
                               ? " (the directory '" + parent_of(m_db_real_path) + "' must be writable)"
                               : ""));
    }
    const int fd = ::open(m_path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      const int error = errno;
      std::string ignored;
      if ((error == ELOOP || error == ENOTDIR) && remove_tree(m_path, ignored)) {
        changed();
        continue;  // a symbolic link or file planted at the name: removed, never followed
      }
      if (error == ENOENT) {
        changed();
        continue;  // removed by its previous holder meanwhile
      }
      throw DatabaseError("database '" + db_path + "': cannot open the build directory '" + m_path +
                          "': " + errno_text(error));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd);
      if (error != EWOULDBLOCK) {
        throw DatabaseError("database '" + db_path + "': cannot lock the build directory '" + m_path +
                            "': " + errno_text(error));
      }
      if (!wait_seconds || std::chrono::steady_clock::now() >= deadline) {
        throw DatabaseLockedError("database '" + db_path + "' is locked: another indexer is building it" +
                                  std::string(wait_seconds ? " (gave up after waiting)" : k_lock_hint));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    struct stat locked {};
    struct stat named {};
    if (::fstat(fd, &locked) != 0 || ::lstat(m_path.c_str(), &named) != 0 || locked.st_dev != named.st_dev ||
        locked.st_ino != named.st_ino) {
      ::close(fd);
      changed();
      continue;
    }
    m_lock_fd = fd;
    break;
  }
  // Whatever is inside was left by a killed run.
  std::error_code ec;
  std::vector<std::string> leftovers;
  for (const auto& entry : std::filesystem::directory_iterator(m_path, ec)) {
    leftovers.push_back(entry.path().string());
  }
  if (ec) {
    ::close(m_lock_fd);
    throw DatabaseError("database '" + db_path + "': cannot list the build directory '" + m_path +
                        "': " + ec.message());
  }
  for (const auto& leftover : leftovers) {
    std::string error;
    if (!remove_tree(leftover, error)) {
      ::close(m_lock_fd);
      throw DatabaseError("database '" + db_path + "': " + error);
    }
  }
}

void BuildDir::require_exchange() const {
  // The swap at the end must be atomic: probe RENAME_EXCHANGE on two empty
  // directories (NFS and some FUSE file systems lack it).
  const std::string probe_a = m_path + "/probe-a";
  const std::string probe_b = m_path + "/probe-b";
  const bool ok = ::mkdir(probe_a.c_str(), 0700) == 0 && ::mkdir(probe_b.c_str(), 0700) == 0 &&
                  ::renameat2(AT_FDCWD, probe_a.c_str(), AT_FDCWD, probe_b.c_str(), RENAME_EXCHANGE) == 0;
  const int error = errno;
  ::rmdir(probe_a.c_str());
  ::rmdir(probe_b.c_str());
  if (!ok) {
    throw DatabaseError("database '" + m_db_real_path + "': cannot exchange directories atomically in '" +
                        parent_of(m_db_real_path) + "': " + errno_text(error));
  }
}

BuildDir::~BuildDir() {
  std::string error;
  if (!remove_tree(m_path, error)) {
    if (m_reporter != nullptr) m_reporter->warning(error + " (the next run removes it)");
  }
  ::close(m_lock_fd);  // releases the flock, after the removal
}

void sync_directory_tree(const std::string& dir) {
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) {
    throw DatabaseError("'" + dir + "': cannot list to sync: " + errno_text(errno));
  }
  std::vector<std::string> files;
  while (const dirent* entry = ::readdir(handle)) {
    const std::string name = entry->d_name;
    struct stat st {};
    const std::string path = dir + "/" + name;
    if (name != "." && name != ".." && ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      files.push_back(path);
    }
  }
  ::closedir(handle);
  for (const auto& file : files) {
    sync_path(file, O_RDONLY);
  }
  sync_path(dir, O_RDONLY | O_DIRECTORY);
}

void swap_directories(const std::string& replacement, const std::string& target) {
  if (::renameat2(AT_FDCWD, replacement.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
    throw DatabaseError("database '" + target + "': cannot swap in the new database '" + replacement +
                        "': " + errno_text(errno) + " (the database is unchanged)");
  }
  sync_path(parent_of(target), O_RDONLY | O_DIRECTORY);
}

void rename_into_place(const std::string& replacement, const std::string& target) {
  int rc = ::renameat2(AT_FDCWD, replacement.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE);
  if (rc != 0 && errno == EINVAL) {
    // No RENAME_NOREPLACE here: rename() still never replaces a non-empty directory.
    rc = ::rename(replacement.c_str(), target.c_str());
  }
  if (rc != 0) {
    throw DatabaseError("database '" + target + "': cannot move the new database '" + replacement +
                        "' into place: " + errno_text(errno));
  }
  sync_path(parent_of(target), O_RDONLY | O_DIRECTORY);
}

void copy_database_permissions(const std::string& from, const std::string& to) {
  struct stat st {};
  if (::stat(from.c_str(), &st) != 0) {
    return;
  }
  const auto give = [&st](const std::string& path, mode_t mode) {
    [[maybe_unused]] const int group_rc = ::chown(path.c_str(), static_cast<uid_t>(-1), st.st_gid);
    if (::chmod(path.c_str(), mode) != 0) {
      throw DatabaseError("'" + path + "': cannot set its permissions: " + errno_text(errno));
    }
  };
  give(to, st.st_mode & 07777);
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(to, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    const std::filesystem::file_type type = it->symlink_status(error).type();
    if (type == std::filesystem::file_type::directory) {
      give(it->path().string(), st.st_mode & 07777);
    } else if (type == std::filesystem::file_type::regular) {
      give(it->path().string(), st.st_mode & 0666);
    }
  }
  if (error) {
    throw DatabaseError("'" + to + "': cannot set the permissions of its files: " + error.message());
  }
}

} // namespace dateline::indexer
