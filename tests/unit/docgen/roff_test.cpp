/** @file roff_test.cpp
 *  @brief docgen's text handling, table-driven: roff escaping (hyphens,
 *  backslashes, control characters at a line start, every non-ASCII character
 *  and broken UTF-8), --help text cut into blocks, and README Markdown into
 *  dateline(7).
 */
#include "docgen/option_model.hpp"
#include "docgen/roff.hpp"
#include "tests/support/param_name.hpp"

#include <boost/program_options.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline::docgen {
namespace {

struct EscapeRow {
  std::string name;
  std::string input;
  std::string expected;
};

class RoffEscapeTest : public ::testing::TestWithParam<EscapeRow> {};

TEST_P(RoffEscapeTest, Escapes) {
  EXPECT_EQ(roff_escape(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, RoffEscapeTest,
    ::testing::Values(EscapeRow{"plain", "oil prices", "oil prices"},
                      EscapeRow{"option", "--db PATH", "\\-\\-db PATH"},
                      EscapeRow{"backslash", "a\\b", "a\\eb"},
                      EscapeRow{"leading_dot", ".hidden files", "\\&.hidden files"},
                      EscapeRow{"leading_quote", "'and'/'or'", "\\&'and'/'or'"},
                      EscapeRow{"inner_dot", "a .b", "a .b"},
                      EscapeRow{"curly_quotes", "\u201cx\u201d", "\\[u201C]x\\[u201D]"},
                      EscapeRow{"cjk", "\u4e2d\u65e5", "\\[u4E2D]\\[u65E5]"},
                      EscapeRow{"astral", "\U0001F600", "\\[u1F600]"},
                      EscapeRow{"invalid_byte", "a\xff" "b", "a\\[uFFFD]b"},
                      EscapeRow{"truncated_sequence", "a\xe4\xb8", "a\\[uFFFD]"},
                      EscapeRow{"bad_continuation", "\xe4" "ab", "\\[uFFFD]ab"}),
    test::RowName{});

struct BlockRow {
  std::string name;
  std::string help;
  std::vector<HelpBlock::Kind> kinds;
};

class HelpBlocksTest : public ::testing::TestWithParam<BlockRow> {};

TEST_P(HelpBlocksTest, Kinds) {
  std::vector<HelpBlock::Kind> kinds;
  for (const auto& block : help_blocks(GetParam().help)) kinds.push_back(block.kind);
  EXPECT_EQ(kinds, GetParam().kinds);
}

using K = HelpBlock::Kind;
INSTANTIATE_TEST_SUITE_P(
    Rows, HelpBlocksTest,
    ::testing::Values(BlockRow{"text", "Searches an archive.\nSecond line.\n", {K::text}},
                      BlockRow{"heading_then_lines", "Examples:\n  a\n  b\n", {K::heading, K::preformatted}},
                      BlockRow{"heading_lines_text", "Query syntax:\n  a  b\nWords are matched.\n",
                               {K::heading, K::text}},
                      BlockRow{"lone_heading", "Exit codes:\n\n  0  ok\n", {K::heading, K::preformatted}},
                      BlockRow{"long_line_ending_in_colon_is_text",
                               "A cron line that mails only the news of the day, every day:\n  x\n", {K::text}},
                      BlockRow{"blank_lines_split", "a\n\n\nb\n", {K::text, K::text}}),
    test::RowName{});

TEST(OverviewManPage, TablesCodeAndLinksFromMarkdown) {
  const std::string readme =
      "# Dateline\n\nIntro.\n\n```sh\nscripts/demo\n```\n\nPoint `dateline-index` at [a folder](x.md).\n\n"
      "## Use\n\n### Articles\n\nUTF-8 **text** files.\n\n### Query language\n\n| syntax | meaning |\n|---|---|\n"
      "| `a\\|b` | either |\n\n### Exit codes\n\n| code | `dateline-index` | `dateline-search` |\n|---|---|---|\n"
      "| 0 | success | hits |\n| 75 | locked | |\n\n## Documentation\n";
  const std::string page = overview_man_page(readme, "1.2.3");
  EXPECT_NE(page.find(".TH DATELINE 7 \"\" \"Dateline 1.2.3\""), std::string::npos) << page;
  EXPECT_NE(page.find("Point \\fBdateline\\-index\\fR at a folder.\n"), std::string::npos) << page;
  EXPECT_EQ(page.find("scripts/demo"), std::string::npos) << "the set-up commands are not part of it";
  EXPECT_NE(page.find("UTF\\-8 \\fBtext\\fR files."), std::string::npos) << page;
  EXPECT_NE(page.find(".TP\n\\fBa|b\\fR\neither\n"), std::string::npos) << page;
  EXPECT_NE(page.find(".TP\n0\n\\fBdateline\\-index\\fR: success\n.br\n\\fBdateline\\-search\\fR: hits\n"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find(".TP\n75\n\\fBdateline\\-index\\fR: locked\n"), std::string::npos) << page;
  EXPECT_THROW(static_cast<void>(overview_man_page("# Dateline\n", "1")), std::runtime_error);
}

// The man pages and completions name an option's value as declared: Boost's
// name() decorates it with the implicit and default values
// ("[=UNIT(=auto)]", "N (=10)"), which made the man page read
// "--timeline[=[=UNIT(=auto)]]".
TEST(OptionModel, ValueNamesWithoutBoostsDecoration) {
  namespace po = boost::program_options;
  po::options_description declarations("Results");
  declarations.add_options()
      ("timeline", po::value<std::string>()->value_name("UNIT")->implicit_value("auto"), "chart")
      ("limit,n", po::value<int>()->value_name("N")->default_value(10), "hits")
      ("color", po::value<std::string>()->value_name("WHEN")->implicit_value("always")->default_value("auto"), "color")
      ("db,d", po::value<std::string>()->value_name("PATH"), "database")
      ("quiet,q", "no output");
  const std::vector<OptionDoc> docs = option_docs(declarations);
  ASSERT_EQ(docs.size(), 5U);
  EXPECT_EQ(docs[0].value_name, "UNIT");
  EXPECT_TRUE(docs[0].value_optional);
  EXPECT_EQ(docs[1].value_name, "N");
  EXPECT_FALSE(docs[1].value_optional);
  EXPECT_EQ(docs[2].value_name, "WHEN");
  EXPECT_TRUE(docs[2].value_optional);
  EXPECT_EQ(docs[3].value_name, "PATH");
  EXPECT_EQ(docs[4].value_name, "");
}

} // namespace
} // namespace dateline::docgen
