/** @file round_trip_test.cpp
 *  @brief Query side of the parity promise (#9.5): every term the analyzer
 *  produces for a text, written into a query as the rewriter writes it,
 *  parses back to exactly that one term.
 *
 *  Texts: a built-in set of hard classes (numbers with group separators,
 *  gershayim, apostrophes, scripts, emoji, ligatures, ...) and, when
 *  ../shared/corpora is present, the first part of a Reuters, TIME and xwlb
 *  file.
 */
#include "searcher/query_builder.hpp"
#include "searcher/query_rewriter.hpp"

#include "common/cjk_bigrams.hpp"
#include "common/error.hpp"

#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace dateline::searcher {
namespace {

/// Every distinct term of @p texts that does not read back as itself, with why.
std::vector<std::string> round_trip_failures(const std::vector<std::string>& texts) {
  const TextAnalyzer analyzer("none");  // no stemming: the query term is the indexed term
  const QueryRewriter rewriter(analyzer);
  const QueryBuilder builder("none");
  const Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::set<std::string> terms;
  for (const std::string& text : texts) {
    for (const Token& token : analyzer.tokenize(text)) terms.insert(token.term);
  }
  std::vector<std::string> failures;
  for (const std::string& term : terms) {
    // A term stands for itself as a phrase of one word (what the rewriter
    // writes for words that are not stemmed) and inside title:.
    for (const std::string& query : {"\"" + term + "\"", "title:\"" + term + "\""}) {
      std::string why;
      try {
        const Xapian::Query parsed = builder.build(rewriter.rewrite(query), BuildOptions{}, db);
        const std::set<std::string> got(parsed.get_unique_terms_begin(), parsed.get_unique_terms_end());
        std::set<std::string> want{(query.starts_with("title:") ? "S" : "") + term};
        // Outside title:, a CJK word is also asked for as its bigrams (#13.3).
        if (!query.starts_with("title:")) {
          for (const CjkBigram& bigram : cjk_bigrams(term, analyzer.tokenize(term))) want.insert("XBI" + bigram.term);
        }
        if (got != want) why = parsed.get_description();
      } catch (const UsageError& e) {
        why = e.what();
      }
      if (!why.empty()) failures.push_back(query + " -> " + why);
    }
  }
  return failures;
}

TEST(RoundTripTest, HardClasses) {
  const std::vector<std::string> texts{
      "CHF 1'000'000 and 1\xD9\xAC" "000 and \xD9\xA1\xD9\xA2\xD9\xA3\xD9\xAC\xD9\xA4\xD9\xA5\xD9\xA6 and 1,000,000.50",
      "3.14 5;6 1\xE2\x81\x84" "2 12.5% 2024-07-26 10:30 1e6 0x1F",
      "\xD7\xA6\xD7\x94\"\xD7\x9C \xD7\x90\xD7\xA8\xD7\x94\"\xD7\x91 \xD7\xA6\xD7\x94\xD7\xB4\xD7\x9C "
      "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\x94\xD7\x9E\xD7\x9C\xD7\x9A'",
      "don't rock'n'roll O'Neill don\xE2\x80\x99t AT&T l'\xC3\xA9lection d'Italia qu'il",
      "caf\xC3\xA9 Z\xC3\xBCrich na\xC3\xAFve \xEF\xAC\x81nance \xC3\x9F Stra\xC3\x9F" "e \xC4\xB0stanbul \xCE\xA3\xCE\xBF\xCF\x86\xCE\xAF\xCE\xB1\xCF\x82",
      "\xE4\xB8\xAD\xE6\x97\xA5\xE5\x85\xB3\xE7\xB3\xBB \xE6\x9D\xB1\xE4\xBA\xAC\xE5\xA4\xA7\xE5\xAD\xA6 \xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 "
      "\xE0\xB8\x89\xE0\xB8\xB1\xE0\xB8\x99\xE0\xB8\xA3\xE0\xB8\xB1\xE0\xB8\x81\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\xA9\xE0\xB8\xB2\xE0\xB9\x84\xE0\xB8\x97\xE0\xB8\xA2",
      "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xD8\xA7\xD9\x84\xD9\x82\xD8\xA7\xD9\x87\xD8\xB1\xD8\xA9 \xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87 "
      "\xE1\x8F\xA3\xE1\x8E\xB3\xE1\x8E\xA9 \xEA\xAD\xB0",
      "e-mail U.S. U.S.-based x_y snake_case C++ C# .NET 3M e.g. i.e. Ph.D.",
      "abc\xE2\x80\x8D\xE2\x9D\xA4 \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD ex\xC2\xAD" "port ex\xE2\x80\x8B" "port \xE2\x84\x8C \xE2\x91\xA0 x\xC2\xB2"};
  const std::vector<std::string> failures = round_trip_failures(texts);
  EXPECT_TRUE(failures.empty()) << failures.size() << " terms do not read back, e.g. " << failures.front();
  for (std::size_t k = 0; k < failures.size() && k < 20; ++k) ADD_FAILURE() << failures[k];
}

TEST(RoundTripTest, Corpora) {
  std::vector<std::string> texts;
  const std::vector<std::pair<std::string, std::string>> files{
      {"reuters21578", "reut2-000.sgm"}, {"time", "TIME.ALL"}, {"xwlb", "news/20220924.md"},
      {"xwlb", "news/20221001.md"}};
  for (const auto& [corpus, file] : files) {
    const std::filesystem::path root = test::shared_corpus(corpus);
    if (root.empty() || !std::filesystem::exists(root / file)) continue;
    const std::string text = test::read_file(root / file);
    texts.push_back(text.substr(0, 300'000));
  }
  if (texts.empty()) GTEST_SKIP() << "../shared/corpora (reuters21578, time, xwlb) not present";
  const std::vector<std::string> failures = round_trip_failures(texts);
  EXPECT_TRUE(failures.empty()) << failures.size() << " terms do not read back, e.g. " << failures.front();
  for (std::size_t k = 0; k < failures.size() && k < 20; ++k) ADD_FAILURE() << failures[k];
}

} // namespace
} // namespace dateline::searcher
