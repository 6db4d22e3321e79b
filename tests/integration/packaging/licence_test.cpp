/** @file licence_test.cpp
 *  @brief The licence is declared once and agrees everywhere: LICENSE at the
 *  top of the source tree is the MIT licence, the Debian `copyright` file
 *  installed with the package grants the same (Debian calls it "Expat") to
 *  the same holder, and README points at it.
 */
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() { return env_or_empty("DATELINE_SOURCE_DIR"); }

/// @p text with every run of white space made one space (the two files wrap
/// the licence's lines differently; Debian indents them and writes an empty
/// line as " .").
std::string words(std::string text) {
  text = std::regex_replace(text, std::regex("\n \\.\n"), "\n\n");
  return std::regex_replace(text, std::regex("[ \t\n]+"), " ");
}

const std::string k_grant = "Permission is hereby granted, free of charge, to any person obtaining a copy";

TEST(Licence, LicenseFileIsMit) {
  const fs::path file = source_dir() / "LICENSE";
  ASSERT_TRUE(fs::is_regular_file(file)) << "no LICENSE file in " << source_dir();
  const std::string text = read_file(file);
  EXPECT_EQ(text.rfind("MIT License\n", 0), 0U) << text.substr(0, 80);
  EXPECT_NE(words(text).find(k_grant), std::string::npos);
  EXPECT_TRUE(std::regex_search(text, std::regex("\nCopyright \\(c\\) [0-9]{4} .+\n"))) << text.substr(0, 120);
}

TEST(Licence, PackageCopyrightAgreesWithLicense) {
  const std::string licence = read_file(source_dir() / "LICENSE");
  const std::string copyright = read_file(source_dir() / "packaging" / "copyright");
  std::smatch holder;
  ASSERT_TRUE(std::regex_search(licence, holder, std::regex("\nCopyright \\(c\\) ([^\n]+)\n")));
  EXPECT_NE(copyright.find("\nCopyright: " + holder[1].str() + "\n"), std::string::npos)
      << "the package names the holder of LICENSE (" << holder[1] << "):\n" << copyright;
  EXPECT_NE(copyright.find("\nFiles: *\nCopyright: "), std::string::npos) << copyright;
  EXPECT_TRUE(std::regex_search(copyright, std::regex("\nFiles: \\*\nCopyright: [^\n]+\nLicense: Expat\n")))
      << "every file under the MIT (Expat) licence:\n" << copyright;
  EXPECT_EQ(copyright.find("none-declared"), std::string::npos) << copyright;
  // The licence text itself, as in LICENSE from the grant to the end.
  const std::size_t grant = words(licence).find(k_grant);
  ASSERT_NE(grant, std::string::npos);
  const std::string body = words(licence).substr(grant);
  const std::size_t paragraph = copyright.find("\nLicense: Expat\n ");
  ASSERT_NE(paragraph, std::string::npos) << "a stand-alone Expat licence paragraph:\n" << copyright;
  const std::string text = words(copyright.substr(paragraph + std::string("\nLicense: Expat\n").size()));
  EXPECT_EQ(text.rfind(body.substr(0, body.size() - 1), 1), 1U) << text;
}

TEST(Licence, ReadmeNamesIt) {
  const std::string readme = read_file(source_dir() / "README.md");
  EXPECT_NE(readme.find("MIT"), std::string::npos);
  EXPECT_NE(readme.find("(LICENSE)"), std::string::npos) << "a link to the LICENSE file";
}

} // namespace
} // namespace dateline::test
