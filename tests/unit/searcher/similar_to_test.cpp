/** @file similar_to_test.cpp
 *  @brief --similar-to's reading of an article file (#11.1): the signature
 *  is the indexer's (near_dup::text_signature of the parsed article) whatever
 *  the file's encoding and line ends, the date counts, binary files are refused.
 */
#include "searcher/similar_to.hpp"

#include "common/date.hpp"
#include "common/error.hpp"
#include "common/text_analyzer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dateline::searcher {
namespace {

const std::string k_body =
    "The harbour authority closed the northern shipping channel on Tuesday after a grain freighter lost power "
    "and drifted onto a sandbank near the river mouth, stranding a dozen vessels waiting to leave port.\n";

std::string utf16le(const std::string& ascii) {
  std::string out = "\xFF\xFE";
  for (const char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

TEST(SimilarTo, SignatureIsTheIndexersForEveryEncoding) {
  const TextAnalyzer analyzer("english");
  const std::string file = "Date: 1987-03-10\nTitle: Freighter runs aground\n\n" + k_body;
  const ArticleSignature plain = article_signature(analyzer, file, "a.txt");
  EXPECT_EQ(plain.signature, near_dup::text_signature(analyzer, "Freighter runs aground", k_body));
  EXPECT_FALSE(plain.signature.empty);
  ASSERT_TRUE(plain.day.has_value());
  EXPECT_EQ(*plain.day, day_number(Date{1987, 3, 10}));

  std::string crlf;
  for (const char c : file) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_EQ(article_signature(analyzer, crlf, "a.txt").signature, plain.signature);
  EXPECT_EQ(article_signature(analyzer, utf16le(file), "a.txt").signature, plain.signature);
  EXPECT_EQ(article_signature(analyzer, "\xEF\xBB\xBF" + file, "a.txt").signature, plain.signature);
  // Terminal escapes are not words, as in the index.
  EXPECT_EQ(article_signature(analyzer, "Date: 1987-03-10\nTitle: Freighter runs aground\n\n\x1b[1m" + k_body, "a.txt")
                .signature,
            plain.signature);
}

TEST(SimilarTo, UndatedIsJudgedOnItsTextAndBinaryIsRefused) {
  const TextAnalyzer analyzer("english");
  const ArticleSignature undated = article_signature(analyzer, "Freighter runs aground\n\n" + k_body, "x.txt");
  EXPECT_FALSE(undated.day.has_value());
  EXPECT_FALSE(undated.signature.empty);
  EXPECT_THROW((void)article_signature(analyzer, std::string("Date: 1987-03-10\n\nab\0cd", 22), "b.bin"), UsageError);
}

} // namespace
} // namespace dateline::searcher
