/** @file remote_shards_fixture.hpp
 *  @brief What the remote shard tests (remote_shards_test.cpp,
 *  remote_shards_new_since_test.cpp, remote_shards_failure_test.cpp) share:
 *  xapian-tcpsrv on 127.0.0.1 (TcpServer), two fixture shards, and the
 *  RemoteShards fixture (the shards built, the sample corpus split in two
 *  shards, searches compared with the local answers).
 */
#pragma once

#include "tests/integration/searcher/fixture_db.hpp"
#include "tests/support/loopback_server.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include "common/schema.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <regex>
#include <string>
#include <unistd.h>
#include <vector>

namespace dateline::test {

inline constexpr const char* k_tcpsrv = "/usr/bin/xapian-tcpsrv";

/// xapian-tcpsrv serving one database on 127.0.0.1, killed on destruction.
class TcpServer : public LoopbackServer {
public:
  explicit TcpServer(const std::filesystem::path& db)
      : LoopbackServer([&db](int port) {
          return std::vector<std::string>{k_tcpsrv, "--interface", "127.0.0.1", "--port", std::to_string(port), db.string()};
        }) {}
};

inline std::vector<FixtureArticle> shard_a() {
  return {{"a/1.txt", "2021-03-04", "Harbour crane strike", "Dock workers at the harbour stopped the cranes. Ships wait.", "", "", {}},
          {"a/2.txt", "2022-05-06", "Oil prices", "Oil prices rose as tankers waited outside the harbour.", "", "", {}},
          {"a/3.txt", "2023-07-08", "Harbour reopens", "The harbour reopened after the strike ended.", "", "", {}},
          {"a/4.txt", "", "Undated harbour notes", "Notes about the harbour and its cranes.", "", "", {}}};
}

inline std::vector<FixtureArticle> shard_b() {
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

} // namespace dateline::test
