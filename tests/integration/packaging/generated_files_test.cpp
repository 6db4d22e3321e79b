/** @file generated_files_test.cpp
 *  @brief The man pages and completions that the build generates (docgen/,
 *  DATELINE_GENERATED_DIR) render without a groff warning and load in bash,
 *  zsh and fish, offering the declared options. A test whose tool is not
 *  installed skips, naming it (scripts/install-deps installs them all).
 */
#include "docgen/programs.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
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
