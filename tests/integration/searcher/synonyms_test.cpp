/** @file synonyms_test.cpp
 *  @brief #12.2 through the real binaries: dateline-index --synonyms FILE
 *  loads the synonym table (also in the cron form without folders, in a
 *  parallel first build and across --rebuild), the same file again writes
 *  nothing, a changed file takes effect without reindexing, a bad line is
 *  named and nothing is written; dateline-search expands by default,
 *  `--no-synonyms` does not, `~word` forces it, phrases stay literal.
 */
#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include "common/text_analyzer.hpp"
#include "indexer/synonyms.hpp"
#include "searcher/query_builder.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

class SynonymsTest : public ::testing::Test {
protected:
  void SetUp() override {
    write_article("a.txt", "2024-03-01", "Steel tariffs", "The United States imposed new tariffs on steel imports.");
    write_article("b.txt", "2024-03-02", "Corn harvest", "America exports more corn than ever before.");
    write_article("c.txt", "2024-03-03", "Oil prices", "Oil prices rose in Europe on Tuesday.");
  }

  void write_article(const std::string& name, const std::string& date, const std::string& title,
                     const std::string& body) const {
    write_file(dir / ("articles/" + name), "date " + date + "\n" + title + "\n\n" + body + "\n");
  }

  ProcessResult index(std::vector<std::string> args) const {
    std::vector<std::string> argv{index_binary(), "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  }

  ProcessResult search(std::vector<std::string> args) const {
    std::vector<std::string> argv{search_binary(), "--db", db, "--format", "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  }

  /// The file names of the hits for @p args (empty on exit 1).
  std::set<std::string> hits(std::vector<std::string> args) const {
    const ProcessResult result = search(std::move(args));
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.err;
    if (result.exit_code != 0) return {};
    const std::vector<std::string> names = hit_names(JsonParser::parse(result.out));
    return {names.begin(), names.end()};
  }

  Xapian::rev revision() const { return Xapian::Database(db).get_revision(); }

  TempDir dir;
  std::string db = (dir / "db").string();
  std::string articles = (dir / "articles").string();
  std::string synonyms = (dir / "synonyms.txt").string();
};

using Names = std::set<std::string>;

TEST_F(SynonymsTest, SearchExpandsByDefaultAndNotWithNoSynonyms) {
  write_file(synonyms, "# example\nUSA, United States, u.s.a, America\n");
  const ProcessResult indexed = index({"--synonyms", synonyms, articles});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;

  EXPECT_EQ(hits({"usa"}), (Names{"a.txt", "b.txt"})) << "United States and America are synonyms of usa";
  EXPECT_EQ(hits({"united states"}), (Names{"a.txt", "b.txt"})) << "a multi-word entry is a key too";
  EXPECT_EQ(hits({"--no-synonyms", "usa"}), Names{});
  EXPECT_EQ(hits({"--no-synonyms", "~usa"}), (Names{"a.txt", "b.txt"})) << "~ forces the expansion";
  EXPECT_EQ(hits({"--no-synonyms", "oil ~usa"}), (Names{"a.txt", "b.txt", "c.txt"}));
  EXPECT_EQ(hits({"\"usa\""}), Names{}) << "a quoted word stays literal";
  EXPECT_EQ(hits({"--all", "usa steel"}), Names{"a.txt"});
  EXPECT_EQ(hits({"corn -usa"}), Names{}) << "an excluded word excludes its synonyms";

  // The snippet highlights the synonym that matched.
  const ProcessResult result = search({"usa", "--explain"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const JsonValue v = JsonParser::parse(result.out);
  bool highlighted = false;
  for (const JsonValue& hit : v.at("hits").array) {
    const JsonValue& snippet = hit.at("snippets").array.at(0);
    for (const JsonValue& range : snippet.at("highlights").array) {
      const auto begin = static_cast<std::size_t>(range.array.at(0).number);
      const auto end = static_cast<std::size_t>(range.array.at(1).number);
      const std::string word = snippet.at("text").string.substr(begin, end - begin);
      EXPECT_TRUE(word == "United States" || word == "America") << word;
      highlighted = true;
    }
  }
  EXPECT_TRUE(highlighted);
  const auto& expansions = v.at("explain").at("synonyms").array;
  ASSERT_EQ(expansions.size(), 1U) << result.out;
  std::set<std::string> members;
  for (const JsonValue& member : expansions.at(0).array) members.insert(member.string);
  EXPECT_TRUE(members.count("america") == 1 && members.count("\"united states\"") == 1) << result.out;
}

/// The sample synonym file shipped as an example (corpus/synonyms/en-news.txt).
std::string sample_synonyms() {
  return env_or_empty("DATELINE_SOURCE_DIR") + "/corpus/synonyms/en-news.txt";
}

// The sample file grouped "u.s." (analysed "us") with "usa", so a search for
// usa found every article with the pronoun "us"; and "fed" (the verb) with
// "federal reserve". An entry that is an ordinary word changes the meaning
// of every query for its group: the sample file has none.
TEST_F(SynonymsTest, SampleFileUsaDoesNotFindThePronounUs) {
  write_article("d.txt", "2024-03-04", "Letters", "Readers wrote to us about the weather and told us more.");
  write_article("e.txt", "2024-03-05", "Winter farms", "Farmers fed the cattle hay all winter.");
  write_article("f.txt", "2024-03-06", "Rates", "The Federal Reserve raised interest rates.");
  const ProcessResult indexed = index({"--synonyms", sample_synonyms(), articles});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  EXPECT_EQ(hits({"usa"}), (Names{"a.txt", "b.txt"})) << "United States and America, not the pronoun";
  EXPECT_EQ(hits({"federal reserve"}), Names{"f.txt"}) << "not the verb fed";
}

// The class: no entry of the sample file analyses to a common English word
// (the searcher's English stop words, pronouns and short words that dotted
// abbreviations and acronyms collapse to).
TEST_F(SynonymsTest, SampleFileHasNoEntryThatIsACommonWord) {
  std::ifstream in(sample_synonyms(), std::ios::binary);
  ASSERT_TRUE(in) << sample_synonyms();
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const TextAnalyzer analyzer("english");
  const indexer::SynonymFile file = indexer::parse_synonyms(text, sample_synonyms(), analyzer);
  std::set<std::string> common{"am", "be", "can", "fed", "go", "it", "may", "me", "my", "no", "not", "oh",
                               "ok", "so", "up", "us", "will", "him", "them", "our", "one", "all", "new"};
  for (const std::string_view word : searcher::english_stop_words()) common.insert(std::string(word));
  ASSERT_GT(file.groups.size(), 50U);
  for (const auto& group : file.groups) {
    for (const std::string& entry : group.entries) {
      EXPECT_EQ(common.count(entry), 0U) << "line " << group.line << ": '" << entry
                                         << "' is an ordinary word: every query for its group would match it";
    }
  }
}

// A multi-word synonym matches as a phrase, so the snippet highlights its
// words where the phrase stands: with the sample file, "usa" (united states
// of america), "china" (people's republic of china) and "boj" (bank of
// japan) highlighted every "of" of their hits.
TEST_F(SynonymsTest, MultiWordSynonymIsHighlightedOnlyAsAPhrase) {
  write_article("d.txt", "2024-03-04", "Rates", "The Bank of Japan raised rates, a sign of change for the bank of a nation.");
  const ProcessResult indexed = index({"--synonyms", sample_synonyms(), articles});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  for (const auto& [query, expected] : std::vector<std::pair<std::string, std::multiset<std::string>>>{
           {"boj", {"Bank of Japan"}}, {"usa", {"United States", "America"}}}) {
    const ProcessResult result = search({query});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    std::multiset<std::string> highlighted;
    const JsonValue parsed = JsonParser::parse(result.out);
    for (const JsonValue& hit : parsed.at("hits").array) {
      const JsonValue& snippet = hit.at("snippets").array.at(0);
      for (const JsonValue& range : snippet.at("highlights").array) {
        const auto begin = static_cast<std::size_t>(range.array.at(0).number);
        const auto end = static_cast<std::size_t>(range.array.at(1).number);
        highlighted.insert(snippet.at("text").string.substr(begin, end - begin));
      }
    }
    EXPECT_EQ(highlighted, expected) << query << ": " << result.out;
  }
}

// A word with synonyms is vocabulary, not a typo: "usa" is absent from the
// articles, but its synonyms found them, so no "Did you mean: use" (#9.12).
TEST_F(SynonymsTest, AWordWithSynonymsIsNotCorrected) {
  write_article("d.txt", "2024-03-04", "Water use", "Farmers use less water this year.");
  write_article("e.txt", "2024-03-05", "Land use", "Cities use more land than before.");
  write_file(synonyms, "usa, united states, america\n");
  ASSERT_EQ(index({"--synonyms", synonyms, articles}).exit_code, 0);
  const ProcessResult with = search({"usa"});
  ASSERT_EQ(with.exit_code, 0) << with.err;
  EXPECT_EQ(JsonParser::parse(with.out).at("suggestion").type, JsonValue::Type::null) << with.out;
  // Without the table the word is a plain unknown word, and the spelling
  // data may still help.
  const ProcessResult without = search({"--no-synonyms", "usa"});
  EXPECT_EQ(without.exit_code, 1) << without.err;
  EXPECT_EQ(JsonParser::parse(without.out).at("suggestion").string, "use") << without.out;
}

TEST_F(SynonymsTest, SameFileChangesNothingAndAChangedFileNeedsNoReindex) {
  write_file(synonyms, "usa, united states, america\n");
  ASSERT_EQ(index({"--synonyms", synonyms, articles}).exit_code, 0);
  const Xapian::rev first = revision();
  // The same groups written differently: nothing to write, not even the last-run record.
  write_file(synonyms, "# reformatted\n  USA ,United States,   AMERICA # same\n\n");
  const ProcessResult again = index({"--synonyms", synonyms});  // the cron form: recorded folders
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(revision(), first);

  // A changed file replaces the whole table; no article is re-read.
  write_file(synonyms, "usa, america\noil, petroleum\n");
  const std::string summary = (dir / "summary.json").string();
  const ProcessResult changed = index({"--synonyms", synonyms, "--summary-json", summary});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(revision(), first);
  const std::string counts = read_file(summary);
  EXPECT_NE(counts.find("\"added\": 0,"), std::string::npos) << counts;
  EXPECT_NE(counts.find("\"updated\": 0,"), std::string::npos) << counts;
  EXPECT_EQ(hits({"usa"}), Names{"b.txt"}) << "united states is no longer a synonym";
  EXPECT_EQ(hits({"petroleum"}), Names{"c.txt"});
  const Xapian::Database opened(db);
  EXPECT_EQ(opened.synonyms_begin("united states"), opened.synonyms_end("united states"));
}

// --info shows whether a synonym table is loaded: its number of keys and
// the hash of the file's groups (as recorded), in text and JSON.
TEST_F(SynonymsTest, InfoShowsTheSynonymTable) {
  ASSERT_EQ(index({articles}).exit_code, 0);
  const ProcessResult none = index({"--info"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("\nsynonyms: none loaded\n"), std::string::npos) << none.out;
  const ProcessResult none_json = index({"--info", "--json"});
  ASSERT_EQ(none_json.exit_code, 0) << none_json.err;
  EXPECT_EQ(JsonParser::parse(none_json.out).at("synonym_keys").number, 0) << none_json.out;
  EXPECT_EQ(JsonParser::parse(none_json.out).at("synonyms_hash").type, JsonValue::Type::null) << none_json.out;

  write_file(synonyms, "usa, united states, america\noil, petroleum\n");
  ASSERT_EQ(index({"--synonyms", synonyms}).exit_code, 0);
  const Xapian::Database opened(db);
  std::size_t keys = 0;
  for (auto it = opened.synonym_keys_begin(); it != opened.synonym_keys_end(); ++it) ++keys;
  ASSERT_GT(keys, 4U);
  const std::string hash = opened.get_metadata("dateline.synonyms_hash");
  ASSERT_EQ(hash.size(), 16U);
  const ProcessResult text = index({"--info"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("\nsynonyms: " + std::to_string(keys) + " keys (hash " + hash + ")\n"), std::string::npos)
      << text.out;
  const ProcessResult json = index({"--info", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const JsonValue info = JsonParser::parse(json.out);
  EXPECT_EQ(info.at("synonym_keys").number, static_cast<double>(keys)) << json.out;
  EXPECT_EQ(info.at("synonyms_hash").string, hash) << json.out;
}

TEST_F(SynonymsTest, BadLineIsNamedAndNothingIsWritten) {
  write_file(synonyms, "usa, america\n");
  ASSERT_EQ(index({"--synonyms", synonyms, articles}).exit_code, 0);
  const Xapian::rev before = revision();
  for (const char* bad : {"usa, america\n# ok\nlonely\n", "usa, america\n\n\nusa,, america\n", "x, ---\n"}) {
    write_file(synonyms, bad);
    write_article("d.txt", "2024-03-04", "New", "A new article waiting to be indexed.");
    const ProcessResult result = index({"--synonyms", synonyms, articles});
    EXPECT_EQ(result.exit_code, 2) << bad;
    EXPECT_NE(result.err.find("synonyms.txt:"), std::string::npos) << result.err;
    EXPECT_EQ(revision(), before) << "nothing written for: " << bad;
  }
  write_file(synonyms, "usa, america\n# ok\nlonely\n");
  EXPECT_NE(index({"--synonyms", synonyms}).err.find("synonyms.txt:3:"), std::string::npos);
  EXPECT_EQ(index({"--synonyms", (dir / "missing.txt").string()}).exit_code, 2);
  EXPECT_EQ(index({"--synonyms", dir.path().string()}).exit_code, 2) << "a directory is not a file";
  EXPECT_EQ(revision(), before);
}

TEST_F(SynonymsTest, FileBeyondTheBoundsIsRefusedBeforeAnythingIsWritten) {
  // a word with 101 synonyms over 101 groups: each line is fine on its own,
  // the table is not (a search for it would look for all of them)
  write_file(synonyms, "usa, america\n");
  ASSERT_EQ(index({"--synonyms", synonyms, articles}).exit_code, 0);
  const Xapian::rev before = revision();
  std::string hub;
  for (int i = 0; i <= 100; ++i) hub += "hub, w" + std::to_string(i) + "\n";
  std::string group = "w0";
  for (int i = 1; i <= 100; ++i) group += ", w" + std::to_string(i);
  for (const std::string& bad : {hub, group + "\n"}) {
    write_file(synonyms, bad);
    write_article("d.txt", "2024-03-04", "New", "A new article waiting to be indexed.");
    const ProcessResult result = index({"--synonyms", synonyms, articles});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find("more than 100"), std::string::npos) << result.err;
    EXPECT_EQ(revision(), before) << "nothing written for: " << bad.substr(0, 40);
  }
  EXPECT_EQ(hits({"usa"}), Names{"b.txt"}) << "the old table is still there";
}

TEST_F(SynonymsTest, ParallelFirstBuildAndRebuildKeepTheTable) {
  for (int i = 0; i < 40; ++i) {
    write_article("more/" + std::to_string(i) + ".txt", "2024-04-01", "Item " + std::to_string(i), "Filler text.");
  }
  write_file(synonyms, "usa, united states, america\n");
  const ProcessResult built = index({"--jobs", "2", "--shard-threshold", "10", "--synonyms", synonyms, articles});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  EXPECT_EQ(hits({"usa"}), (Names{"a.txt", "b.txt"})) << built.err;
  const ProcessResult rebuilt = index({"--rebuild", "--jobs", "2", "--shard-threshold", "10"});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(hits({"usa"}), (Names{"a.txt", "b.txt"})) << "a rebuild without --synonyms keeps the table";
  const Xapian::rev after_rebuild = revision();
  EXPECT_EQ(index({"--synonyms", synonyms}).exit_code, 0);
  EXPECT_EQ(revision(), after_rebuild) << "the hash came along too";
}

} // namespace
} // namespace dateline::test
