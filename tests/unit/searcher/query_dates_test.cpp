/** @file query_dates_test.cpp
 *  @brief The dates a query's date: restriction certainly confines its
 *  matches to (#15.3), which choose the shards of a time-sharded archive:
 *  a table of queries, with each date under AND, a filter, '+', a bracket,
 *  OR, NOT, '-', XOR and the three match modes.
 */
#include "searcher/query_dates.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dateline::searcher {
namespace {

std::string iso(const std::optional<Date>& date) { return date ? date->iso() : std::string("open"); }

struct Case {
  const char* query;
  const char* since;  ///< "open" = no bound
  const char* until;
};

class QueryDatesTest : public ::testing::TestWithParam<Case> {};

TEST_P(QueryDatesTest, CertainDates) {
  const Case& c = GetParam();
  for (const MatchMode mode : {MatchMode::natural, MatchMode::all, MatchMode::any}) {
    const ShardDates dates = query_text_dates(c.query, mode);
    EXPECT_EQ(iso(dates.since), c.since) << c.query << " (mode " << static_cast<int>(mode) << ")";
    EXPECT_EQ(iso(dates.until), c.until) << c.query << " (mode " << static_cast<int>(mode) << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, QueryDatesTest,
    ::testing::Values(
        // No date, or no query: nothing is certain.
        Case{"canal", "open", "open"}, Case{"", "open", "open"}, Case{"update: canal", "open", "open"},
        // A date beside the words (QueryParser filters by it), ANDed, required, alone.
        Case{"date:2024 canal", "2024-01-01", "2024-12-31"}, Case{"canal DATE:2024", "2024-01-01", "2024-12-31"},
        Case{"canal AND date:2024-07", "2024-07-01", "2024-07-31"},
        Case{"canal +date:2024-07-26", "2024-07-26", "2024-07-26"},
        Case{"date:1987-03..1987-06", "1987-03-01", "1987-06-30"}, Case{"date:..1990 oil", "open", "1990-12-31"},
        Case{"oil date:1987..", "1987-01-01", "open"}, Case{"\"oil prices\" date:2001", "2001-01-01", "2001-12-31"},
        Case{"title:opec source:reuters date:1987", "1987-01-01", "1987-12-31"},
        Case{"opec NEAR kuwait date:1987", "1987-01-01", "1987-12-31"},
        Case{"(oil OR gas) AND date:1987", "1987-01-01", "1987-12-31"},
        Case{"date:1987 oil NOT gas", "1987-01-01", "1987-12-31"},
        // Several: values of one field are either-or (the hull), AND narrows.
        Case{"oil date:2020 date:2022", "2020-01-01", "2022-12-31"},
        Case{"oil AND (date:2020 OR date:2022)", "2020-01-01", "2022-12-31"},
        Case{"oil AND (date:..2001 OR date:2020)", "open", "2020-12-31"},
        Case{"date:2020..2024 AND date:2022..2030 oil", "2022-01-01", "2024-12-31"},
        // A date that is not certain: an alternative, an exclusion, XOR.
        Case{"oil OR date:2024", "open", "open"}, Case{"oil NOT date:2024", "open", "open"},
        Case{"oil -date:2024", "open", "open"}, Case{"oil XOR date:2024", "open", "open"},
        Case{"(oil date:2024) OR gas", "open", "open"},
        // QueryParser binds the filter to NOT's right side: not (gas in 1987).
        Case{"oil NOT gas date:1987", "open", "open"}, Case{"oil AND (date:2020 OR gas)", "open", "open"},
        // A query the search refuses chooses nothing.
        Case{"oil date:2024-13", "open", "open"}, Case{"oil (date:2020)", "open", "open"}),
    [](const ::testing::TestParamInfo<Case>& param) { return "Query" + std::to_string(param.index); });

TEST(QueryDates, IntersectKeepsTheNarrowerEnds) {
  const ShardDates a{Date{2020, 1, 1}, std::nullopt};
  const ShardDates b{Date{2019, 5, 1}, Date{2022, 12, 31}};
  const ShardDates both = intersect_dates(a, b);
  EXPECT_EQ(iso(both.since), "2020-01-01");
  EXPECT_EQ(iso(both.until), "2022-12-31");
  EXPECT_EQ(iso(intersect_dates({}, {}).since), "open");
}

} // namespace
} // namespace dateline::searcher
