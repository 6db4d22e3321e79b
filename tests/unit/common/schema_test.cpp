#include "common/schema.hpp"

#include "tests/support/param_name.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <filesystem>

namespace dateline::schema {
namespace {

// One test for both programs of what a sharded archive's directory is (the
// indexer's is_sharded_archive and the searcher's archive_stub made it
// twice until session 13, the indexer without asking for a regular file).
TEST(SchemaTest, ShardedArchiveIsADirectoryWithAStubFileAndNoGlassDatabase) {
  namespace fs = std::filesystem;
  const test::TempDir dir;
  const fs::path archive = dir / "archive";
  fs::create_directories(archive / "undated");
  EXPECT_EQ(sharded_archive_stub(archive.string()), std::nullopt) << "no stub file";
  test::write_file(archive / "XAPIANDB", "auto undated\n");
  EXPECT_EQ(sharded_archive_stub(archive.string()), (archive / "XAPIANDB").string());
  EXPECT_EQ(sharded_archive_stub((archive / "XAPIANDB").string()), std::nullopt) << "the stub file itself";
  EXPECT_EQ(sharded_archive_stub((dir / "absent").string()), std::nullopt);
  test::write_file(archive / "iamglass", "");
  EXPECT_EQ(sharded_archive_stub(archive.string()), std::nullopt) << "a glass database with a stray stub";
  const fs::path odd = dir / "odd";
  fs::create_directories(odd / "XAPIANDB");
  EXPECT_EQ(sharded_archive_stub(odd.string()), std::nullopt) << "a directory named XAPIANDB is no stub file";
}

// #9.7: the unique id includes the root, so two roots never share a Q term.
TEST(SchemaTest, UniqueTermIsQPlusAbsolutePath) {
  EXPECT_EQ(unique_term("/srv/x", "2024/07/x.txt"), "Q/srv/x/2024/07/x.txt");
  EXPECT_EQ(unique_term("/srv/y", "2024/07/x.txt"), "Q/srv/y/2024/07/x.txt");
  EXPECT_EQ(unique_term("/", "x.txt"), "Q/x.txt");
  EXPECT_EQ(document_path("/srv/x", "a/b.txt"), "/srv/x/a/b.txt");
  EXPECT_EQ(document_path("/", "b.txt"), "/b.txt");
}

TEST(SchemaTest, LongPathsAreHashedUnderTheLimit) {
  const std::string a(400, 'a');
  const std::string b = a + "b";
  const std::string ta = unique_term("/r", a);
  const std::string tb = unique_term("/r", b);
  EXPECT_LE(ta.size(), k_max_unique_term_bytes);
  EXPECT_LE(tb.size(), k_max_unique_term_bytes);
  EXPECT_NE(ta, tb);
  EXPECT_EQ(ta.substr(0, 6), "Q/r/aa");
  EXPECT_TRUE(is_shortened_path(ta));
  EXPECT_FALSE(is_shortened_path(unique_term("/r", "short.txt")));
  EXPECT_FALSE(is_shortened_path("Q/r/x#0123456789abcdeg"));
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
  data.title = "Title with\nnewline";
  data.date = "1987-02-26";
  data.topics = "crude,ship";
  data.text = "Line one\n\ntext=still text\n";
  const DocumentData back = DocumentData::parse(data.serialize());
  EXPECT_EQ(back.path, data.path);
  EXPECT_EQ(back.root, data.root);
  EXPECT_EQ(back.title, "Title with newline");
  EXPECT_EQ(back.date, data.date);
  EXPECT_EQ(back.topics, data.topics);
  EXPECT_EQ(back.text, data.text);
}

// #14.10: a newline or CR is legal in a file name; the stored path must be
// exact so the searcher can show (escaped) and return the real name.
TEST(SchemaTest, PathsWithNewlinesRoundTripExactly) {
  DocumentData data;
  data.path = "forged\ndateline-index: error: x\r.txt";
  data.root = "/arch\nive";
  data.title = "T";
  data.text = "body";
  const std::string serialized = data.serialize();
  const DocumentData back = DocumentData::parse(serialized);
  EXPECT_EQ(back.path, data.path);
  EXPECT_EQ(back.root, data.root);
  EXPECT_EQ(back.text, "body");
  EXPECT_EQ(serialized.rfind("path=forged dateline-index: error: x .txt\n", 0), 0U) << "readable line kept";
  DocumentData plain;
  plain.path = "a.txt";
  EXPECT_EQ(plain.serialize().find("path64"), std::string::npos) << "only when needed";
}

struct UintCase {
  const char* name;
  std::uint64_t value;
  std::string packed;
};

class PackUintTest : public ::testing::TestWithParam<UintCase> {};

TEST_P(PackUintTest, RoundTrips) {
  const UintCase& c = GetParam();
  EXPECT_EQ(pack_uint(c.value), c.packed);
  EXPECT_EQ(unpack_uint(c.packed), c.value);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PackUintTest,
    ::testing::Values(UintCase{"zero", 0, std::string(1, '\0')}, UintCase{"one byte", 0x7F, "\x7F"},
                      UintCase{"two bytes", 0x1234, "\x12\x34"},
                      UintCase{"nanoseconds", 1721980800123456789ULL, "\x17\xE5\xB4\x6A\x0D\x66\xCD\x15"},
                      UintCase{"negative mtime as two's complement", static_cast<std::uint64_t>(-1LL),
                               std::string(8, '\xFF')}),
    test::RowName{});

TEST(SchemaTest, UnpackRejectsWhatPackNeverWrites) {
  EXPECT_EQ(unpack_uint(""), std::nullopt);
  EXPECT_EQ(unpack_uint(std::string(9, '\1')), std::nullopt);
}

TEST(SchemaTest, InodeKeysKeepDeviceAndInodeApart) {
  EXPECT_EQ(pack_inode(7, 42), std::string("\x01\x07\x2A", 3));
  EXPECT_NE(pack_inode(1, 0x0203), pack_inode(0x0102, 0x03)) << "same bytes, different split";
}

// #15.5, schema 4: mtime, size and inode in one value slot (k_slot_file_state)
// instead of three: every combination reads back as written.
struct FileStateCase {
  const char* name;
  std::int64_t mtime_ns;
  std::uint64_t size;
  std::uint64_t device;
  std::uint64_t inode;
};

class FileStateValueTest : public ::testing::TestWithParam<FileStateCase> {};

TEST_P(FileStateValueTest, ReadsBackAsWritten) {
  const FileStateCase& c = GetParam();
  const std::string packed = pack_file_state(c.mtime_ns, c.size, pack_inode(c.device, c.inode));
  const auto back = unpack_file_state(packed);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->mtime_ns, c.mtime_ns);
  EXPECT_EQ(back->size, c.size);
  EXPECT_EQ(back->inode, pack_inode(c.device, c.inode));
}

INSTANTIATE_TEST_SUITE_P(
    Rows, FileStateValueTest,
    ::testing::Values(FileStateCase{"zeros", 0, 0, 0, 0},
                      FileStateCase{"typical", 1721980800123456789LL, 123, 2049, 1234567},
                      FileStateCase{"before_epoch", -1, 5, 1, 2},
                      FileStateCase{"int64_min", INT64_MIN, 1, 1, 1},
                      FileStateCase{"int64_max", INT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX},
                      FileStateCase{"size_256", 1000, 256, 0x0102, 0x03}),
    test::RowName{});

TEST(SchemaTest, FileStateValueIsSmallAndRejectsGarbage) {
  // One length byte + value for mtime and size, then the inode key.
  EXPECT_EQ(pack_file_state(7, 123, pack_inode(7, 42)), std::string("{*", 7));
  EXPECT_EQ(unpack_file_state(""), std::nullopt);
  EXPECT_EQ(unpack_file_state(std::string("", 2)), std::nullopt) << "no size";
  EXPECT_EQ(unpack_file_state(std::string("{", 4)), std::nullopt) << "no inode";
  EXPECT_EQ(unpack_file_state(std::string("	{*", 7)), std::nullopt) << "9-byte mtime";
  EXPECT_EQ(unpack_file_state(std::string("{*", 7)), std::nullopt) << "short device";
  EXPECT_EQ(unpack_file_state(std::string("{", 6)), std::nullopt) << "no inode number";
  EXPECT_EQ(unpack_file_state(pack_uint(123)), std::nullopt) << "a schema-3 size value";
}

TEST(SchemaTest, HashesPackToEightBytesAndBack) {
  const std::string hex = content_hash("some file bytes");
  ASSERT_EQ(hex.size(), 16U);
  const std::string packed = pack_hash(hex);
  EXPECT_EQ(packed.size(), 8U);
  EXPECT_EQ(unpack_hash(packed), hex);
  EXPECT_EQ(pack_hash("not hex at all!!"), "");
  EXPECT_EQ(pack_hash("abc"), "");
  EXPECT_EQ(unpack_hash("short"), "");
}

TEST(SchemaTest, DateValuesReadBackAsIso) {
  EXPECT_EQ(iso_date_from_value("20240726"), "2024-07-26");
  EXPECT_EQ(iso_date_from_value(""), "");
  EXPECT_EQ(iso_date_from_value("2024072"), "");
  EXPECT_EQ(iso_date_from_value("2024-7-2"), "");
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

// #12.3: sequence numbers sort as numbers in a Xapian value range (bytes),
// which pack_uint's variable width does not ("\x02" > "\x01\x00").
TEST(SchemaTest, SequenceValuesSortNumerically) {
  const std::uint64_t values[] = {0, 1, 2, 255, 256, 65535, 65536, 1ULL << 40, UINT64_MAX - 1, UINT64_MAX};
  for (std::size_t i = 0; i < std::size(values); ++i) {
    EXPECT_EQ(pack_seq(values[i]).size(), 8U);
    EXPECT_EQ(unpack_seq(pack_seq(values[i])), values[i]);
    if (i > 0) {
      EXPECT_LT(pack_seq(values[i - 1]), pack_seq(values[i])) << values[i];
    }
  }
  EXPECT_EQ(unpack_seq(""), std::nullopt);
  EXPECT_EQ(unpack_seq(pack_uint(5)), std::nullopt);
}

struct SeqMetaCase {
  const char* name;
  const char* text;
  std::optional<std::uint64_t> value;
};

class SeqMetadataTest : public ::testing::TestWithParam<SeqMetaCase> {};

TEST_P(SeqMetadataTest, Parses) { EXPECT_EQ(parse_seq_metadata(GetParam().text), GetParam().value); }

INSTANTIATE_TEST_SUITE_P(
    Schema, SeqMetadataTest,
    ::testing::Values(SeqMetaCase{"absent", "", 0}, SeqMetaCase{"zero", "0", 0}, SeqMetaCase{"number", "1234", 1234},
                      SeqMetaCase{"max", "18446744073709551615", UINT64_MAX},
                      SeqMetaCase{"overflow", "18446744073709551616", std::nullopt},
                      SeqMetaCase{"sign", "-1", std::nullopt}, SeqMetaCase{"space", " 1", std::nullopt},
                      SeqMetaCase{"letters", "12a", std::nullopt}),
    test::RowName{});

} // namespace
} // namespace dateline::schema
