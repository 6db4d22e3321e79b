/** @file index_helpers.cpp
 *  @brief Implementation of the indexer integration-test helpers.
 */
#include "tests/integration/indexer/index_helpers.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <regex>
#include <stdexcept>
#include <sys/stat.h>
#include <thread>

namespace dateline::test {
void write_article(const std::filesystem::path& path, const std::string& date, const std::string& title,
                   const std::string& body) {
  write_file(path, "date " + date + "\n" + title + "\n\n" + body + "\n");
}

ProcessResult run_index(const std::vector<std::string>& args, const ProcessOptions& options) {
  std::vector<std::string> argv{index_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, options);
}

Xapian::Database open_db(const std::filesystem::path& db) {
  return Xapian::Database(db.string(), Xapian::DB_BACKEND_GLASS);
}

std::map<std::string, Xapian::doccount> unique_terms(const Xapian::Database& db) {
  std::map<std::string, Xapian::doccount> out;
  for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
    out[*it] = it.get_termfreq();
  }
  return out;
}

bool unique_ids_consistent(const Xapian::Database& db) {
  const auto terms = unique_terms(db);
  for (const auto& [term, freq] : terms) {
    if (freq != 1) {
      ADD_FAILURE() << term << " is on " << freq << " documents";
      return false;
    }
  }
  if (terms.size() != db.get_doccount()) {
    ADD_FAILURE() << terms.size() << " unique terms for " << db.get_doccount() << " documents";
    return false;
  }
  return true;
}

namespace {

/// The Q terms naming a file at @p relative below some root: the root's
/// absolute path, '/', then @p relative (schema version 3).
std::vector<std::string> terms_for(const Xapian::Database& db, const std::string& relative) {
  std::vector<std::string> out;
  const std::string suffix = "/" + relative;
  for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
    if ((*it).ends_with(suffix)) {
      out.push_back(*it);
    }
  }
  return out;
}

} // namespace

Xapian::Document doc_for(const Xapian::Database& db, const std::string& relative) {
  const auto terms = terms_for(db, relative);
  if (terms.size() != 1) {
    throw std::runtime_error(std::to_string(terms.size()) + " documents for " + relative);
  }
  return db.get_document(*db.postlist_begin(terms.front()));
}

bool has_doc(const Xapian::Database& db, const std::string& relative) {
  return !terms_for(db, relative).empty();
}

long json_number(const std::string& json, const std::string& key) {
  std::string text = json;
  std::string name = key;
  if (const auto dot = key.find('.'); dot != std::string::npos) {
    const auto object = json.find("\"" + key.substr(0, dot) + "\": {");
    if (object == std::string::npos) {
      return -1;
    }
    text = json.substr(object, json.find('}', object) - object);
    name = key.substr(dot + 1);
  }
  const std::regex pattern("\"" + name + "\": (-?[0-9]+)");
  std::smatch match;
  if (!std::regex_search(text, match, pattern)) {
    return -1;
  }
  return std::stol(match[1].str());
}

void set_mtime(const std::filesystem::path& path, long seconds, long nanoseconds) {
  struct timespec times[2];
  times[0].tv_sec = seconds;
  times[0].tv_nsec = nanoseconds;
  times[1] = times[0];
  if (::utimensat(AT_FDCWD, path.c_str(), times, 0) != 0) {
    throw std::runtime_error("utimensat failed on " + path.string());
  }
}

unsigned test_seed() {
  const std::string forced = env_or_empty("DATELINE_TEST_SEED");
  const unsigned seed = forced.empty() ? static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count())
                                       : static_cast<unsigned>(std::stoul(forced));
  std::printf("seed %u (rerun with DATELINE_TEST_SEED=%u)\n", seed, seed);
  return seed;
}

int interrupt_with_sigterm(const std::vector<std::string>& argv, const std::filesystem::path& db,
                           const std::filesystem::path& ready, const std::function<void(int pid)>& while_running) {
  int status = 0;
  for (const int delay_ms : {400, 200, 100, 50, 25, 10, 0}) {
    std::filesystem::remove_all(db);
    const int pid = spawn_process(argv);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!std::filesystem::exists(ready) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (while_running) while_running(pid);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGTERM);
    status = wait_process(pid);
    if (status != 0) break;
  }
  return status;
}

void expect_check_clean(const std::filesystem::path& db) {
  if (!std::filesystem::exists("/usr/bin/xapian-check")) {
    return;
  }
  const auto check = run_process({"/usr/bin/xapian-check", db.string()});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

} // namespace dateline::test
