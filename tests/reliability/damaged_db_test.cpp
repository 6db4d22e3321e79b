/** @file damaged_db_test.cpp
 *  @brief Promise 7: missing path, empty directory, foreign directory,
 *  truncated version file, zeroed and empty tables, a stub naming a program:
 *  distinct clear errors and documented exit codes from both binaries; the
 *  indexer never overwrites what is not its own database, and never runs a
 *  stub's program.
 */
#include "tests/reliability/reliability_helpers.hpp"

#include <gtest/gtest.h>

#include <set>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

/// Every file under @p dir with its bytes (to prove nothing was written).
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  if (fs::is_regular_file(dir)) {
    out[dir.string()] = read_file(dir);
    return out;
  }
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) out[entry.path().string()] = read_file(entry.path());
  }
  return out;
}

std::string without(std::string text, const std::string& path) {
  for (auto at = text.find(path); at != std::string::npos; at = text.find(path)) text.replace(at, path.size(), "DB");
  return text;
}

TEST(DamagedDatabases, DistinctErrorsAndNothingOverwritten) {
  TempDir dir;
  write_article(dir / "a/x.txt", "2024-01-01", "Harbour", "The harbour bridge toll.");
  const fs::path good = dir / "good";
  ASSERT_EQ(run_index({"--db", good.string(), (dir / "a").string()}).exit_code, 0);
  const fs::path pwned = dir / "pwned";

  struct Case {
    std::string name;
    fs::path path;
    bool indexer_creates;  ///< documented: a missing path or an empty directory becomes a new database
  };
  std::vector<Case> cases{{"missing path", dir / "missing", true}, {"empty directory", dir / "empty", true}};
  fs::create_directories(dir / "empty");
  write_file(dir / "foreign/thesis.tex", "do not touch");
  cases.push_back({"foreign directory", dir / "foreign", false});
  const auto damaged = [&](const std::string& name, const std::function<void(const fs::path&)>& damage) {
    const fs::path copy = dir / name;
    fs::copy(good, copy, fs::copy_options::recursive);
    damage(copy);
    cases.push_back({name, copy, false});
  };
  damaged("truncated iamglass", [](const fs::path& p) { fs::resize_file(p / "iamglass", 10); });
  damaged("zeroed postlist", [](const fs::path& p) {
    write_file(p / "postlist.glass", std::string(fs::file_size(p / "postlist.glass"), '\0'));
  });
  damaged("empty termlist", [](const fs::path& p) { fs::resize_file(p / "termlist.glass", 0); });
  write_file(dir / "stub", "remote :touch " + pwned.string() + "\n");
  cases.push_back({"stub naming a program", dir / "stub", false});

  std::set<std::string> search_messages;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto search = run_search({"--db", c.path.string(), "harbour"});
    EXPECT_EQ(search.exit_code, 3) << search.err;
    EXPECT_NE(search.err.find(c.path.string()), std::string::npos) << "names the database: " << search.err;
    EXPECT_EQ(search.err.find('\n'), search.err.size() - 1) << "one line: " << search.err;
    EXPECT_TRUE(search_messages.insert(without(search.err, c.path.string())).second)
        << "not distinct from another case: " << search.err;

    const auto before = snapshot(c.path);
    for (const bool rebuild : {false, true}) {
      if (c.indexer_creates && rebuild) continue;
      std::vector<std::string> args{"--db", c.path.string(), (dir / "a").string()};
      if (rebuild) args.insert(args.begin(), "--rebuild");
      const auto index = run_index(args);
      if (c.indexer_creates) {
        EXPECT_EQ(index.exit_code, 0) << index.err;
        EXPECT_EQ(open_db(c.path).get_doccount(), 1U);
        continue;
      }
      const bool rebuild_may_replace = rebuild && fs::is_directory(c.path) && fs::exists(c.path / "iamglass");
      if (rebuild_may_replace) {
        // Documented way out of a corrupt database: --rebuild starts afresh.
        EXPECT_EQ(index.exit_code, 0) << index.err;
        expect_check_clean(c.path, c.name + " after --rebuild");
        continue;
      }
      EXPECT_EQ(index.exit_code, 3) << (rebuild ? "--rebuild: " : "") << index.err;
      EXPECT_NE(index.err.find(c.path.string()), std::string::npos) << index.err;
      EXPECT_EQ(snapshot(c.path), before) << "the indexer wrote into " << c.name << (rebuild ? " (--rebuild)" : "");
    }
  }
  EXPECT_FALSE(fs::exists(pwned)) << "a stub file's program was executed";
  EXPECT_FALSE(fs::exists("pwned"));
}

} // namespace
} // namespace dateline::test
