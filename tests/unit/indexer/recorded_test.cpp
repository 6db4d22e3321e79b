/** @file recorded_test.cpp
 *  @brief What the database remembers: root sets (repeated and nested roots,
 *  #14.3), the recorded-options format and what an option change re-evaluates
 *  (#9.9, #9.10).
 */
#include "indexer/recorded.hpp"

#include "common/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline::indexer {
namespace {

using Roots = std::vector<std::string>;

TEST(Recorded, PathWithin) {
  struct Case {
    const char* path;
    const char* root;
    bool within;
  };
  const Case cases[] = {
      {"/a", "/a", true},       {"/a/b", "/a", true},    {"/a/b/c.txt", "/a/b", true},
      {"/ab", "/a", false},     {"/a-b/c", "/a", false}, {"/a", "/a/b", false},
      {"/anything", "/", true}, {"/", "/", true},        {"relative", "/", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(path_within(c.path, c.root), c.within) << c.path << " in " << c.root;
  }
}

TEST(Recorded, NormaliseRootsDropsRepeatedAndNestedRoots) {
  struct Case {
    Roots given;
    Roots kept;
    std::size_t notes;
  };
  const Case cases[] = {
      {{}, {}, 0},
      {{"/a"}, {"/a"}, 0},
      {{"/a", "/a"}, {"/a"}, 0},                       // repeated: silently one
      {{"/a/sub", "/a"}, {"/a"}, 1},                   // nested, either order
      {{"/a", "/a/sub", "/a/sub/deeper"}, {"/a"}, 2},
      {{"/a", "/a-b", "/a/b", "/ab"}, {"/a", "/a-b", "/ab"}, 1},  // "/a-b" sorts between "/a" and "/a/b"
      {{"/x", "/", "/y"}, {"/"}, 2},
      {{"/b", "/a"}, {"/a", "/b"}, 0},                 // sorted
  };
  for (const auto& c : cases) {
    const RootSet set = normalise_roots(c.given);
    EXPECT_EQ(set.roots, c.kept) << testing::PrintToString(c.given);
    EXPECT_EQ(set.notes.size(), c.notes) << testing::PrintToString(c.given);
  }
  EXPECT_NE(normalise_roots({"/a", "/a/sub"}).notes.front().find("/a/sub is inside /a"), std::string::npos);
}

TEST(Recorded, RootOfPicksTheLongestRoot) {
  const Roots roots{"/a", "/a/b", "/c"};
  EXPECT_EQ(root_of("/a/x.txt", roots), 0U);
  EXPECT_EQ(root_of("/a/b/x.txt", roots), 1U);
  EXPECT_EQ(root_of("/a/bx/x.txt", roots), 0U);
  EXPECT_EQ(root_of("/c/d/e.txt", roots), 2U);
  EXPECT_FALSE(root_of("/d/e.txt", roots).has_value());
  EXPECT_FALSE(root_of("/a/x.txt", {}).has_value());
}

TEST(Recorded, RootsRoundTrip) {
  for (const Roots& roots : {Roots{}, Roots{"/a"}, Roots{"/a", "/b c", "/ü/ñ"}}) {
    EXPECT_EQ(parse_roots(serialize_roots(roots)), roots);
  }
  EXPECT_EQ(parse_roots("/a\n\n/b\n"), (Roots{"/a", "/b"}));
}

TEST(Recorded, OptionsRoundTrip) {
  IndexOptions options;
  options.includes = {"*.txt", "*.eml"};
  options.excludes = {"drafts", "a=b"};
  options.undated = UndatedPolicy::mtime;
  options.max_size = 4096;
  options.follow_symlinks = true;
  options.max_depth = 7;
  const RecordedOptions recorded = RecordedOptions::from(options);
  const auto back = RecordedOptions::parse(recorded.serialize());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, recorded);
  EXPECT_FALSE(RecordedOptions::parse("").has_value());
  EXPECT_FALSE(RecordedOptions::parse("undated=sometimes\n").has_value());
  EXPECT_FALSE(RecordedOptions::parse("max-size=lots\n").has_value());
  EXPECT_TRUE(RecordedOptions::parse("undated=index\nfuture-option=1\n").has_value()) << "newer keys are ignored";
}

TEST(Recorded, OptionsNotGivenTakeTheRecordedValues) {
  RecordedOptions recorded;
  recorded.undated = UndatedPolicy::index;
  recorded.includes = {"*.eml"};
  recorded.excludes = {"tmp"};
  recorded.max_size = 1000;
  recorded.follow_symlinks = true;
  recorded.max_depth = 3;

  IndexOptions nothing_given;
  apply_recorded(nothing_given, recorded);
  EXPECT_EQ(RecordedOptions::from(nothing_given), recorded);

  IndexOptions some_given;
  some_given.undated = UndatedPolicy::skip;
  some_given.includes = {"*.txt"};
  some_given.given = {"undated", "include"};
  apply_recorded(some_given, recorded);
  EXPECT_EQ(some_given.undated, UndatedPolicy::skip);
  EXPECT_EQ(some_given.includes, Roots{"*.txt"});
  EXPECT_EQ(some_given.excludes, Roots{"tmp"});
  EXPECT_EQ(some_given.max_size, 1000U);
}

TEST(Recorded, ReevaluationFollowsWhatChanged) {
  RecordedOptions before;
  RecordedOptions same = before;
  const Reevaluation none = reevaluation(before, same);
  EXPECT_TRUE(none.retry_reasons.empty());
  EXPECT_FALSE(none.undated_documents);
  EXPECT_FALSE(none.max_size.has_value());

  RecordedOptions undated = before;
  undated.undated = UndatedPolicy::mtime;
  const Reevaluation u = reevaluation(before, undated);
  EXPECT_EQ(u.retry_reasons, std::set<std::string>{to_string(ArticleFailure::no_date)});
  EXPECT_TRUE(u.undated_documents);

  RecordedOptions larger = before;
  larger.max_size = before.max_size * 2;
  const Reevaluation l = reevaluation(before, larger);
  EXPECT_EQ(l.retry_reasons, std::set<std::string>{to_string(ArticleFailure::too_large)});
  EXPECT_FALSE(l.max_size.has_value()) << "no document can be over a raised limit";

  RecordedOptions smaller = before;
  smaller.max_size = 100;
  EXPECT_EQ(reevaluation(before, smaller).max_size, 100U);

  RecordedOptions globs = before;
  globs.includes = {"*.eml"};
  EXPECT_TRUE(reevaluation(before, globs).retry_reasons.empty()) << "the walk itself applies globs";
}

} // namespace
} // namespace dateline::indexer
