/** @file reliability_helpers.cpp
 *  @brief Implementation of the reliability-test helpers.
 */
#include "tests/reliability/reliability_helpers.hpp"

#include "common/schema.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <sys/mount.h>

namespace dateline::test {
namespace {

const char* const k_words[] = {"market", "storm",  "election", "harvest", "bank",    "river",  "council",
                               "strike", "school", "festival", "court",   "bridge",  "oil",    "wheat",
                               "ferry",  "budget", "museum",   "drought", "tariff",  "vaccine"};
constexpr int k_word_count = static_cast<int>(sizeof(k_words) / sizeof(k_words[0]));

} // namespace

unsigned reliability_seed() {
  std::string forced = env_or_empty("DATELINE_SEED");
  if (forced.empty()) forced = env_or_empty("DATELINE_TEST_SEED");
  const unsigned seed =
      forced.empty() ? static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000007)
                     : static_cast<unsigned>(std::stoul(forced));
  std::printf("seed %u (rerun with DATELINE_SEED=%u)\n", seed, seed);
  std::fflush(stdout);
  ::testing::Test::RecordProperty("seed", std::to_string(seed));
  return seed;
}

std::string GeneratedCorpus::relative(int id) {
  return "d" + std::to_string(id % 25) + "/story-" + std::to_string(id) + ".txt";
}

std::string GeneratedCorpus::token(int id, int generation) {
  return "art" + std::to_string(id) + "v" + std::to_string(generation);
}

void GeneratedCorpus::write(int id, int generation_number, std::mt19937& rng) {
  if (salt == 0) salt = rng() | 1U;
  // The words depend only on the article, so versions below 10 have the same
  // size: a rewrite differs only in its version token (the hard case).
  std::mt19937 words(salt ^ static_cast<unsigned>(id) * 2654435761U);
  std::uniform_int_distribution<int> pick(0, k_word_count - 1);
  std::string body;
  for (int w = 0; w < 40; ++w) {
    body += k_words[pick(words)];
    body += w == 20 ? " " + token(id, generation_number) + " " : " ";
  }
  const int day = 1 + id % 28;
  const int year = move_dates ? 2015 + (id + generation_number) % 6 : 2021;
  write_article(root / relative(id), std::to_string(year) + "-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day),
                "Story " + std::to_string(id) + " " + k_words[pick(words)], body);
  generation[id] = generation_number;
}

void GeneratedCorpus::add(int count, std::mt19937& rng) {
  for (int i = 0; i < count; ++i) write(next_id++, 1, rng);
}

void GeneratedCorpus::mutate(std::mt19937& rng) {
  std::uniform_int_distribution<int> percent(0, 99);
  std::vector<int> ids;
  for (const auto& [id, gen] : generation) ids.push_back(id);
  for (int id : ids) {
    const int roll = percent(rng);
    if (roll < 5) {
      write(id, generation[id] + 1, rng);
    } else if (roll < 7) {
      std::filesystem::remove(root / relative(id));
      generation.erase(id);
    }
  }
  add(static_cast<int>(ids.size() / 50) + 1, rng);
}

CheckResult xapian_check(const std::filesystem::path& db) {
  CheckResult result;
  const std::filesystem::path tool = "/usr/bin/xapian-check";
  if (!std::filesystem::exists(tool)) return result;
  result.available = true;
  const auto run = run_process({tool.string(), db.string()});
  result.output = run.out + run.err;
  result.clean = run.exit_code == 0 && result.output.find("No errors found") != std::string::npos;
  return result;
}

void expect_check_clean(const std::filesystem::path& db, const std::string& context) {
  const CheckResult check = xapian_check(db);
  if (!check.available) {
    static bool noted = false;
    if (!noted) std::printf("note: /usr/bin/xapian-check is absent; structural checks skipped\n");
    noted = true;
    return;
  }
  EXPECT_TRUE(check.clean) << context << "\n" << check.output;
}

std::size_t expect_whole_documents(const Xapian::Database& db, const std::string& context) {
  std::size_t checked = 0;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    int unique = 0;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      if ((*t).rfind(schema::k_prefix_unique, 0) == 0) ++unique;
    }
    const auto data = schema::DocumentData::parse(doc.get_data());
    const bool dated = !doc.get_value(schema::k_slot_date).empty();
    auto undated_it = doc.termlist_begin();
    undated_it.skip_to(std::string(schema::k_term_undated));
    const bool undated = undated_it != doc.termlist_end() && *undated_it == schema::k_term_undated;
    EXPECT_EQ(unique, 1) << context << ": document " << *it << " has " << unique << " Q terms";
    EXPECT_FALSE(data.path.empty()) << context << ": document " << *it << " has no path in its data";
    EXPECT_FALSE(doc.get_value(schema::k_slot_content_hash).empty()) << context << ": document " << *it;
    EXPECT_TRUE(dated || undated) << context << ": document " << *it << " has neither a date nor XUNDATED";
    ++checked;
  }
  return checked;
}

std::pair<std::size_t, std::string> longest_term(const Xapian::Database& db) {
  std::pair<std::size_t, std::string> out{0, ""};
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
    if ((*it).size() > out.first) out = {(*it).size(), *it};
  }
  return out;
}

TmpfsMount::TmpfsMount(std::filesystem::path dir, const std::string& size) : m_dir(std::move(dir)) {
  std::filesystem::create_directories(m_dir);
  const std::string options = "size=" + size + ",mode=0755";
  if (::mount("tmpfs", m_dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
    m_error = std::string("mount -t tmpfs -o ") + options + " " + m_dir.string() + ": " + std::strerror(errno);
    return;
  }
  m_mounted = true;
}

TmpfsMount::~TmpfsMount() {
  if (m_mounted) ::umount2(m_dir.c_str(), MNT_DETACH);
}

bool TmpfsMount::resize(const std::string& size) {
  const std::string options = "size=" + size;
  return ::mount("tmpfs", m_dir.c_str(), "tmpfs", MS_REMOUNT | MS_NOSUID | MS_NODEV, options.c_str()) == 0;
}

ProcessResult run_search(const std::vector<std::string>& args, const ProcessOptions& options) {
  std::vector<std::string> argv{search_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, options);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace dateline::test
