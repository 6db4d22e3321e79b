/** @file query_synonym_cases_test.cpp
 *  @brief Rows of the typed-query table (query_cases.hpp) about synonyms
 *  (#12.2), and --no-synonyms.
 */
#include "tests/unit/searcher/query_cases.hpp"

#include "searcher/query_builder.hpp"
#include "searcher/query_rewriter.hpp"

#include "common/text_analyzer.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dateline::searcher {
namespace {

using query_cases::QueryCase;
using query_cases::QueryCaseTest;
using query_cases::synonym_database;

// #12.2: synonyms from the database's table (synonym_database): plain words and
// multi-word entries expand by default, '~word' forces it, phrases, wildcards
// and title: words stay literal, and operators around them are all kept (the
// flag-free re-parse check must neither trip on nor hide an expansion).
INSTANTIATE_TEST_SUITE_P(
    Synonyms, QueryCaseTest,
    ::testing::Values(
        QueryCase{"synonym word", "usa", "SYNONYM|america@1|(united PHRASE 2 states)"},
        QueryCase{"synonym upper case", "USA", "SYNONYM|america@1"},
        QueryCase{"synonym multiword key", "united states", "SYNONYM|usa@1|america@1|~Zunited"},
        QueryCase{"synonym multiword key in text", "oil united states", "Zoil@1|SYNONYM|usa@2"},
        QueryCase{"synonym forced", "~usa", "SYNONYM|america@1"},
        QueryCase{"synonym forced with sign", "oil +~usa", "AND_MAYBE|america"},
        QueryCase{"synonym forced excluded", "oil -~usa", "AND_NOT|america"},
        QueryCase{"synonym and", "usa AND oil", "SYNONYM|america|AND Zoil"},
        QueryCase{"synonym or", "(usa OR uk) NOT gas", "america|AND_NOT Zgas"},
        QueryCase{"synonym near stays literal", "usa NEAR oil", "usa@1 NEAR 11 oil@2|~america"},
        QueryCase{"synonym phrase stays literal", "\"united states\"", "united@1 PHRASE 2 states@2|~usa"},
        QueryCase{"synonym quoted word literal", "\"usa\" oil", "~america"},
        QueryCase{"synonym wildcard literal", "usa*", "~america"},
        QueryCase{"synonym title literal", "title:usa", "~america"},
        QueryCase{"synonym title forced literal", "~title:usa", "~america"},
        QueryCase{"synonym field literal", "oil author:usa", "Ausa|~america"},
        QueryCase{"tilde alone is punctuation", "oil ~ gas", "Zoil@1 OR Zgas@2"},
        QueryCase{"tilde before phrase is punctuation", "~\"oil price\"", "oil@1 PHRASE 2 price@2"},
        QueryCase{"tilde inside word", "us~a", "us@1 PHRASE 2 a@2"},
        QueryCase{"tilde operator is a word", "oil ~AND gas", "Zgas|~AND Z"}),
    test::RowName{});

// --no-synonyms (BuildOptions::synonyms = false): no automatic expansion, but
// '~word' still asks for it.
TEST(SynonymOptions, OffExpandsOnlyTildeWords) {
  TextAnalyzer analyzer("english");
  const QueryRewriter rewriter(analyzer);
  const QueryBuilder builder("english");
  BuildOptions off;
  off.synonyms = false;
  const auto describe = [&](const char* query, const BuildOptions& options) {
    return builder.build(rewriter.rewrite(query), options, synonym_database()).get_description();
  };
  EXPECT_EQ(describe("usa", off).find("SYNONYM"), std::string::npos) << describe("usa", off);
  EXPECT_EQ(describe("united states", off).find("usa"), std::string::npos) << describe("united states", off);
  EXPECT_NE(describe("~usa", off).find("america"), std::string::npos) << describe("~usa", off);
  EXPECT_NE(describe("oil ~usa", off).find("states"), std::string::npos) << describe("oil ~usa", off);
  EXPECT_NE(describe("usa", BuildOptions{}).find("america"), std::string::npos);
  // A '~' before a field or a stop word does not move on to the next word.
  EXPECT_EQ(describe("~author:smith usa", off).find("america"), std::string::npos) << describe("~author:smith usa", off);
  EXPECT_EQ(describe("~source:x usa", off).find("america"), std::string::npos);
}

} // namespace
} // namespace dateline::searcher
