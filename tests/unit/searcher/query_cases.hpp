/** @file query_cases.hpp
 *  @brief The table of typed queries the query case tests share: a row
 *  (QueryCase), the parameterised fixture whose one test,
 *  MeansWhatWasTyped, is defined in query_cases_test.cpp, and the synonym
 *  database it builds against. Rows: query_cases_test.cpp (operators,
 *  brackets, proximity, fields), query_text_cases_test.cpp (pasted text,
 *  separators, quotes, number and Hebrew parity),
 *  query_synonym_cases_test.cpp (synonyms).
 *
 *  A row's expectation is a list separated by '|': "!text" means a UsageError
 *  containing text; "~text" means the query's description must not contain
 *  text; anything else must appear in the description.
 */
#pragma once

#include "searcher/query_builder.hpp"
#include "searcher/query_rewriter.hpp"

#include "common/text_analyzer.hpp"

#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

namespace dateline::searcher::query_cases {

struct QueryCase {
  const char* name;
  std::string query;
  std::string expect;
};

/// An empty glass database whose synonym table holds one group (#12.2):
/// usa, united states, america (as dateline-index --synonyms stores it).
inline const Xapian::Database& synonym_database() {
  static const test::TempDir dir;
  static const Xapian::Database db = [] {
    const std::string path = (dir.path() / "db").string();
    Xapian::WritableDatabase writable(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    const std::vector<std::string> group{"usa", "united states", "america"};
    for (const auto& key : group) {
      for (const auto& value : group) {
        if (value != key) writable.add_synonym(key, value);
      }
    }
    writable.commit();
    return Xapian::Database(path);
  }();
  return db;
}

class QueryCaseTest : public ::testing::TestWithParam<QueryCase> {
protected:
  static TextAnalyzer& analyzer() {
    static TextAnalyzer instance("english");
    return instance;
  }
  QueryRewriter rewriter{analyzer()};
  QueryBuilder builder{"english"};
  Xapian::Database db = synonym_database();
};

} // namespace dateline::searcher::query_cases
