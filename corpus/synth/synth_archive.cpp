/** @file synth_archive.cpp
 *  @brief dateline-synth-archive N OUT: writes N synthetic dated articles,
 *  statistically like the public news corpora, for scale tests and
 *  benchmarks (docs/synth-archive.md). Deterministic for a seed, whatever
 *  the number of threads.
 */
#include "corpus/synth/generate.hpp"
#include "corpus/synth/model.hpp"

#include <boost/program_options.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

namespace fs = std::filesystem;
namespace po = boost::program_options;
using namespace dateline::synth;

namespace {

constexpr int k_usage = 2;
constexpr int k_failure = 1;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void write_whole(const fs::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(path.string() + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      throw std::runtime_error(path.string() + ": " + std::strerror(error));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) throw std::runtime_error(path.string() + ": " + std::strerror(errno));
}

struct Counts {
  std::atomic<std::uint64_t> copies{0}, chinese{0}, bytes{0};
};

int run(int argc, char** argv) {
  po::options_description visible(
      "Usage: dateline-synth-archive [options] N OUT\n"
      "Writes N synthetic dated articles into the new folder OUT as OUT/YYYY/MM/DD/ID.txt, in\n"
      "Dateline's seed format, learned from the public corpora (Reuters-21578, BBC, xwlb), plus\n"
      "OUT/synth-manifest.tsv listing each wire copy and its source. The same seed and corpora\n"
      "give the same archive on any number of threads. See docs/synth-archive.md.\n\nOptions");
  // clang-format off
  visible.add_options()
    ("corpora", po::value<std::string>()->value_name("DIR"),
     "folder holding reuters21578/, bbc/ and xwlb/ (default: ../shared/corpora beside the checkout)")
    ("seed", po::value<std::uint64_t>()->value_name("S")->default_value(1), "random seed")
    ("jobs,j", po::value<unsigned>()->value_name("N"), "threads (default: the number of cores)")
    ("duplicates", po::value<double>()->value_name("SHARE")->default_value(0.03, "0.03"),
     "share of articles that are wire copies of one of the 40 articles before them")
    ("chinese", po::value<double>()->value_name("SHARE")->default_value(0.02, "0.02"),
     "share of articles in Chinese (needs xwlb/)")
    ("novel-names", po::value<double>()->value_name("SHARE")->default_value(0.05, "0.05"),
     "share of capitalised body words replaced by a new, never-seen name (vocabulary growth)")
    ("from-year", po::value<int>()->value_name("YEAR")->default_value(1980), "first year of the dates")
    ("to-year", po::value<int>()->value_name("YEAR")->default_value(2025),
     "last year; each year has more articles than the one before (10x from first to last)")
    ("help,h", "show this help");
  // clang-format on
  po::options_description all;
  all.add(visible).add_options()("count", po::value<std::string>())("out", po::value<std::string>());
  po::positional_options_description positional;
  positional.add("count", 1).add("out", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  if (vm.count("help")) {
    std::cout << visible << '\n';
    return 0;
  }
  if (!vm.count("count") || !vm.count("out")) throw UsageError("needs N and OUT (try --help)");
  const std::string count_text = vm["count"].as<std::string>();
  if (count_text.empty() || count_text.find_first_not_of("0123456789") != std::string::npos ||
      count_text.size() > 10) {
    throw UsageError("N: '" + count_text + "' is not a whole number up to 9999999999");
  }
  const std::uint64_t count = std::stoull(count_text);
  const fs::path out = vm["out"].as<std::string>();
  Settings settings;
  settings.seed = vm["seed"].as<std::uint64_t>();
  settings.duplicate_share = vm["duplicates"].as<double>();
  settings.chinese_share = vm["chinese"].as<double>();
  settings.novel_name_share = vm["novel-names"].as<double>();
  settings.first_year = vm["from-year"].as<int>();
  settings.last_year = vm["to-year"].as<int>();
  if (!(settings.duplicate_share >= 0 && settings.duplicate_share <= 1) ||
      !(settings.chinese_share >= 0 && settings.chinese_share <= 1) ||
      !(settings.novel_name_share >= 0 && settings.novel_name_share <= 1)) {
    throw UsageError("--duplicates, --chinese and --novel-names take a share from 0 to 1");
  }
  if (settings.first_year < 1 || settings.last_year > 9999 || settings.first_year > settings.last_year) {
    throw UsageError("--from-year/--to-year: need 1 <= from <= to <= 9999");
  }
  std::error_code ec;
  if (fs::exists(fs::symlink_status(out, ec)) && !(fs::is_directory(fs::symlink_status(out, ec)) && fs::is_empty(out, ec))) {
    throw UsageError(out.string() + ": exists and is not an empty folder (never written over)");
  }
  fs::path corpora = vm.count("corpora") ? fs::path(vm["corpora"].as<std::string>()) : fs::path("../shared/corpora");
  const unsigned jobs =
      vm.count("jobs") ? std::max(1U, vm["jobs"].as<unsigned>()) : std::max(1U, std::thread::hardware_concurrency());

  const auto started = std::chrono::steady_clock::now();
  const Model model = learn(corpora);
  const double learned = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fs::create_directories(out);
  const int width = std::max<int>(7, static_cast<int>(std::to_string(count ? count - 1 : 0).size()));

  Counts counts;
  std::vector<std::vector<std::string>> manifests(jobs);
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < jobs; ++t) {
    threads.emplace_back([&, t] {
      try {
        std::unordered_set<std::string> made;
        for (std::uint64_t i = t; i < count; i += jobs) {
          const Article article = generate(model, settings, i);
          const std::string relative = relative_path(article, i, width);
          const std::string folder = relative.substr(0, relative.rfind('/'));
          if (made.insert(folder).second) fs::create_directories(out / folder);
          const std::string text = render(article);
          write_whole(out / relative, text);
          counts.bytes += text.size();
          if (article.chinese) ++counts.chinese;
          if (article.copy != CopyKind::none) {
            ++counts.copies;
            const Article source = generate(model, settings, article.copy_of);
            manifests[t].push_back(relative + '\t' + relative_path(source, article.copy_of, width) + '\t' +
                                   copy_kind_name(article.copy));
          }
        }
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);

  std::vector<std::string> lines;
  for (auto& part : manifests) lines.insert(lines.end(), part.begin(), part.end());
  std::sort(lines.begin(), lines.end());
  std::ofstream manifest(out / "synth-manifest.tsv");
  manifest << "# copy\tsource\tkind (seed " << settings.seed << ", " << count << " articles)\n";
  for (const auto& line : lines) manifest << line << '\n';
  manifest.close();
  if (!manifest) throw std::runtime_error((out / "synth-manifest.tsv").string() + ": write failed");

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << "dateline-synth-archive: " << count << " articles (" << counts.copies << " wire copies, "
            << counts.chinese << " Chinese, " << counts.bytes / 1048576 << " MiB) in " << out.string() << "; "
            << model.english.stories << " English and " << model.chinese.stories
            << " Chinese stories learned in " << static_cast<int>(learned * 10) / 10.0 << " s, total "
            << static_cast<int>(seconds * 10) / 10.0 << " s\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "dateline-synth-archive: " << e.what() << '\n';
    return k_usage;
  } catch (const std::exception& e) {
    std::cerr << "dateline-synth-archive: " << e.what() << '\n';
    return k_failure;
  }
}
