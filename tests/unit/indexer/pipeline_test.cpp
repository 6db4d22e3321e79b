/** @file pipeline_test.cpp
 *  @brief The ordered pipeline delivers every result in order, with any thread count.
 */
#include "indexer/pipeline.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

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
