/** @file option_errors.hpp
 *  @brief Search options the parser must refuse, as table rows, and their
 *  check: one copy for the refusal tables of options_test.cpp,
 *  ranking_test.cpp and watch_state_test.cpp.
 */
#pragma once

#include "searcher/options.hpp"

#include "common/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline::searcher::option_errors {

/// A command line parse_search_options refuses, and a part of its message.
struct OptionError {
  const char* name;
  std::vector<std::string> args;
  std::string message_part;
};

/// parse_search_options(@p row.args) throws a UsageError whose message holds
/// @p row.message_part.
inline void expect_refused(const OptionError& row) {
  try {
    (void)parse_search_options(row.args);
    FAIL() << "accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(row.message_part), std::string::npos) << e.what();
  }
}

} // namespace dateline::searcher::option_errors
