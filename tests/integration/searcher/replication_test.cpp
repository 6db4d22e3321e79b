/** @file replication_test.cpp
 *  @brief Read replicas (issue 15.4) with Xapian's own replication: the
 *  sample corpus indexed on a "primary" (with XAPIAN_MAX_CHANGESETS), served
 *  by a real xapian-replicate-server on 127.0.0.1, copied to a replica by
 *  xapian-replicate; after an article is added and the primary re-indexed,
 *  the replica catches up from a changeset, and every query answers the same
 *  on both (hits, order, dates, snippets, counts, timelines). The replica is
 *  a directory with Xapian's XAPIANDB stub, which `--db` opens as it is.
 *  docs/scaling.md, "Read replicas".
 */
#include "tests/support/loopback_server.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <unistd.h>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* k_server = "/usr/bin/xapian-replicate-server";
constexpr const char* k_client = "/usr/bin/xapian-replicate";

class Replication : public ::testing::Test {
protected:
  void SetUp() override {
    if (::access(k_server, X_OK) != 0 || ::access(k_client, X_OK) != 0) {
      GTEST_SKIP() << "xapian-replicate-server / xapian-replicate not installed (Debian package xapian-tools)";
    }
    const fs::path sample = fs::path(env_or_empty("DATELINE_SOURCE_DIR")) / "corpus/sample";
    if (!fs::is_directory(sample)) GTEST_SKIP() << "no corpus/sample in " << sample;
    fs::copy(sample, articles, fs::copy_options::recursive);
    fs::create_directories(primary.parent_path());
  }

  /// dateline-index on the primary; changesets kept so that replicas catch up incrementally.
  void index() {
    ProcessOptions options;
    options.env = {{"XAPIAN_MAX_CHANGESETS", "10"}};
    const ProcessResult r =
        run_process({index_binary(), "-q", "--undated=index", "--db", primary.string(), articles.string()}, options);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  /// One xapian-replicate pass from @p server into the replica; its report ("Update complete: ...").
  std::string replicate(const LoopbackServer& server) {
    ProcessOptions options;
    options.timeout = std::chrono::seconds(60);
    const ProcessResult r = run_process({k_client, "--host", "127.0.0.1", "--port", std::to_string(server.port()),
                                         "--master", "news", "--one-shot", "--timeout", "20", "--verbose",
                                         replica.string()},
                                        options);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return r.out + r.err;
  }

  ProcessResult search(const fs::path& db, std::vector<std::string> args) {
    args.insert(args.begin(), {search_binary(), "--db", db.string()});
    ProcessOptions options;
    options.timeout = std::chrono::seconds(60);
    return run_process(args, options);
  }

  /// Every query answers the same from the primary and from the replica.
  void expect_same_answers() {
    const std::vector<std::vector<std::string>> cases = {
        {"--format", "json", "--snippets", "3", "canal"},
        {"--format", "json", "--limit", "50", "election OR floods OR canal"},
        {"--format", "json", "--sort", "oldest", "--limit", "50", "harbour OR archive OR canal"},
        {"--format", "json", "--sort", "newest", "central bank"},
        {"--format", "json", "--timeline=year", "chip OR opec"},
        {"--format", "json", "--since", "2022-01-01", "--duplicates=show", "ship"},
        {"--count", "oil"},
        {"--like", (articles / "2024/canal-ship-aground.txt").string()},
        {"canal ship"},
    };
    // The text line's time ("0.001 s") differs between runs.
    const auto untimed = [](const std::string& out) { return std::regex_replace(out, std::regex(", [0-9.]+ s\n"), "\n"); };
    for (const auto& query : cases) {
      const ProcessResult expected = search(primary, query);
      const ProcessResult got = search(replica, query);
      ASSERT_EQ(expected.exit_code, 0) << query.back() << ": " << expected.err;
      EXPECT_EQ(got.exit_code, 0) << query.back() << ": " << got.err;
      EXPECT_FALSE(expected.out.empty()) << query.back();
      EXPECT_EQ(untimed(got.out), untimed(expected.out)) << query.back();
    }
  }

  TempDir dir;
  fs::path articles = dir / "articles";
  fs::path primary = dir / "primary/news";
  fs::path replica = dir / "replica";
};

TEST_F(Replication, ReplicaCatchesUpAndAnswersAsThePrimary) {
  ASSERT_NO_FATAL_FAILURE(index());
  LoopbackServer server([this](int port) {
    return std::vector<std::string>{k_server, "--interface", "127.0.0.1", "--port", std::to_string(port),
                                    primary.parent_path().string()};
  });
  ASSERT_TRUE(server.running());
  (void)replicate(server);
  ASSERT_TRUE(fs::is_regular_file(replica / "XAPIANDB"));
  expect_same_answers();

  write_file(articles / "2024/canal-dredging-contract.txt",
             "date 2024-05-01\nCanal dredging contract awarded\n\n"
             "The canal authority awarded a dredging contract to widen the southern section where a ship ran aground.\n");
  ASSERT_NO_FATAL_FAILURE(index());
  EXPECT_EQ(search(replica, {"--count", "dredging"}).out, "0\n");  // not there yet
  const std::string report = replicate(server);
  // Caught up from the primary's changesets, not by copying the database again.
  EXPECT_NE(report.find("0 copies"), std::string::npos) << report;
  EXPECT_EQ(search(replica, {"--count", "dredging"}).out, "1\n");
  expect_same_answers();
  // The stub file inside the replica names the same database.
  EXPECT_EQ(search(replica / "XAPIANDB", {"--format", "json", "canal"}).out,
            search(primary, {"--format", "json", "canal"}).out);
}

/// @p text with every @p from replaced by @p to.
std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

/// The fenced code block of @p markdown that holds @p line_start.
std::string code_block_holding(const std::string& markdown, const std::string& line_start) {
  const std::size_t at = markdown.find("\n" + line_start);
  if (at == std::string::npos) return {};
  const std::size_t open = markdown.rfind("```\n", at);
  const std::size_t close = markdown.find("\n```", at);
  if (open == std::string::npos || close == std::string::npos) return {};
  return markdown.substr(open + 4, close + 1 - (open + 4));
}

// Trial pass (session 12): the shard-by-shard recipe of docs/scaling.md, run
// as written (only the hosts and folders changed to this test's), failed: each
// xapian-replicate said "Couldn't create directory '/srv/replica/news.db/...'
// (No such file or directory)", as the replica's parent did not exist, and the
// stub's cp failed after them. The test above copies shards by hand, so the
// recipe itself had never run.
TEST_F(Replication, ShardByShardRecipeInScalingMdWorksAsWritten) {
  const fs::path docs = fs::path(env_or_empty("DATELINE_SOURCE_DIR")) / "docs/scaling.md";
  const std::string recipe = code_block_holding(read_file(docs), "for shard in $(awk");
  ASSERT_FALSE(recipe.empty()) << "no shard-by-shard loop in " << docs;
  const fs::path srv_news = dir / "srv-news";
  const fs::path srv_replica = dir / "srv-replica";  // absent, as on a new replica machine
  const fs::path archive = srv_news / "news.db";
  fs::create_directories(srv_news);
  const ProcessResult indexed = run_process({index_binary(), "-q", "--shard-by", "year", "--db", archive.string(),
                                             articles.string()});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  LoopbackServer server([&](int port) {
    return std::vector<std::string>{k_server, "--interface", "127.0.0.1", "--port", std::to_string(port),
                                    srv_news.string()};
  });
  ASSERT_TRUE(server.running());
  std::string script = replace_all(recipe, "/srv/replica", srv_replica.string());
  script = replace_all(script, "/srv/news", srv_news.string());
  script = replace_all(script, "10.0.0.2", "127.0.0.1");
  script = replace_all(script, "7010", std::to_string(server.port()));
  ProcessOptions options;
  options.timeout = std::chrono::seconds(120);
  const ProcessResult ran = run_process({"/bin/bash", "-c", script}, options);
  ASSERT_EQ(ran.exit_code, 0) << script << "\n" << ran.out << ran.err;
  EXPECT_EQ(ran.err, "") << script;
  const fs::path replica_archive = srv_replica / "news.db";
  for (const std::vector<std::string>& query :
       {std::vector<std::string>{"--format", "json", "--limit", "50", "election OR floods OR canal"},
        std::vector<std::string>{"--format", "json", "--since", "2024-01-01", "canal ship"}}) {
    const ProcessResult expected = search(archive, query);
    const ProcessResult got = search(replica_archive, query);
    ASSERT_EQ(expected.exit_code, 0) << expected.err;
    EXPECT_EQ(got.exit_code, 0) << got.err;
    EXPECT_EQ(got.out, expected.out) << query.back();
  }
}

} // namespace
} // namespace dateline::test
