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

// A synonym table grows with the square of a group's size and a query
// expands a word into all its synonyms: one 1.4 MB line of 200,000 entries
// took 22 GB and was killed, and a word with 50,000 synonyms made a two-word
// search run for minutes. The file is bounded before anything is built.
std::string numbered_entries(std::size_t first, std::size_t count, const char* word) {
  std::string out;
  for (std::size_t i = first; i < first + count; ++i) {
    if (!out.empty()) out += ", ";
    out += word + std::to_string(i);
  }
  return out;
}

void expect_refused(const std::string& text, const char* prefix, const char* detail, bool whole_table) {
  const TextAnalyzer analyzer("english");
  try {
    if (whole_table) {
      (void)synonym_table(parse_synonyms(text, "syn.txt", analyzer), analyzer);
    } else {
      (void)parse_synonyms(text, "syn.txt", analyzer);
    }
    ADD_FAILURE() << "accepted a file of " << text.size() << " bytes";
  } catch (const UsageError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind(prefix, 0), 0U) << message;
    EXPECT_NE(message.find(detail), std::string::npos) << message;
  }
}

TEST(Synonyms, GroupOfMoreThanTheLimitIsRefusedByLine) {
  const TextAnalyzer analyzer("english");
  const std::string at_limit = numbered_entries(0, k_max_synonym_group_entries, "w") + "\n";
  EXPECT_EQ(parse_synonyms("usa, america\n" + at_limit, "syn.txt", analyzer).groups.size(), 2U);
  expect_refused("usa, america\n" + numbered_entries(0, k_max_synonym_group_entries + 1, "w") + "\n", "syn.txt:2: ",
                 "more than 100 entries", false);
}

TEST(Synonyms, WordWithTooManySynonymsOverAllGroupsIsRefusedByName) {
  const TextAnalyzer analyzer("english");
  std::string text;
  for (std::size_t i = 0; i < k_max_synonyms_per_key; ++i) text += "hub, w" + std::to_string(i) + "\n";
  EXPECT_EQ(synonym_table(parse_synonyms(text, "syn.txt", analyzer), analyzer).at("hub").size(),
            k_max_synonyms_per_key);
  text += "hub, w" + std::to_string(k_max_synonyms_per_key) + "\n";
  expect_refused(text, "syn.txt: ", "'hub' has more than 100 synonyms", true);
  // the stemmed key gathers the synonyms of every form: bounded the same way
  std::string forms;
  for (std::size_t i = 0; i < 60; ++i) forms += "connect, c" + std::to_string(i) + "\n";
  for (std::size_t i = 0; i < 60; ++i) forms += "connected, d" + std::to_string(i) + "\n";
  expect_refused(forms, "syn.txt: ", "the forms of 'connect' have more than 100 synonyms", true);
}

TEST(Synonyms, FileMakingTooManyPairsIsRefusedByLine) {
  const TextAnalyzer analyzer("english");
  // groups of 100 entries make 9,900 pairs each: 101 groups fit, 102 do not
  std::string text;
  std::size_t line = 0;
  for (; line < 101; ++line) text += numbered_entries(line * 100, 100, "w") + "\n";
  EXPECT_EQ(parse_synonyms(text, "syn.txt", analyzer).groups.size(), 101U);
  text += numbered_entries(line * 100, 100, "w") + "\n";
  expect_refused(text, "syn.txt:102: ", "more than 1000000 synonym pairs", false);
}

} // namespace
} // namespace dateline::indexer
