/** @file fixture_db.hpp
 *  @brief Builds a small Dateline database in-process with the indexer's
 *  document builder (no files, no dateline-index process), so searcher tests
 *  search exactly what the indexer writes.
 */
#pragma once

#include "tests/support/temp_dir.hpp"

#include "common/schema.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace dateline::test {

struct FixtureArticle {
  std::string path;    ///< relative path, also the unique id
  std::string date;    ///< "YYYY-MM-DD" or "" for undated
  std::string title;
  std::string body;
  std::string author;
  std::string source;
  std::vector<std::string> topics;
};

struct FixtureOptions {
  std::string language = "english";
  std::string schema_version = std::to_string(schema::k_schema_version);  ///< "" to leave the key out
  std::string root = "/fixture";
};

/// Creates (overwrites) a glass database at @p db holding @p articles.
void build_fixture_db(const std::filesystem::path& db, const std::vector<FixtureArticle>& articles,
                      const FixtureOptions& options = {});

/// A test suite searching one fixture database, built once for the whole
/// suite from @p Articles() at db(): derive the suite's fixture from it.
template <std::vector<FixtureArticle> (*Articles)()>
class FixtureDbSuite : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir();
    build_fixture_db(s_dir->path() / "db", Articles());
  }
  static void TearDownTestSuite() {
    delete s_dir;
    s_dir = nullptr;
  }
  static std::string db() { return (s_dir->path() / "db").string(); }

private:
  static inline TempDir* s_dir = nullptr;
};

} // namespace dateline::test
