/** @file atomic_file.cpp
 *  @brief mkstemp + fsync + rename, with the temporary file removed on every
 *  failure path.
 */
#include "common/atomic_file.hpp"

#include "common/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dateline {
namespace {

/// Removes the temporary file unless released (the rename happened).
class TempGuard {
public:
  explicit TempGuard(std::string path) : m_path(std::move(path)) {}
  ~TempGuard() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_released) ::unlink(m_path.c_str());
  }
  TempGuard(const TempGuard&) = delete;
  TempGuard& operator=(const TempGuard&) = delete;
  void set_fd(int fd) { m_fd = fd; }
  /// Closes the descriptor; returns close()'s result.
  int close_fd() {
    const int rc = ::close(m_fd);
    m_fd = -1;
    return rc;
  }
  void release() { m_released = true; }

private:
  std::string m_path;
  int m_fd = -1;
  bool m_released = false;
};

[[noreturn]] void fail(const std::string& path, int error) {
  throw Error("cannot write '" + path + "': " + std::strerror(error));
}

} // namespace

std::string parent_directory(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string atomic_write_problem(const std::string& path) {
  if (path.empty() || path.back() == '/') return "'" + path + "' is not a file name";
  const std::string dir = parent_directory(path);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    return "directory '" + dir + "' of '" + path + "': " + std::strerror(errno);
  }
  if (!S_ISDIR(st.st_mode)) return "'" + dir + "' (the directory of '" + path + "') is not a directory";
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return "cannot create files in '" + dir + "' (for '" + path + "'): " + std::strerror(errno);
  }
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return "'" + path + "' is a directory";
  return {};
}

void write_file_atomically(const std::string& path, std::string_view contents, mode_t mode) {
  // A name of our own, not derived from the target's (which may be near
  // NAME_MAX) nor guessable (mkstemp's random suffix, O_EXCL).
  std::string temp = parent_directory(path) + "/.dateline-tmp.XXXXXX";
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) fail(path, errno);
  TempGuard guard(temp);
  guard.set_fd(fd);
  for (std::size_t done = 0; done < contents.size();) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, errno);
    }
    done += static_cast<std::size_t>(n);
  }
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, mode & ~mask & 07777) != 0 || ::fsync(fd) != 0) fail(path, errno);
  if (guard.close_fd() != 0) fail(path, errno);
  // rename() replaces a symbolic link planted at @p path; it never follows it.
  if (::rename(temp.c_str(), path.c_str()) != 0) fail(path, errno);
  guard.release();
  // Make the rename durable; the file is already in place, so a failure here
  // (rare: EIO) is not reported as a failed write.
  const int dir_fd = ::open(parent_directory(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    [[maybe_unused]] const int rc = ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

} // namespace dateline
