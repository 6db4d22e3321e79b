/** @file import_reuters_test.cpp
 *  @brief Runs the real dateline-import-reuters on hand-written SGML and, when
 *  ../shared is present, on all of Reuters-21578.
 */
#include "common/article.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

std::string import_binary() {
  std::string path = env_or_empty("DATELINE_IMPORT_REUTERS");
  if (path.empty()) {
    throw std::runtime_error("DATELINE_IMPORT_REUTERS is not set (run through ctest)");
  }
  return path;
}

ProcessResult run_import(const std::vector<std::string>& args) {
  std::vector<std::string> argv{import_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

// Invented stories in the collection's layout (not text from Reuters-21578).
const std::string k_fake_sgml =
    "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
    "<REUTERS TOPICS=\"YES\" LEWISSPLIT=\"TRAIN\" CGISPLIT=\"TRAINING-SET\" OLDID=\"100\" NEWID=\"501\">\n"
    "<DATE> 2-MAR-1987 09:15:00.10</DATE>\n"
    "<TOPICS><D>sugar</D><D>trade</D></TOPICS>\n<PLACES><D>fiji</D></PLACES>\n<PEOPLE></PEOPLE>\n"
    "<UNKNOWN> \n&#5;&#5;&#5;C T\n&#22;&#22;&#1;f0100&#31;reute\nu f BC-ISLAND-SUGAR   03-02 0050</UNKNOWN>\n"
    "<TEXT>&#2;\n<TITLE>ISLAND SUGAR OUTPUT &lt;ISL&gt; SEEN\nHIGHER</TITLE>\n"
    "<AUTHOR>    by Pat Invented, Reuters</AUTHOR>\n"
    "<DATELINE>    SUVA, March 2 - </DATELINE><BODY>Sugar output on the island is expected to\n"
    "rise this season after good rains, the mill operators &amp; growers said.\n"
    "    Exports to Caf\xE9 Co will resume in April.\n"
    " Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n"
    "<REUTERS TOPICS=\"NO\" OLDID=\"101\" NEWID=\"502\">\n"
    "<DATE>14-APR-1987 11:00:00.00</DATE>\n<TOPICS></TOPICS>\n"
    "<TEXT TYPE=\"BRIEF\">&#2;\n******<TITLE>TIN PRICE FIXED AT RECORD LOW\n</TITLE>Blah blah blah.\n&#3;\n\n</TEXT>\n"
    "</REUTERS>\n"
    "<REUTERS TOPICS=\"NO\" OLDID=\"102\" NEWID=\"503\">\n"
    "<DATE>14-APR-1987 11:05:00.00</DATE>\n<TOPICS></TOPICS>\n"
    "<TEXT TYPE=\"UNPROC\">&#2;\nPORT VOLUMES - APR 14\n    Cargo       Tonnes\n Rice.........1,200\n Reuter\n&#3;\n</TEXT>\n"
    "</REUTERS>\n"
    "<REUTERS TOPICS=\"NO\" OLDID=\"103\" NEWID=\"504\">\n"
    "<DATE>31-APR-1987 11:05:00.00</DATE>\n<TOPICS><D>ship</D></TOPICS>\n"
    "<TEXT>&#2;\n<TITLE>FERRY LINE ADDS ROUTE</TITLE>\n<BODY>A ferry line added a route.\n Reuter\n&#3;</BODY></TEXT>\n"
    "</REUTERS>\n";

class ImportReuters : public ::testing::Test {
protected:
  TempDir m_dir;
  fs::path m_src = m_dir / "src";
  fs::path m_out = m_dir / "out";
};

TEST_F(ImportReuters, WritesOneHeaderBlockArticlePerStory) {
  write_file(m_src / "reut2-000.sgm", k_fake_sgml);
  write_file(m_src / "README.txt", "not an sgm file");
  const auto result = run_import({m_src.string(), m_out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("1 files, 4 stories: 4 written, 0 unchanged; 1 untitled, 1 undated, "
                            "2 without body (1 title as text, 0 empty)"),
            std::string::npos)
      << result.err;

  EXPECT_EQ(read_file(m_out / "1987/03/reuters-501.txt"),
            "Date: 1987-03-02\n"
            "Title: ISLAND SUGAR OUTPUT <ISL> SEEN HIGHER\n"
            "Source: Reuters\n"
            "Author: Pat Invented\n"
            "Topics: sugar, trade\n"
            "\n"
            "SUVA, March 2 - Sugar output on the island is expected to rise this season after good "
            "rains, the mill operators & growers said.\n"
            "\n"
            "Exports to Caf\xC3\xA9 Co will resume in April.\n");
  EXPECT_EQ(read_file(m_out / "1987/04/reuters-502.txt"),
            "Date: 1987-04-14\nTitle: TIN PRICE FIXED AT RECORD LOW\nSource: Reuters\n\n"
            "TIN PRICE FIXED AT RECORD LOW\n");
  EXPECT_EQ(read_file(m_out / "1987/04/reuters-503.txt"),
            "Date: 1987-04-14\nSource: Reuters\n\nPORT VOLUMES - APR 14\n\n    Cargo       Tonnes\n"
            " Rice.........1,200\n");
  EXPECT_EQ(read_file(m_out / "undated/reuters-504.txt"),
            "Title: FERRY LINE ADDS ROUTE\nSource: Reuters\nTopics: ship\n\nA ferry line added a route.\n");

  // Exactly four files, no temporaries left behind.
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(m_out)) {
    if (entry.is_regular_file()) {
      ++files;
      EXPECT_NE(entry.path().filename().string().front(), '.') << entry.path();
    }
  }
  EXPECT_EQ(files, 4U);

  // The indexer's parser reads them as intended.
  const Article sugar = parse_article(read_file(m_out / "1987/03/reuters-501.txt"), "1987/03/reuters-501.txt");
  EXPECT_EQ(sugar.title, "ISLAND SUGAR OUTPUT <ISL> SEEN HIGHER");
  EXPECT_EQ(sugar.source, "Reuters");
  EXPECT_EQ(sugar.author, "Pat Invented");
  EXPECT_EQ(sugar.topics, (std::vector<std::string>{"sugar", "trade"}));
  const Article volumes = parse_article(read_file(m_out / "1987/04/reuters-503.txt"), "1987/04/reuters-503.txt");
  EXPECT_EQ(volumes.title, "PORT VOLUMES - APR 14");
  EXPECT_THROW((void)parse_article(read_file(m_out / "undated/reuters-504.txt"), "undated/reuters-504.txt"),
               ArticleError);
}

TEST_F(ImportReuters, RerunLeavesIdenticalFilesUntouched) {
  write_file(m_src / "reut2-000.sgm", k_fake_sgml);
  ASSERT_EQ(run_import({m_src.string(), m_out.string()}).exit_code, 0);
  const fs::path article = m_out / "1987/03/reuters-501.txt";
  const auto old_time = fs::last_write_time(article);
  write_file(m_out / "1987/04/reuters-502.txt", "edited by hand\n");

  const auto result = run_import({"--quiet", m_src.string(), m_out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_EQ(fs::last_write_time(article), old_time);
  EXPECT_EQ(read_file(m_out / "1987/04/reuters-502.txt").substr(0, 16), "Date: 1987-04-14");

  const auto again = run_import({m_src.string(), m_out.string()});
  EXPECT_NE(again.err.find("0 written, 4 unchanged"), std::string::npos) << again.err;
}

TEST_F(ImportReuters, UsageErrorsExitTwo) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {}, {m_src.string()}, {"a", "b", "c"}, {"--bogus", "a", "b"}}) {
    const auto result = run_import(args);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find("--help"), std::string::npos) << result.err;
  }
  // Worded as dateline-index and dateline-search word it (trial pass: it said "unknown option").
  const auto bogus = run_import({"--bogus", "a", "b"});
  EXPECT_NE(bogus.err.find("unrecognised option '--bogus'"), std::string::npos) << bogus.err;
  const auto typo = run_import({"--quite", "a", "b"});
  EXPECT_NE(typo.err.find("unrecognised option '--quite': did you mean --quiet?"), std::string::npos) << typo.err;
  const auto help = run_import({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Usage: dateline-import-reuters"), std::string::npos);
  EXPECT_NE(help.out.find("Exit status"), std::string::npos);
}

TEST_F(ImportReuters, BadInputExitsOneNamingTheProblem) {
  const auto missing = run_import({(m_dir / "nope").string(), m_out.string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("nope"), std::string::npos) << missing.err;

  fs::create_directories(m_src);
  const auto no_files = run_import({m_src.string(), m_out.string()});
  EXPECT_EQ(no_files.exit_code, 1);
  EXPECT_NE(no_files.err.find("no reut2-*.sgm files"), std::string::npos) << no_files.err;

  write_file(m_src / "reut2-000.sgm", k_fake_sgml.substr(0, k_fake_sgml.size() / 2));
  const auto truncated = run_import({m_src.string(), m_out.string()});
  EXPECT_EQ(truncated.exit_code, 1);
  EXPECT_NE(truncated.err.find("reut2-000.sgm: unterminated <REUTERS>"), std::string::npos) << truncated.err;

  write_file(m_src / "reut2-000.sgm", "<REUTERS NEWID=\"../../x\">\n<TEXT><BODY>x</BODY></TEXT></REUTERS>\n");
  const auto bad_id = run_import({m_src.string(), m_out.string()});
  EXPECT_EQ(bad_id.exit_code, 1);
  EXPECT_NE(bad_id.err.find("NEWID"), std::string::npos) << bad_id.err;
  EXPECT_FALSE(fs::exists(m_dir / "x.txt"));

  write_file(m_src / "reut2-000.sgm", k_fake_sgml);
  write_file(m_src / "reut2-001.sgm", k_fake_sgml);
  const auto duplicate = run_import({m_src.string(), m_out.string()});
  EXPECT_EQ(duplicate.exit_code, 1);
  EXPECT_NE(duplicate.err.find("NEWID 501 appears twice"), std::string::npos) << duplicate.err;
}

// #14.4 class (trial): a directory planted as a symbolic link inside OUT_DIR
// (OUT_DIR/1987 -> elsewhere) must not redirect the articles written beneath
// it; the import stops naming the link and writes nothing through it.
TEST_F(ImportReuters, PlantedDirectoryLinkIsNeverWrittenThrough) {
  write_file(m_src / "reut2-000.sgm", k_fake_sgml);
  const fs::path victim = m_dir / "victim";
  fs::create_directories(victim);
  fs::create_directories(m_out);
  fs::create_directory_symlink(victim, m_out / "1987");
  const auto result = run_import({m_src.string(), m_out.string()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("symbolic link"), std::string::npos) << result.err;
  EXPECT_TRUE(fs::is_empty(victim)) << "an article was written through the planted link";

  // One level deeper too (OUT_DIR/1987/03 -> elsewhere).
  fs::remove(m_out / "1987");
  fs::create_directories(m_out / "1987");
  fs::create_directory_symlink(victim, m_out / "1987" / "03");
  const auto deeper = run_import({m_src.string(), m_out.string()});
  EXPECT_EQ(deeper.exit_code, 1) << deeper.err;
  EXPECT_TRUE(fs::is_empty(victim)) << "an article was written through the planted link";
}

TEST_F(ImportReuters, WholeReutersCollection) {
  const fs::path corpus = shared_corpus("reuters21578");
  if (corpus.empty()) {
    GTEST_SKIP() << "../shared/corpora/reuters21578 is not present (or DATELINE_SKIP_LARGE is set)";
  }
  const auto result = run_import({corpus.string(), m_out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("22 files, 21578 stories: 21578 written"), std::string::npos) << result.err;

  std::size_t files = 0;
  std::size_t parsed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(m_out)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    ++files;
    const std::string bytes = read_file(entry.path());
    ASSERT_TRUE(is_valid_utf8(bytes)) << entry.path();
    ASSERT_EQ(strip_control_chars(bytes), bytes) << entry.path();
    try {
      (void)parse_article(bytes, fs::relative(entry.path(), m_out).string());
      ++parsed;
    } catch (const ArticleError&) {
      // Only story 12793 has neither title nor text; checked below.
    }
  }
  EXPECT_EQ(files, 21578U);
  EXPECT_EQ(parsed, 21577U);
  EXPECT_THROW((void)parse_article(read_file(m_out / "1987/04/reuters-12793.txt"), "x.txt"), ArticleError);

  const Article first = parse_article(read_file(m_out / "1987/02/reuters-1.txt"), "1987/02/reuters-1.txt");
  ASSERT_TRUE(first.date.has_value());
  EXPECT_EQ(first.date->iso(), "1987-02-26");
  EXPECT_EQ(first.title, "BAHIA COCOA REVIEW");
  EXPECT_EQ(first.topics, (std::vector<std::string>{"cocoa"}));
  EXPECT_EQ(first.body.substr(0, 18), "SALVADOR, Feb 26 -");
  EXPECT_EQ(first.body.find("Reuter\n"), std::string::npos);
}

} // namespace
} // namespace dateline::test
