/** @file fixture_db.hpp
 *  @brief Builds a small Dateline database in-process, exactly as the schema
 *  documents it (common/term_generator + common/schema), so searcher tests do
 *  not depend on dateline-index.
 */
#pragma once

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
  std::string schema_version = "1";  ///< "" to leave the key out
  std::string root = "/fixture";
};

/// Creates (overwrites) a glass database at @p db holding @p articles.
void build_fixture_db(const std::filesystem::path& db, const std::vector<FixtureArticle>& articles,
                      const FixtureOptions& options = {});

} // namespace dateline::test
