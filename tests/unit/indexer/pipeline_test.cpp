/** @file pipeline_test.cpp
 *  @brief The ordered pipeline delivers every result in order, with any thread count.
 */
#include "indexer/pipeline.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace dateline::indexer {
namespace {

struct Counter {
  int calls = 0;
};

TEST(OrderedPipeline, InOrderForManyThreadsAndWindows) {
  for (unsigned threads : {1U, 2U, 7U}) {
    for (std::size_t window : {1U, 3U, 64U}) {
      OrderedPipeline<std::size_t, Counter>::Params params;
      params.count = 500;
      params.threads = threads;
      params.window = window;
      OrderedPipeline<std::size_t, Counter> pipeline(
          params, [] { return Counter{}; },
          [](std::size_t i, Counter& c) {
            ++c.calls;
            return i * i;
          });
      std::size_t expected = 0;
      while (auto value = pipeline.next()) {
        ASSERT_EQ(*value, expected * expected);
        ++expected;
      }
      EXPECT_EQ(expected, 500U) << threads << " threads, window " << window;
    }
  }
}

TEST(OrderedPipeline, WorkerExceptionReachesTheConsumer) {
  OrderedPipeline<int, Counter>::Params params;
  params.count = 10;
  params.threads = 2;
  OrderedPipeline<int, Counter> pipeline(
      params, [] { return Counter{}; },
      [](std::size_t i, Counter&) -> int {
        if (i == 3) {
          throw std::runtime_error("boom");
        }
        return static_cast<int>(i);
      });
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(pipeline.next(), i);
  }
  EXPECT_THROW((void)pipeline.next(), std::runtime_error);
}

// Issue 14, item 8: memory per worker. Items weigh (file bytes); those started
// and not yet consumed stay within max_weight plus the one the consumer waits
// for, even with a slow consumer and a wide window; an item heavier than the
// bound still goes through.
TEST(OrderedPipeline, InFlightWeightIsBounded) {
  std::atomic<std::size_t> in_flight{0};
  std::atomic<std::size_t> peak{0};
  const auto weight_of = [](std::size_t i) -> std::size_t { return i == 50 ? 1000 : 10; };
  OrderedPipeline<std::size_t, Counter>::Params params;
  params.count = 120;
  params.threads = 4;
  params.window = 64;
  params.max_weight = 25;
  params.weigh = weight_of;
  OrderedPipeline<std::size_t, Counter> pipeline(
      params, [] { return Counter{}; },
      [&](std::size_t i, Counter&) {
        const std::size_t now = in_flight += weight_of(i);
        std::size_t seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        return i;
      });
  std::size_t expected = 0;
  while (auto value = pipeline.next()) {
    in_flight -= weight_of(*value);  // consumed (a worker may start just before this line)
    ASSERT_EQ(*value, expected);
    std::this_thread::sleep_for(std::chrono::microseconds(300));
    ++expected;
  }
  EXPECT_EQ(expected, 120U);
  // At most max_weight plus the item the consumer waits for (here the heavy
  // one); the measurement lags the pipeline's own count by at most one item.
  // Unbounded, it was ~64 items.
  EXPECT_LE(peak.load(), 25U + 1000U + 10U);
  in_flight = 0;
  peak = 0;
  params.weigh = [](std::size_t) -> std::size_t { return 10; };
  OrderedPipeline<std::size_t, Counter> light(
      params, [] { return Counter{}; },
      [&](std::size_t i, Counter&) {
        const std::size_t now = in_flight += 10;
        std::size_t seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        return i;
      });
  while (auto value = light.next()) {
    in_flight -= 10;
    std::this_thread::sleep_for(std::chrono::microseconds(300));
  }
  EXPECT_LE(peak.load(), 25U + 2 * 10U);
  EXPECT_GE(peak.load(), 20U);
}

TEST(OrderedPipeline, StopFlagEndsEarly) {
  std::atomic<bool> stop{false};
  OrderedPipeline<int, Counter>::Params params;
  params.count = 1000000;
  params.threads = 2;
  params.window = 4;
  params.stop = &stop;
  OrderedPipeline<int, Counter> pipeline(params, [] { return Counter{}; },
                                         [](std::size_t i, Counter&) { return static_cast<int>(i); });
  EXPECT_EQ(pipeline.next(), 0);
  stop = true;
  int more = 0;
  while (pipeline.next()) {
    ++more;
  }
  EXPECT_LE(more, 4);
}

TEST(OrderedPipeline, EmptyInput) {
  OrderedPipeline<int, Counter>::Params params;
  OrderedPipeline<int, Counter> pipeline(params, [] { return Counter{}; },
                                         [](std::size_t, Counter&) { return 1; });
  EXPECT_FALSE(pipeline.next().has_value());
}

} // namespace
} // namespace dateline::indexer
