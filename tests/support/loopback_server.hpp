/** @file loopback_server.hpp
 *  @brief A server process listening on 127.0.0.1 for a test (xapian-tcpsrv,
 *  xapian-replicate-server): started on a free ephemeral port, waited for
 *  within a bound, killed with the processes it forked on destruction.
 */
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace dateline::test {

/// A free loopback TCP port (bind port 0 and read what the kernel chose), or 0.
[[nodiscard]] int free_loopback_port();

/// True when something accepts TCP connections on 127.0.0.1:@p port.
[[nodiscard]] bool loopback_accepts(int port);

/// A server on 127.0.0.1, killed (with its children) on destruction.
class LoopbackServer {
public:
  /// Runs @p argv_for(port) for a free port until it accepts connections
  /// (at most 5 s a try, 5 tries: another process may take the port
  /// meanwhile). running() is false when it never did.
  explicit LoopbackServer(const std::function<std::vector<std::string>(int port)>& argv_for);
  ~LoopbackServer() { kill(); }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  [[nodiscard]] bool running() const { return m_pid > 0; }
  [[nodiscard]] int port() const { return m_port; }
  /// "127.0.0.1:PORT"
  [[nodiscard]] std::string address() const { return "127.0.0.1:" + std::to_string(m_port); }
  /// Kills the server and the processes it forked for open connections, and
  /// returns once its port refuses connections (waits at most 10 s).
  void kill();
  /// Stops the server and the processes it forked for open connections
  /// (SIGSTOP): the kernel still accepts connections, nothing answers.
  void stop();

private:
  int m_pid = -1;
  int m_port = 0;
};

} // namespace dateline::test
