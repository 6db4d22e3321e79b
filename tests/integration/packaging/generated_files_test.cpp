/** @file generated_files_test.cpp
 *  @brief The man pages and completions that the build generates (docgen/,
 *  DATELINE_GENERATED_DIR) render without a groff warning and load in bash,
 *  zsh and fish, offering the declared options; each man page names the
 *  documentation where the package installs it. A test whose tool is not
 *  installed skips, naming it (scripts/install-deps installs them all).
 */
#include "docgen/programs.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

/// Absolute path of @p tool in the usual directories, or "".
std::string find_tool(const std::string& tool) {
  for (const char* dir : {"/usr/bin", "/bin", "/usr/local/bin"}) {
    const fs::path path = fs::path(dir) / tool;
    if (fs::exists(path)) return path.string();
  }
  return {};
}

const fs::path k_generated = DATELINE_GENERATED_DIR;

TEST(GeneratedManPages, RenderWithoutWarnings) {
  const std::string groff = find_tool("groff");
  if (groff.empty()) GTEST_SKIP() << "groff is not installed (apt-get install groff)";
  for (const char* page :
       {"man1/dateline-index.1", "man1/dateline-search.1", "man1/dateline-import-reuters.1", "man7/dateline.7"}) {
    const fs::path path = k_generated / "man" / page;
    ASSERT_TRUE(fs::exists(path)) << path;
    const ProcessResult result = run_process({groff, "-man", "-ww", "-z", "-Tutf8", path.string()});
    EXPECT_EQ(result.exit_code, 0) << page;
    EXPECT_EQ(result.err, "") << page;
  }
}

// The man pages did not say where the full documentation is: each has a
// FILES section naming what the package installs under its doc directory
// (CMAKE_INSTALL_FULL_DOCDIR; scripts/package checks the paths exist in the
// .deb), and every file it names is one the package installs from the tree.
TEST(GeneratedManPages, NameTheInstalledDocumentation) {
  const std::string doc_dir = DATELINE_INSTALL_DOC_DIR;
  const fs::path source = env_or_empty("DATELINE_SOURCE_DIR");
  // Installed path (below doc_dir) -> where it comes from (packaging/CMakeLists.txt).
  const auto origin = [&](std::string installed) -> fs::path {
    if (installed == "article-format.md") return source / "corpus/README.md";
    if (installed == "examples/") return source / "packaging";
    return source / installed;
  };
  for (const char* page :
       {"man1/dateline-index.1", "man1/dateline-search.1", "man1/dateline-import-reuters.1", "man7/dateline.7"}) {
    std::ifstream in(k_generated / "man" / page, std::ios::binary);
    ASSERT_TRUE(in) << page;
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const std::size_t files = text.find(".SH FILES\n");
    ASSERT_NE(files, std::string::npos) << page;
    EXPECT_LT(files, text.find(".SH \"SEE ALSO\"")) << page;
    const std::string section = text.substr(files, text.find(".SH ", files + 1) - files);
    std::set<std::string> named;  // the .I lines, below doc_dir
    std::istringstream lines(section);
    for (std::string line; std::getline(lines, line);) {
      if (!line.starts_with(".I ")) continue;
      line = std::regex_replace(line.substr(3), std::regex(R"(\\-)"), "-");
      EXPECT_TRUE(line.starts_with(doc_dir + "/")) << page << ": " << line;
      if (line.starts_with(doc_dir + "/")) named.insert(line.substr(doc_dir.size() + 1));
    }
    EXPECT_TRUE(named.count("README.md") == 1 && named.count("docs/") == 1 && named.count("examples/") == 1)
        << page << ":\n" << section;
    for (const std::string& path : named) EXPECT_TRUE(fs::exists(origin(path))) << page << ": " << path;
    // The documents the docs/ item lists exist.
    const std::regex markdown(R"(([a-z\\-]+)\.md)");
    for (std::sregex_iterator it(section.begin(), section.end(), markdown), end; it != end; ++it) {
      const std::string name = std::regex_replace((*it)[1].str(), std::regex(R"(\\-)"), "-") + ".md";
      EXPECT_TRUE(fs::exists(source / "docs" / name) || name == "README.md" || name == "article-format.md")
          << page << ": " << name;
    }
  }
  const std::string search_page = [&] {
    std::ifstream in(k_generated / "man/man1/dateline-search.1", std::ios::binary);
    return std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }();
  EXPECT_NE(search_page.find("/docs/searcher.md"), std::string::npos) << "its own document";
}

/// Runs @p script in @p shell; skips the test when the shell is absent.
ProcessResult run_shell(const std::string& shell, const std::string& script) {
  const std::string path = find_tool(shell);
  if (path.empty()) return {-2, {}, {}, 0};
  return run_process({path, "-c", script});
}

TEST(GeneratedCompletions, LoadInBashAndOfferTheOptions) {
  for (const auto& program : docgen::documented_programs()) {
    const fs::path script = k_generated / "completions/bash" / program.name;
    std::string fn = "_" + program.name;
    for (char& c : fn) c = c == '-' ? '_' : c;
    const ProcessResult result = run_shell(
        "bash", "source '" + script.string() + "' && COMP_WORDS=(" + program.name + " --) && COMP_CWORD=1 && " + fn +
                    " && printf '%s\\n' \"${COMPREPLY[@]}\"");
    if (result.exit_code == -2) GTEST_SKIP() << "bash is not installed";
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err, "");
    for (const auto& option : program.options) {
      EXPECT_NE(result.out.find("--" + option.long_name + "\n"), std::string::npos) << program.name << " --"
                                                                                    << option.long_name;
    }
  }
}

TEST(GeneratedCompletions, LoadInZsh) {
  const ProcessResult result =
      run_shell("zsh", "fpath=('" + (k_generated / "completions/zsh").string() +
                           "' $fpath); autoload -Uz compinit && compinit -u -D && "
                           "autoload -Uz _dateline-index _dateline-search && functions _dateline-index "
                           "_dateline-search >/dev/null && print -r -- $_comps[dateline-index] $_comps[dateline-search]");
  if (result.exit_code == -2) GTEST_SKIP() << "zsh is not installed (apt-get install zsh)";
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_EQ(result.out, "_dateline-index _dateline-search\n");
}

TEST(GeneratedCompletions, LoadInFishAndOfferTheOptions) {
  for (const auto& program : docgen::documented_programs()) {
    const fs::path script = k_generated / "completions/fish" / (program.name + ".fish");
    const ProcessResult result =
        run_shell("fish", "source '" + script.string() + "'; and complete -C'" + program.name + " --'");
    if (result.exit_code == -2) GTEST_SKIP() << "fish is not installed (apt-get install fish)";
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err, "");
    for (const auto& option : program.options) {
      EXPECT_NE(result.out.find("--" + option.long_name + "\t"), std::string::npos) << program.name << " --"
                                                                                    << option.long_name;
    }
  }
}

} // namespace
} // namespace dateline::test
