/** @file signals.cpp
 *  @brief Async-signal-safe stop flag.
 */
#include "indexer/signals.hpp"

#include <csignal>

namespace dateline::indexer {
namespace {

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;
static_assert(std::atomic<bool>::is_always_lock_free, "the stop flag must be usable in a signal handler");

extern "C" void on_stop_signal(int signal_number) {
  if (g_signal == 0) {
    g_signal = signal_number;
  }
  g_stop.store(true, std::memory_order_relaxed);
}

} // namespace

const std::atomic<bool>& install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return g_stop;
}

int stop_signal() noexcept { return g_signal; }

} // namespace dateline::indexer
