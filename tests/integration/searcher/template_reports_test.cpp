/** @file template_reports_test.cpp
 *  @brief Near-duplicate stories and reports written from one template
 *  (session 17), through the real binaries: price tables of four metals
 *  and two companies' earnings of one day stay apart
 *  (their texts link, their numbers differ), while a story's copies with
 *  their figures (first take, update, trimmed copy) stay one story, in a
 *  single writer's build, a sharded one and --similar-to; a database
 *  grouped under session 16's rule is regrouped once by its next run.
 */
#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include "common/schema.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

// Reports written for this test, from templates like the agencies' ones.
std::string price_table(const std::string& metal, const std::string& cash, const std::string& three_months) {
  return "LONDON METAL EXCHANGE " + metal + " FIRST RING - MARCH 10\n\n"
         "Prices in sterling per tonne, last, buyer and seller, as reported by the exchange's ring dealers at "
         "the close of the morning session, with the turnover for the session below the table.\n\n"
         "Cash " + cash + " three months " + three_months + " turnover in lots as reported.\n";
}
std::string earnings(const std::string& company, const std::string& shr, const std::string& net,
                     const std::string& revs) {
  return company + " said for the first quarter ended March 31, net profit per share was " + shr +
         " cts versus a loss of two cts a year earlier. Net income was " + net + " mln dlrs and revenues were " +
         revs + " mln dlrs, the company said in a statement issued on Tuesday after the market closed, adding "
         "that results for the full year would be reported in the usual way at the annual meeting in May.\n";
}
const std::string k_exports =
    "The port exchange said grain exports rose 12 pct to 4.5 mln tonnes in February from 4.0 mln a year "
    "earlier, helped by sales of 1.2 mln tonnes of wheat to North Africa. Maize shipments fell to 310,000 "
    "tonnes from 450,000, the exchange said, as farmers held back stocks before the new season.\n\n";
const std::string k_exports_more =
    "Traders expect exports to reach 15 mln tonnes this season, against 13.8 mln last season, if freight "
    "rates stay near 21 dlrs a tonne.\n";

class Reports {
public:
  Reports() { fs::create_directories(m_dir / "news"); }

  void add(const std::string& name, const std::string& title, const std::string& text) {
    write_file(m_dir / "news" / name, "Date: 1987-03-10\n" + (title.empty() ? "" : "Title: " + title + "\n") +
                                          "\n" + text);
  }
  void add_all() {
    add("lme-lead.txt", "", price_table("LEAD", "302.50", "298.00"));
    add("lme-nickel.txt", "", price_table("NICKEL", "2,415", "2,440"));
    add("lme-zinc.txt", "", price_table("ZINC", "455.50", "461.00"));
    add("lme-copper.txt", "", price_table("COPPER", "873.00", "868.50"));
    add("earn-acme.txt", "Acme Corp 1st qtr net", earnings("Acme Corp", "12", "3.4", "41.2"));
    add("earn-bolt.txt", "Bolt Industries 1st qtr net", earnings("Bolt Industries", "31", "8.7", "96.5"));
    add("exports-first.txt", "Grain exports rise 12 pct", k_exports + k_exports_more);
    add("exports-update.txt", "UPDATE 1-Grain exports rise 12 pct in February",
        k_exports + k_exports_more +
            "\nBarley exports doubled to 600,000 tonnes, the exchange added in a later statement.\n");
    add("exports-trimmed.txt", "Grain exports up 12 pct", k_exports);
  }
  std::string db() const { return (m_dir / "db").string(); }
  std::string path(const std::string& name) const { return (m_dir / "news" / name).string(); }

  void index(std::vector<std::string> extra = {}) const {
    std::vector<std::string> argv{index_binary(), "-q", "--db", db()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back((m_dir / "news").string());
    const auto run = run_process(argv);
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  JsonValue json(std::vector<std::string> args) const {
    std::vector<std::string> argv{search_binary(), "--db", db(), "--format", "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto run = run_process(argv);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return JsonParser::parse(run.out);
  }
  /// Groups of file names (a file alone is its own group), whatever the ids.
  std::set<std::set<std::string>> groups() const {
    std::map<std::string, std::set<std::string>> by_story;
    const Xapian::Database handle(db());
    for (auto it = handle.postlist_begin(""); it != handle.postlist_end(""); ++it) {
      const Xapian::Document doc = handle.get_document(*it);
      const std::string name = fs::path(schema::DocumentData::parse(doc.get_data()).path).filename().string();
      const std::string story = doc.get_value(schema::k_slot_story);
      by_story[story.empty() ? name : story].insert(name);
    }
    std::set<std::set<std::string>> out;
    for (const auto& [story, names] : by_story) out.insert(names);
    return out;
  }

private:
  TempDir m_dir;
};

const std::set<std::set<std::string>> k_expected = {
    {"lme-lead.txt"},     {"lme-nickel.txt"}, {"lme-zinc.txt"},  {"lme-copper.txt"},
    {"earn-acme.txt"},    {"earn-bolt.txt"},
    {"exports-first.txt", "exports-update.txt", "exports-trimmed.txt"}};

TEST(TemplateReports, OtherFactsStayApartCopiesStayTogether) {
  Reports one;
  one.add_all();
  one.index({"--jobs", "1"});
  EXPECT_EQ(one.groups(), k_expected);
  EXPECT_EQ(one.json({"ring", "dealers"}).at("hits").array.size(), 4U) << "four metals, four hits";
  const JsonValue exports = one.json({"grain", "exports"});
  EXPECT_EQ(exports.at("hits").array.size(), 1U) << "one story";
  EXPECT_EQ(exports.at("total_estimate").number, 1);

  Reports sharded;
  sharded.add_all();
  sharded.index({"--jobs", "2", "--shard-threshold", "1"});
  EXPECT_EQ(sharded.groups(), k_expected) << "parallel first build";

  // --similar-to decides as the indexer does: a copy of the lead table
  // finds the lead table only, a copy of the update the three copies.
  const auto similar = [&one](const std::string& name) {
    const auto names = hit_names(one.json({"--similar-to", one.path(name)}));
    return std::set<std::string>(names.begin(), names.end());
  };
  EXPECT_EQ(similar("lme-lead.txt"), (std::set<std::string>{"lme-lead.txt"}));
  EXPECT_EQ(similar("exports-update.txt"),
            (std::set<std::string>{"exports-first.txt", "exports-update.txt", "exports-trimmed.txt"}));
}

TEST(TemplateReports, SessionSixteenDatabaseIsRegroupedOnce) {
  Reports s;
  s.add_all();
  s.index();
  const std::string rule_key(schema::k_meta_dup_rule);
  {
    // As session 16 grouped it: the four price tables one story, and its
    // rule text (no numbers line).
    Xapian::WritableDatabase db(s.db());
    EXPECT_EQ(db.get_metadata(rule_key), "threshold=0.4\nwindow=3\nstories=windowed\nnumbers=0.6\n");
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      Xapian::Document doc = db.get_document(*it);
      if (schema::DocumentData::parse(doc.get_data()).path.find("lme-") == std::string::npos) continue;
      doc.add_value(schema::k_slot_story, "00000000000000aa");
      db.replace_document(*it, doc);
    }
    db.set_metadata(rule_key, "threshold=0.4\nwindow=3\nstories=windowed\n");
    db.commit();
  }
  ASSERT_NE(s.groups(), k_expected);
  s.index();  // no file changed: only the rule
  EXPECT_EQ(s.groups(), k_expected);
  EXPECT_EQ(Xapian::Database(s.db()).get_metadata(rule_key), "threshold=0.4\nwindow=3\nstories=windowed\nnumbers=0.6\n");
}

} // namespace
} // namespace dateline::test
