/** @file completions_test.cpp
 *  @brief docgen's one-line option descriptions for zsh and fish, table-driven:
 *  bracketed asides are left out rather than cut at, so "text (default) or
 *  json" reads "text or json", not "text"; the first ';' outside brackets ends
 *  it, and so does the end of its first sentence.
 */
#include "docgen/completions.hpp"
#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dateline::docgen {
namespace {

struct SummaryRow {
  std::string name;
  std::string help;
  std::string expected;
};

class OptionSummaryTest : public ::testing::TestWithParam<SummaryRow> {};

TEST_P(OptionSummaryTest, LeavesOutAsidesAndStopsAtTheFirstSemicolon) {
  EXPECT_EQ(option_summary(GetParam().help), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, OptionSummaryTest,
    ::testing::Values(
        SummaryRow{"plain", "show this help", "show this help"},
        SummaryRow{"aside_then_choice", "text (default) or json (--batch writes JSON only)", "text or json"},
        SummaryRow{"aside_before_comma", "relevance (default), newest or oldest; date order lists only articles",
                   "relevance, newest or oldest"},
        SummaryRow{"several_asides", "BM25 length normalisation, 0 (none) to 1 (full) (default 0.2)",
                   "BM25 length normalisation, 0 to 1"},
        SummaryRow{"nested_asides", "bold highlights: auto (default: on a terminal (unless NO_COLOR)), always or never",
                   "bold highlights: auto, always or never"},
        SummaryRow{"semicolon_inside_aside", "times W (0 to 100; default 0.5; 0 = off) per word", "times W per word"},
        SummaryRow{"semicolon_ends_it", "the database to search: a directory; a stub file",
                   "the database to search: a directory"},
        SummaryRow{"first_sentence", "swap it in when complete. Without DIR it rebuilds the recorded folders",
                   "swap it in when complete"},
        SummaryRow{"abbreviation_goes_on", "skip files larger than SIZE, e.g. 512k, 16M, 1G",
                   "skip files larger than SIZE, e.g. 512k, 16M, 1G"},
        SummaryRow{"unopened_bracket_kept", "1) the first", "1) the first"},
        SummaryRow{"trailing_colon", "files with no date: (see below)", "files with no date"}),
    test::RowName{});

} // namespace
} // namespace dateline::docgen
