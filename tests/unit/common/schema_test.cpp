#include "common/schema.hpp"

#include <gtest/gtest.h>

namespace dateline::schema {
namespace {

TEST(SchemaTest, UniqueTermIsQPlusPath) {
  EXPECT_EQ(unique_term("2024/07/x.txt"), "Q2024/07/x.txt");
}

TEST(SchemaTest, LongPathsAreHashedUnderTheLimit) {
  const std::string a(400, 'a');
  const std::string b = a + "b";
  const std::string ta = unique_term(a);
  const std::string tb = unique_term(b);
  EXPECT_LE(ta.size(), k_max_unique_term_bytes);
  EXPECT_LE(tb.size(), k_max_unique_term_bytes);
  EXPECT_NE(ta, tb);
  EXPECT_EQ(ta.substr(0, 5), "Qaaaa");
}

TEST(SchemaTest, FieldValuesJoinWordsWithDashes) {
  EXPECT_EQ(field_value_term(k_prefix_author, "jane  doe"), "Ajane-doe");
  EXPECT_EQ(field_value_term(k_prefix_topic, " crude "), "XTOPICcrude");
  EXPECT_LE(field_value_term(k_prefix_topic, std::string(1000, 'x')).size(), k_xapian_max_term_bytes);
}

TEST(SchemaTest, DocumentDataRoundTrips) {
  DocumentData data;
  data.path = "2024/a=b.txt";
  data.root = "/archive";
  data.date = "2024-07-26";
  data.title = "Title with\nnewline";
  data.topics = "crude,ship";
  data.text = "Line one\n\ntext=still text\n";
  const DocumentData back = DocumentData::parse(data.serialize());
  EXPECT_EQ(back.path, data.path);
  EXPECT_EQ(back.root, data.root);
  EXPECT_EQ(back.date, data.date);
  EXPECT_EQ(back.title, "Title with newline");
  EXPECT_EQ(back.topics, data.topics);
  EXPECT_EQ(back.text, data.text);
}

TEST(SchemaTest, DocumentDataParseToleratesGarbage) {
  EXPECT_NO_THROW((void)DocumentData::parse(""));
  EXPECT_NO_THROW((void)DocumentData::parse("no equals sign"));
  EXPECT_EQ(DocumentData::parse("title=x").title, "x");
}

TEST(SchemaTest, ContentHashIsStableFnv1a) {
  EXPECT_EQ(content_hash(""), "cbf29ce484222325");
  EXPECT_EQ(content_hash("a"), "af63dc4c8601ec8c");
}

} // namespace
} // namespace dateline::schema
