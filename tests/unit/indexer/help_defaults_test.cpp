/** @file help_defaults_test.cpp
 *  @brief The defaults dateline-index's option declarations state (so
 *  --help, the man page and the completions' descriptions) are the ones it
 *  uses (issue 10: every option written once). Each declared help text that
 *  says "default: N" for a number or size N has a row here reading the value
 *  the parser gives when the option is absent (or, for an option the
 *  database can remember, the rule used when nothing is recorded), and every
 *  row's option states its default.
 */
#include "common/near_duplicate.hpp"
#include "indexer/option_declarations.hpp"
#include "indexer/options.hpp"

#include "tests/support/help_defaults.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <string>

namespace dateline::indexer {
namespace {

/// The number @p help gives as the default ("default: 256", "default: 16M"
/// as bytes), or nullopt when it states none or not a number.
std::optional<double> stated_default(const std::string& help) {
  static const std::regex number(R"(default:? (-?[0-9]+(\.[0-9]+)?)([kMG]?)(?![0-9A-Za-z.]))");
  std::smatch match;
  if (!std::regex_search(help, match, number)) return std::nullopt;
  const double value = std::stod(match[1]);
  if (match[3].length() == 0) return value;
  return static_cast<double>(parse_size(match[1].str() + match[3].str(), "--test"));
}

TEST(HelpDefaults, ReadsTheStatedNumber) {
  EXPECT_EQ(stated_default("(default: 256)"), 256.0);
  EXPECT_EQ(stated_default("(default: 0.4; the database keeps)"), 0.4);
  EXPECT_EQ(stated_default("(default: 16M)"), 16.0 * 1024 * 1024);
  EXPECT_EQ(stated_default("(default: hardware threads)"), std::nullopt);
  EXPECT_EQ(stated_default("none (default), year or month"), std::nullopt);
}

TEST(HelpDefaults, AreTheDefaultsUsed) {
  const char* argv[] = {"dateline-index", "dir"};
  const IndexOptions options = parse_index_options(2, argv, {}).options;
  const near_dup::Rule rule;  // the rule a database that records none is grouped with
  const std::map<std::string, std::function<double()>> actual{
      {"max-depth", [&] { return static_cast<double>(options.max_depth); }},
      {"max-size", [&] { return static_cast<double>(options.max_size); }},
      {"dup-threshold", [&] { return options.dup_threshold.value_or(rule.threshold); }},
      {"dup-window", [&] { return static_cast<double>(options.dup_window.value_or(rule.window_days)); }},
      {"commit-every", [&] { return static_cast<double>(options.commit_every); }},
      {"shard-threshold", [&] { return static_cast<double>(options.shard_threshold); }},
  };
  test::expect_stated_defaults_used(index_option_declarations(), stated_default, actual, [](const auto& row) { return row(); }, "the indexer");
}

} // namespace
} // namespace dateline::indexer
