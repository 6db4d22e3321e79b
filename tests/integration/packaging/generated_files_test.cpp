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

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
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
    // Session 16 trial: the remote-shard options (--db HOST:PORT, --timeout,
    // --allow-partial) and replicas are Xapian's servers, set up as
    // docs/scaling.md says: the two programs' pages point there.
    const std::string_view page_name(page);
    if (page_name.starts_with("man1/dateline-index") || page_name.starts_with("man1/dateline-search")) {
      const std::string see_also = text.substr(text.find(".SH \"SEE ALSO\""));
      EXPECT_NE(see_also.find(".BR xapian\\-tcpsrv (1) ,\n"), std::string::npos) << page << see_also;
      EXPECT_NE(see_also.find(".BR xapian\\-replicate (1) ,\n"), std::string::npos) << page << see_also;
      const std::string scaling = std::regex_replace(doc_dir + "/docs/scaling.md", std::regex("-"), "\\-");
      EXPECT_NE(see_also.find(".IR " + scaling + "\n"), std::string::npos) << page << see_also;
    }
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
    std::set<std::string> listed;
    for (std::sregex_iterator it(section.begin(), section.end(), markdown), end; it != end; ++it) {
      const std::string name = std::regex_replace((*it)[1].str(), std::regex(R"(\\-)"), "-") + ".md";
      EXPECT_TRUE(fs::exists(source / "docs" / name) || name == "README.md" || name == "article-format.md")
          << page << ": " << name;
      listed.insert(name);
    }
    // ...and it lists every document installed under docs/ (all of docs/*.md).
    for (const auto& entry : fs::directory_iterator(source / "docs")) {
      if (entry.path().extension() != ".md") continue;
      EXPECT_TRUE(listed.contains(entry.path().filename().string()))
          << page << ": FILES does not list docs/" << entry.path().filename().string()
          << " (docgen/roff.cpp files_section)";
    }
  }
  const std::string search_page = [&] {
    std::ifstream in(k_generated / "man/man1/dateline-search.1", std::ios::binary);
    return std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }();
  EXPECT_NE(search_page.find("/docs/searcher.md"), std::string::npos) << "its own document";
}

// Outside trial: dateline(7)'s DESCRIPTION opened with notes on building from
// source (scripts/demo, build/demo-build.log): docgen takes README's
// paragraphs between the set-up commands and "## Use". Every page's
// DESCRIPTION speaks of the product, not of this checkout's build.
TEST(GeneratedManPages, DescriptionsDescribeTheProduct) {
  for (const char* page :
       {"man1/dateline-index.1", "man1/dateline-search.1", "man1/dateline-import-reuters.1", "man7/dateline.7"}) {
    std::ifstream in(k_generated / "man" / page, std::ios::binary);
    ASSERT_TRUE(in) << page;
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const std::size_t begin = text.find(".SH DESCRIPTION\n");
    ASSERT_NE(begin, std::string::npos) << page;
    const std::string description = text.substr(begin, text.find("\n.SH ", begin + 1) - begin);
    for (const char* build_word : {"scripts/", "cmake", "build/", "compiler", "session"}) {
      EXPECT_EQ(description.find(build_word), std::string::npos) << page << " names " << build_word << ":\n"
                                                                 << description;
    }
    EXPECT_GT(description.size(), 200U) << page << ": " << description;
  }
}

// trial: `cmake --install build --prefix P` (README: "--prefix DIR
// elsewhere") installed man pages whose FILES section named the configured
// prefix's documentation (/usr/local/share/doc/dateline/...), not P's. The
// pages are generated for P at install time (component "man").
TEST(GeneratedManPages, NameTheDocumentationWhereCmakeInstallPutIt) {
  TempDir prefix;
  const ProcessResult install = run_process({DATELINE_CMAKE_COMMAND, "--install", DATELINE_BINARY_DIR, "--prefix",
                                             prefix.path().string(), "--component", "man"});
  ASSERT_EQ(install.exit_code, 0) << install.out << install.err;
  const std::string gzip = find_tool("gzip");
  ASSERT_FALSE(gzip.empty());
  const std::string doc_dir = (prefix.path() / "share/doc/dateline").string();
  for (const char* page : {"man1/dateline-index.1.gz", "man1/dateline-search.1.gz", "man1/dateline-import-reuters.1.gz",
                           "man7/dateline.7.gz"}) {
    const fs::path path = prefix.path() / "share/man" / page;
    ASSERT_TRUE(fs::exists(path)) << path;
    const ProcessResult run = run_process({gzip, "-dc", path.string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const std::string text = std::regex_replace(run.out, std::regex(R"(\\-)"), "-");
    EXPECT_NE(text.find(".I " + doc_dir + "/README.md\n"), std::string::npos) << page;
    if (doc_dir != DATELINE_INSTALL_DOC_DIR) {
      EXPECT_EQ(text.find(std::string(DATELINE_INSTALL_DOC_DIR) + "/"), std::string::npos) << page;
    }
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

/// The words bash completes for @p words (the last one being completed) with
/// the generated script of @p program, one per line.
ProcessResult bash_completes(const std::string& words, const std::string& program = "dateline-search") {
  const fs::path script = k_generated / "completions/bash" / program;
  std::string fn = "_" + program;
  std::replace(fn.begin(), fn.end(), '-', '_');
  return run_shell("bash", "source '" + script.string() + "' && COMP_WORDS=(" + words +
                               ") && COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && " + fn + " && "
                               "printf '%s\\n' \"${COMPREPLY[@]}\"");
}

// Enumerated options completed no values: `--format <TAB>` offered nothing.
// Their values come from the option table (common/choice_value.hpp). bash
// splits --timeline=mo into --timeline, = and mo (COMP_WORDBREAKS); a bare
// --timeline takes no value (the next word is the query), so it offers none.
TEST(GeneratedCompletions, EnumeratedOptionsOfferTheirValues) {
  const ProcessResult format = bash_completes("dateline-search --format ''");
  if (format.exit_code == -2) GTEST_SKIP() << "bash is not installed";
  ASSERT_EQ(format.exit_code, 0) << format.err;
  EXPECT_EQ(format.out, "text\njson\n");
  EXPECT_EQ(bash_completes("dateline-search --format j").out, "json\n");
  EXPECT_EQ(bash_completes("dateline-search --sort = n").out, "newest\n");
  EXPECT_EQ(bash_completes("dateline-search --timeline = mo").out, "month\n");
  EXPECT_EQ(bash_completes("dateline-search --timeline =").out, "auto\nyear\nmonth\nweek\nday\n");
  EXPECT_EQ(bash_completes("dateline-search --timeline mo").out, "\n") << "none: printf prints one empty line";
  EXPECT_EQ(bash_completes("dateline-index --shard-by ''", "dateline-index").out, "none\nyear\nmonth\n");
  EXPECT_EQ(bash_completes("dateline-index --if-locked w", "dateline-index").out, "wait:\n");
  EXPECT_NE(bash_completes("dateline-index --language eng", "dateline-index").out.find("english\n"), std::string::npos);
  std::ifstream zsh(k_generated / "completions/zsh/_dateline-search");
  const std::string zsh_text((std::istreambuf_iterator<char>(zsh)), std::istreambuf_iterator<char>());
  EXPECT_NE(zsh_text.find(":FORMAT:(text json)'"), std::string::npos) << "zsh offers the values";
  EXPECT_NE(zsh_text.find("::UNIT:(auto year month week day)'"), std::string::npos) << "--timeline=UNIT";

  const fs::path fish_script = k_generated / "completions/fish/dateline-search.fish";
  const ProcessResult fish =
      run_shell("fish", "source '" + fish_script.string() + "'; and complete -C'dateline-search --format '");
  if (fish.exit_code == -2) GTEST_SKIP() << "fish is not installed (apt-get install fish)";
  ASSERT_EQ(fish.exit_code, 0) << fish.err;
  EXPECT_EQ(fish.out, "json\ttext or json\ntext\ttext or json\n");
}

// --like and --similar-to take an article file: they completed directories
// only (their value is named PATH, like --db's), so an article's name never
// appeared. --db still completes directories.
TEST(GeneratedCompletions, ArticleFileOptionsCompleteFiles) {
  for (const auto& program : docgen::documented_programs()) {
    for (const std::string& name : program.file_path_options) {
      bool declared = false;
      for (const auto& option : program.options) declared = declared || option.long_name == name;
      EXPECT_TRUE(declared) << program.name << ": file_path_options names --" << name << ", which is not declared";
    }
  }
  TempDir dir;
  write_file(dir / "story.txt", "date 2024-01-01\nA story\n");
  fs::create_directories(dir / "sub");
  const std::string prefix = (dir / "s").string();
  for (const char* option : {"--like", "--similar-to"}) {
    const ProcessResult result = bash_completes(std::string("dateline-search ") + option + " '" + prefix + "'");
    if (result.exit_code == -2) GTEST_SKIP() << "bash is not installed";
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find((dir / "story.txt").string() + "\n"), std::string::npos) << option << ": " << result.out;
  }
  const ProcessResult db = bash_completes("dateline-search --db '" + prefix + "'");
  EXPECT_EQ(db.out, (dir / "sub").string() + "\n");

  const fs::path fish_script = k_generated / "completions/fish/dateline-search.fish";
  const ProcessResult fish =
      run_shell("fish", "source '" + fish_script.string() + "'; and complete -C'dateline-search --like " + prefix + "'");
  if (fish.exit_code == -2) GTEST_SKIP() << "fish is not installed (apt-get install fish)";
  ASSERT_EQ(fish.exit_code, 0) << fish.err;
  EXPECT_NE(fish.out.find((dir / "story.txt").string()), std::string::npos) << fish.out;
}

// The description fish shows beside --format read "text" and beside --sort
// "relevance": the help was cut at its first '(' ("text (default) or json").
TEST(GeneratedCompletions, FishDescriptionsNameTheChoices) {
  const fs::path script = k_generated / "completions/fish/dateline-search.fish";
  const ProcessResult result = run_shell("fish", "source '" + script.string() + "'; and complete -C'dateline-search --'");
  if (result.exit_code == -2) GTEST_SKIP() << "fish is not installed (apt-get install fish)";
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("--format\ttext or json\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("--sort\trelevance, newest or oldest\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("--color\tbold highlights: auto, always or never\n"), std::string::npos) << result.out;
}

} // namespace
} // namespace dateline::test
