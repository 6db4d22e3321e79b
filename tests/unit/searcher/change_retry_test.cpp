/** @file change_retry_test.cpp
 *  @brief The waits and the budget of retries on DatabaseModifiedError
 *  (searcher/change_retry.hpp).
 */
#include "searcher/change_retry.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace dateline::searcher {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

struct WaitRow {
  int next;
  double unit;
  microseconds expected;
};

TEST(ChangeRetry, WaitsDoubleFromTwoMillisecondsUpToTheCap) {
  const WaitRow rows[] = {
      {2, 1.0, microseconds(2000)},    {3, 1.0, microseconds(4000)},   {4, 1.0, microseconds(8000)},
      {7, 1.0, microseconds(64000)},   {8, 1.0, microseconds(120000)}, {40, 1.0, microseconds(120000)},
      {2, 0.5, microseconds(1000)},    {3, 1.5, microseconds(6000)},   {9, 0.5, microseconds(60000)},
      {1, 1.0, microseconds(2000)},  // before the first retry: as the first
  };
  for (const WaitRow& row : rows) {
    EXPECT_EQ(ChangeRetry::wait_for(row.next, row.unit), row.expected) << "attempt " << row.next << " x" << row.unit;
  }
}

TEST(ChangeRetry, AtLeastTheMinimumAttemptsHoweverSmallTheBudget) {
  ChangeRetry retry(milliseconds(0), 4);
  EXPECT_TRUE(retry.wait_before_retry());
  EXPECT_TRUE(retry.wait_before_retry());
  EXPECT_TRUE(retry.wait_before_retry());
  EXPECT_EQ(retry.attempts(), 4);
  EXPECT_FALSE(retry.wait_before_retry());
  EXPECT_EQ(retry.attempts(), 4);
  EXPECT_NE(retry.summary().find("4 attempts in "), std::string::npos) << retry.summary();
}

TEST(ChangeRetry, KeepsTryingUntilTheBudgetIsSpent) {
  const auto start = std::chrono::steady_clock::now();
  ChangeRetry retry(milliseconds(150), 1);
  int retries = 0;
  while (retry.wait_before_retry()) ++retries;
  // Only lower bounds: a loaded machine may take longer, never shorter.
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(150));
  EXPECT_GE(retries, 3) << "waits of 1-3, 2-6, 4-12 ms and more fit in 150 ms before it gives up";
  EXPECT_EQ(retry.attempts(), retries + 1);
}

}  // namespace
}  // namespace dateline::searcher
