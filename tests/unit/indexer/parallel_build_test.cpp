/** @file parallel_build_test.cpp
 *  @brief When a run builds shards, and how the files are split between them.
 */
#include "indexer/parallel_build.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace dateline::indexer {
namespace {

/// A walk of files with the given sizes and a plan reading all of them.
struct Fixture {
  explicit Fixture(const std::vector<std::uint64_t>& sizes) {
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      WalkedFile file;
      file.relative = "f" + std::to_string(i) + ".txt";
      file.stat.size = sizes[i];
      walk.files.push_back(file);
      Task task;
      task.file = i;
      plan.tasks.push_back(task);
    }
  }
  WalkResult walk;
  Plan plan;
};

void expect_partition(const std::vector<std::pair<std::size_t, std::size_t>>& ranges, std::size_t count) {
  ASSERT_FALSE(ranges.empty());
  EXPECT_EQ(ranges.front().first, 0U);
  EXPECT_EQ(ranges.back().second, count);
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    EXPECT_LT(ranges[i].first, ranges[i].second) << "no empty part";
    if (i > 0) {
      EXPECT_EQ(ranges[i].first, ranges[i - 1].second) << "contiguous, in task order";
    }
  }
}

TEST(SplitTasks, TableOfShapes) {
  struct Case {
    std::vector<std::uint64_t> sizes;
    unsigned parts;
    std::size_t expected_parts;
  };
  const std::vector<Case> cases = {
      {{100, 100, 100, 100}, 2, 2},
      {{100, 100, 100, 100}, 4, 4},
      {{100, 100, 100}, 8, 3},  // never more parts than files
      {{5}, 2, 1},
      {{1, 1, 1, 1000000}, 2, 2},
      {{1000000, 1, 1, 1}, 2, 2},
      {std::vector<std::uint64_t>(1001, 4000), 3, 3},
  };
  for (const auto& c : cases) {
    Fixture f(c.sizes);
    const auto ranges = split_tasks(f.plan, f.walk, c.parts);
    SCOPED_TRACE(std::to_string(c.sizes.size()) + " files in " + std::to_string(c.parts) + " parts");
    EXPECT_EQ(ranges.size(), c.expected_parts);
    expect_partition(ranges, c.sizes.size());
  }
  Fixture none({});
  EXPECT_TRUE(split_tasks(none.plan, none.walk, 2).empty());
}

TEST(SplitTasks, BalancesBytesNotFileCounts) {
  // The first 100 files are ten times bigger than the last 900.
  std::vector<std::uint64_t> sizes(100, 20000);
  sizes.resize(1000, 2000);
  Fixture f(sizes);
  const auto ranges = split_tasks(f.plan, f.walk, 2);
  ASSERT_EQ(ranges.size(), 2U);
  const auto work = [&](std::pair<std::size_t, std::size_t> r) {
    std::uint64_t total = 0;
    for (std::size_t i = r.first; i < r.second; ++i) total += sizes[i] + 2048;
    return static_cast<double>(total);
  };
  EXPECT_LT(ranges[0].second, 500U) << "the big files make the first part short";
  EXPECT_NEAR(work(ranges[0]) / work(ranges[1]), 1.0, 0.02);
}

TEST(ShouldBuildInParallel, OnlyAWritingParallelBuildOfAnEmptyDatabaseAboveTheThreshold) {
  Fixture f(std::vector<std::uint64_t>(10, 100));
  OpenedDatabase db;
  db.writable.emplace(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.reader = *db.writable;
  db.exists = true;
  IndexOptions options;
  options.jobs = 2;
  options.shard_threshold = 10;
  EXPECT_TRUE(should_build_in_parallel(options, db, f.plan));

  IndexOptions one = options;
  one.jobs = 1;
  EXPECT_TRUE(should_build_in_parallel(one, db, f.plan)) << "--jobs 1: one shard (#15.5)";
  IndexOptions off = options;
  off.shard_threshold = 0;
  EXPECT_FALSE(should_build_in_parallel(off, db, f.plan)) << "--shard-threshold 0";
  IndexOptions high = options;
  high.shard_threshold = 11;
  EXPECT_FALSE(should_build_in_parallel(high, db, f.plan)) << "fewer files than the threshold";
  IndexOptions dry = options;
  dry.dry_run = true;
  EXPECT_FALSE(should_build_in_parallel(dry, db, f.plan)) << "--dry-run";

  db.writable->add_document(Xapian::Document());
  db.writable->commit();
  EXPECT_FALSE(should_build_in_parallel(options, db, f.plan)) << "the database holds documents";
}

} // namespace
} // namespace dateline::indexer
