/** @file version_test.cpp
 *  @brief `--version` of all three programs names Dateline's version (the
 *  CMake project version, compiled in as DATELINE_EXPECTED_VERSION), Xapian's
 *  and ICU's (the versions CMake found, compiled in likewise), and exits 0.
 */
#include "tests/support/param_name.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dateline::test {
namespace {

struct Program {
  const char* name;
};

class VersionTest : public ::testing::TestWithParam<Program> {};

std::string binary(const std::string& program) {
  if (program == "dateline-index") return index_binary();
  if (program == "dateline-search") return search_binary();
  return env_or_empty("DATELINE_IMPORT_REUTERS");
}

TEST_P(VersionTest, NamesDatelineXapianAndIcu) {
  const std::string program = GetParam().name;
  const std::string path = binary(program);
  ASSERT_FALSE(path.empty()) << program << " not built";
  const ProcessResult result = run_process({path, "--version"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find(program + " " + DATELINE_EXPECTED_VERSION + "\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(std::string("Xapian ") + DATELINE_EXPECTED_XAPIAN), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(std::string("ICU ") + DATELINE_EXPECTED_ICU), std::string::npos) << result.out;
  EXPECT_TRUE(result.err.empty()) << result.err;
}

INSTANTIATE_TEST_SUITE_P(Programs, VersionTest,
                         ::testing::Values(Program{"dateline-index"}, Program{"dateline-search"},
                                           Program{"dateline-import-reuters"}),
                         RowName{});

} // namespace
} // namespace dateline::test
