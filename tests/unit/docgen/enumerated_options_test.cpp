/** @file enumerated_options_test.cpp
 *  @brief Every enumerated option (one whose value is one of a fixed list) of
 *  dateline-index and dateline-search: its parser accepts exactly its listed
 *  values, a bad value's error names the option and lists the values, the
 *  option table carries the list (docgen reads it from there for the man
 *  pages and completions), and --help names every value.
 */
#include "common/option_choices.hpp"
#include "common/text_analyzer.hpp"
#include "docgen/programs.hpp"
#include "indexer/options.hpp"
#include "searcher/options.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

/// The enumerated options, written here independently of the option tables.
struct Enumerated {
  std::string program;
  std::string option;
  std::vector<std::string> values;
};

std::vector<Enumerated> enumerated_options() {
  return {
      {"dateline-index", "shard-by", {"none", "year", "month"}},
      {"dateline-index", "undated", {"skip", "mtime", "index"}},
      {"dateline-index", "language", TextAnalyzer::known_languages()},
      {"dateline-index", "stem-terms", {"all", "differing"}},
      {"dateline-index", "if-locked", {"fail", "skip", "wait:SECONDS"}},
      {"dateline-search", "sort", {"relevance", "newest", "oldest"}},
      {"dateline-search", "duplicates", {"collapse", "show"}},
      {"dateline-search", "weighting", {"bm25", "bm25plus", "dph", "ineb2", "bb2", "lm", "lm-two-stage"}},
      {"dateline-search", "title-match", {"word", "stem"}},
      {"dateline-search", "format", {"text", "json"}},
      {"dateline-search", "color", {"auto", "always", "never"}},
      {"dateline-search", "timeline", {"auto", "year", "month", "week", "day"}},
  };
}

/// Parses --OPTION=VALUE with the program's parser (and whatever else the
/// command line needs); the UsageError's message, or "" when accepted.
std::string refusal(const Enumerated& row, const std::string& value) {
  const std::string given = "--" + row.option + "=" + value;
  try {
    if (row.program == "dateline-index") {
      const std::vector<const char*> argv = {"dateline-index", given.c_str(), "archive"};
      (void)indexer::parse_index_options(static_cast<int>(argv.size()), argv.data(), {});
    } else {
      (void)searcher::parse_search_options({given, "oil"});
    }
  } catch (const UsageError& e) {
    return e.what();
  }
  return {};
}

/// A value's form on a command line: "wait:SECONDS" -> "wait:5".
std::string sample(const std::string& value) {
  const std::string word = completion_word(value);
  return word == value ? value : word + "5";
}

TEST(EnumeratedOptions, ParsersAcceptExactlyTheListedValues) {
  for (const Enumerated& row : enumerated_options()) {
    ASSERT_FALSE(row.values.empty()) << row.option;
    for (const std::string& value : row.values) {
      EXPECT_EQ(refusal(row, sample(value)), "") << row.program << " --" << row.option << '=' << sample(value);
      std::string upper = sample(value);
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      std::string stem = completion_word(value);
      if (stem.ends_with(':')) stem.pop_back();
      for (const std::string& other : {upper, stem + "x", std::string("x") + stem, std::string()}) {
        const std::string message = refusal(row, other);
        EXPECT_NE(message, "") << row.program << " --" << row.option << "='" << other << "' accepted";
        if (message.empty()) continue;
        // The error names the option and lists the values, as the list has
        // them (an empty value: Boost's own refusal, naming the option).
        EXPECT_NE(message.find("--" + row.option), std::string::npos) << message;
        if (!other.empty()) {
          EXPECT_NE(message.find("'" + other + "' is not one of " + listed_choices(row.values, ",")), std::string::npos)
            << message;
        }
      }
    }
  }
}

TEST(EnumeratedOptions, TheOptionTablesCarryTheLists) {
  std::map<std::string, std::vector<std::string>> expected;
  for (const Enumerated& row : enumerated_options()) expected[row.program + " --" + row.option] = row.values;
  std::map<std::string, std::vector<std::string>> carried;
  for (const auto& program : docgen::documented_programs()) {
    for (const auto& option : program.options) {
      if (!option.values.empty()) carried[program.name + " --" + option.long_name] = option.values;
    }
  }
  EXPECT_EQ(carried, expected);
}

TEST(EnumeratedOptions, HelpNamesEveryValue) {
  for (const auto& program : docgen::documented_programs()) {
    for (const auto& option : program.options) {
      for (const std::string& value : option.values) {
        std::string word = completion_word(value);
        EXPECT_NE(option.help.find(word == value ? value : word), std::string::npos)
            << program.name << " --" << option.long_name << "'s help does not name " << value;
      }
    }
  }
}

} // namespace
} // namespace dateline::test
