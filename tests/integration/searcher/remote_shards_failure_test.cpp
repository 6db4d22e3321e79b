/** @file remote_shards_failure_test.cpp
 *  @brief Remote shards that fail (#15.4): a dead or stopped shard fails
 *  with exit 3 naming it within the timeout, an unknown host is said so,
 *  --allow-partial answers with missing_shards, and a shard dying or
 *  stopping between two searches of one Searcher is named or left out in a
 *  bounded time.
 */
#include "tests/integration/searcher/remote_shards_fixture.hpp"
#include "common/error.hpp"
#include "searcher/searcher.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline::test {
namespace {

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
