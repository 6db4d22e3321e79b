#include "common/article.hpp"

#include "common/charset.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "tests/support/temp_dir.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace dateline {
namespace {

struct ArticleCase {
  const char* name;
  std::string text;
  std::string path;
  std::string date;   // "" = undated
  std::string title;
  std::string body_starts;
};

class ArticleParseTest : public ::testing::TestWithParam<ArticleCase> {};

TEST_P(ArticleParseTest, Parses) {
  const auto& c = GetParam();
  const Article a = parse_article(c.text, c.path, {UndatedPolicy::index, std::nullopt});
  EXPECT_EQ(a.date ? a.date->iso() : "", c.date);
  EXPECT_EQ(a.title, c.title);
  EXPECT_EQ(a.body.substr(0, c.body_starts.size()), c.body_starts);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ArticleParseTest,
    ::testing::Values(
        ArticleCase{"date line with headline", "date 2024-07-26\nChips curbs\n\nBody text here.", "a.txt",
                    "2024-07-26", "Chips curbs", "Body text here."},
        ArticleCase{"leading blanks and text on the date line", "   date 2023-01-02 Markets rose. Then fell.",
                    "a.txt", "2023-01-02", "Markets rose", "Markets rose. Then fell."},
        ArticleCase{"long first line is not a headline",
                    "date 2023-01-02\nThe U.S. central bank raised rates on Wednesday. More later.\nSecond line\n",
                    "a.txt", "2023-01-02", "The U.S. central bank raised rates on Wednesday",
                    "The U.S. central bank"},
        ArticleCase{"header block", "Date: Fri, 26 Jul 2024 10:00:00 +0000\nTitle: OPEC meets\nSource: Wire\n"
                                    "Author: Jane Doe\nTopics: crude; ship\n\nText.",
                    "a.txt", "2024-07-26", "OPEC meets", "Text."},
        ArticleCase{"subject header and unknown header", "Subject: Hello\nPlaces: usa\nDate: 2020-05-05\n\nBody.",
                    "a.txt", "2020-05-05", "Hello", "Body."},
        ArticleCase{"date from path", "Floods hit the coast\n\nRain fell.", "2021/03/15/a.txt", "2021-03-15",
                    "Floods hit the coast", "Rain fell."},
        ArticleCase{"undated kept with policy index", "Just text", "a.txt", "", "Just text", "Just text"},
        ArticleCase{"text starting with the word date", "Date of the vote was set.\n\nMore.", "2020-01-01-a.txt",
                    "2020-01-01", "Date of the vote was set.", "More."},
        ArticleCase{"date line with an rfc 3339 timestamp", "date 2024-01-05T10:00:00Z\nHeadline\n\nBody.", "a.txt",
                    "2024-01-05", "Headline", "Body."},
        ArticleCase{"timestamp with an offset keeps the written date",
                    "date 2024-01-05T23:30:00+09:00 Text on the date line. More.", "a.txt", "2024-01-05",
                    "Text on the date line", "Text on the date line."},
        ArticleCase{"upper-case date line, tab and blanks", "DATE\t  2024-01-05t10:00z\nHeadline\n\nBody.", "a.txt",
                    "2024-01-05", "Headline", "Body."},
        ArticleCase{"lower-case date header with a timestamp", "date: 2024-01-05T23:30:00+09:00\n\nBody.", "a.txt",
                    "2024-01-05", "Body", "Body."},
        ArticleCase{"blanks before the header colon", "Date : 2024-01-05\nTitle : Hi\n\nBody.", "a.txt",
                    "2024-01-05", "Hi", "Body."},
        ArticleCase{"text starting with the word date is undated", "Date of the vote is set.\n\nMore.", "a.txt", "",
                    "Date of the vote is set.", "More."},
        ArticleCase{"chinese sentence title", "date 2024-01-01\n中日关系正处在关键阶段。双方同意继续对话。", "a.txt",
                    "2024-01-01", "中日关系正处在关键阶段", "中日关系"},
        // A saved mail or news post: its header block starts with From: (or
        // To:, Message-ID: ...), not with one of the keys Dateline reads.
        ArticleCase{"mail header block starting with from",
                    "From: Desk <desk@example.org>\nTo: archive@example.org\nDate: Fri, 26 Jul 2024 10:00:00 +0000\n"
                    "Subject: Port closed\nMessage-ID: <1@example.org>\n\nThe port closed.",
                    "a.txt", "2024-07-26", "Port closed", "The port closed."},
        ArticleCase{"folded unknown first header", "X-Feed: wire\n  second part\nDate: 2024-01-05\n\nBody.", "a.txt",
                    "2024-01-05", "Body", "Body."},
        // Text whose first line merely has a colon stays text: without a
        // header Dateline reads before the first blank line, or with a line
        // that is not a header, it is no header block.
        ArticleCase{"colon in a first line without a known header stays text",
                    "Update: the minister resigned\n\nMore.", "2020-01-01-a.txt", "2020-01-01",
                    "Update: the minister resigned", "More."},
        ArticleCase{"colon line then prose then a date header stays text",
                    "Note: the vote\nwas held today\nDate: 2024-01-05\n\nMore.", "2020-01-01-a.txt", "2020-01-01",
                    "Note: the vote was held today Date: 2024-01-05", "Note: the vote"}),
    test::RowName{});

struct FailureCase {
  const char* name;
  std::string text;
  ArticleFailure reason;
};

class ArticleFailureTest : public ::testing::TestWithParam<FailureCase> {};

TEST_P(ArticleFailureTest, FailsWithReasonAndPath) {
  const auto& c = GetParam();
  try {
    (void)parse_article(c.text, "dir/file.txt");
    FAIL() << "expected ArticleError for " << c.name;
  } catch (const ArticleError& e) {
    EXPECT_EQ(e.reason(), c.reason) << c.name;
    EXPECT_NE(std::string(e.what()).find("dir/file.txt"), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, ArticleFailureTest,
                         ::testing::Values(FailureCase{"impossible", "date 2024-02-30\nx", ArticleFailure::bad_date},
                                           FailureCase{"malformed", "date 2024-7-4\nx", ArticleFailure::bad_date},
                                           FailureCase{"bad header", "Date: 31 Apr 2024\n\nx", ArticleFailure::bad_date},
                                           FailureCase{"undated", "no date here", ArticleFailure::no_date},
                                           FailureCase{"text starting with date is undated",
                                                       "Date of the vote is set.\n\nMore.", ArticleFailure::no_date},
                                           FailureCase{"impossible time", "date 2024-01-05T25:00:00Z\nx",
                                                       ArticleFailure::bad_date},
                                           FailureCase{"timestamp with junk", "date 2024-01-05T10:00:00Zjunk\nx",
                                                       ArticleFailure::bad_date},
                                           FailureCase{"month name", "date July 26\nx", ArticleFailure::bad_date},
                                           FailureCase{"day first", "date 26/07/2024\nx", ArticleFailure::bad_date},
                                           FailureCase{"empty", "", ArticleFailure::empty},
                                           FailureCase{"whitespace", " \n\t\n", ArticleFailure::empty},
                                           FailureCase{"date only", "date 2024-01-01\n\n", ArticleFailure::empty}), test::RowName{});

TEST(ArticleTest, UndatedMtimePolicy) {
  const Article a = parse_article("text", "a.txt", {UndatedPolicy::mtime, Date{2020, 1, 2}});
  EXPECT_EQ(a.date->iso(), "2020-01-02");
  EXPECT_EQ(a.date_source, DateSource::mtime);
}

TEST(ArticleTest, HeaderFields) {
  const Article a = parse_article("Date: 2024-07-26\nAuthor: Jane  Doe\nTopics: crude, ship ,\n\nText", "a.txt");
  EXPECT_EQ(a.author, "Jane Doe");
  EXPECT_EQ(a.topics, (std::vector<std::string>{"crude", "ship"}));
}

// #13.1 (session 12): only rule 3 of corpus/README.md §1.3 derives the
// title from the text; the document builder indexes such a title as body
// text only, so the parser says which rule gave the title.
TEST(ArticleTest, SaysWhetherTheTitleIsDerived) {
  struct Row {
    const char* name;
    std::string text;
    std::string title;  // "" = not checked
    bool derived;
  };
  for (const Row& row : {
           Row{"Title: header", "Date: 2024-07-26\nTitle: Chips curbs\n\nFirst sentence. More.", "Chips curbs", false},
           Row{"Subject: header", "Date: 2024-07-26\nSubject: Chips curbs\n\nFirst sentence.", "Chips curbs", false},
           Row{"headline line", "date 2024-07-26\nChips curbs\n\nFirst sentence. More.", "Chips curbs", false},
           Row{"headline after headers", "Date: 2024-07-26\nSource: Wire\n\nChips curbs\n\nFirst sentence.",
               "Chips curbs", false},
           Row{"first sentence", "date 2024-07-26\nFirst sentence here. More text.", "First sentence here", true},
           Row{"long first line", "date 2024-07-26\n" + std::string(201, 'x') + "\n\nMore.", "", true},
           Row{"empty Title: header", "Date: 2024-07-26\nTitle:\n\nFirst sentence. More.", "First sentence", true},
           Row{"title header, no text", "Date: 2024-07-26\nTitle: Only a title\n\n", "Only a title", false},
       }) {
    const Article a = parse_article(row.text, "a.txt");
    if (!row.title.empty()) {
      EXPECT_EQ(a.title, row.title) << row.name;
    }
    EXPECT_EQ(a.title_derived, row.derived) << row.name;
  }
}

TEST(ArticleTest, DerivedTitleCutsAtAWordBoundary) {
  const std::string sentence(30, 'w');
  std::string text;
  for (int i = 0; i < 10; ++i) text += sentence + " ";
  const std::string title = derive_title(text);
  EXPECT_LE(title.size(), k_max_title_chars);
  EXPECT_EQ(title.back(), 'w');
  EXPECT_EQ(title.size() % 31, 30U);
}

TEST(ArticleTest, SeedArticleFromShared) {
  const auto seed = test::shared_corpus("seed");
  if (seed.empty()) GTEST_SKIP() << "../shared/corpora/seed not present; skipping the seed-article check";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(seed)) {
    if (entry.path().extension() != ".txt") continue;
    ++files;
    const DecodedText text = decode_to_utf8(test::read_file(entry.path()));
    const Article a = parse_article(text.utf8, entry.path().filename().string());
    EXPECT_EQ(a.date->iso(), "2024-07-26");
    EXPECT_EQ(a.title.rfind("Relations between China and Japan are at a critical stage", 0), 0U) << a.title;
    EXPECT_LE(a.title.size(), k_max_title_chars);
    EXPECT_NE(a.body.find("semiconductor"), std::string::npos);
  }
  EXPECT_GT(files, 0) << "no .txt file in " << seed;
}

} // namespace
} // namespace dateline
