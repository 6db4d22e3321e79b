/** @file options_test.cpp
 *  @brief parse_search_options in-process: defaults, values and errors.
 */
#include "searcher/options.hpp"
#include "searcher/request_options.hpp"
#include "searcher/searcher.hpp"

#include "common/error.hpp"

#include "tests/support/param_name.hpp"
#include "tests/unit/searcher/option_errors.hpp"

#include <gtest/gtest.h>

namespace dateline::searcher {
namespace {

TEST(OptionsTest, Defaults) {
  const SearchOptions o = parse_search_options({"oil", "prices"});
  EXPECT_EQ(o.query, "oil prices");
  ASSERT_EQ(o.databases.size(), 1U);
  EXPECT_EQ(o.databases[0], "./dateline.db");
  EXPECT_EQ(o.limit, 10U);
  EXPECT_EQ(o.offset, 0U);
  EXPECT_EQ(o.snippets, 1U);
  EXPECT_EQ(o.mode, MatchMode::natural);
  EXPECT_EQ(o.sort, SortOrder::relevance);
  EXPECT_EQ(o.format, OutputFormat::text);
  EXPECT_FALSE(o.since || o.until || o.count_only || o.explain);
}

TEST(OptionsTest, EnvironmentDatabaseAndRepeatedDb) {
  OptionEnvironment env;
  env.dateline_db = "/env/db";
  EXPECT_EQ(parse_search_options({"x"}, env).databases, std::vector<std::string>{"/env/db"});
  const SearchOptions o = parse_search_options({"--db", "a", "x", "--db=b"}, env);
  EXPECT_EQ(o.databases, (std::vector<std::string>{"a", "b"}));
}

TEST(OptionsTest, AllValues) {
  const SearchOptions o = parse_search_options({"--limit", "5", "--offset", "20", "--sort", "newest", "--since",
                                                "2024", "--until", "2024-07", "--format", "json", "--snippets",
                                                "3", "--snippet-chars", "100", "--explain", "--all",
                                                "q"});
  EXPECT_EQ(o.limit, 5U);
  EXPECT_EQ(o.offset, 20U);
  EXPECT_EQ(o.sort, SortOrder::newest);
  EXPECT_EQ(o.since->iso(), "2024-01-01");
  EXPECT_EQ(o.until->iso(), "2024-07-31");
  EXPECT_EQ(o.format, OutputFormat::json);
  EXPECT_EQ(o.snippets, 3U);
  EXPECT_EQ(o.snippet_chars, 100U);
  EXPECT_TRUE(o.explain);
  EXPECT_EQ(o.mode, MatchMode::all);
  // --count replaces the listing, so it is parsed apart (with --explain it is
  // refused: OptionErrorTest).
  EXPECT_TRUE(parse_search_options({"--count", "--all", "q"}).count_only);
}

// #12.2: synonyms are on unless --no-synonyms.
// #15.4: remote shard timeout and partial answers.
TEST(OptionsTest, TimeoutAndAllowPartial) {
  const SearchOptions defaults = parse_search_options({"q"}, {});
  EXPECT_EQ(defaults.timeout, std::chrono::milliseconds(10000));
  EXPECT_FALSE(defaults.allow_partial);
  const SearchOptions o = parse_search_options({"--timeout", "0.25", "--allow-partial", "--db", "h:1", "q"}, {});
  EXPECT_EQ(o.timeout, std::chrono::milliseconds(250));
  EXPECT_TRUE(o.allow_partial);
  EXPECT_EQ(parse_search_options({"--timeout=3600", "q"}, {}).timeout, std::chrono::milliseconds(3600000));
  for (const char* bad : {"0", "0.05", "-1", "3601", "ten", "5s", "", "nan", "inf"}) {
    EXPECT_THROW((void)parse_search_options({"--timeout", bad, "q"}, {}), UsageError) << bad;
  }
}

TEST(OptionsTest, NoSynonyms) {
  EXPECT_TRUE(parse_search_options({"q"}, {}).synonyms);
  EXPECT_FALSE(parse_search_options({"--no-synonyms", "q"}, {}).synonyms);
  EXPECT_FALSE(make_request(parse_search_options({"--no-synonyms", "q"}, {}), "q").synonyms);
}

TEST(OptionsTest, BatchNeedsNoQuery) {
  const SearchOptions o = parse_search_options({"--batch", "-", "--any"});
  EXPECT_EQ(o.batch_file, "-");
  EXPECT_EQ(o.mode, MatchMode::any);
}

// #9.17: --color for less -R, -l/--files-with-matches for xargs.
TEST(OptionsTest, ColorAndFilesWithMatches) {
  EXPECT_EQ(parse_search_options({"x"}).color, ColorMode::automatic);
  EXPECT_EQ(parse_search_options({"--color=always", "x"}).color, ColorMode::always);
  EXPECT_EQ(parse_search_options({"--color", "never", "x"}).color, ColorMode::never);
  EXPECT_EQ(parse_search_options({"--color=auto", "x"}).color, ColorMode::automatic);
  const SearchOptions l = parse_search_options({"-l", "x"});
  EXPECT_TRUE(l.files_only);
  EXPECT_EQ(l.snippets, 0U);
  EXPECT_EQ(l.limit, k_max_limit) << "every hit unless --limit is given";
  const SearchOptions limited = parse_search_options({"--files-with-matches", "--limit", "3", "x"});
  EXPECT_TRUE(limited.files_only);
  EXPECT_EQ(limited.limit, 3U);
  EXPECT_FALSE(limited.null_separated);
  EXPECT_TRUE(parse_search_options({"-l", "--null", "x"}).null_separated);
  EXPECT_TRUE(parse_search_options({"-l", "-0", "x"}).null_separated);
}

TEST(OptionsTest, HelpSkipsChecksAndTeachesSyntax) {
  EXPECT_TRUE(parse_search_options({"--help"}).help);
  const std::string help = search_help_text();
  for (const char* part : {"NEAR", "ADJ", "title:", "author:", "date:2024-07-01..2024-07-31", "export*",
                           "Exit status", "[[word]]", "--since", "--batch", "--color", "--files-with-matches"}) {
    EXPECT_NE(help.find(part), std::string::npos) << part;
  }
}

// --db's help names every form it takes: a plain database, a directory with
// a XAPIANDB stub (a time-sharded archive, a replica), a stub file, a remote
// shard. Boost wraps the text, so it is compared with single spaces.
TEST(OptionsTest, DbHelpNamesEveryFormItTakes) {
  const std::string help = search_help_text(true);  // --help-all: --timeout follows --db
  const auto begin = help.find("--db ] PATH");
  ASSERT_NE(begin, std::string::npos) << help;
  const auto end = help.find("--timeout", begin);
  ASSERT_NE(end, std::string::npos) << help;
  std::string text;
  for (const char c : help.substr(begin, end - begin)) {
    if (c != ' ' && c != '\n') {
      text += c;
    } else if (!text.empty() && text.back() != ' ') {
      text += ' ';
    }
  }
  for (const char* form : {"database directory", "XAPIANDB", "dateline-index --shard-by", "xapian-replicate",
                           "Xapian stub file", "xapian-tcpsrv", "HOST:PORT", "tcp://HOST:PORT", "$DATELINE_DB"}) {
    EXPECT_NE(text.find(form), std::string::npos) << form << " is not in --db's help: " << text;
  }
}

using option_errors::OptionError;

class OptionErrorTest : public ::testing::TestWithParam<OptionError> {};

// #9.17: value names, not Boost's "arg".
TEST(OptionsTest, HelpNamesTheValues) {
  const std::string help = search_help_text();
  EXPECT_EQ(help.find(" arg "), std::string::npos) << help;
  for (const char* shown : {"--db ] PATH", "--limit ] N", "--offset N", "--since DATE", "--until DATE",
                            "--batch FILE", "--snippets N", "--sort ORDER", "--format FORMAT"}) {
    EXPECT_NE(help.find(shown), std::string::npos) << shown;
  }
}

// #12.1: --timeline[=UNIT]; a bare --timeline does not take the next word.
TEST(OptionsTest, Timeline) {
  EXPECT_FALSE(parse_search_options({"oil"}).timeline);
  const SearchOptions bare = parse_search_options({"--timeline", "oil", "prices"});
  ASSERT_TRUE(bare.timeline);
  EXPECT_EQ(*bare.timeline, TimelineUnit::automatic);
  EXPECT_EQ(bare.query, "oil prices");
  for (const auto& [text, unit] : {std::pair{"year", TimelineUnit::year}, std::pair{"month", TimelineUnit::month},
                                   std::pair{"week", TimelineUnit::week}, std::pair{"day", TimelineUnit::day},
                                   std::pair{"auto", TimelineUnit::automatic}}) {
    const SearchOptions o = parse_search_options({"--timeline=" + std::string(text), "--count", "oil"});
    ASSERT_TRUE(o.timeline) << text;
    EXPECT_EQ(*o.timeline, unit) << text;
    EXPECT_TRUE(o.count_only);
    EXPECT_EQ(o.query, "oil");
  }
  EXPECT_EQ(parse_search_options({"--timeline", "--", "month"}).query, "month") << "after -- it is the query";
  EXPECT_NE(search_help_text().find("--timeline"), std::string::npos);
}

// #11.1: --duplicates=collapse|show and --story ID (no query needed, oldest first).
TEST(OptionsTest, DuplicatesAndStory) {
  EXPECT_TRUE(parse_search_options({"oil"}).collapse);
  EXPECT_FALSE(parse_search_options({"--duplicates=show", "oil"}).collapse);
  EXPECT_TRUE(parse_search_options({"--duplicates", "collapse", "oil"}).collapse);
  const SearchOptions story = parse_search_options({"--story", "4a71c72668931a2d"});
  EXPECT_EQ(story.story, "4a71c72668931a2d");
  EXPECT_EQ(story.query, "");
  EXPECT_FALSE(story.collapse);
  EXPECT_EQ(story.sort, SortOrder::oldest);
  EXPECT_EQ(parse_search_options({"--story", "4a71c72668931a2d", "--sort", "newest"}).sort, SortOrder::newest);
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--duplicates=hide", "oil"}, {"--story", "xyz"}, {"--story", "4A71C72668931A2D"},
        {"--story", "4a71c72668931a2d", "--duplicates=collapse"}, {"--story", "4a71c72668931a2d", "--batch", "-"}}) {
    EXPECT_THROW((void)parse_search_options(bad), UsageError) << bad.front() << " " << bad[1];
  }
  EXPECT_NE(search_help_text().find("--duplicates"), std::string::npos);
}

TEST(OptionsTest, BatchTakesJsonFormat) {
  EXPECT_EQ(parse_search_options({"--batch", "-", "--format", "json"}).format, OutputFormat::json);
}

TEST_P(OptionErrorTest, Throws) {
  option_errors::expect_refused(GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Table, OptionErrorTest,
    ::testing::Values(OptionError{"no query", {}, "no query"},
                      OptionError{"unknown option", {"--frobnicate", "x"}, "frobnicate"},
                      OptionError{"negative limit", {"--limit", "-1", "x"}, "--limit"},
                      OptionError{"limit not a number", {"--limit", "ten", "x"}, "--limit"},
                      OptionError{"limit too large", {"--limit", "99999999", "x"}, "--limit"},
                      OptionError{"bad sort", {"--sort", "date", "x"}, "--sort"},
                      OptionError{"bad format", {"--format", "xml", "x"}, "--format"},
                      OptionError{"bad since", {"--since", "2024-02-30", "x"}, "--since"},
                      OptionError{"garbage until", {"--until", "yesterday", "x"}, "--until"},
                      OptionError{"inverted range", {"--since", "2024-08", "--until", "2024-07", "x"}, "inverted"},
                      OptionError{"all and any", {"--all", "--any", "x"}, "--all"},
                      OptionError{"snippet chars too small", {"--snippet-chars", "3", "x"}, "--snippet-chars"},
                      OptionError{"batch and query", {"--batch", "f", "x"}, "--batch"},
                      OptionError{"empty db", {"--db", "", "x"}, "--db"},
                      // #9.17: a query word typed before -- is an unknown option; the line says what to do.
                      OptionError{"dash word", {"-oil"}, "dateline-search -- 'WORD -oil'"},
                      OptionError{"dash word help", {"-oil", "prices"}, "--help"},
                      OptionError{"batch text", {"--batch", "-", "--format", "text"}, "--format text"},
                      OptionError{"bad color", {"--color=sometimes", "x"}, "--color"},
                      OptionError{"files and count", {"-l", "--count", "x"}, "--files-with-matches"},
                      OptionError{"files and batch", {"-l", "--batch", "f"}, "--files-with-matches"},
                      OptionError{"files and json", {"-l", "--format", "json", "x"}, "--files-with-matches"},
                      OptionError{"null without files", {"--null", "x"}, "--null"},
                      OptionError{"null short without files", {"-0", "x"}, "--null"},
                      // #12.1: a unit only as --timeline=UNIT; a unit name after a bare --timeline is refused.
                      OptionError{"timeline bad unit", {"--timeline=months", "x"}, "--timeline"},
                      OptionError{"timeline unit as next word", {"--timeline", "month", "oil"}, "--timeline=month"},
                      OptionError{"timeline and files", {"--timeline", "-l", "x"}, "--files-with-matches"},
                      // #9.17 class (trial): an option whose output another option replaces was
                      // silently ignored (--explain with --count or -l printed no explanation).
                      OptionError{"explain and count", {"--explain", "--count", "x"}, "--explain"},
                      OptionError{"explain and files", {"--explain", "-l", "x"}, "--explain"}),
    test::RowName{});

// ---- #11.2 --recency, --recency-weight, --now; #11.3 --like
TEST(OptionsTest, RecencyAndLike) {
  const SearchOptions o = parse_search_options({"--recency", "2w", "--recency-weight", "0.5", "--now", "1987-10", "oil"});
  EXPECT_DOUBLE_EQ(*o.recency_half_life_days, 14.0);
  EXPECT_DOUBLE_EQ(*o.recency_weight, 0.5);
  EXPECT_EQ(o.now->iso(), "1987-10-01");
  const SearchRequest r = make_request(o, o.query);
  EXPECT_DOUBLE_EQ(*r.recency_half_life_days, 14.0);
  EXPECT_DOUBLE_EQ(r.recency_weight, 0.5);
  EXPECT_DOUBLE_EQ(make_request(parse_search_options({"--recency", "1y", "x"}), "x").recency_weight,
                   k_default_recency_weight);
  EXPECT_FALSE(parse_search_options({"oil"}).recency_half_life_days);
  // --like needs no query, repeats, and reaches the request.
  const SearchOptions like = parse_search_options({"--like", "a.txt", "--like=docid:3"});
  EXPECT_EQ(like.like, (std::vector<std::string>{"a.txt", "docid:3"}));
  EXPECT_TRUE(like.query.empty());
  EXPECT_EQ(make_request(like, "").like, like.like);
  EXPECT_EQ(parse_search_options({"--like", "a.txt", "tariff"}).query, "tariff");
}

TEST(OptionsTest, RecencyAndLikeErrors) {
  const std::vector<std::vector<std::string>> bad = {
      {"--recency", "30", "x"},          {"--recency", "30d", "--sort", "newest", "x"},
      {"--recency", "30d", "--sort=oldest", "x"}, {"--recency", "30d", "--count", "x"},
      {"--recency-weight", "1", "x"},    {"--now", "2024", "x"},
      {"--recency", "1y", "--now", "2024-13", "x"}, {"--recency", "1y", "--recency-weight", "-1", "x"},
      {"--like", "", "x"},               {"--like", "a.txt", "--new-since", "state"},
  };
  for (const auto& args : bad) {
    EXPECT_THROW((void)parse_search_options(args), UsageError) << args[0] << " " << args[1];
  }
}

} // namespace
} // namespace dateline::searcher
