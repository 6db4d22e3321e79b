/** @file build_dir_test.cpp
 *  @brief The build directory beside a database: path resolution (a missing
 *  parent is named with the way out), its flock (one user at a time, with a
 *  wait), emptying a killed run's leftover, never following a planted link,
 *  and moving a finished database into a missing path.
 */
#include "indexer/build_dir.hpp"

#include "common/error.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace dateline::indexer {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::write_file;

TEST(BuildDir, ResolvesMissingDatabasesAndNamesAMissingParent) {
  TempDir dir;
  const std::string real = fs::canonical(dir.path()).string();
  EXPECT_EQ(resolve_db_path((dir / "news.db").string()), real + "/news.db");
  EXPECT_EQ(resolve_db_path((dir / "news.db").string() + "//"), real + "/news.db");
  EXPECT_EQ(build_dir_path((dir / "news.db").string()), real + "/.news.db.dateline-build");
  const std::string missing = (dir / "no/such").string();
  try {
    (void)resolve_db_path(missing + "/news.db");
    ADD_FAILURE() << "a missing parent was accepted";
  } catch (const DatabaseError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'" + missing + "'"), std::string::npos) << what;
    EXPECT_NE(what.find("mkdir -p"), std::string::npos) << what;
    EXPECT_EQ(what.find("--rebuild"), std::string::npos) << what;
  }
}

TEST(BuildDir, OneUserAtATimeAndRemovedWhenDone) {
  TempDir dir;
  const std::string db = (dir / "news.db").string();
  const fs::path path = build_dir_path(db);
  {
    const BuildDir first(db);
    EXPECT_TRUE(fs::is_directory(path));
    EXPECT_THROW(BuildDir second(db), DatabaseLockedError);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(BuildDir waiting(db, 0.3), DatabaseLockedError);
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(280));
    EXPECT_TRUE(fs::is_directory(path)) << "a refused user leaves the holder's directory alone";
  }
  EXPECT_FALSE(fs::exists(path));
  const BuildDir again(db);
  EXPECT_TRUE(fs::is_directory(path));
}

TEST(BuildDir, EmptiesAKilledRunsLeftoverAndNeverFollowsAPlantedLink) {
  TempDir dir;
  const std::string db = (dir / "news.db").string();
  const fs::path path = build_dir_path(db);
  write_file(path / "new" / "postlist.glass", "left by kill -9");
  {
    const BuildDir build(db);
    EXPECT_TRUE(fs::is_empty(path));
  }
  write_file(dir / "elsewhere/keep.txt", "not ours");
  fs::create_directory_symlink(dir / "elsewhere", path);
  {
    const BuildDir build(db);
    EXPECT_FALSE(fs::is_symlink(path));
    EXPECT_TRUE(fs::is_directory(path));
  }
  EXPECT_TRUE(fs::exists(dir / "elsewhere/keep.txt")) << "the link's target is untouched";
  std::string error;
  write_file(path / "shard-0" / "x", "stale");
  EXPECT_TRUE(remove_stale_build_dir(db, error)) << error;
  EXPECT_FALSE(fs::exists(path));
}

TEST(BuildDir, RenameIntoPlaceNeverReplaces) {
  TempDir dir;
  write_file(dir / "a/file", "a");
  write_file(dir / "b/file", "b");
  rename_into_place((dir / "a").string(), (dir / "target").string());
  EXPECT_EQ(test::read_file(dir / "target/file"), "a");
  EXPECT_THROW(rename_into_place((dir / "b").string(), (dir / "target").string()), DatabaseError);
  EXPECT_EQ(test::read_file(dir / "target/file"), "a");
}

} // namespace
} // namespace dateline::indexer
