/** @file loopback_server.cpp
 *  @brief Servers on 127.0.0.1 for tests: free ports, bounded start, cleanup.
 */
#include "tests/support/loopback_server.hpp"

#include "tests/support/process.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace dateline::test {
namespace {

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  return addr;
}

/// Processes whose parent is @p pid (from /proc/PID/stat).
std::vector<int> children(int pid) {
  std::vector<int> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    const std::size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(line.substr(close + 1));
    std::string state;
    int parent = 0;
    if (fields >> state >> parent && parent == pid) out.push_back(std::stoi(name));
  }
  return out;
}

} // namespace

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr = loopback(0);
  socklen_t length = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

bool loopback_accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const sockaddr_in addr = loopback(port);
  const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

LoopbackServer::LoopbackServer(const std::function<std::vector<std::string>(int port)>& argv_for) {
  for (int attempt = 0; attempt < 5 && m_pid < 0; ++attempt) {
    const int port = free_loopback_port();
    if (port == 0) continue;
    const int pid = spawn_process(argv_for(port));
    for (int wait = 0; wait < 200; ++wait) {  // 5 s
      if (loopback_accepts(port)) {
        m_pid = pid;
        m_port = port;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    if (m_pid < 0) {
      ::kill(pid, SIGKILL);
      (void)wait_process(pid);
    }
  }
}

void LoopbackServer::kill() {
  if (m_pid <= 0) return;
  for (const int child : children(m_pid)) ::kill(child, SIGKILL);
  ::kill(m_pid, SIGKILL);
  (void)wait_process(m_pid);
  m_pid = -1;
  // A child it forked for a connection holds the listening socket until it
  // is gone too (reaped by init, not by us): until then connections are
  // still accepted into the backlog. Wait for "refused" (bounded: 10 s).
  for (int wait = 0; wait < 400 && loopback_accepts(m_port); ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
}

void LoopbackServer::stop() {
  if (m_pid <= 0) return;
  ::kill(m_pid, SIGSTOP);
  for (const int child : children(m_pid)) ::kill(child, SIGSTOP);
}

} // namespace dateline::test
