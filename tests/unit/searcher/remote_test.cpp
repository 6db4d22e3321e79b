/** @file remote_test.cpp
 *  @brief Remote shard addresses and stub files (issue 15.4): what is a
 *  remote address and what a path, and which stub lines are refused.
 */
#include "common/error.hpp"
#include "searcher/remote.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace dateline::searcher {
namespace {

struct AddressCase {
  const char* spec;
  const char* name;  ///< "" when it is a path
};

TEST(RemoteAddress, TellsAddressesFromPaths) {
  const AddressCase cases[] = {
      {"127.0.0.1:33333", "127.0.0.1:33333"},
      {"shard3.example:1", "shard3.example:1"},
      {"tcp://host:65535", "host:65535"},
      {"tcp://host:80/", "host:80"},
      {"[::1]:8000", "[::1]:8000"},
      {"tcp://[::1]:8000", "[::1]:8000"},
      {"dateline.db", ""},
      {"./db:80", ""},            // a '/' makes it a path
      {"/srv/db:80", ""},
      {"db:", ""},
      {"db:0", ""},               // no port 0
      {"db:65536", ""},
      {"db:80x", ""},
      {":80", ""},
      {"::1:80", ""},             // IPv6 needs brackets
      {"host:+80", ""},
  };
  for (const AddressCase& c : cases) {
    const std::optional<RemoteAddress> address = parse_remote_address(c.spec);
    if (*c.name == '\0') {
      EXPECT_FALSE(address) << c.spec;
    } else {
      ASSERT_TRUE(address) << c.spec;
      EXPECT_EQ(address->name(), c.name) << c.spec;
    }
  }
}

TEST(RemoteAddress, BadTcpUrlIsAUsageError) {
  for (const char* spec : {"tcp://host", "tcp://host:0", "tcp://:80", "tcp://a/b:80", "tcp://"}) {
    EXPECT_THROW((void)parse_remote_address(spec), UsageError) << spec;
  }
}

std::string write(const test::TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

TEST(StubFile, ReadsLocalAndRemoteEntries) {
  test::TempDir dir;
  std::filesystem::create_directory(dir / "y2024");
  (void)write(dir, "inner", "glass /abs/db\n");
  const std::string stub =
      write(dir, "stub", "# shards\nauto y2024\n\n  glass\t/srv/y2023  \nremote 10.0.0.2:33333\nauto inner\n");
  const std::vector<StubEntry> entries = read_stub_file(stub);
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].path, (dir / "y2024").string());  // relative to the stub's directory
  EXPECT_FALSE(entries[0].remote);
  EXPECT_EQ(entries[1].path, "/srv/y2023");
  ASSERT_TRUE(entries[2].remote);
  EXPECT_EQ(entries[2].remote->name(), "10.0.0.2:33333");
  EXPECT_EQ(entries[3].path, "/abs/db");  // a stub named by a stub
}

TEST(StubFile, RefusesProgramsOtherBackendsAndLoops) {
  test::TempDir dir;
  const struct {
    const char* text;
    const char* message;
  } cases[] = {
      {"remote :xapian-progsrv /db\n", "never runs programs"},
      {"glass a\nremote  :ssh host prog\n", "line 2"},
      {"inmemory\n", "names no database"},
      {"chert /db\n", "'chert' is not searched"},
      {"remote host\n", "expected 'remote HOST:PORT'"},
      {"# nothing\n", "names no database"},
      {"auto loop\n", "nest more than"},
  };
  for (const auto& c : cases) {
    const std::string stub = write(dir, "loop", c.text);
    try {
      (void)read_stub_file(stub);
      ADD_FAILURE() << c.text;
    } catch (const DatabaseError& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << c.text << " -> " << e.what();
    }
  }
}

} // namespace
} // namespace dateline::searcher
