/** @file synonyms_test.cpp
 *  @brief The synonym file (#12.2): parsing, bad lines named by line number,
 *  entries normalised by the shared analyzer, the table and its hash.
 */
#include "indexer/synonyms.hpp"

#include "common/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline::indexer {
namespace {

using Groups = std::vector<std::vector<std::string>>;

Groups groups_of(const SynonymFile& file) {
  Groups out;
  for (const auto& group : file.groups) out.push_back(group.entries);
  return out;
}

TEST(Synonyms, ParsesGroupsThroughTheAnalyzer) {
  const TextAnalyzer analyzer("english");
  struct Case {
    const char* text;
    Groups groups;
  };
  const Case cases[] = {
      {"", {}},
      {"# only a comment\n\n   \n", {}},
      {"usa, america", {{"usa", "america"}}},
      {"United States, U.S., USA, America\n", {{"united states", "us", "usa", "america"}}},
      {"  opec ,  the oil cartel  # comment\n", {{"opec", "the oil cartel"}}},
      {"u.s, U.S., usa", {{"us", "usa"}}},  // one key for both spellings
      {"Zürich, zurich, ZURICH, zrh", {{"zurich", "zrh"}}},
      {"a,b\r\nc,d\r\n", {{"a", "b"}, {"c", "d"}}},
      {"\n\nuk, britain\n# x\nbeijing, peking", {{"uk", "britain"}, {"beijing", "peking"}}},
      {"U.K.-based, britain", {{"uk based", "britain"}}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(groups_of(parse_synonyms(c.text, "f.txt", analyzer)), c.groups) << c.text;
  }
}

TEST(Synonyms, LineNumbersAreKept) {
  const TextAnalyzer analyzer("english");
  const SynonymFile file = parse_synonyms("# head\n\nusa, america\n\n# x\nuk, britain\n", "f", analyzer);
  ASSERT_EQ(file.groups.size(), 2U);
  EXPECT_EQ(file.groups[0].line, 3U);
  EXPECT_EQ(file.groups[1].line, 6U);
}

TEST(Synonyms, BadLinesAreNamedByFileAndLine) {
  const TextAnalyzer analyzer("english");
  struct Case {
    const char* text;
    const char* prefix;  ///< start of the message
    const char* detail;  ///< somewhere in it
  };
  const Case cases[] = {
      {"usa, america\nusa,,america\n", "syn.txt:2: ", "empty entry"},
      {"usa, america,\n", "syn.txt:1: ", "empty entry"},
      {"\n, usa\n", "syn.txt:2: ", "empty entry"},
      {"usa\n", "syn.txt:1: ", "at least two"},
      {"ok, fine\n\n# c\nUSA, usa, U.S.A\n", "syn.txt:4: ", "at least two"},
      {"usa, --- \n", "syn.txt:1: ", "'---' has no word"},
      {"usa, america\n\xff\xfe, x\n", "syn.txt:2: ", "UTF-8"},
  };
  for (const auto& c : cases) {
    try {
      (void)parse_synonyms(c.text, "syn.txt", analyzer);
      ADD_FAILURE() << "accepted: " << c.text;
    } catch (const UsageError& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind(c.prefix, 0), 0U) << message;
      EXPECT_NE(message.find(c.detail), std::string::npos) << message;
    }
  }
}

TEST(Synonyms, HashIgnoresFormattingButNotContent) {
  const TextAnalyzer analyzer("english");
  const auto hash = [&](const char* text) { return parse_synonyms(text, "f", analyzer).hash; };
  const std::string base = hash("usa, america\nuk, britain\n");
  EXPECT_EQ(hash("# comment\nUK,Britain\n\n  USA , America  # x\n"), base);
  EXPECT_EQ(hash("usa, america\nuk, britain\nusa, america\n"), base);
  EXPECT_NE(hash("usa, america, us\nuk, britain\n"), base);
  EXPECT_NE(hash("usa, america\n"), base);
  EXPECT_NE(parse_synonyms("usa, america\nuk, britain\n", "f", TextAnalyzer("none")).hash, base);
  EXPECT_EQ(hash("").size(), 16U);
}

TEST(Synonyms, TableMapsEveryEntryToTheOthers) {
  const TextAnalyzer analyzer("english");
  const SynonymTable table =
      synonym_table(parse_synonyms("United States, U.S., usa\nopec, the oil cartel\n", "f", analyzer), analyzer);
  using Values = std::set<std::string>;
  EXPECT_EQ(table.at("united states"), (Values{"us", "usa"}));
  EXPECT_EQ(table.at("us"), (Values{"united states", "usa"}));
  EXPECT_EQ(table.at("usa"), (Values{"united states", "us"}));
  EXPECT_EQ(table.at("opec"), (Values{"the oil cartel"}));
  EXPECT_EQ(table.at("the oil cartel"), (Values{"opec"}));
  EXPECT_EQ(table.count("Zunited states"), 0U);  // no stemmed key for several words
}

TEST(Synonyms, OneWordEntriesAlsoHaveAStemmedKey) {
  const TextAnalyzer analyzer("english");
  const SynonymTable table = synonym_table(parse_synonyms("american, yankee\n", "f", analyzer), analyzer);
  using Values = std::set<std::string>;
  EXPECT_EQ(table.at("american"), (Values{"yankee"}));
  EXPECT_EQ(table.at("Zamerican"), (Values{"american", "yankee"}));
  EXPECT_EQ(table.at("Zyanke"), (Values{"american", "yankee"}));
  const TextAnalyzer none("none");
  EXPECT_EQ(synonym_table(parse_synonyms("american, yankee\n", "f", none), none).size(), 2U);
}

} // namespace
} // namespace dateline::indexer
