/** @file query_synonym_cases_test.cpp
 *  @brief Rows of the typed-query table (query_cases.hpp) about synonyms
 *  (#12.2), and --no-synonyms.
 */
#include "tests/unit/searcher/query_cases.hpp"

#include "searcher/query_builder.hpp"
#include "searcher/query_rewriter.hpp"

#include "common/error.hpp"
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
        QueryCase{"synonym field literal", "oil author:usa", "Ausa|~america"},
        QueryCase{"tilde alone is punctuation", "oil ~ gas", "Zoil@1 OR Zgas@2"},
        QueryCase{"tilde at the end is punctuation", "oil ~", "Zoil@1|~america"},
        QueryCase{"tilde before close bracket is punctuation", "(oil ~) gas", "Zoil@1 OR Zgas@2"},
        QueryCase{"tilde inside word", "us~a", "us@1 PHRASE 2 a@2"},
        QueryCase{"tilde operator is a word", "oil ~AND gas", "Zgas|~AND Z"},
        QueryCase{"tilde before number", "~2024 oil", "2024@1|Zoil@2"},
        QueryCase{"tilde in bracket", "oil (~usa OR uk)", "america|Zoil@1"},
        QueryCase{"tilde after not", "oil NOT ~usa", "AND_NOT|america"},
        // Session 17: a '~' before what it cannot act on was dropped in
        // silence (the wildcard, phrase or field searched without it); each is
        // refused naming the '~' and what it stands before.
        QueryCase{"tilde before wildcard", "~budget*", "!'~budget*'|!not a wildcard's; write budget* or ~budget"},
        QueryCase{"tilde before title wildcard", "~title:budget*", "!'~title:budget*'|!matched as typed"},
        QueryCase{"tilde before phrase", "~\"oil price\"", "!'~\"oil price\"'|!not a phrase"},
        QueryCase{"tilde before one quoted word", "~\"usa\"", "!not a phrase"},
        QueryCase{"tilde before single quotes", "~\u2018oil price\u2019", "!not a phrase"},
        QueryCase{"tilde before title", "~title:usa", "!'~title:usa'|!title:, author:, source:, topic: and date:"},
        QueryCase{"tilde before author", "oil ~author:smith", "!'~author:smith'|!matched as typed"},
        QueryCase{"tilde before date", "oil ~date:2024", "!'~date:2024'|!matched as typed"},
        QueryCase{"tilde inside title", "title:~usa", "!'title:~usa'|!title: is matched as typed"},
        QueryCase{"tilde inside source", "source:~reuters", "!'source:~reuters'"},
        QueryCase{"tilde before bracket", "~(usa OR uk)", "!'~(usa'|!not a bracket; put it before each word"},
        QueryCase{"double tilde", "~~usa", "!'~~usa'|!one '~' right before a word"},
        QueryCase{"tilde before minus", "oil ~-usa", "!'~-usa'|!put the '-' before the '~': -~usa"},
        QueryCase{"tilde before plus", "oil ~+usa", "!put the '+' before the '~'"},
        QueryCase{"tilde before near chain", "~usa NEAR oil", "!'~' inside a NEAR chain"},
        QueryCase{"tilde inside near chain", "oil ADJ/3 ~usa", "!'~' inside a ADJ/3 chain"},
        QueryCase{"tilde before joined words", "~e-mail", "!'~e-mail'|!this is 2 words"},
        QueryCase{"tilde before cjk word", "~\u4e2d\u56fd", "!searched exactly as written"},
        QueryCase{"tilde before unreadable term", "~1'000'000", "!searched exactly as written"}),
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
  // A '~' before a field is refused (session 17; it used to be dropped),
  // never moved on to the next word.
  EXPECT_THROW((void)describe("~author:smith usa", off), UsageError);
  EXPECT_THROW((void)describe("~source:x usa", off), UsageError);
  // A '~' before a stop word does not move on to the next word either.
  EXPECT_EQ(describe("~the usa", off).find("america"), std::string::npos) << describe("~the usa", off);
}

} // namespace
} // namespace dateline::searcher
