/** @file duplicates_test.cpp
 *  @brief Near-duplicate stories through the real binaries (#11.1): copies
 *  collapse into one hit with "+N similar", --duplicates=show lists them,
 *  --story lists a story oldest first, a copy edited away leaves its group,
 *  deleting the first copy keeps the others together, a new copy joins
 *  later, a sharded first build groups as the single writer does, and a
 *  daily template series is cut into stories of one window each.
 */
#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include "common/schema.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

// A wire story (written for this test) and the copies an agency sends.
const std::string k_p1 =
    "The harbour authority closed the northern shipping channel on Tuesday after a grain freighter lost power "
    "and drifted onto a sandbank near the river mouth, stranding a dozen vessels waiting to leave port.";
const std::string k_p2 =
    "Tugs tried twice to pull the freighter free at high tide but the hull did not move, a spokeswoman for the "
    "authority said, adding that no crew member was hurt and no fuel had leaked into the water.";
const std::string k_p3 =
    "\"We expect the channel to stay closed for at least two days while divers inspect the hull,\" the harbour "
    "master told reporters at the quay. Exporters said the delay would hold up wheat shipments.";
const std::string k_p4 =
    "The freighter, loaded with forty thousand tonnes of wheat bound for North Africa, had left its berth an "
    "hour earlier. Investigators will examine why its engine failed in calm weather.";
const std::string k_update =
    "Salvage crews began pumping ballast water out of the freighter late on Tuesday to lighten it, and a second "
    "attempt to refloat it is planned for the morning tide.";

std::string body(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const auto& p : paragraphs) out += p + "\n\n";
  return out;
}

std::string article(const std::string& date, const std::string& title, const std::string& text) {
  return "Date: " + date + "\nTitle: " + title + "\n\n" + text;
}

class Stories {
public:
  Stories() { fs::create_directories(m_dir / "news"); }

  void add(const std::string& name, const std::string& date, const std::string& title, const std::string& text) {
    write_file(m_dir / "news" / name, article(date, title, text));
  }
  void remove(const std::string& name) { fs::remove(m_dir / "news" / name); }
  /// An article outside the indexed folder; returns its path.
  std::string add_outside(const std::string& name, const std::string& date, const std::string& title,
                          const std::string& text) const {
    const fs::path path = m_dir / name;
    write_file(path, article(date, title, text));
    return path.string();
  }
  std::string news_path(const std::string& name) const { return (m_dir / "news" / name).string(); }
  std::string db() const { return (m_dir / "db").string(); }

  void index(std::vector<std::string> extra = {}) const {
    std::vector<std::string> argv{index_binary(), "-q", "--db", db()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back((m_dir / "news").string());
    const auto run = run_process(argv);
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  ProcessResult search(std::vector<std::string> args) const {
    std::vector<std::string> argv{search_binary(), "--db", db()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  }
  JsonValue json(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--format", "json"});
    const auto run = search(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return JsonParser::parse(run.out);
  }
  /// file name -> story value (slot 6) as stored.
  std::map<std::string, std::string> stored_stories() const {
    std::map<std::string, std::string> out;
    const Xapian::Database handle(db());
    for (auto it = handle.postlist_begin(""); it != handle.postlist_end(""); ++it) {
      const Xapian::Document doc = handle.get_document(*it);
      const auto data = schema::DocumentData::parse(doc.get_data());
      out[fs::path(data.path).filename().string()] = doc.get_value(schema::k_slot_story);
    }
    return out;
  }

  /// The wire story: first take, UPDATE 1 (new headline, a paragraph more),
  /// a corrected copy a day later, and, on the same event, a different story
  /// sharing the harbour master's quote.
  void add_wire_story() {
    add("a-first.txt", "1987-03-10", "Freighter runs aground, closing shipping channel", body({k_p1, k_p2, k_p3, k_p4}));
    add("b-update.txt", "1987-03-10", "UPDATE 1-Salvage crews pump ballast from stranded freighter",
        body({k_p1, k_update, k_p2, k_p3, k_p4}));
    add("c-corrected.txt", "1987-03-11", "CORRECTED-Freighter runs aground, closing channel",
        body({k_p1, k_p2, k_p3, "The freighter, loaded with fifty thousand tonnes of wheat bound for North Africa, "
                                "had left its berth an hour earlier."}));
    add("d-other.txt", "1987-03-11", "Wheat prices rise as freighter blocks channel",
        body({"Wheat prices rose on the regional exchange on Wednesday as traders weighed the closure of the "
              "northern channel, where a stranded freighter has trapped export cargoes in port.",
              k_p3,
              "Brokers said buyers in North Africa were asking for later delivery dates and that freight rates "
              "for the southern terminal had doubled since Monday."}));
  }

private:
  TempDir m_dir;
};

const JsonValue* hit_named(const JsonValue& answer, const std::string& name) {
  for (const JsonValue& hit : answer.at("hits").array) {
    if (hit_name(hit) == name) return &hit;
  }
  return nullptr;
}

TEST(Duplicates, CopiesCollapseIntoOneHitWithTheirDates) {
  Stories s;
  s.add_wire_story();
  s.index();
  const JsonValue collapsed = s.json({"freighter"});
  ASSERT_EQ(collapsed.at("hits").array.size(), 2U) << "one hit for the three copies, one for the other story";
  EXPECT_EQ(collapsed.at("total_estimate").number, 2);
  const JsonValue* other = hit_named(collapsed, "d-other.txt");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->at("duplicates").number, 0);
  const JsonValue& best = collapsed.at("hits").array[0].at("path").string.ends_with("d-other.txt")
                              ? collapsed.at("hits").array[1]
                              : collapsed.at("hits").array[0];
  EXPECT_EQ(best.at("duplicates").number, 2);
  ASSERT_EQ(best.at("duplicate_dates").array.size(), 2U);
  EXPECT_LE(best.at("duplicate_dates").array[0].string, best.at("duplicate_dates").array[1].string);
  EXPECT_EQ(best.at("story").string.size(), 16U);
  EXPECT_NE(best.at("story").string, other->at("story").string);

  const JsonValue shown = s.json({"--duplicates=show", "freighter"});
  EXPECT_EQ(shown.at("hits").array.size(), 4U);
  std::set<std::string> stories;
  for (const JsonValue& hit : shown.at("hits").array) stories.insert(hit.at("story").string);
  EXPECT_EQ(stories.size(), 2U);

  const auto text = s.search({"--snippets", "0", "freighter"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("+2 similar: 1987-03-10, 1987-03-11 (--story " + best.at("story").string + ")"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("2 results for freighter"), std::string::npos) << text.out;
}

// The result line counts stories whether or not a timeline is drawn (the
// chart's bars count articles): --timeline once made it count articles.
TEST(Duplicates, TimelineKeepsCountingStories) {
  Stories s;
  s.add_wire_story();
  s.index();
  for (const std::string query : {"freighter", "freighter OR wheat", "\"stranded freighter\"", "freigh*"}) {
    const double stories = s.json({"--limit", "0", query}).at("total_estimate").number;
    const double articles = s.json({"--limit", "0", "--duplicates=show", query}).at("total_estimate").number;
    if (query == "freighter") {
      EXPECT_EQ(stories, 2) << "three copies of one story and another story";
      EXPECT_EQ(articles, 4);
    }
    const JsonValue charted = s.json({"--limit", "0", "--timeline=day", query});
    EXPECT_EQ(charted.at("total_estimate").number, stories) << query;
    const JsonValue with_hits = s.json({"--timeline=day", query});
    EXPECT_EQ(with_hits.at("total_estimate").number, stories) << query;
    double bars = 0;
    for (const JsonValue& period : with_hits.at("timeline").array) bars += period.at("count").number;
    EXPECT_EQ(bars, articles) << "the bars count articles: " << query;
    const JsonValue shown = s.json({"--limit", "0", "--timeline=day", "--duplicates=show", query});
    EXPECT_EQ(shown.at("total_estimate").number, articles) << query;
  }
}

// With duplicates collapsed the chart counts both articles and distinct
// stories per period (#12.1), exactly, on both counting paths (posting lists
// for words, the matcher for phrases and wildcards): the oracle is every copy
// listed by --duplicates=show with its story and date.
TEST(Duplicates, TimelineCountsStoriesPerPeriod) {
  Stories s;
  s.add_wire_story();
  s.add("e-later.txt", "1987-04-02", "Freighter refloated after a week",
        body({"The grain freighter that blocked the northern channel was refloated on Thursday, the harbour "
              "authority said, and traffic resumed within hours."}));
  s.index();
  for (const std::string query : {"freighter", "freighter OR wheat", "\"stranded freighter\"", "freigh*", "harbour"}) {
    const JsonValue every = s.json({"--duplicates=show", "--limit", "100", "--snippets", "0", query});
    for (const char* unit : {"day", "month"}) {
      std::map<std::string, std::pair<double, std::set<std::string>>> expected;  // period -> articles, stories
      std::set<std::string> all_stories;
      for (const JsonValue& hit : every.at("hits").array) {
        const std::string period = std::string(unit) == "day" ? hit.at("date").string : hit.at("date").string.substr(0, 7);
        ++expected[period].first;
        expected[period].second.insert(hit.at("story").string);
        all_stories.insert(hit.at("story").string);
      }
      const JsonValue charted = s.json({"--count", "--timeline=" + std::string(unit), query});
      EXPECT_EQ(charted.at("total_estimate").number, static_cast<double>(all_stories.size())) << query;
      EXPECT_EQ(charted.at("timeline_undated_stories").number, 0) << query;
      for (const JsonValue& period : charted.at("timeline").array) {
        const auto found = expected.find(period.at("period").string);
        const double articles = found == expected.end() ? 0 : found->second.first;
        const double stories = found == expected.end() ? 0 : static_cast<double>(found->second.second.size());
        EXPECT_EQ(period.at("count").number, articles) << query << " " << period.at("period").string;
        ASSERT_TRUE(period.has("stories")) << query;
        EXPECT_EQ(period.at("stories").number, stories) << query << " " << period.at("period").string;
      }
      const JsonValue shown = s.json({"--count", "--duplicates=show", "--timeline=" + std::string(unit), query});
      for (const JsonValue& period : shown.at("timeline").array) EXPECT_FALSE(period.has("stories")) << query;
      EXPECT_FALSE(shown.has("timeline_undated_stories"));
    }
  }
  // The text chart: the stories in brackets beside the articles, ASCII and Unicode.
  const auto ascii = s.search({"--count", "--color=never", "--timeline=day", "freighter"});
  ASSERT_EQ(ascii.exit_code, 0) << ascii.err;
  EXPECT_EQ(ascii.out.rfind("Articles (stories) per day: 5 (3) dated\n1987-03-10  2 (1) #", 0), 0U) << ascii.out;
  EXPECT_NE(ascii.out.find("\n1987-03-11  2 (2) #"), std::string::npos) << ascii.out;
  EXPECT_NE(ascii.out.find("\n1987-03-12  0 (0)\n"), std::string::npos) << ascii.out;
  ProcessOptions utf8;
  utf8.env = {{"LANG", "C.UTF-8"}, {"LC_ALL", ""}, {"LC_CTYPE", ""}};
  const auto unicode = run_process({search_binary(), "--db", s.db(), "--count", "--timeline=month", "freighter"}, utf8);
  ASSERT_EQ(unicode.exit_code, 0) << unicode.err;
  EXPECT_EQ(unicode.out.rfind("Articles (stories) per month: 5 (3) dated\n1987-03  4 (2) \u2588", 0), 0U) << unicode.out;
  EXPECT_NE(unicode.out.find("\n1987-04  1 (1) \u2588"), std::string::npos) << unicode.out;
}

TEST(Duplicates, StoryListsEveryCopyOldestFirst) {
  Stories s;
  s.add_wire_story();
  s.index();
  const std::map<std::string, std::string> stories = s.stored_stories();
  const std::string id = stories.at("a-first.txt");
  ASSERT_EQ(id.size(), 16U);
  EXPECT_EQ(stories.at("b-update.txt"), id);
  EXPECT_EQ(stories.at("c-corrected.txt"), id);
  EXPECT_EQ(stories.at("d-other.txt"), "") << "its own story: no value, never collapsed";

  const JsonValue listed = s.json({"--story", id});
  const auto names = hit_names(listed);
  ASSERT_EQ(names.size(), 3U);
  EXPECT_EQ(names.back(), "c-corrected.txt") << "oldest first: the next day's copy last";
  // A query narrows the list; an article that is its own story is listed by its id too.
  EXPECT_EQ(hit_names(s.json({"--story", id, "ballast"})), std::vector<std::string>{"b-update.txt"});
  const JsonValue other = s.json({"wheat", "prices"});
  const JsonValue* d = hit_named(other, "d-other.txt");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(hit_names(s.json({"--story", d->at("story").string})), std::vector<std::string>{"d-other.txt"});
  const auto unknown = s.search({"--story", "0123456789abcdef"});
  EXPECT_EQ(unknown.exit_code, 1) << unknown.out << unknown.err;
  const auto bad = s.search({"--story", "xyz"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

// --similar-to PATH (#11.1): the story of a file, indexed or not, found
// through its signature's band terms and the database's rule.
TEST(Duplicates, SimilarToListsTheStoryOfAnyFileOldestFirst) {
  Stories s;
  s.add_wire_story();
  s.index();
  // A partner paper's trimmed copy the archive never indexed.
  const std::string trimmed =
      s.add_outside("partner.txt", "1987-03-10", "Grain ship stuck on sandbank", body({k_p1, k_p2, k_p3}));
  const JsonValue listed = s.json({"--similar-to", trimmed});
  const auto names = hit_names(listed);
  ASSERT_EQ(names.size(), 3U) << "the three copies of the wire story, not the other story";
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()),
            (std::set<std::string>{"a-first.txt", "b-update.txt", "c-corrected.txt"}));
  EXPECT_EQ(names.back(), "c-corrected.txt") << "oldest first: the next day's copy last";
  // A query narrows the list, as with --story.
  EXPECT_EQ(hit_names(s.json({"--similar-to", trimmed, "ballast"})), std::vector<std::string>{"b-update.txt"});
  // An indexed article that is its own story lists itself.
  EXPECT_EQ(hit_names(s.json({"--similar-to", s.news_path("d-other.txt")})),
            std::vector<std::string>{"d-other.txt"});
  // The date belongs in the decision: the same text a month later is another story.
  const std::string later =
      s.add_outside("later.txt", "1987-04-20", "Freighter runs aground", body({k_p1, k_p2, k_p3, k_p4}));
  const auto none = s.search({"--similar-to", later});
  EXPECT_EQ(none.exit_code, 1) << none.out << none.err;
  const std::string unrelated = s.add_outside("unrelated.txt", "1987-03-10", "Council approves budget",
                                              "The city council approved next year's budget on a vote of seven to "
                                              "two after a long debate about library opening hours.\n");
  EXPECT_EQ(s.search({"--similar-to", unrelated}).exit_code, 1);
  // Usage errors: a file that is not there, and --story beside it.
  const auto missing = s.search({"--similar-to", trimmed + ".missing"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_NE(missing.err.find("--similar-to"), std::string::npos) << missing.err;
  EXPECT_EQ(s.search({"--similar-to", trimmed, "--story", "0123456789abcdef"}).exit_code, 2);
  EXPECT_EQ(s.search({"--similar-to", trimmed, "--duplicates=collapse"}).exit_code, 2);
}

TEST(Duplicates, PeriodicReportsOnOtherDaysStayApart) {
  Stories s;
  // The figures change from day to day; the 10th and the 12th happen to
  // agree (their texts differ only in the dateline), two days apart.
  for (const auto& [day, ships] : std::vector<std::pair<std::string, std::string>>{
           {"10", "five"}, {"11", "seven"}, {"12", "five"}, {"13", "four"}}) {
    s.add("report-" + day + ".txt", "1987-03-" + day, "GRAIN SHIPS LOADING AT HARBOURTON",
          "HARBOURTON, March " + day + " - There were " + ships +
              " grain ships loading and three ships were waiting to load at Harbourton, according to the "
              "Harbourton Merchants Exchange.\n");
  }
  s.index();
  const JsonValue answer = s.json({"grain", "ships"});
  EXPECT_EQ(answer.at("hits").array.size(), 4U) << "a daily template report is not one story";
}

// A daily bulletin written from one template (written for this test): the
// figures change, each day's is like the next day's, and single links once
// chained eight days into one story (session 15's note on xwlb). Most of its
// numbers (opening hours, the helpline) stay, so the number check (session
// 17) lets consecutive days link and the window cut is what is tested.
std::string bulletin(int day) {
  const int cases = 40 + (day * 37) % 29;
  return "HARBOURTON, March " + std::to_string(day) + " - The regional health office reported " +
         std::to_string(cases) + " new cases of seasonal influenza on " +
         (day % 2 == 0 ? "Tuesday" : "Monday") + ", bringing the total for the season to " +
         std::to_string(1200 + day * cases) +
         ".\n\nThe office said hospitals in the region had enough beds and staff to treat patients, and it "
         "repeated its advice that elderly residents, pregnant women and people with chronic illnesses should be "
         "vaccinated at their local clinic. Clinics are open from 8 in the morning to 6 in the evening on "
         "weekdays and until 12 on Saturdays. Residents with a fever, a cough or a sore throat are asked to stay "
         "at home, to call their doctor or the helpline on 0800 4412 before visiting a clinic and to wear a mask "
         "in crowded places. The next bulletin will be published tomorrow at 10.\n";
}

std::string bulletin_name(int day) { return "bulletin-" + std::to_string(10 + day) + ".txt"; }

void add_bulletin(Stories& s, int day) {
  s.add(bulletin_name(day), "1987-03-" + std::to_string(10 + day), "Influenza bulletin", bulletin(day));
}

/// Groups of file names, independent of the ids (member keys hash paths).
std::set<std::set<std::string>> story_groups(const std::map<std::string, std::string>& by_name) {
  std::map<std::string, std::set<std::string>> by_story;
  for (const auto& [name, story] : by_name) by_story[story.empty() ? name : story].insert(name);
  std::set<std::set<std::string>> out;
  for (const auto& [story, names] : by_story) out.insert(names);
  return out;
}

TEST(Duplicates, DailyTemplateSeriesDoesNotChainBeyondTheWindow) {
  constexpr int days = 8;
  Stories one;
  for (int day = 1; day <= days; ++day) add_bulletin(one, day);
  one.index({"--jobs", "1"});
  const auto groups = story_groups(one.stored_stories());
  // Each day's bulletin is the same story as the next day's (so the test
  // shows what chaining did), yet no story spans more than the 3-day window.
  std::size_t largest = 0;
  for (const auto& names : groups) {
    int first = 99;
    int last = 0;
    for (const std::string& name : names) {
      const int day = std::stoi(name.substr(9, 2));
      first = std::min(first, day);
      last = std::max(last, day);
    }
    EXPECT_LE(last - first, 3) << "a story of " << names.size() << " bulletins from the " << first << "th to the "
                               << last << "th";
    largest = std::max(largest, names.size());
  }
  EXPECT_GE(largest, 2U) << "consecutive bulletins are alike (else this test shows nothing)";
  EXPECT_GE(groups.size(), 2U);
  EXPECT_EQ(one.json({"influenza", "bulletin"}).at("hits").array.size(), groups.size());
  // --similar-to cuts the file's group as the indexer does: a copy of a
  // bulletin lists the members of that bulletin's story, not the series.
  for (const int day : {1, 5, 8}) {
    const std::string copy = one.add_outside("copy.txt", "1987-03-" + std::to_string(10 + day), "Influenza bulletin",
                                             bulletin(day));
    const auto listed = hit_names(one.json({"--similar-to", copy}));
    const std::set<std::string> got(listed.begin(), listed.end());
    std::set<std::string> expected;
    for (const auto& names : groups) {
      if (names.count(bulletin_name(day)) != 0) expected = names;
    }
    EXPECT_EQ(got, expected) << "a copy of day " << day;
  }

  // The same stories from a parallel first build and from runs that add the
  // bulletins in another order (a late one arrives after later days).
  Stories sharded;
  for (int day = 1; day <= days; ++day) add_bulletin(sharded, day);
  sharded.index({"--jobs", "2", "--shard-threshold", "1"});
  EXPECT_EQ(story_groups(sharded.stored_stories()), groups) << "parallel first build";
  Stories incremental;
  for (const int day : {5, 6, 7, 8, 2, 3, 4, 1}) {
    add_bulletin(incremental, day);
    incremental.index();
  }
  EXPECT_EQ(story_groups(incremental.stored_stories()), groups) << "one run per bulletin, out of order";

  // Deleting a story's first copy regroups the rest as a fresh build would.
  incremental.remove(bulletin_name(1));
  incremental.index();
  Stories fresh;
  for (int day = 2; day <= days; ++day) add_bulletin(fresh, day);
  fresh.index();
  EXPECT_EQ(story_groups(incremental.stored_stories()), story_groups(fresh.stored_stories())) << "after a deletion";
}

TEST(Duplicates, EditedCopyLeavesAndDeletedFirstCopyKeepsTheOthers) {
  Stories s;
  s.add_wire_story();
  s.index();
  const std::string id = s.stored_stories().at("a-first.txt");

  // The corrected copy is rewritten into another story: it leaves the group.
  s.add("c-corrected.txt", "1987-03-11", "Port workers vote to strike",
        "Dock workers at the southern terminal voted to strike from Monday over pay, their union said, "
        "threatening further delays for exporters already hit by the closure of the northern channel.\n");
  s.index();
  auto stories = s.stored_stories();
  EXPECT_EQ(stories.at("c-corrected.txt"), "");
  EXPECT_EQ(stories.at("a-first.txt"), stories.at("b-update.txt"));
  EXPECT_FALSE(stories.at("a-first.txt").empty());
  const JsonValue* best = nullptr;
  const JsonValue answer = s.json({"freighter", "ballast"});
  for (const JsonValue& hit : answer.at("hits").array) {
    if (hit.at("story").string == stories.at("a-first.txt")) best = &hit;
  }
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->at("duplicates").number, 1);

  // Deleting the first copy does not orphan the others: they stay one story.
  s.add("c-corrected.txt", "1987-03-11", "CORRECTED-Freighter runs aground, closing channel",
        body({k_p1, k_p2, k_p3, k_p4}));
  s.index();
  EXPECT_EQ(s.stored_stories().at("c-corrected.txt"), s.stored_stories().at("b-update.txt")) << "back in";
  s.remove("a-first.txt");
  s.index();
  stories = s.stored_stories();
  EXPECT_EQ(stories.count("a-first.txt"), 0U);
  ASSERT_FALSE(stories.at("b-update.txt").empty());
  EXPECT_EQ(stories.at("b-update.txt"), stories.at("c-corrected.txt"));
  (void)id;
  EXPECT_EQ(s.json({"tugs"}).at("hits").array.size(), 1U) << "the two copies left, one hit";
}

TEST(Duplicates, LaterCopyJoinsAndShardedBuildGroupsAsOneWriter) {
  Stories single;
  single.add("a-first.txt", "1987-03-10", "Freighter runs aground", body({k_p1, k_p2, k_p3, k_p4}));
  single.index();
  EXPECT_EQ(single.stored_stories().at("a-first.txt"), "") << "alone: its own story";
  single.add("b-update.txt", "1987-03-10", "UPDATE 1-Freighter aground", body({k_p1, k_update, k_p2, k_p3, k_p4}));
  single.index();
  auto stories = single.stored_stories();
  EXPECT_FALSE(stories.at("a-first.txt").empty()) << "the first copy joins the story when the second arrives";
  EXPECT_EQ(stories.at("a-first.txt"), stories.at("b-update.txt"));

  // The same articles, many of them, built by one writer and by shards:
  // stories do not depend on the path (nor on docids).
  Stories one;
  Stories sharded;
  for (Stories* s : {&one, &sharded}) {
    s->add_wire_story();
    for (int i = 0; i < 30; ++i) {
      s->add("filler-" + std::to_string(i) + ".txt", "1987-04-0" + std::to_string(1 + i % 9),
             "Filler " + std::to_string(i),
             "Unrelated filler article number " + std::to_string(i) + " about topic " + std::to_string(i * 7) +
                 " with words " + std::to_string(i * 13) + " and more " + std::to_string(i * 17) + ".\n");
    }
  }
  one.index({"--jobs", "1"});
  sharded.index({"--jobs", "2", "--shard-threshold", "1"});
  // Member keys hash absolute paths, so the two folders' ids differ: the
  // groups must be the same.
  const auto got = sharded.stored_stories();
  EXPECT_EQ(story_groups(got), story_groups(one.stored_stories()));
  EXPECT_FALSE(got.at("b-update.txt").empty());
  EXPECT_EQ(got.at("a-first.txt"), got.at("c-corrected.txt"));
}

} // namespace
} // namespace dateline::test
