/** @file synth_test.cpp
 *  @brief dateline-synth-archive: the chain samples what it learned, articles
 *  are valid seed-format files with their dates, deterministic per seed and
 *  index, wire copies follow their source within the window; and the real
 *  binary writes an archive that dateline-index indexes without a failure.
 */
#include "common/article.hpp"
#include "corpus/synth/chain.hpp"
#include "corpus/synth/generate.hpp"
#include "corpus/synth/model.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

namespace dateline::synth {
namespace {

namespace fs = std::filesystem;

// Invented training text (not from any corpus).
Model small_model() {
  Model model;
  const char* stories[][2] = {
      {"Harbour cranes idle as dock strike enters second week",
       "Dock workers in the northern port stayed away for a second week.\n\nThe union said talks "
       "with the port authority would resume on Monday.\n\nShipping lines diverted three vessels."},
      {"Grain exports rise on strong demand",
       "Grain exports rose eleven percent in March, the trade ministry said.\n\nDemand from "
       "importers in the region was strong, traders said, and prices held firm."},
      {"Central bank holds rates steady",
       "The central bank held its main rate at four percent on Thursday.\n\nThe governor said "
       "inflation was easing but the bank would stay cautious.\n\nMarkets had expected the move."},
  };
  for (const auto& story : stories) add_english_story(model.english, story[0], story[1]);
  add_chinese_story(model.chinese, "港口工人罢工进入第二周", "北方港口的码头工人连续第二周没有上班。\n工会表示谈判将在周一恢复。");
  finish(model.english);
  finish(model.chinese);
  return model;
}

TEST(SynthChain, SamplesOnlyLearnedTransitions) {
  Chain chain;
  const auto a = chain.intern("a"), b = chain.intern("b"), c = chain.intern("c");
  chain.add({a, b, a, c});
  chain.freeze();
  Rng rng(7);
  std::map<std::uint32_t, int> after_a;
  for (int i = 0; i < 2000; ++i) ++after_a[chain.next(a, rng)];
  ASSERT_EQ(after_a.size(), 2U);  // only b and c ever followed a
  EXPECT_GT(after_a[b], 800);
  EXPECT_GT(after_a[c], 800);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(chain.next(b, rng), a);
  EXPECT_EQ(chain.next(Chain::k_start, rng), a);
  // c ended the only sequence: sampling after it starts over.
  EXPECT_EQ(chain.next(c, rng), a);
}

TEST(SynthChain, FrequenciesFollowTheTrainingCounts) {
  Chain chain;
  const auto x = chain.intern("x"), y = chain.intern("y"), z = chain.intern("z");
  for (int i = 0; i < 9; ++i) chain.add({x, y});
  chain.add({x, z});
  chain.freeze();
  Rng rng(3);
  int ys = 0;
  for (int i = 0; i < 10000; ++i) ys += chain.next(x, rng) == y ? 1 : 0;
  EXPECT_NEAR(ys / 10000.0, 0.9, 0.02);
}

TEST(SynthArticles, ParseAsSeedFormatWithTheirDates) {
  const Model model = small_model();
  Settings settings;
  settings.chinese_share = 0.2;
  int chinese = 0;
  for (std::uint64_t i = 0; i < 300; ++i) {
    const Article article = generate(model, settings, i);
    const std::string path = relative_path(article, i, 7);
    const dateline::Article parsed = parse_article(render(article), path);
    ASSERT_TRUE(parsed.date.has_value()) << path;
    EXPECT_EQ(parsed.date->year, article.year) << path;
    EXPECT_EQ(parsed.date->month, article.month) << path;
    EXPECT_EQ(parsed.date->day, article.day) << path;
    EXPECT_EQ(parsed.title, article.title) << path;
    EXPECT_GE(article.year, settings.first_year);
    EXPECT_LE(article.year, settings.last_year);
    EXPECT_EQ(path.substr(0, 11), render(article).substr(5, 10).replace(4, 1, "/").replace(7, 1, "/") + "/");
    chinese += article.chinese ? 1 : 0;
  }
  EXPECT_GT(chinese, 30);
  EXPECT_LT(chinese, 100);
}

TEST(SynthArticles, SameSeedSameArchiveOtherSeedOtherArchive) {
  const Model model = small_model();
  Settings one, other;
  other.seed = 2;
  int different = 0;
  for (std::uint64_t i = 0; i < 50; ++i) {
    EXPECT_EQ(render(generate(model, one, i)), render(generate(model, one, i)));
    different += render(generate(model, one, i)) != render(generate(model, other, i)) ? 1 : 0;
  }
  EXPECT_GT(different, 40);
}

TEST(SynthArticles, LaterYearsHoldMoreArticles) {
  const Model model = small_model();
  Settings settings;
  std::map<int, int> per_year;
  for (std::uint64_t i = 0; i < 20000; ++i) ++per_year[generate(model, settings, i).year];
  const int first = per_year[1980] + per_year[1981] + per_year[1982];
  const int last = per_year[2023] + per_year[2024] + per_year[2025];
  EXPECT_GT(last, 5 * first);  // weights run from 1 to 10
  EXPECT_EQ(per_year.begin()->first, 1980);
  EXPECT_EQ(per_year.rbegin()->first, 2025);
}

TEST(SynthArticles, WireCopiesFollowTheirSourceWithinTwoDays) {
  const Model model = small_model();
  Settings settings;
  settings.duplicate_share = 0.3;
  std::set<CopyKind> kinds;
  for (std::uint64_t i = 0; i < 400; ++i) {
    const Article copy = generate(model, settings, i);
    if (copy.copy == CopyKind::none) continue;
    kinds.insert(copy.copy);
    ASSERT_LT(copy.copy_of, i);
    EXPECT_LE(i - copy.copy_of, 40U);
    const Article source = generate(model, settings, copy.copy_of);
    const auto days = [](const Article& a) { return a.year * 372 + a.month * 31 + a.day; };
    EXPECT_GE(days(copy), days(source));
    EXPECT_EQ(copy.chinese, source.chinese);
    switch (copy.copy) {
      case CopyKind::exact:
        EXPECT_EQ(copy.title, source.title);
        EXPECT_EQ(copy.body, source.body);
        break;
      case CopyKind::new_headline:
        EXPECT_EQ(copy.body, source.body);
        break;
      case CopyKind::trimmed:
        EXPECT_EQ(copy.title, source.title);
        EXPECT_LT(copy.body.size(), source.body.size());
        EXPECT_EQ(source.body.substr(0, copy.body.size()), copy.body);
        break;
      case CopyKind::extended:
        EXPECT_EQ(copy.body.substr(0, source.body.size()), source.body);
        EXPECT_GT(copy.body.size(), source.body.size());
        break;
      case CopyKind::none: break;
    }
  }
  EXPECT_EQ(kinds.size(), 4U);
}

TEST(SynthArticles, NovelNamesGrowTheVocabulary) {
  const Model model = small_model();
  Settings none, all;
  none.novel_name_share = 0;
  all.novel_name_share = 1;
  std::set<std::string> learned, with_names;
  const auto words = [](const std::string& text, std::set<std::string>& into) {
    std::istringstream in(text);
    for (std::string word; in >> word;) into.insert(word);
  };
  for (std::uint64_t i = 0; i < 100; ++i) {
    words(generate(model, none, i).body, learned);
    words(generate(model, all, i).body, with_names);
  }
  EXPECT_LE(learned.size(), 80U);  // the training text's own words only
  EXPECT_GT(with_names.size(), learned.size() + 100);
}

// The real binary on the real corpora, then dateline-index over its output.
TEST(SynthArchiveBinary, WritesAnArchiveThatIndexesWithoutFailures) {
  const fs::path corpora = test::shared_corpus("reuters21578");
  if (corpora.empty()) GTEST_SKIP() << "needs ../shared/corpora/reuters21578 (absent or DATELINE_SKIP_LARGE set)";
  const std::string synth = test::env_or_empty("DATELINE_SYNTH_ARCHIVE");
  const std::string index = test::env_or_empty("DATELINE_INDEX");
  ASSERT_FALSE(synth.empty() || index.empty()) << "run through ctest";
  test::TempDir dir;
  const auto out = dir / "archive";
  const auto made = test::run_process({synth, "300", out.string(), "--corpora", corpora.parent_path().string(),
                                       "--seed", "5", "--duplicates", "0.1"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(out)) files += entry.path().extension() == ".txt";
  EXPECT_EQ(files, 300U);
  std::istringstream manifest(test::read_file(out / "synth-manifest.tsv"));
  std::string line;
  std::size_t copies = 0;
  while (std::getline(manifest, line)) copies += line.empty() || line[0] == '#' ? 0 : 1;
  EXPECT_GT(copies, 10U);
  EXPECT_LT(copies, 60U);
  // Written again over the same folder: refused, nothing changed.
  const auto again = test::run_process({synth, "300", out.string(), "--corpora", corpora.parent_path().string()});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("never written over"), std::string::npos) << again.err;

  const auto indexed = test::run_process({index, "--db", (dir / "db").string(), out.string()});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  const auto info = test::run_process({index, "--db", (dir / "db").string(), "--info", "--json"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("\"documents\": 300"), std::string::npos) << info.out;
}

}  // namespace
}  // namespace dateline::synth
