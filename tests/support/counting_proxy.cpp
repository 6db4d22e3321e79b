/** @file counting_proxy.cpp
 *  @brief The byte-counting loopback proxy: one thread accepting, one per
 *  connection relaying with poll(); every wait is bounded so that the
 *  destructor ends them.
 */
#include "tests/support/counting_proxy.hpp"

#include <arpa/inet.h>
#include <cstdint>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dateline::test {
namespace {

constexpr int k_poll_ms = 100;

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

/// Writes all of @p data to @p fd; false when the peer is gone.
bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

} // namespace

CountingProxy::CountingProxy(int upstream_port) : m_upstream_port(upstream_port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  sockaddr_in address = loopback(0);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return;
  }
  m_listener = fd;
  m_port = ntohs(address.sin_port);
  m_acceptor = std::thread([this] { accept_loop(); });
}

CountingProxy::~CountingProxy() {
  m_stop = true;
  if (m_acceptor.joinable()) m_acceptor.join();
  std::vector<std::thread> relays;
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    relays.swap(m_relays);
  }
  for (std::thread& relay : relays) relay.join();
  if (m_listener >= 0) ::close(m_listener);
}

void CountingProxy::accept_loop() {
  while (!m_stop) {
    pollfd waiting{m_listener, POLLIN, 0};
    if (::poll(&waiting, 1, k_poll_ms) <= 0) continue;
    const int client = ::accept(m_listener, nullptr, nullptr);
    if (client < 0) continue;
    const int server = ::socket(AF_INET, SOCK_STREAM, 0);
    const sockaddr_in address = loopback(m_upstream_port);
    if (server < 0 || ::connect(server, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      if (server >= 0) ::close(server);
      ::close(client);
      continue;
    }
    // As Xapian's own sockets: no Nagle delay on each small request.
    const int one = 1;
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_relays.emplace_back([this, client, server] { relay(client, server); });
  }
}

void CountingProxy::relay(int client, int server) {
  char buffer[16384];
  pollfd ends[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
  while (!m_stop) {
    if (::poll(ends, 2, k_poll_ms) <= 0) continue;
    bool open = true;
    for (int i = 0; i < 2 && open; ++i) {
      if ((ends[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t n = ::recv(ends[i].fd, buffer, sizeof buffer, 0);
      if (n <= 0) {
        open = false;
        break;
      }
      (i == 0 ? m_sent : m_received) += static_cast<std::size_t>(n);
      open = write_all(ends[1 - i].fd, buffer, static_cast<std::size_t>(n));
    }
    if (!open) break;
  }
  ::close(client);
  ::close(server);
}

} // namespace dateline::test
