/** @file counting_proxy.hpp
 *  @brief A loopback TCP proxy for a test: relays connections from
 *  127.0.0.1:port() to another loopback port and counts the bytes that
 *  cross it each way (what a client fetched over the network: a
 *  deterministic measure, unlike time).
 */
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dateline::test {

/// Relays every connection to 127.0.0.1:@p upstream_port until destroyed.
class CountingProxy {
public:
  explicit CountingProxy(int upstream_port);
  ~CountingProxy();
  CountingProxy(const CountingProxy&) = delete;
  CountingProxy& operator=(const CountingProxy&) = delete;

  [[nodiscard]] bool running() const { return m_listener >= 0; }
  /// "127.0.0.1:PORT"
  [[nodiscard]] std::string address() const { return "127.0.0.1:" + std::to_string(m_port); }
  /// Bytes relayed from clients to the server and back, over all connections.
  [[nodiscard]] std::size_t sent() const { return m_sent.load(); }
  [[nodiscard]] std::size_t received() const { return m_received.load(); }
  void reset() { m_sent = 0; m_received = 0; }

private:
  void accept_loop();
  void relay(int client, int server);

  int m_upstream_port = 0;
  int m_listener = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<std::size_t> m_sent{0};
  std::atomic<std::size_t> m_received{0};
  std::thread m_acceptor;
  std::mutex m_mutex;
  std::vector<std::thread> m_relays;
};

} // namespace dateline::test
