/** @file help_defaults.hpp
 *  @brief The check both programs' HelpDefaults tests run (issue 10: every
 *  option written once): each declared option whose help states a numeric
 *  default has a row reading the value the program uses, that value is the
 *  stated one, and every row's option states its default.
 */
#pragma once

#include <boost/program_options.hpp>
#include <gtest/gtest.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>

namespace dateline::test {

/// @p stated reads a help text's default (nullopt: none stated); @p read
/// gives a row's value; @p user names who uses it in failure messages ("the
/// search", "the indexer").
template <typename Row, typename Stated, typename Read>
void expect_stated_defaults_used(const boost::program_options::options_description& declarations, Stated stated,
                                 const std::map<std::string, Row>& actual, Read read, const std::string& user) {
  std::size_t with_default = 0;
  for (const auto& option : declarations.options()) {
    const std::string name = option->long_name();
    const std::optional<double> number = stated(option->description());
    const auto row = actual.find(name);
    if (!number) {
      EXPECT_EQ(row, actual.end()) << "--" << name << " has a row but its help states no numeric default";
      continue;
    }
    ++with_default;
    ASSERT_NE(row, actual.end()) << "--" << name << "'s help says its default is " << *number
                                 << ": add a row reading the value used";
    EXPECT_DOUBLE_EQ(read(row->second), *number)
        << "--" << name << ": the help states default " << *number << ", " << user << " uses another";
  }
  EXPECT_EQ(with_default, actual.size());
}

} // namespace dateline::test
