/** @file remote_shards_new_since_test.cpp
 *  @brief Saved searches (--new-since, #12.3) over remote shards (#15.4):
 *  one remote shard, a time-sharded archive served whole by xapian-tcpsrv
 *  gaining a new period, and a new period added while the server opens the
 *  archive.
 */
#include "tests/integration/searcher/held_version_file.hpp"
#include "tests/integration/searcher/remote_shards_fixture.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace dateline::test {
namespace {

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

} // namespace
} // namespace dateline::test
