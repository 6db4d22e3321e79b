/** @file option_suggestion_test.cpp
 *  @brief The declared option nearest a mistyped one (common/option_suggestion),
 *  table-driven: one slip (a letter left out, added, changed or two swapped),
 *  two in a longer name, a unique start of a name; nothing for a word that is
 *  near no option, for an ambiguous start, or for a single-dash word (a query
 *  word such as -oil).
 */
#include "common/option_suggestion.hpp"
#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline {
namespace {

const std::vector<std::string> k_names{"db",    "since", "until",   "limit",  "offset",       "sort",
                                       "format", "color", "rebuild", "retry-failed", "duplicates", "dry-run"};

struct SuggestionRow {
  std::string name;
  std::string typed;
  std::string expected;  ///< "" = no suggestion
};

class OptionSuggestionTest : public ::testing::TestWithParam<SuggestionRow> {};

TEST_P(OptionSuggestionTest, NamesTheNearestDeclaredOption) {
  EXPECT_EQ(nearest_option(GetParam().typed, k_names).value_or(""), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, OptionSuggestionTest,
    ::testing::Values(SuggestionRow{"letter_left_out", "--limt", "--limit"},
                      SuggestionRow{"letters_swapped", "--sicne", "--since"},
                      SuggestionRow{"letter_added", "--rebuilld", "--rebuild"},
                      SuggestionRow{"letter_changed", "--colour", "--color"},
                      SuggestionRow{"two_slips_in_a_long_name", "--dupilcate", "--duplicates"},
                      SuggestionRow{"with_a_value", "--limt=3", "--limit"},
                      SuggestionRow{"upper_case", "--LIMIT", "--limit"},
                      SuggestionRow{"unique_start", "--lim", "--limit"},
                      SuggestionRow{"ambiguous_start", "--re", ""},
                      SuggestionRow{"near_nothing", "--frobnicate", ""},
                      SuggestionRow{"short_name_two_slips", "--xy", ""},
                      SuggestionRow{"single_dash_query_word", "-limt", ""},
                      SuggestionRow{"bare_dashes", "--", ""}),
    test::RowName{});

} // namespace
} // namespace dateline
