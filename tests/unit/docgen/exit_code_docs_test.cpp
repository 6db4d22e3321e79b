/** @file exit_code_docs_test.cpp
 *  @brief #10 exit codes written once: --help, README.md and docs/ show the
 *  exit codes rendered from the programs' exit_codes.hpp tables
 *  (common/exit_code_table.hpp, docgen/exit_code_docs.hpp), so no copy can
 *  drift from the code.
 */
#include "common/exit_code_table.hpp"
#include "corpus/import/exit_codes.hpp"
#include "corpus/import/reuters_import.hpp"
#include "docgen/exit_code_docs.hpp"
#include "docgen/roff.hpp"
#include "indexer/exit_codes.hpp"
#include "indexer/options.hpp"
#include "searcher/exit_codes.hpp"
#include "searcher/options.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>

namespace dateline::docgen {
namespace {

namespace fs = std::filesystem;

std::string source_file(const std::string& relative) {
  return test::read_file(fs::path(test::env_or_empty("DATELINE_SOURCE_DIR")) / relative);
}

TEST(ExitCodesDoc, CheckedInTablesAreGenerated) {
  const struct {
    const char* file;
    const char* programs;
  } places[] = {
      {"README.md", "dateline-index dateline-search dateline-import-reuters"},
      {"docs/indexer.md", "dateline-index"},
      {"docs/searcher.md", "dateline-search"},
      {"corpus/README.md", "dateline-import-reuters"},
  };
  for (const auto& place : places) {
    SCOPED_TRACE(place.file);
    const std::string text = source_file(place.file);
    const std::string begin = exit_codes_begin_marker(place.programs) + "\n";
    const auto at = text.find(begin);
    ASSERT_NE(at, std::string::npos) << place.file << " has no " << begin;
    const auto end = text.find(k_exit_codes_end_marker, at);
    ASSERT_NE(end, std::string::npos) << place.file << ": no " << k_exit_codes_end_marker;
    EXPECT_EQ(text.substr(at + begin.size(), end - at - begin.size()), exit_code_table(place.programs))
        << place.file << ": its exit-code table is not the one the code declares; run\n"
        << "  build/bin/dateline-docgen --exit-codes README.md docs/indexer.md docs/searcher.md corpus/README.md";
    EXPECT_TRUE(render_exit_code_blocks(text) == text) << place.file << ": another exit-code block is stale";
  }
}

TEST(ExitCodesDoc, ManPageShowsTheTableNotItsMarkers) {
  const std::string page = overview_man_page(source_file("README.md"), "0");
  EXPECT_EQ(page.find("exit-codes:"), std::string::npos) << "a marker leaked into dateline(7)";
  EXPECT_EQ(page.find("<!--"), std::string::npos);
  EXPECT_NE(page.find(".SH \"EXIT CODES\"\n.TP\n0\n"), std::string::npos) << page;
}

TEST(ExitCodesDoc, HelpListsEveryCodeFromTheTable) {
  const std::string index_help = indexer::index_help_text();
  const std::string search_help = searcher::search_help_text();
  const std::string import_help = reuters::import_help_text();
  EXPECT_NE(index_help.find(exit_codes_help("Exit codes", indexer::k_index_exit_codes)), std::string::npos);
  EXPECT_NE(search_help.find(exit_codes_help("Exit status", searcher::k_search_exit_codes)), std::string::npos);
  EXPECT_NE(import_help.find(exit_codes_help("Exit status", reuters::k_import_exit_codes)), std::string::npos)
      << import_help;
  for (const auto& row : indexer::k_index_exit_codes) {
    EXPECT_NE(index_help.find("\n  " + std::to_string(row.code) + " "), std::string::npos) << row.code;
  }
  for (const auto& row : searcher::k_search_exit_codes) {
    EXPECT_NE(search_help.find("\n  " + std::to_string(row.code) + " "), std::string::npos) << row.code;
  }
  for (const auto& row : reuters::k_import_exit_codes) {
    EXPECT_NE(import_help.find("\n  " + std::to_string(row.code) + " "), std::string::npos) << row.code;
  }
}

TEST(ExitCodesDoc, TablesCoverEachConstantOnce) {
  const std::set<int> index_codes{indexer::k_exit_ok,       indexer::k_exit_new_failures, indexer::k_exit_usage,
                                  indexer::k_exit_database, indexer::k_exit_summary,      indexer::k_exit_locked,
                                  indexer::k_exit_sigint,   indexer::k_exit_sigterm};
  std::set<int> listed;
  for (const auto& row : indexer::k_index_exit_codes) {
    EXPECT_TRUE(listed.insert(row.code).second) << "listed twice: " << row.code;
    EXPECT_FALSE(row.summary.empty());
    EXPECT_FALSE(row.meaning.empty());
  }
  EXPECT_EQ(listed, index_codes);
  const std::set<int> search_codes{searcher::k_exit_hits, searcher::k_exit_no_hits, searcher::k_exit_usage,
                                   searcher::k_exit_database};
  listed.clear();
  for (const auto& row : searcher::k_search_exit_codes) {
    EXPECT_TRUE(listed.insert(row.code).second) << "listed twice: " << row.code;
  }
  EXPECT_EQ(listed, search_codes);
  const std::set<int> import_codes{reuters::k_exit_ok, reuters::k_exit_failed, reuters::k_exit_usage};
  listed.clear();
  for (const auto& row : reuters::k_import_exit_codes) {
    EXPECT_TRUE(listed.insert(row.code).second) << "listed twice: " << row.code;
    EXPECT_FALSE(row.summary.empty());
    EXPECT_FALSE(row.meaning.empty());
  }
  EXPECT_EQ(listed, import_codes);
}

TEST(ExitCodesDoc, RendersHelpMarkdownAndBlocks) {
  static constexpr ExitCodeDoc a[] = {{0, "fine `--x`", "all fine"}, {130, "stopped", "stopped by SIGINT"}};
  static constexpr ExitCodeDoc b[] = {{0, "hits", "hits found"}, {1, "none", "no hits"}};
  EXPECT_EQ(exit_codes_help("Exit codes", a), "Exit codes:\n  0    fine --x\n  130  stopped\n");
  EXPECT_EQ(exit_codes_help("X", b, 14), "X:\n  0    hits\n  1    none\n");
  static constexpr ExitCodeDoc long_row[] = {{2, "one two three four", ""}};
  EXPECT_EQ(exit_codes_help("X", long_row, 17), "X:\n  2    one two\n       three four\n");
  EXPECT_EQ(exit_codes_markdown(a), "| Code | Meaning |\n|---|---|\n| 0 | all fine |\n| 130 | stopped by SIGINT |\n");
  const ProgramExitCodes both[] = {{"p", a}, {"q", b}};
  EXPECT_EQ(exit_codes_markdown(both), "| code | `p` | `q` |\n|---|---|---|\n| 0 | fine `--x` | hits |\n"
                                       "| 1 | | none |\n| 130 | stopped | |\n");
  const std::string stale = "# T\n<!-- exit-codes:begin dateline-search -->\n| old |\n<!-- exit-codes:end -->\nafter\n";
  const std::string fresh = render_exit_code_blocks(stale);
  EXPECT_EQ(fresh, "# T\n<!-- exit-codes:begin dateline-search -->\n" + exit_code_table("dateline-search") +
                       "<!-- exit-codes:end -->\nafter\n");
  EXPECT_EQ(render_exit_code_blocks(fresh), fresh);
  EXPECT_THROW((void)render_exit_code_blocks("<!-- exit-codes:begin dateline-search -->\n| x |\n"),
               std::invalid_argument);
  EXPECT_THROW((void)exit_code_table("dateline-nothing"), std::invalid_argument);
}

} // namespace
} // namespace dateline::docgen
