/** @file directory_path_test.cpp
 *  @brief common/directory_path: a directory given with or without a
 *  trailing '/' (or with doubled ones, "." components) has one name and one
 *  parent, which is what both programs read a shard's period and archive
 *  from (`--db DIR/` behaves as `--db DIR`).
 */
#include "common/directory_path.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dateline {
namespace {

struct Row {
  std::string given;
  std::string path;
  std::string name;
  std::string parent;
};

TEST(DirectoryPath, TrailingSeparatorsDoNotChangeNameOrParent) {
  const Row rows[] = {
      {"db/1987", "db/1987", "1987", "db"},
      {"db/1987/", "db/1987", "1987", "db"},
      {"db/1987//", "db/1987", "1987", "db"},
      {"db//1987/.", "db/1987", "1987", "db"},
      {"/srv/archive/undated/", "/srv/archive/undated", "undated", "/srv/archive"},
      {"./db/2024-02/", "db/2024-02", "2024-02", "db"},
      {"1987/", "1987", "1987", ""},
      {"db/x/../1987/", "db/1987", "1987", "db"},
      {"/", "/", "", "/"},
      {".", ".", ".", ""},
      {"./", ".", ".", ""},
      {"", "", "", ""},
  };
  for (const Row& row : rows) {
    const std::filesystem::path got = directory_path(row.given);
    EXPECT_EQ(got.string(), row.path) << row.given;
    EXPECT_EQ(got.filename().string(), row.name) << row.given;
    EXPECT_EQ(got.parent_path().string(), row.parent) << row.given;
  }
}

} // namespace
} // namespace dateline
