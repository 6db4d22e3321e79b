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

/// Parses @p given with the program's parser (and whatever else the
/// command line needs, before it); the UsageError's message, or "" when
/// accepted.
std::string refusal_of(const Enumerated& row, const std::vector<std::string>& given) {
  try {
    if (row.program == "dateline-index") {
      std::vector<const char*> argv = {"dateline-index", "archive"};
      for (const std::string& arg : given) argv.push_back(arg.c_str());
      (void)indexer::parse_index_options(static_cast<int>(argv.size()), argv.data(), {});
    } else {
      std::vector<std::string> args{"oil"};
      args.insert(args.end(), given.begin(), given.end());
      (void)searcher::parse_search_options(args);
    }
  } catch (const UsageError& e) {
    return e.what();
  }
  return {};
}

/// Parses --OPTION=VALUE.
std::string refusal(const Enumerated& row, const std::string& value) {
  return refusal_of(row, {"--" + row.option + "=" + value});
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
        // them; an empty value too ("--shard-by=", which Boost refuses
        // before the option's value type sees it).
        EXPECT_EQ(message.find("option --" + row.option + ": '" + other + "' is not one of " +
                               listed_choices(row.values, ",")),
                  0U)
            << message;
      }
    }
  }
}

TEST(EnumeratedOptions, EmptyOrMissingValuesNameTheList) {
  for (const Enumerated& row : enumerated_options()) {
    const std::string list = listed_choices(row.values, ",");
    // "--sort=" as "--sort ''".
    EXPECT_EQ(refusal(row, "").find("option --" + row.option + ": '' is not one of " + list), 0U)
        << row.program << " --" << row.option << "=";
    if (row.option == "timeline") continue;  // a bare --timeline is --timeline=auto, the next word the query
    EXPECT_EQ(refusal_of(row, {"--" + row.option, ""}).find("option --" + row.option + ": '' is not one of " + list),
              0U)
        << row.program << " --" << row.option << " ''";
    // The option last, its value left out.
    EXPECT_EQ(refusal_of(row, {"--" + row.option}).find("option --" + row.option + " needs a value, one of " + list),
              0U)
        << row.program << " --" << row.option;
  }
  // Another option's empty value keeps Boost's message.
  const std::string db = refusal_of({"dateline-index", "db", {}}, {"--db="});
  EXPECT_NE(db.find("'--db' should follow immediately after the equal sign"), std::string::npos) << db;
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
