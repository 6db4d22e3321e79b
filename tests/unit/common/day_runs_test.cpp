/** @file day_runs_test.cpp
 *  @brief The docid -> day map's codec and builder (#12.1): round trips,
 *  gaps and out-of-order days, and every malformed text refused.
 */
#include "common/day_runs.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline::day_runs {
namespace {

constexpr std::int64_t U = k_undated;

TEST(DayRunsTest, BuilderMakesRunsOfEqualDaysAndUndatedGaps) {
  struct Case {
    std::vector<std::pair<Xapian::docid, std::int64_t>> added;
    Xapian::docid last;
    std::vector<day_runs::Run> want;
  };
  const std::vector<Case> cases{
      {{}, 0, {}},
      {{}, 3, {{1, U}}},
      {{{1, 10}, {2, 10}, {3, 11}}, 3, {{1, 10}, {3, 11}}},
      {{{2, 10}, {3, 10}}, 3, {{1, U}, {2, 10}}},                  // docid 1 without a value
      {{{1, 10}, {4, 10}}, 5, {{1, 10}, {2, U}, {4, 10}, {5, U}}},  // a gap, and undated after
      {{{1, 10}, {2, 9}, {3, 10}}, 3, {{1, 10}, {2, 9}, {3, 10}}},  // a late old article
      {{{1, U}, {2, U}, {3, -5}}, 3, {{1, U}, {3, -5}}},            // undated values and gaps merge
      {{{1, 10}, {1, 12}, {2, 10}}, 2, {{1, 10}}},                  // not ascending: ignored
      {{{1, 10}, {4294967295U, 11}}, 4294967295U, {{1, 10}, {2, U}, {4294967295U, 11}}},  // the highest docid
  };
  for (const Case& c : cases) {
    Builder builder;
    for (const auto& [docid, day] : c.added) builder.add(docid, day);
    EXPECT_EQ(builder.finish(c.last), c.want) << c.last;
  }
}

TEST(DayRunsTest, EncodeDecodeRoundTrips) {
  const std::vector<DayRuns> maps{
      {},
      {7, 3, 3, {{1, 10}, {3, 11}}},
      {1, 1000000, 999000, {{1, U}, {2, -719468}, {500, 2932896}, {501, U}, {900000, 0}, {900001, 20000}}},
      {4294967295U, 4294967295U, 1, {{1, U}, {4294967295U, 1}}},
  };
  for (const DayRuns& map : maps) {
    const std::string text = encode(map);
    const std::optional<DayRuns> back = decode(text);
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_EQ(*back, map);
  }
}

TEST(DayRunsTest, MalformedTextIsRefused) {
  const std::string good = encode({5, 3, 3, {{1, 10}, {3, 11}}});
  ASSERT_TRUE(decode(good).has_value());
  const std::vector<std::string> bad{
      "",
      "2 5 3 3 2\n",                          // another format version
      "1 5 3 3\n",                            // a number short
      "1 5 3 x 0\n",                          // not a number
      "1 5 3 4 0\n",                          // more documents than docids
      good.substr(0, good.size() - 1),        // truncated
      good + "x",                             // trailing bytes
      encode({5, 3, 3, {{2, 10}}}),           // the first run not at docid 1
      encode({5, 3, 3, {{1, 10}, {4, 11}}}),  // past the last docid
      std::string("1 5 3 3 2\n") + '\x01' + '\x02' + '\x00' + '\x00',  // a step of 0: not ascending
  };
  for (const std::string& text : bad) EXPECT_FALSE(decode(text).has_value()) << text;
}

TEST(DayRunsTest, CapIsAShareOfTheDocuments) {
  EXPECT_TRUE(within_cap(k_min_runs_cap, 1));
  EXPECT_FALSE(within_cap(k_min_runs_cap + 1, 4 * k_min_runs_cap));
  EXPECT_TRUE(within_cap(250000, 1000000));
  EXPECT_FALSE(within_cap(250001, 1000000));
}

TEST(DayRunsTest, DayOfValue) {
  EXPECT_EQ(day_of_value("19700101"), 0);
  EXPECT_EQ(day_of_value("19700102"), 1);
  EXPECT_EQ(day_of_value("19691231"), -1);
  EXPECT_EQ(day_of_value("2024XX01"), std::nullopt);
  EXPECT_EQ(day_of_value(""), std::nullopt);
}

} // namespace
} // namespace dateline::day_runs
