/** @file change_retry.cpp
 *  @brief Waits between retries of a search whose revision a writer discarded.
 */
#include "change_retry.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <thread>

#include <unistd.h>

namespace dateline::searcher {

ChangeRetry::ChangeRetry(std::chrono::milliseconds budget, int min_attempts)
    : m_start(Clock::now()),
      m_budget(budget),
      m_min_attempts(min_attempts),
      // Two searches started together must not wait in step with each other.
      m_rng(static_cast<std::minstd_rand::result_type>(m_start.time_since_epoch().count() ^
                                                       (static_cast<long long>(::getpid()) << 16))) {}

std::chrono::microseconds ChangeRetry::wait_for(int next, double unit) {
  const int doublings = std::clamp(next - 2, 0, 16);
  const auto base = std::min<std::chrono::microseconds>(std::chrono::microseconds(2000LL << doublings),
                                                        k_change_retry_max_wait);
  return std::chrono::microseconds(static_cast<long long>(static_cast<double>(base.count()) * unit));
}

bool ChangeRetry::wait_before_retry() {
  if (m_attempts >= m_min_attempts && Clock::now() - m_start >= m_budget) return false;
  std::uniform_real_distribution<double> unit(0.5, 1.5);
  std::this_thread::sleep_for(wait_for(m_attempts + 1, unit(m_rng)));
  ++m_attempts;
  return true;
}

std::string ChangeRetry::summary() const {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f",
                std::chrono::duration<double>(Clock::now() - m_start).count());
  return std::to_string(m_attempts) + " attempts in " + seconds + " s";
}

}  // namespace dateline::searcher
