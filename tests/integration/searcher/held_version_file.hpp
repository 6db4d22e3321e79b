/** @file held_version_file.hpp
 *  @brief Makes a reader/writer race certain in integration tests: the next
 *  opener of a glass database's version file (iamglass) is held inside
 *  open() until the test has done what must happen meanwhile (a FIFO stands
 *  in for the file). Used for the stub race of time-sharded archives, in a
 *  local search and inside xapian-tcpsrv.
 */
#pragma once

#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dateline::test {

inline std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Holds the next opener of @p path (a glass database's version file,
/// iamglass) in open() until release(): the file is replaced by a FIFO, and
/// its real contents are kept aside. wait_for_reader() returns once a reader
/// has opened the FIFO (it is then blocked reading it) and puts the real file
/// back for everyone else; release() hands the held reader its contents as
/// they are then.
class HeldVersionFile {
public:
  /// @p spare: a directory on the same file system for the FIFO and the copy.
  HeldVersionFile(std::filesystem::path path, const std::filesystem::path& spare)
      : m_path(std::move(path)), m_saved(spare / "held-version-file"), m_fifo(spare / "held-version-fifo") {
    std::filesystem::rename(m_path, m_saved);
    EXPECT_EQ(::mkfifo(m_fifo.c_str(), 0600), 0);
    EXPECT_EQ(::link(m_fifo.c_str(), m_path.c_str()), 0);
  }
  ~HeldVersionFile() {
    if (m_fd >= 0) ::close(m_fd);
    std::error_code ignored;
    if (std::filesystem::exists(m_saved, ignored)) std::filesystem::rename(m_saved, m_path, ignored);
    std::filesystem::remove(m_fifo, ignored);
  }
  HeldVersionFile(const HeldVersionFile&) = delete;
  HeldVersionFile& operator=(const HeldVersionFile&) = delete;

  /// True once a reader opened the FIFO (false after a minute without one).
  bool wait_for_reader() {
    for (int tries = 0; tries < 6000; ++tries) {
      m_fd = ::open(m_fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);  // ENXIO: no reader yet
      if (m_fd >= 0) {
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) & ~O_NONBLOCK);
        std::filesystem::rename(m_saved, m_path);  // later openers (the indexer) get the real file
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  /// Gives the held reader the version file as it is now.
  void release() {
    const std::string text = file_text(m_path);
    EXPECT_EQ(::write(m_fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ::close(m_fd);
    m_fd = -1;
  }

private:
  std::filesystem::path m_path;
  std::filesystem::path m_saved;
  std::filesystem::path m_fifo;
  int m_fd = -1;
};

} // namespace dateline::test
