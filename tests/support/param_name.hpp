/** @file param_name.hpp
 *  @brief Test-name generator for table-driven suites whose rows have a `name`.
 */
#pragma once

#include <cctype>
#include <string>

namespace dateline::test {

/// Use as the 4th argument of INSTANTIATE_TEST_SUITE_P: the row's `name`
/// field with every non-alphanumeric character replaced by '_'.
struct RowName {
  template <class ParamInfo>
  std::string operator()(const ParamInfo& row) const {
    std::string name = row.param.name;
    for (char& c : name) {
      if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
    }
    return name;
  }
};

} // namespace dateline::test
