/** @file results_test.cpp
 *  @brief Honest answers from the real dateline-search (issue 9, items 11-17):
 *  exact counts and consistent paging, "Did you mean" only when it helps,
 *  date-sorted results that require every word, empty databases, hints that
 *  lead somewhere, --limit 0, unknown options and repeated --db.
 */
#include "tests/integration/searcher/fixture_db.hpp"
#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <xapian.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

/// @p n articles: "central" in every third, "bank" in every second (so
/// `central bank` matches n/3 + n/2 - n/6 of them in natural mode).
std::vector<FixtureArticle> banking_articles(int n) {
  std::vector<FixtureArticle> out;
  for (int i = 0; i < n; ++i) {
    std::string body = "Report number " + std::to_string(i) + " on markets.";
    if (i % 3 == 0) body += " The central committee met.";
    if (i % 2 == 0) body += " The bank raised its rates.";
    out.push_back({"a/" + std::to_string(i) + ".txt", "2020-01-" + std::string(i % 28 < 9 ? "0" : "") +
                                                          std::to_string(i % 28 + 1),
                   "Markets " + std::to_string(i), body, "", "", {}});
  }
  return out;
}

int expected_matches(int n) {
  int count = 0;
  for (int i = 0; i < n; ++i) count += (i % 3 == 0 || i % 2 == 0) ? 1 : 0;
  return count;
}

ProcessResult search(const std::filesystem::path& db, std::vector<std::string> args,
                     const ProcessOptions& options = {}) {
  std::vector<std::string> argv{search_binary(), "--db", db.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, options);
}

std::vector<std::string> paths(const ProcessResult& result) { return hit_paths(JsonParser::parse(result.out)); }

class ResultsTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir();
    build_fixture_db(s_dir->path() / "small", banking_articles(k_small));
    build_fixture_db(s_dir->path() / "large", banking_articles(k_large));
  }
  static void TearDownTestSuite() {
    delete s_dir;
    s_dir = nullptr;
  }
  static std::filesystem::path small() { return s_dir->path() / "small"; }
  static std::filesystem::path large() { return s_dir->path() / "large"; }

  static constexpr int k_small = 120;   // 80 matches: counted exactly
  static constexpr int k_large = 6000;  // 4000 matches: more than the searcher counts exactly
  static inline TempDir* s_dir = nullptr;
};

// #9.11: small sets are counted exactly, in text, JSON and on every page.
TEST_F(ResultsTest, SmallSetsAreCountedExactly) {
  const int expected = expected_matches(k_small);
  const auto count = search(small(), {"--count", "central bank"});
  ASSERT_EQ(count.exit_code, 0) << count.err;
  EXPECT_EQ(count.out, std::to_string(expected) + "\n");

  const auto text = search(small(), {"--snippets", "0", "central bank"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.rfind(std::to_string(expected) + " results for central bank", 0), 0U) << text.out;

  std::size_t listed = 0;
  for (int offset = 0; offset <= expected; offset += 20) {
    const auto page = search(small(), {"--format", "json", "--limit", "20", "--offset", std::to_string(offset),
                                       "--snippets", "0", "central bank"});
    const JsonValue v = JsonParser::parse(page.out);
    EXPECT_EQ(v.at("total_estimate").number, expected) << "offset " << offset;
    EXPECT_TRUE(v.at("total_exact").boolean) << "offset " << offset;
    const std::size_t size = v.at("hits").array.size();
    EXPECT_EQ(size, std::min<std::size_t>(20, static_cast<std::size_t>(expected - offset))) << "offset " << offset;
    listed += size;
  }
  EXPECT_EQ(listed, static_cast<std::size_t>(expected));
}

// #9.11: beyond what is counted cheaply the text says "About" and JSON says so.
TEST_F(ResultsTest, LargeSetsSayAbout) {
  const auto json = search(large(), {"--format", "json", "--snippets", "0", "central bank"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const JsonValue v = JsonParser::parse(json.out);
  EXPECT_FALSE(v.at("total_exact").boolean);
  const auto text = search(large(), {"--snippets", "0", "central bank"});
  EXPECT_EQ(text.out.rfind("About ", 0), 0U) << text.out;
  const auto count = search(large(), {"--count", "central bank"});
  EXPECT_EQ(count.out, std::to_string(expected_matches(k_large)) + "\n") << "--count is always exact";
  const auto exact = search(large(), {"--format", "json", "--count", "central bank"});
  EXPECT_EQ(exact.out, std::to_string(expected_matches(k_large)) + "\n");
}

// #9.13: --sort newest/oldest lists only articles with every word, unless --any.
TEST(ResultsSortTest, DateSortRequiresEveryWord) {
  TempDir dir;
  build_fixture_db(dir / "db", {{"both.txt", "2020-01-01", "Rates", "The central bank held rates.", "", "", {}},
                                {"banks.txt", "2024-01-01", "Lenders", "Two banks merged.", "", "", {}},
                                {"central.txt", "2023-01-01", "Heating", "The central heating failed.", "", "", {}}});
  for (const char* order : {"newest", "oldest"}) {
    EXPECT_EQ(paths(search(dir / "db", {"--format", "json", "--sort", order, "central bank"})),
              std::vector<std::string>{"/fixture/both.txt"})
        << order;
    const auto any = paths(search(dir / "db", {"--format", "json", "--sort", order, "--any", "central bank"}));
    EXPECT_EQ(std::set<std::string>(any.begin(), any.end()),
              (std::set<std::string>{"/fixture/both.txt", "/fixture/banks.txt", "/fixture/central.txt"}))
        << order;
  }
  EXPECT_EQ(paths(search(dir / "db", {"--format", "json", "--sort", "newest", "central OR bank"})).size(), 3U)
      << "explicit operators keep their meaning";
  EXPECT_EQ(paths(search(dir / "db", {"--format", "json", "central bank"})).size(), 3U)
      << "relevance order still lists partial matches after full ones";
}

// #9.12: "Did you mean" only for a word that is absent or far rarer than its
// suggestion, and the suggestion keeps the operators typed.
TEST(ResultsSpellingTest, SuggestsOnlyWhenItHelps) {
  std::vector<FixtureArticle> docs{
      {"ferry.txt", "2020-01-01", "Ferry", "The ferry sailed to the walrus colony.", "", "", {}},
      {"gulf1.txt", "2020-01-02", "Gulf", "Opec ministers from Saudi Arabia and Kuwait met.", "", "", {}},
      {"gulf2.txt", "2020-01-03", "Gulf", "Opec output: Saudi and Kuwait fields.", "", "", {}},
  };
  for (int i = 0; i < 30; ++i) {
    docs.push_back({"common/" + std::to_string(i) + ".txt", "2021-01-01", "Common",
                    "Officials said traders fear a long wait in Wales for the harbour.", "", "", {}});
  }
  TempDir dir;
  build_fixture_db(dir / "db", docs);
  for (const char* query : {"ferry", "walrus", "opec AND (saudi OR kuwait) NOT iran", "kuwait"}) {
    const auto r = search(dir / "db", {"--format", "json", query});
    ASSERT_EQ(r.exit_code, 0) << query << ": " << r.err;
    EXPECT_EQ(JsonParser::parse(r.out).at("suggestion").type, JsonValue::Type::null) << query << ": " << r.out;
    EXPECT_EQ(search(dir / "db", {query}).out.find("Did you mean"), std::string::npos) << query;
  }
  const auto typo = search(dir / "db", {"harbr"});
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_NE(typo.out.find("Did you mean: harbour\n"), std::string::npos) << typo.out;
  const auto kept = search(dir / "db", {"--format", "json", "opec AND (kuwiat OR saudi) NOT harbr"});
  EXPECT_EQ(JsonParser::parse(kept.out).at("suggestion").string, "opec AND (kuwait OR saudi) NOT harbr") << kept.out;

  // An absent word is not offered a spelling that changes its first letter:
  // an archive without "kuwait" does not suggest "wait" (nor "saudi" -> "said").
  std::vector<FixtureArticle> gulf{{"g1.txt", "2020-01-01", "Gulf", "Opec and Saudi officials.", "", "", {}},
                                   {"g2.txt", "2020-01-02", "Gulf", "Opec met Saudi ministers.", "", "", {}}};
  for (int i = 0; i < 30; ++i) {
    gulf.push_back({"w/" + std::to_string(i) + ".txt", "2021-01-01", "Queue", "Officials said to wait.", "", "", {}});
  }
  build_fixture_db(dir / "gulf", gulf);
  const auto r = search(dir / "gulf", {"--format", "json", "opec AND (saudi OR kuwait) NOT iran"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(JsonParser::parse(r.out).at("suggestion").type, JsonValue::Type::null) << r.out;
}

// A word written as a field name (a capital makes `Daet:1963` text, not an
// unknown field) is not corrected: lower-cased, the suggestion would be a
// field, `date:1963` (every 1963 article, another query) or `kennedy:berlin`
// (an unknown field, exit 2), and a script that runs the suggestion gets
// something else than what was asked. The word alone is still corrected.
TEST(ResultsSpellingTest, NeverTurnsTextIntoAField) {
  std::vector<FixtureArticle> docs;
  for (int i = 0; i < 3; ++i) {
    docs.push_back({"k/" + std::to_string(i) + ".txt", "1963-0" + std::to_string(i + 1) + "-01", "Kennedy",
                    "Kennedy set the date of the Berlin visit.", "", "", {}});
  }
  TempDir dir;
  build_fixture_db(dir / "db", docs);
  for (const char* query : {"Daet:1963", "Kenedy:berlin", "DAET:1963 kennedy"}) {
    const auto r = search(dir / "db", {"--format", "json", query});
    ASSERT_LE(r.exit_code, 1) << query << ": " << r.err;
    const JsonValue suggestion = JsonParser::parse(r.out).at("suggestion");
    if (suggestion.type == JsonValue::Type::null) continue;
    EXPECT_EQ(suggestion.string.find("date:"), std::string::npos) << query << " -> " << suggestion.string;
    EXPECT_EQ(suggestion.string.find("kennedy:"), std::string::npos) << query << " -> " << suggestion.string;
    const auto again = search(dir / "db", {"--format", "json", suggestion.string});
    EXPECT_LE(again.exit_code, 1) << query << " -> " << suggestion.string << ": " << again.err;
  }
  const auto word = search(dir / "db", {"--format", "json", "Kenedy berlin"});
  EXPECT_EQ(JsonParser::parse(word.out).at("suggestion").string, "kennedy berlin") << word.out;
}

// The exit status says whether the query matched, not whether the page
// holds a hit (docs/searcher.md, Exit status): an --offset past the last hit
// exits 0 with an empty page, so a script pages until a page is empty; with
// --batch, 0 when some line's query matched, 1 when none did.
TEST(ResultsExitStatusTest, CountsMatchesNotThePage) {
  TempDir dir;
  build_fixture_db(dir / "db", banking_articles(12));
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--offset", "500", "bank"}, {"--offset", "500", "-l", "bank"}, {"--offset", "500", "--format", "json", "bank"},
           {"--limit", "0", "bank"}}) {
    const auto r = search(dir / "db", args);
    EXPECT_EQ(r.exit_code, 0) << args[args.size() - 2] << ": " << r.err;
  }
  EXPECT_TRUE(JsonParser::parse(search(dir / "db", {"--offset", "500", "--format", "json", "bank"}).out)
                  .at("hits").array.empty());
  EXPECT_EQ(search(dir / "db", {"--offset", "500", "-l", "bank"}).out, "");
  EXPECT_EQ(search(dir / "db", {"--offset", "500", "walrus"}).exit_code, 1);
  const auto batch = [&](const std::string& input) {
    ProcessOptions options;
    options.stdin_data = input;
    return search(dir / "db", {"--batch", "-"}, options).exit_code;
  };
  EXPECT_EQ(batch("walrus\nbank\n"), 0);
  EXPECT_EQ(batch("walrus\n"), 1);
  EXPECT_EQ(batch(""), 1);
}

// A query that is not valid UTF-8 (a Latin-1 byte from a script's input)
// is searched with U+FFFD for each invalid sequence, which separates words:
// "harbo\xffur" asks for the phrase "harbo ur". That is said on stderr (the
// JSON "query" showed it only), once per query, with the --batch line's
// number; the answer and the exit status are as before.
TEST(ResultsEncodingTest, InvalidUtf8QueryIsSaidOnStderr) {
  TempDir dir;
  build_fixture_db(dir / "db", banking_articles(12));
  const auto one = search(dir / "db", {"--format", "json", "bank\xff"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_NE(one.err.find("dateline-search: warning: the query is not valid UTF-8"), std::string::npos) << one.err;
  EXPECT_EQ(std::count(one.err.begin(), one.err.end(), '\n'), 1) << one.err;
  EXPECT_EQ(JsonParser::parse(one.out).at("query").string, "bank\xef\xbf\xbd");
  EXPECT_EQ(search(dir / "db", {"--format", "json", "bank"}).err, "") << "valid UTF-8: nothing said";
  const auto refused = search(dir / "db", {"\xff\xfe"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << "a query error is the one line: " << refused.err;
  ProcessOptions options;
  options.stdin_data = "bank\ncentral\xc3\n\nbank\n";
  const auto batch = search(dir / "db", {"--batch", "-"}, options);
  EXPECT_EQ(batch.exit_code, 0) << batch.err;
  EXPECT_NE(batch.err.find("warning: --batch line 2: the query is not valid UTF-8"), std::string::npos) << batch.err;
  EXPECT_EQ(std::count(batch.err.begin(), batch.err.end(), '\n'), 1) << batch.err;
}

// #9.14: an empty database says so, with exit 1.
TEST(ResultsEmptyTest, EmptyDatabaseSaysItHasNoDocuments) {
  TempDir dir;
  build_fixture_db(dir / "db", {});
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"harbour"}, {"--format", "json", "harbour"}, {"--count", "harbour"}}) {
    const auto r = search(dir / "db", args);
    EXPECT_EQ(r.exit_code, 1) << args.back();
    EXPECT_NE(r.err.find("has no documents yet"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
  }
  const auto json = search(dir / "db", {"--format", "json", "harbour"});
  EXPECT_EQ(JsonParser::parse(json.out).at("total_estimate").number, 0) << "stdout stays valid JSON";
}

// "has no documents yet (index articles into it ...)" is said only of a
// database that is empty and that indexing would fill: not of a time-sharded
// archive whose dates left its shards with articles closed, not of one empty
// period of such an archive searched alone (indexing into a shard would break
// the archive), and not of a database an indexer is writing now (its first
// build commits at the end): each gets an answer that is true.
TEST(ResultsEmptyTest, NoDocumentsNoteTellsTheTruth) {
  TempDir dir;
  write_file(dir / "news" / "a.txt", "date 2024-07-10\nHarbour toll\n\nThe harbour toll rises.\n");
  write_file(dir / "news" / "b.txt", "date 2023-05-02\nFerry fares\n\nFerry fares rise at the harbour.\n");
  const auto archive = dir / "archive.db";
  ASSERT_EQ(run_process({index_binary(), "--quiet", "--db", archive.string(), "--shard-by", "year",
                         (dir / "news").string()})
                .exit_code,
            0);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"harbour", "--since", "2020", "--until", "2020"}, {"harbour date:2020"}, {"--batch", "-", "--since", "2020"}}) {
    ProcessOptions input;
    input.stdin_data = "harbour date:2020\n";
    const auto r = search(archive, args, input);
    EXPECT_EQ(r.exit_code, 1) << args.front() << ": " << r.err;
    EXPECT_EQ(r.err.find("no documents"), std::string::npos) << args.front() << ": " << r.err;
  }

  // b.txt moves to 2024: the 2023 shard is empty, and searching it alone
  // points at the archive.
  write_file(dir / "news" / "b.txt", "date 2024-05-02\nFerry fares\n\nFerry fares rise at the harbour.\n");
  ASSERT_EQ(run_process({index_binary(), "--quiet", "--db", archive.string()}).exit_code, 0);
  const auto shard = search(archive / "2023", {"harbour"});
  EXPECT_EQ(shard.exit_code, 1) << shard.err;
  EXPECT_EQ(shard.err.find("index articles into it"), std::string::npos) << shard.err;
  EXPECT_NE(shard.err.find("one period of the time-sharded archive '" + archive.string() + "'"), std::string::npos)
      << shard.err;
  EXPECT_NE(shard.err.find("--db " + archive.string()), std::string::npos) << shard.err;

  // An indexer holds the (still empty) database: said so, not "index it".
  build_fixture_db(dir / "building.db", {});
  {
    Xapian::WritableDatabase writer((dir / "building.db").string(), Xapian::DB_OPEN);
    const auto busy = search(dir / "building.db", {"harbour"});
    EXPECT_EQ(busy.exit_code, 1) << busy.err;
    EXPECT_NE(busy.err.find("dateline-index is writing it now"), std::string::npos) << busy.err;
    EXPECT_EQ(busy.err.find("index articles into it"), std::string::npos) << busy.err;
  }
  const auto idle = search(dir / "building.db", {"harbour"});
  EXPECT_NE(idle.err.find("has no documents yet (index articles into it"), std::string::npos) << idle.err;
}

// trial: a stub file (written by hand, docs/scaling.md) listing a database
// that is missing said only "database 'stubs/../x.db' does not exist": the
// error now names the stub file that lists it, as --info's does. Session 17:
// and its line, and what is missing, without "build it with dateline-index",
// advice that would not bring back a database the stub only names.
TEST(ResultsHintTest, StubEntryErrorsNameTheStubFile) {
  TempDir dir;
  build_fixture_db(dir / "a.db", {{"a.txt", "2024-01-01", "Harbour", "The harbour toll rises.", "", "", {}}});
  write_file(dir / "stubs" / "archive.stub", "auto ../a.db\nauto ../gone.db\n");
  const std::string stub = (dir / "stubs" / "archive.stub").string();
  const auto r = run_process({search_binary(), "--db", stub, "harbour"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("stub file '" + stub + "' line 2 lists '" + (dir / "stubs" / "../gone.db").string() +
                       "', which does not exist"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("build it with"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("rebuild"), std::string::npos) << r.err;

  // An entry that is there but no database: named with the stub file and line.
  std::filesystem::create_directories(dir / "empty");
  write_file(dir / "stubs" / "archive.stub", "auto ../a.db\n# a comment\nglass ../empty\n");
  const auto empty = run_process({search_binary(), "--db", stub, "harbour"});
  EXPECT_EQ(empty.exit_code, 3) << empty.err;
  EXPECT_NE(empty.err.find("stub file '" + stub + "' line 3: database '"), std::string::npos) << empty.err;
}

// #9.16: --db ARTICLE_FOLDER gives a hint that works when followed.
TEST(ResultsHintTest, ArticleFolderHintLeadsSomewhere) {
  TempDir dir;
  write_file(dir / "news" / "2024" / "a.txt", "date 2024-07-10\nHarbour toll\n\nThe harbour toll rises.\n");
  const std::string folder = (dir / "news").string();
  const auto r = run_process({search_binary(), "--db", folder, "harbour"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("looks like a folder of articles"), std::string::npos) << r.err;
  const std::string hint = "dateline-index --db DB " + folder;
  ASSERT_NE(r.err.find(hint), std::string::npos) << r.err;
  // Follow the hint, with DB a new path.
  const std::string db = (dir / "news.db").string();
  const auto index = run_process({index_binary(), "--db", db, folder});
  ASSERT_EQ(index.exit_code, 0) << index.err;
  EXPECT_EQ(run_process({search_binary(), "--db", db, "harbour"}).exit_code, 0);

  // A directory that is neither a database nor articles: no hint to index into it.
  write_file(dir / "other" / "notes.md", "not an article");
  const auto other = run_process({search_binary(), "--db", (dir / "other").string(), "harbour"});
  EXPECT_EQ(other.exit_code, 3);
  EXPECT_EQ(other.err.find("dateline-index --db " + (dir / "other").string()), std::string::npos) << other.err;
}

// #9.17: --limit 0 answers with the count only.
TEST_F(ResultsTest, LimitZeroIsACountOnlyAnswer) {
  const int expected = expected_matches(k_small);
  const auto text = search(small(), {"--limit", "0", "central bank"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.find("past the end"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.rfind(std::to_string(expected) + " results for central bank", 0), 0U) << text.out;
  const auto json = search(small(), {"--format", "json", "--limit", "0", "central bank"});
  const JsonValue v = JsonParser::parse(json.out);
  EXPECT_EQ(v.at("hits").array.size(), 0U);
  EXPECT_EQ(v.at("total_estimate").number, expected);
  EXPECT_TRUE(v.at("total_exact").boolean);
  const auto big = search(large(), {"--format", "json", "--limit", "0", "central bank"});
  EXPECT_EQ(JsonParser::parse(big.out).at("total_estimate").number, expected_matches(k_large));
  EXPECT_TRUE(JsonParser::parse(big.out).at("total_exact").boolean);
}

// #9.17: an unknown option mentions -- and --help. Session 16 trial: the
// hint was "dateline-search -- -oil", which exits 2 (every word is
// excluded); it now says -oil excludes and a word to search is needed, and
// both forms it suggests run.
TEST_F(ResultsTest, UnknownOptionMentionsDoubleDash) {
  const auto r = search(small(), {"-oil"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("dateline-search -- 'WORD -oil'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("excludes oil"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("drop the '-'"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("dateline-search -- -oil;"), std::string::npos) << "a hint that exits 2: " << r.err;
  EXPECT_NE(r.err.find("--help"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
  EXPECT_EQ(search(small(), {"--", "-oil"}).exit_code, 2) << "exclusions alone cannot run";
  EXPECT_EQ(search(small(), {"--", "central -oil"}).exit_code, 0) << "the hint's form runs";
  EXPECT_EQ(search(small(), {"--", "-oil", "central"}).exit_code, 0) << "after --, -oil is a query word";
  EXPECT_NE(search(small(), {"oil"}).exit_code, 2) << "the word without its '-' runs";
}

// #9.17: --batch with --format text is refused, not silently JSON.
TEST_F(ResultsTest, BatchRefusesTextFormat) {
  ProcessOptions input;
  input.stdin_data = "central\n";
  const auto r = search(small(), {"--batch", "-", "--format", "text"}, input);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("--format text"), std::string::npos) << r.err;
  EXPECT_EQ(search(small(), {"--batch", "-", "--format", "json"}, input).exit_code, 0);
}

// #9.17: the same database given twice (by any spelling) is searched once.
TEST_F(ResultsTest, SameDatabaseTwiceIsSearchedOnce) {
  const std::string same = (s_dir->path() / "." / "small").string();
  const auto r = run_process({search_binary(), "--db", small().string(), "--db", same, "--db", small().string() + "/",
                              "--count", "central bank"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::to_string(expected_matches(k_small)) + "\n");
  EXPECT_NE(r.err.find("searched once"), std::string::npos) << r.err;
}

// #9.11: the exact count holds on a database with deleted documents. A
// weightless counting pass (BoolWeight) made Xapian 1.4.22 throw
// "Unexpected end of posting list" here, on a sound database.
TEST(ResultsCountTest, ExactCountAfterDeletions) {
  std::vector<FixtureArticle> docs;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  for (int i = 0; i < 1500; ++i) {
    std::string body;
    for (const char* word : {"market", "storm", "harvest", "river"}) {
      if (coin(rng) < 0.88) body += std::string(word) + " ";
    }
    docs.push_back({"a/" + std::to_string(i) + ".txt", "2021-03-01", "Story " + std::to_string(i) + " of the day",
                    body, "", "", {}});
  }
  TempDir dir;
  build_fixture_db(dir / "db", docs);
  {
    Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_OPEN);
    for (Xapian::docid id = 7; id <= 1500; id += 37) db.delete_document(id);  // 41 documents
    db.commit();
  }
  for (const char* mode : {"--any", "--all", "--sort"}) {
    std::vector<std::string> args{"--format", "json", "--snippets", "0"};
    if (std::string(mode) == "--sort") {
      args.insert(args.end(), {"--sort", "newest"});
    } else {
      args.emplace_back(mode);
    }
    for (const char* query : {"title:story market -storm", "title:story market", "story -river"}) {
      auto with_query = args;
      with_query.emplace_back(query);
      const auto r = search(dir / "db", with_query);
      ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << mode << " " << query << ": " << r.err;
      const JsonValue v = JsonParser::parse(r.out);
      auto count_args = with_query;
      count_args.insert(count_args.begin(), "--count");
      const auto count = search(dir / "db", count_args);
      EXPECT_EQ(std::to_string(static_cast<long>(v.at("total_estimate").number)) + "\n", count.out) << query;
      EXPECT_TRUE(v.at("total_exact").boolean) << mode << " " << query;
    }
  }
  const auto natural = search(dir / "db", {"--format", "json", "--snippets", "0", "title:story market -storm"});
  ASSERT_EQ(natural.exit_code, 0) << natural.err;
  EXPECT_TRUE(JsonParser::parse(natural.out).at("total_exact").boolean);
}

} // namespace
} // namespace dateline::test
