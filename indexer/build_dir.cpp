/** @file build_dir.cpp
 *  @brief Scratch directory, fsync and directory swap for sharded builds.
 */
#include "indexer/build_dir.hpp"

#include "common/error.hpp"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace dateline::indexer {
namespace {

std::string errno_text(int error) { return std::strerror(error); }

std::string real_path(const std::string& path) {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) == nullptr) {
    throw DatabaseError("database '" + path + "': cannot resolve its path: " + errno_text(errno));
  }
  return buffer;
}

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

std::string build_dir_path(const std::string& db_path) {
  const std::string real = real_path(db_path);
  const auto slash = real.find_last_of('/');
  return parent_of(real) + "/." + real.substr(slash + 1) + ".dateline-build";
}

bool remove_stale_build_dir(const std::string& db_path, std::string& error) {
  const std::string path = build_dir_path(db_path);
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    return true;
  }
  return remove_tree(path, error);
}

BuildDir::BuildDir(const std::string& db_path)
    : m_db_real_path(real_path(db_path)), m_path(build_dir_path(db_path)) {
  std::string remove_error;
  if (!remove_tree(m_path, remove_error)) {
    throw DatabaseError("database '" + db_path + "': " + remove_error);
  }
  if (::mkdir(m_path.c_str(), 0700) != 0) {
    throw DatabaseError("database '" + db_path + "': cannot create the build directory '" + m_path +
                        "': " + errno_text(errno));
  }
  // The swap at the end must be atomic: probe RENAME_EXCHANGE on two empty
  // directories (NFS and some FUSE file systems lack it).
  const std::string probe_a = m_path + "/probe-a";
  const std::string probe_b = m_path + "/probe-b";
  if (::mkdir(probe_a.c_str(), 0700) != 0 || ::mkdir(probe_b.c_str(), 0700) != 0 ||
      ::renameat2(AT_FDCWD, probe_a.c_str(), AT_FDCWD, probe_b.c_str(), RENAME_EXCHANGE) != 0) {
    const int error = errno;
    std::string ignored;
    [[maybe_unused]] const bool removed = remove_tree(m_path, ignored);
    throw DatabaseError("database '" + db_path + "': cannot exchange directories atomically in '" +
                        parent_of(m_db_real_path) + "': " + errno_text(error));
  }
  ::rmdir(probe_a.c_str());
  ::rmdir(probe_b.c_str());
}

BuildDir::~BuildDir() {
  std::string error;
  if (!remove_tree(m_path, error)) {
    std::fprintf(stderr, "dateline-index: warning: %s (the next run removes it)\n", error.c_str());
  }
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
    throw DatabaseError("database '" + target + "': cannot swap in the merged database '" + replacement +
                        "': " + errno_text(errno) + " (the database is unchanged)");
  }
  sync_path(parent_of(target), O_RDONLY | O_DIRECTORY);
}

void copy_directory_mode(const std::string& from, const std::string& to) {
  struct stat st {};
  if (::stat(from.c_str(), &st) != 0) {
    return;
  }
  [[maybe_unused]] const int group_rc = ::chown(to.c_str(), static_cast<uid_t>(-1), st.st_gid);
  if (::chmod(to.c_str(), st.st_mode & 07777) != 0) {
    throw DatabaseError("'" + to + "': cannot set its permissions: " + errno_text(errno));
  }
}

} // namespace dateline::indexer
