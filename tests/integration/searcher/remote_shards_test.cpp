/** @file remote_shards_test.cpp
 *  @brief Shards on other machines (issue 15.4): real xapian-tcpsrv processes
 *  on 127.0.0.1 serve fixture databases; searching local + remote gives the
 *  same hits, scores, snippets, sorting and timelines as the local databases;
 *  a dead or stopped shard fails with exit 3 naming it within the timeout;
 *  --allow-partial answers with missing_shards; stub files; `remote :COMMAND`
 *  refused; a shard dying between two searches of one Searcher.
 */
#include "common/error.hpp"
#include "searcher/searcher.hpp"
#include "tests/integration/searcher/fixture_db.hpp"
#include "tests/integration/searcher/held_version_file.hpp"
#include "tests/support/counting_proxy.hpp"
#include "tests/support/loopback_server.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace dateline::test {
namespace {

constexpr const char* k_tcpsrv = "/usr/bin/xapian-tcpsrv";

/// xapian-tcpsrv serving one database on 127.0.0.1, killed on destruction.
class TcpServer : public LoopbackServer {
public:
  explicit TcpServer(const std::filesystem::path& db)
      : LoopbackServer([&db](int port) {
          return std::vector<std::string>{k_tcpsrv, "--interface", "127.0.0.1", "--port", std::to_string(port), db.string()};
        }) {}
};

std::vector<FixtureArticle> shard_a() {
  return {{"a/1.txt", "2021-03-04", "Harbour crane strike", "Dock workers at the harbour stopped the cranes. Ships wait.", "", "", {}},
          {"a/2.txt", "2022-05-06", "Oil prices", "Oil prices rose as tankers waited outside the harbour.", "", "", {}},
          {"a/3.txt", "2023-07-08", "Harbour reopens", "The harbour reopened after the strike ended.", "", "", {}},
          {"a/4.txt", "", "Undated harbour notes", "Notes about the harbour and its cranes.", "", "", {}}};
}

std::vector<FixtureArticle> shard_b() {
  return {{"b/1.txt", "2020-01-02", "Tanker aground", "A tanker ran aground near the harbour; oil spilled.", "", "", {}},
          {"b/2.txt", "2024-09-10", "New harbour cranes", "Three new cranes arrived at the harbour this week.", "", "", {}},
          {"b/3.txt", "2019-11-12", "Grain exports", "Grain exports fell as the harbour strike went on.", "", "", {}}};
}

class RemoteShards : public ::testing::Test {
protected:
  void SetUp() override {
    if (::access(k_tcpsrv, X_OK) != 0) GTEST_SKIP() << "xapian-tcpsrv not installed (Debian package xapian-tools)";
    build_fixture_db(dir / "a", shard_a());
    build_fixture_db(dir / "b", shard_b(), {"english", std::to_string(schema::k_schema_version), "/other"});
  }

  /// Two shards of corpus/sample indexed by dateline-index (stories grouped,
  /// undated articles indexed) at dir/s1.db (2019-2022 and the undated note)
  /// and dir/s2.db (2023-2025 and an undated copy of the canal story).
  /// Skips the test without corpus/sample.
  void build_sample_shards() {
    namespace fs = std::filesystem;
    const fs::path sample = fs::path(env_or_empty("DATELINE_SOURCE_DIR")) / "corpus/sample";
    if (!fs::is_directory(sample)) GTEST_SKIP() << "no corpus/sample in " << sample;
    fs::create_directories(dir / "s1");
    fs::create_directories(dir / "s2");
    for (const char* year : {"2019", "2020", "2021", "2022", "undated"}) {
      fs::copy(sample / year, dir / "s1" / year, fs::copy_options::recursive);
    }
    for (const char* year : {"2023", "2024", "2025"}) fs::copy(sample / year, dir / "s2" / year, fs::copy_options::recursive);
    const std::string canal = read_file(sample / "2024/canal-ship-aground.txt");
    ASSERT_TRUE(canal.starts_with("date ")) << canal.substr(0, 40);
    write_file(dir / "s2/undated/canal-copy.txt", canal.substr(canal.find('\n') + 1));  // the same text, no date
    for (const char* shard : {"s1", "s2"}) {
      const ProcessResult r = run_process(
          {index_binary(), "-q", "--undated=index", "--db", (dir / (std::string(shard) + ".db")).string(), (dir / shard).string()});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }

  ProcessResult search(std::vector<std::string> args) {
    args.insert(args.begin(), search_binary());
    ProcessOptions options;
    options.timeout = std::chrono::seconds(60);
    return run_process(args, options);
  }

  /// Runs every one of @p cases (options and query) on the first of
  /// @p setups (its --db arguments: the local databases) and on each other
  /// one, and expects exit 0 and the same output from all (the text result
  /// line's time, "0.001 s", aside).
  void expect_same_answers(const std::vector<std::vector<std::string>>& setups,
                           const std::vector<std::vector<std::string>>& cases) {
    const auto untimed = [](const std::string& out) { return std::regex_replace(out, std::regex(", [0-9.]+ s\n"), "\n"); };
    const auto joined = [](const std::vector<std::string>& words) {
      std::string out;
      for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
      return out;
    };
    for (const auto& query : cases) {
      const auto with_query = [&](std::vector<std::string> args) {
        args.insert(args.end(), query.begin(), query.end());
        return args;
      };
      const ProcessResult expected = search(with_query(setups.front()));
      ASSERT_EQ(expected.exit_code, 0) << joined(query) << ": " << expected.err;
      for (std::size_t i = 1; i < setups.size(); ++i) {
        const ProcessResult got = search(with_query(setups[i]));
        EXPECT_EQ(got.exit_code, 0) << joined(setups[i]) << ": " << joined(query) << ": " << got.err;
        EXPECT_EQ(untimed(got.out), untimed(expected.out)) << joined(setups[i]) << ": " << joined(query);
      }
    }
  }

  TempDir dir;
};

TEST_F(RemoteShards, LocalPlusRemoteAnswersAsTheLocalDatabases) {
  TcpServer server(dir / "b");
  ASSERT_TRUE(server.running());
  TcpServer both(dir / "a");
  ASSERT_TRUE(both.running());
  const std::vector<std::vector<std::string>> cases = {
      {"--format", "json", "harbour"},
      {"--format", "json", "--snippets", "3", "harbour cranes"},
      {"--format", "json", "--sort", "newest", "harbour"},
      {"--format", "json", "--sort", "oldest", "harbour"},  // the undated article last, as locally
      {"--format", "json", "--sort", "oldest", "--offset", "5", "--limit", "2", "harbour OR oil"},
      {"--sort", "oldest", "--offset", "6", "harbour"},
      {"--format", "json", "--timeline=year", "harbour"},
      {"--format", "json", "--limit", "0", "oil OR harbour"},
      {"--format", "json", "--since", "2021", "harbour"},
      {"--format", "json", "--explain", "harbour"},
      {"--count", "harbour"},
      {"oil"},
  };
  expect_same_answers({{"--db", (dir / "a").string(), "--db", (dir / "b").string()},
                       {"--db", (dir / "a").string(), "--db", server.address()},
                       {"--db", "tcp://" + both.address(), "--db", server.address()}},
                      cases);
}

// --sort oldest lists undated articles last on remote shards too, on every
// page, and a story with dated and undated copies is shown once, by its
// oldest dated copy, as one local database shows it. Two shards of the
// sample corpus indexed by dateline-index (stories grouped), one holding an
// undated copy of the canal story.
TEST_F(RemoteShards, SortOldestListsUndatedLastAsLocally) {
  ASSERT_NO_FATAL_FAILURE(build_sample_shards());
  if (IsSkipped()) return;
  TcpServer one(dir / "s1.db");
  TcpServer two(dir / "s2.db");
  ASSERT_TRUE(one.running() && two.running());
  const std::string words = "canal OR archive OR harbour OR ship OR floods";
  std::vector<std::vector<std::string>> cases = {
      {"--format", "json", "--sort", "oldest", "--limit", "50", words},
      {"--format", "json", "--sort", "oldest", "--duplicates=show", "--limit", "50", words},
      {"--format", "json", "--sort", "newest", "--limit", "50", words},
      {"--format", "json", "--sort", "oldest", "--since", "2024-01-01", words},
      {"--format", "json", "--sort", "oldest", "archive"},  // only undated matches
  };
  for (const char* offset : {"0", "3", "6", "9", "12", "15"}) {
    cases.push_back({"--format", "json", "--sort", "oldest", "--offset", offset, "--limit", "3", words});
    cases.push_back({"--format", "json", "--sort", "oldest", "--duplicates=show", "--offset", offset, "--limit", "3", words});
  }
  const ProcessResult all = search({"--db", (dir / "s1.db").string(), "--db", (dir / "s2.db").string(), "--sort", "oldest",
                                    "--limit", "50", "-l", words});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  // The last line is an undated article: the check is not empty.
  ASSERT_NE(all.out.find("undated/"), std::string::npos) << all.out;
  EXPECT_NE(all.out.substr(all.out.rfind('\n', all.out.size() - 2)).find("undated/"), std::string::npos) << all.out;
  expect_same_answers({{"--db", (dir / "s1.db").string(), "--db", (dir / "s2.db").string()},
                       {"--db", (dir / "s1.db").string(), "--db", two.address()},
                       {"--db", one.address(), "--db", two.address()}},
                      cases);
}

// Near-duplicate stories (collapse, "+N similar", --story, --duplicates),
// --like, --recency and timelines over remote shards indexed by dateline-index answer
// as the same shards opened locally (#15.4 with #11.1, #11.3, #12).
TEST_F(RemoteShards, StoriesLikeRecencyAndTimelinesAsLocally) {
  ASSERT_NO_FATAL_FAILURE(build_sample_shards());
  if (IsSkipped()) return;
  TcpServer one(dir / "s1.db");
  TcpServer two(dir / "s2.db");
  ASSERT_TRUE(one.running() && two.running());
  const std::string local1 = (dir / "s1.db").string();
  const std::string local2 = (dir / "s2.db").string();
  // The canal story's id, from the local databases: three dated copies and an undated one.
  const ProcessResult canal = search({"--db", local1, "--db", local2, "--format", "json", "canal"});
  ASSERT_EQ(canal.exit_code, 0) << canal.err;
  const std::smatch story = [&] {
    std::smatch m;
    std::regex_search(canal.out, m, std::regex("\"story\":\"([0-9a-f]{16})\",\"duplicates\":3"));
    return m;
  }();
  ASSERT_FALSE(story.empty()) << canal.out;
  const std::string like = (dir / "s2/2024/canal-ship-aground.txt").string();
  std::smatch docid;
  ASSERT_TRUE(std::regex_search(canal.out, docid, std::regex("\"docid\":([0-9]+)"))) << canal.out;
  const std::vector<std::vector<std::string>> cases = {
      {"--format", "json", "--snippets", "2", "canal OR ship OR harbour"},
      {"--format", "json", "--duplicates=show", "canal OR ship"},
      {"--format", "json", "--story", story[1].str()},
      {"--format", "json", "--story", story[1].str(), "tugboats"},
      {"--count", "canal OR grain OR ship"},
      {"--count", "--duplicates=show", "canal OR grain OR ship"},
      {"--format", "json", "--timeline=year", "canal OR grain OR floods"},
      {"--format", "json", "--timeline=month", "--limit", "0", "canal OR grain"},
      {"--format", "json", "--like", like},
      {"--format", "json", "--like", like, "storm"},
      {"--format", "json", "--like", like, "--since", "2024-01-01"},
      {"--format", "json", "--like", "docid:" + docid[1].str()},
      {"--format", "json", "--recency", "30d", "--now", "2025-01-01", "canal OR storm OR floods"},
      {"--format", "json", "--recency", "2y", "--recency-weight", "2", "--explain", "canal OR storm OR floods"},
      {"--recency", "6m", "--duplicates=show", "canal OR ship"},
      {"canal"},
  };
  expect_same_answers({{"--db", local1, "--db", local2},
                       {"--db", local1, "--db", two.address()},
                       {"--db", one.address(), "--db", two.address()}},
                      cases);
}

/// An archive of @p unique articles and @p stories stories of 3 copies each
/// (the same text on three days, one copy undated), every article about
/// "opec" and a word of its own: words drawn from a fixed vocabulary by a
/// fixed generator, so that no two stories are near-duplicates.
void write_story_archive(const std::filesystem::path& root, std::size_t unique, std::size_t stories) {
  static const char* const words[] = {"oil", "price", "barrel", "output", "quota", "minister", "meeting", "crude",
                                      "market", "supply", "demand", "export", "cartel", "vienna", "saudi", "cut",
                                      "rise", "fall", "tanker", "refinery", "gulf", "deal", "talks", "agreed",
                                      "week", "month", "traders", "futures", "brent", "reserve", "field", "pipeline"};
  std::uint32_t state = 12345;
  const auto body = [&](std::size_t n) {
    std::string text = "OPEC article" + std::to_string(n) + " says";
    for (int i = 0; i < 60; ++i) {
      state = state * 1664525U + 1013904223U;
      text += " ";
      text += words[(state >> 16) % std::size(words)];
    }
    return text + ".\n";
  };
  const auto dated = [](std::size_t n) {
    char date[11];
    std::snprintf(date, sizeof date, "%04zu-%02zu-%02zu", 1990 + n % 30, 1 + n % 12, 1 + n % 28);
    return std::string(date);
  };
  for (std::size_t n = 0; n < unique; ++n) {
    write_file(root / ("u" + std::to_string(n) + ".txt"), "date " + dated(n) + "\nOPEC news " + std::to_string(n) + "\n\n" + body(n));
  }
  for (std::size_t n = unique; n < unique + stories; ++n) {
    const std::string text = "OPEC story " + std::to_string(n) + "\n\n" + body(n);
    write_file(root / ("s" + std::to_string(n) + "a.txt"), "date " + dated(n) + "\n" + text);
    write_file(root / ("s" + std::to_string(n) + "b.txt"), "date " + dated(n + 7) + "\n" + text);
    write_file(root / ("s" + std::to_string(n) + "c.txt"), text);
  }
}

// #15.4: a search over a remote shard sends the work to the server instead
// of fetching every grouped document a round trip each (the dates of a
// page's copies, "+N similar", collapsed counts, timeline stories): the bytes
// crossing the network stay far below what fetching the grouped documents
// costs, and the answers are those of the shard opened locally.
TEST_F(RemoteShards, StoriesDoNotFetchEveryDocument) {
  const std::filesystem::path articles = dir / "archive";
  write_story_archive(articles, 1000, 300);  // 1,900 articles, 900 of them copies of stories
  const ProcessResult indexed =
      run_process({index_binary(), "-q", "--undated=index", "--db", (dir / "archive.db").string(), articles.string()});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  TcpServer server(dir / "archive.db");
  ASSERT_TRUE(server.running());
  CountingProxy proxy(server.port());
  ASSERT_TRUE(proxy.running());
  const std::vector<std::vector<std::string>> cases = {
      {"--format", "json", "opec"},
      {"--format", "json", "--limit", "20", "story"},
      {"--format", "json", "--limit", "0", "opec"},
      {"--count", "opec"},
      {"--count", "story OR vienna"},
      {"--format", "json", "--timeline=year", "--limit", "0", "opec"},
      {"--format", "json", "--timeline=year", "story"},
  };
  // Measured on this archive: the old code, fetching the grouped documents
  // one round trip each (some of them twice), moved 1.3-3.4 MB per query
  // here; this code 6-111 KB (a timeline of 900 copies: their keys).
  constexpr std::size_t k_bound = 250000;
  for (const auto& query : cases) {
    std::vector<std::string> args = {"--db", proxy.address()};
    args.insert(args.end(), query.begin(), query.end());
    proxy.reset();
    const ProcessResult got = search(args);
    ASSERT_EQ(got.exit_code, 0) << got.err;
    const std::size_t bytes = proxy.sent() + proxy.received();
    std::string shown;
    for (const std::string& word : query) shown += word + " ";
    EXPECT_LT(bytes, k_bound) << shown << ": " << proxy.sent() << " bytes sent, " << proxy.received() << " received";
  }
  // "+N similar" and the dates of the copies are there to compare.
  const ProcessResult page = search({"--db", server.address(), "--format", "json", "--limit", "20", "story"});
  ASSERT_EQ(page.exit_code, 0) << page.err;
  EXPECT_NE(page.out.find("\"duplicates\":2"), std::string::npos) << page.out.substr(0, 2000);
  expect_same_answers({{"--db", (dir / "archive.db").string()}, {"--db", server.address()}}, cases);
}

// A saved search (--new-since) on one remote shard: the shard's UUID and
// sequence numbers come over the network, and an article indexed on the
// shard's machine is reported once, then nothing.
TEST_F(RemoteShards, NewSinceOnOneRemoteShard) {
  ASSERT_NO_FATAL_FAILURE(build_sample_shards());
  if (IsSkipped()) return;
  TcpServer server(dir / "s2.db");
  ASSERT_TRUE(server.running());
  const std::string state = (dir / "canal.watch").string();
  const ProcessResult first = search({"--db", server.address(), "--new-since", state, "-l", "canal"});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("canal-ship-aground"), std::string::npos) << first.out;
  const ProcessResult nothing = search({"--db", server.address(), "--new-since", state, "-l", "canal"});
  EXPECT_EQ(nothing.exit_code, 1) << nothing.out << nothing.err;
  EXPECT_EQ(nothing.out, "");
  write_file(dir / "s2/2024/canal-tolls.txt", "date 2024-06-01\nCanal tolls cut\n\nThe canal authority cut its tolls.\n");
  const ProcessResult indexed = run_process({index_binary(), "-q", "--db", (dir / "s2.db").string()});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  const ProcessResult added = search({"--db", server.address(), "--new-since", state, "-l", "canal"});
  EXPECT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(added.out, (dir / "s2/2024/canal-tolls.txt").string() + "\n");
}

// A wildcard is expanded by each remote server for its own shard, so its
// weights differ (docs/scaling.md); the articles found and their count do not.
// A saved search of a time-sharded archive served whole by xapian-tcpsrv
// (new-user pass): a new period's shard changed the UUID the server sends
// (all its shards'), so the run that first saw it warned "made for another
// database" and started again from now, losing the new articles (#12.3).
TEST_F(RemoteShards, NewSinceOnARemoteTimeShardedArchiveSurvivesANewPeriod) {
  const auto add = [&](const std::string& name, const std::string& date) {
    write_file(dir / "news" / name, "date " + date + "\nHarbour " + name + "\n\nThe harbour " + name + " story.\n");
  };
  const auto index = [&] {
    const ProcessResult r = run_process(
        {index_binary(), "-q", "--db", (dir / "archive").string(), "--shard-by", "year", (dir / "news").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  };
  add("first.txt", "2021-03-04");
  index();
  TcpServer server(dir / "archive");
  ASSERT_TRUE(server.running());
  const std::string state = (dir / "harbour.state").string();
  const ProcessResult init = search({"--db", server.address(), "--new-since", state, "--init", "harbour"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  add("second.txt", "2022-05-06");  // a year the archive did not have: a new shard
  index();
  const ProcessResult next = search({"--db", server.address(), "--new-since", state, "-l", "harbour"});
  EXPECT_EQ(next.exit_code, 0) << next.out << next.err;
  EXPECT_EQ(next.out, (dir / "news/second.txt").string() + "\n");
  EXPECT_EQ(next.err, "");
  const ProcessResult again = search({"--db", server.address(), "--new-since", state, "-l", "harbour"});
  EXPECT_EQ(again.exit_code, 1) << again.out << again.err;
}

// The same archive while a new period appears (docs/scaling.md): the server
// reads the archive's stub when a connection opens, then opens undated/. A
// connection whose server read the stub before the new line and undated/
// after the run that filled the new shard searched without that shard but
// with a counter covering its articles: the saved search moved its watermark
// past them (lost for good). The client now asks a second connection which
// shards the server opens and opens again when they differ. The race is made
// certain: the server is held inside opening undated/ while a year is added.
TEST_F(RemoteShards, NewSinceOnARemoteArchiveSeesANewPeriodAddedWhileTheServerOpens) {
  const auto add = [&](const std::string& name, const std::string& date) {
    write_file(dir / "news" / name, "date " + date + "\nHarbour " + name + "\n\nThe harbour " + name + " story.\n");
  };
  const auto index = [&] {
    return run_process(
        {index_binary(), "-q", "--db", (dir / "archive").string(), "--shard-by", "year", (dir / "news").string()});
  };
  add("first.txt", "2021-03-04");
  ASSERT_EQ(index().exit_code, 0);
  TcpServer server(dir / "archive");
  ASSERT_TRUE(server.running());
  const std::string state = (dir / "harbour.state").string();
  const std::vector<std::string> saved{"--db", server.address(), "--timeout", "300", "--new-since", state, "-l",
                                       "harbour"};
  ASSERT_EQ(search(saved).exit_code, 0);
  add("second.txt", "2022-05-06");  // a year the archive does not have: a new shard and stub line
  std::multiset<std::string> reported;
  const auto note = [&](const ProcessResult& run) {
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) reported.insert(line);
  };
  // Xapian's "auto" lines detect a shard's backend by its version file being
  // a regular file, which the FIFO is not: the server is to open them as
  // glass (the indexer writes its "auto" lines again when it adds the year).
  write_file(dir / "archive/XAPIANDB", "glass undated\nglass 2021\n");
  {
    HeldVersionFile held(dir / "archive/undated/iamglass", dir.path());
    ProcessResult during;
    std::thread client([&] { during = search(saved); });
    const bool waiting = held.wait_for_reader();
    if (waiting) {
      const ProcessResult indexed = index();
      EXPECT_EQ(indexed.exit_code, 0) << indexed.err;
      held.release();
    }
    client.join();
    ASSERT_TRUE(waiting) << "the server never opened undated/iamglass: " << during.err;
    note(during);
  }
  note(search(saved));
  EXPECT_EQ(reported, std::multiset<std::string>{(dir / "news/second.txt").string()})
      << "the new year's article exactly once";
}

TEST_F(RemoteShards, WildcardFindsTheSameArticlesRemotely) {
  TcpServer server(dir / "b");
  ASSERT_TRUE(server.running());
  const ProcessResult expected = search({"--db", (dir / "a").string(), "--db", (dir / "b").string(), "-l", "harb*"});
  const ProcessResult got = search({"--db", (dir / "a").string(), "--db", server.address(), "-l", "harb*"});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  const auto lines = [](const std::string& out) {
    std::multiset<std::string> set;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) set.insert(line);
    return set;
  };
  EXPECT_EQ(lines(got.out), lines(expected.out));
  EXPECT_EQ(lines(got.out).size(), 7u);
}

TEST_F(RemoteShards, DeadShardFailsWithExit3NamingIt) {
  TcpServer server(dir / "b");
  ASSERT_TRUE(server.running());
  const std::string name = server.address();
  server.kill();
  const auto start = std::chrono::steady_clock::now();
  const ProcessResult r = search({"--db", (dir / "a").string(), "--db", name, "--timeout", "2", "harbour"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
  // Says what happened: refused at once, not "cannot be reached within 2 s".
  EXPECT_NE(r.err.find("connection refused"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("within"), std::string::npos) << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
}

// A host name that does not resolve is named as such (".invalid" never
// resolves, RFC 2606; without a resolver the lookup fails as well).
TEST_F(RemoteShards, UnknownHostFailsWithExit3SayingSo) {
  const ProcessResult r = search({"--db", (dir / "a").string(), "--db", "no-such-shard.invalid:33333", "harbour"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("remote shard 'no-such-shard.invalid:33333'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("host 'no-such-shard.invalid' cannot be resolved"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("within"), std::string::npos) << r.err;
}

TEST_F(RemoteShards, StoppedShardFailsWithinTheTimeout) {
  TcpServer server(dir / "b");
  ASSERT_TRUE(server.running());
  server.stop();  // the kernel still accepts connections; nothing answers
  const auto start = std::chrono::steady_clock::now();
  const ProcessResult r = search({"--db", (dir / "a").string(), "--db", server.address(), "--timeout", "0.5", "harbour"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find(server.address()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no answer within 0.5 s"), std::string::npos) << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));  // never hangs (a bound, not a timing)
}

// A slow shard (stopped: connections accepted, nothing answered) is left
// out by --allow-partial as a dead one is, in a bounded time.
TEST_F(RemoteShards, AllowPartialAnswersWithoutTheStoppedShard) {
  TcpServer server(dir / "b");
  ASSERT_TRUE(server.running());
  server.stop();
  const auto start = std::chrono::steady_clock::now();
  const ProcessResult r = search({"--db", (dir / "a").string(), "--db", server.address(), "--timeout", "0.5",
                                  "--allow-partial", "--format", "json", "harbour"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"missing_shards\":[\"" + server.address() + "\"]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"total_estimate\":4,"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no answer within 0.5 s"), std::string::npos) << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
}

TEST_F(RemoteShards, AllowPartialAnswersWithoutTheDeadShard) {
  TcpServer server(dir / "b");
  ASSERT_TRUE(server.running());
  const std::string name = server.address();
  server.kill();
  const ProcessResult only_a = search({"--db", (dir / "a").string(), "--format", "json", "harbour"});
  const ProcessResult r =
      search({"--db", (dir / "a").string(), "--db", name, "--timeout", "2", "--allow-partial", "--format", "json", "harbour"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"missing_shards\":[\"" + name + "\"]"), std::string::npos) << r.out;
  // The same hits as the live shard alone (the JSON before the added key).
  EXPECT_EQ(r.out.substr(0, r.out.find(",\"missing_shards\"")), only_a.out.substr(0, only_a.out.rfind('}')));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("connection refused"), std::string::npos) << r.err;
}

TEST_F(RemoteShards, StubFileWithLocalAndRemoteEntries) {
  TcpServer server(dir / "b");
  ASSERT_TRUE(server.running());
  {
    std::ofstream stub(dir / "archive.stub");
    stub << "# two shards\nglass a\n\nremote " << server.address() << "\n";
  }
  const ProcessResult expected =
      search({"--db", (dir / "a").string(), "--db", (dir / "b").string(), "--format", "json", "harbour"});
  const ProcessResult got = search({"--db", (dir / "archive.stub").string(), "--format", "json", "harbour"});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_EQ(got.out, expected.out);
}

TEST_F(RemoteShards, StubNamingAProgramIsRefused) {
  const std::filesystem::path pwned = dir / "pwned";
  {
    std::ofstream stub(dir / "evil.stub");
    stub << "auto a\nremote :touch " << pwned.string() << "\n";
  }
  const ProcessResult r = search({"--db", (dir / "evil.stub").string(), "harbour"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("never runs programs"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(pwned));
}

// Spelling data is not served remotely: said once per run, when a suggestion is looked for.
TEST_F(RemoteShards, SpellingWithoutRemoteShardsIsReportedOnce) {
  TcpServer server(dir / "b");
  ASSERT_TRUE(server.running());
  ProcessOptions options;
  options.stdin_data = "harbur\nharbour\ncrain\n";
  const ProcessResult r = run_process(
      {search_binary(), "--db", (dir / "a").string(), "--db", server.address(), "--batch", "-"}, options);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 3) << r.out;
  const std::string note = "spelling suggestions and synonyms come from local shards only";
  ASSERT_NE(r.err.find(note), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(note), r.err.rfind(note)) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(RemoteShards, ShardDyingBetweenSearchesIsNamedOrLeftOut) {
  for (const bool partial : {false, true}) {
    TcpServer server(dir / "b");
    ASSERT_TRUE(server.running());
    searcher::Searcher s({(dir / "a").string(), server.address()},
                         searcher::ShardOptions{std::chrono::milliseconds(2000), partial});
    searcher::SearchRequest request;
    request.query = "harbour";
    EXPECT_EQ(s.search(request).total_estimate, 7u);
    server.kill();
    if (!partial) {
      try {
        (void)s.search(request);
        ADD_FAILURE() << "a dead shard was not reported";
      } catch (const DatabaseError& e) {
        EXPECT_NE(std::string(e.what()).find(server.address()), std::string::npos) << e.what();
      }
      continue;
    }
    const searcher::SearchResult result = s.search(request);
    EXPECT_EQ(result.total_estimate, 4u);
    EXPECT_EQ(result.missing_shards, std::vector<std::string>{server.address()});
    const std::vector<std::string> warnings = s.take_warnings();
    ASSERT_FALSE(warnings.empty());
    EXPECT_NE(warnings.front().find(server.address()), std::string::npos) << warnings.front();
  }
}

// A shard that stops answering between two searches of one Searcher (a
// --batch run): the second search is bounded by the timeout (about twice it,
// docs/scaling.md) and names the shard, or leaves it out with allow_partial.
TEST_F(RemoteShards, ShardStoppingBetweenSearchesIsBounded) {
  for (const bool partial : {false, true}) {
    TcpServer server(dir / "b");
    ASSERT_TRUE(server.running());
    searcher::Searcher s({(dir / "a").string(), server.address()},
                         searcher::ShardOptions{std::chrono::milliseconds(500), partial});
    searcher::SearchRequest request;
    request.query = "harbour";
    EXPECT_EQ(s.search(request).total_estimate, 7u);
    server.stop();
    const auto start = std::chrono::steady_clock::now();
    if (!partial) {
      EXPECT_THROW((void)s.search(request), DatabaseError);
    } else {
      const searcher::SearchResult result = s.search(request);
      EXPECT_EQ(result.total_estimate, 4u);
      EXPECT_EQ(result.missing_shards, std::vector<std::string>{server.address()});
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));  // a bound, not a timing
  }
}

} // namespace
} // namespace dateline::test
