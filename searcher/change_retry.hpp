/** @file change_retry.hpp
 *  @brief How long a search keeps retrying while a writer discards the
 *  revision it reads.
 *
 *  A glass database keeps only the revision being written and the last one
 *  committed: a reader whose revision a writer overwrites gets
 *  Xapian::DatabaseModifiedError and must reopen. Under an indexer that
 *  commits every few milliseconds (`dateline-index --commit-every 1`), a
 *  search that takes longer than two commits loses that race every time it
 *  retries at once. So each retry waits first, a growing and randomised
 *  while (the writer's next pause between runs or batches is then found
 *  rather than collided with in step), and the search gives up only once it
 *  has tried at least k_change_retry_min_attempts times and for
 *  k_change_retry_budget: a bounded cost, never a hang.
 */
#pragma once

#include <chrono>
#include <random>
#include <string>

namespace dateline::searcher {

/// Retries before giving up, however quickly they fail.
inline constexpr int k_change_retry_min_attempts = 5;
/// Time spent retrying (waits included) before giving up.
inline constexpr std::chrono::milliseconds k_change_retry_budget{5000};
/// The longest single wait between two attempts.
inline constexpr std::chrono::milliseconds k_change_retry_max_wait{120};

/// One operation's retries on Xapian::DatabaseModifiedError.
class ChangeRetry {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ChangeRetry(std::chrono::milliseconds budget = k_change_retry_budget,
                       int min_attempts = k_change_retry_min_attempts);

  /// Called after attempt attempts() failed: false once the budget is spent
  /// (report the failure); otherwise waits and returns true (try again).
  [[nodiscard]] bool wait_before_retry();

  /// Attempts made so far (the first counts as one).
  [[nodiscard]] int attempts() const { return m_attempts; }
  /// "5 attempts in 5.1 s": for the error message.
  [[nodiscard]] std::string summary() const;

  /// The wait before attempt @p next (2, 3, ...) with @p unit in [0.5, 1.5):
  /// doubling from 2 ms up to k_change_retry_max_wait.
  [[nodiscard]] static std::chrono::microseconds wait_for(int next, double unit);

 private:
  Clock::time_point m_start;
  std::chrono::milliseconds m_budget;
  int m_min_attempts;
  int m_attempts = 1;
  std::minstd_rand m_rng;
};

}  // namespace dateline::searcher
