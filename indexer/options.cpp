/** @file options.cpp
 *  @brief Boost.Program_options parsing of dateline-index's command line.
 */
#include "indexer/options.hpp"
#include "indexer/option_declarations.hpp"

#include "common/choice_value.hpp"
#include "common/error.hpp"
#include "common/option_suggestion.hpp"
#include "common/text_analyzer.hpp"
#include "indexer/exit_codes.hpp"

#include <boost/program_options.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

namespace po = boost::program_options;

namespace dateline::indexer {

namespace {

/// Xapian's other spellings of a stemming language ("en"), accepted, not listed.
bool is_language_alias(std::string_view name) {
  return TextAnalyzer::is_known_language(std::string(name));
}

} // namespace

std::vector<OptionBlock> index_option_blocks() {
  // One block per group: --help, the man page and the completions show them
  // under these captions (docgen/); --help leaves out the advanced blocks.
  po::options_description database("Database");
  po::options_description files("What to index");
  po::options_description running("Running");
  po::options_description output("Output");
  po::options_description tuning("Tuning");  // --help-all only
  // clang-format off
  database.add_options()
    ("db", po::value<std::string>()->value_name("PATH"),
     "database directory (default: $DATELINE_DB, else ./dateline.db)")
    ("rebuild", "build the database afresh beside the old one and swap it in when complete "
     "(searches use the old one until then; an interrupted rebuild keeps it). Without DIR it rebuilds "
     "the recorded folders with the recorded options and language (a vanished or emptied one must be "
     "--forget'ed first); a DIR adds to them, as without --rebuild")
    ("forget", po::value<std::vector<std::string>>()->value_name("ROOT")->composing(),
     "remove a recorded root (one that has disappeared or been emptied, say) and its documents (repeatable)")
    ("synonyms", po::value<std::string>()->value_name("FILE"),
     "replace the database's synonym table with FILE's groups (one per line: 'usa, united states, america'; "
     "'#' comments); no reindex needed, the same file again changes nothing")
    ("shard-by", choices(k_shard_by_choices)->value_name("PERIOD"),
     "for a large archive: none (default), year or month: the database becomes a directory of one Xapian "
     "database per period plus a stub file that opens them as one (recorded; changing it needs --rebuild)")
    ("compact", "compact the database if it was written since its last compaction (with --shard-by: every "
     "shard written since, so closed periods are compacted once), beside it under its lock, then swap it in "
     "atomically; saved searches and the timeline's day map stay valid; index nothing")
    ("info", "describe the database: documents, dates, roots, options, size, last run; index nothing")
    ("json", "with --info: print it as JSON");
  files.add_options()
    ("include", po::value<std::vector<std::string>>()->value_name("GLOB")->composing(),
     "index files whose name matches GLOB (repeatable; default: *.txt); an extension glob (*.txt) matches "
     "in any case (STORY.TXT), other globs as written")
    ("exclude", po::value<std::vector<std::string>>()->value_name("GLOB")->composing(),
     "skip files and directories matching GLOB (repeatable; same rules)")
    ("follow", "follow symbolic links, but never outside the roots and never in a loop")
    ("max-depth", po::value<int>()->value_name("N"), "descend at most N directory levels (default: 256)")
    ("max-size", po::value<std::string>()->value_name("SIZE"),
     "skip files larger than SIZE, e.g. 512k, 16M, 1G (default: 16M)")
    ("undated", choices(k_undated_choices)->value_name("POLICY"),
     "files with no date: skip (default), mtime (use the file's date), index (no date)")
    ("language", choice_value(TextAnalyzer::known_languages(), is_language_alias)->value_name("LANG"),
     ("stemming language for a new database (default english): " +
      listed_choices(TextAnalyzer::known_languages()) +
      " (or Xapian's two-letter code, such as en or fr); an existing database keeps the language it was built with")
         .c_str())
    ("no-delete", "keep documents whose files have disappeared")
    ("allow-removal", "let a changed --include, --exclude, --max-size or --undated remove the documents it no "
     "longer admits (without it, such a run is refused with exit 2 and changes nothing)")
    ("retry-failed", "retry files that failed before even if they have not changed");

  running.add_options()
    ("jobs,j", po::value<unsigned>()->value_name("N"),
     "worker threads (default: hardware threads); a first build uses N parallel writers")
    ("if-locked", choices(k_if_locked_choices)->value_name("POLICY"),
     "if another indexer holds the database: fail (default: exit 75), wait:SECONDS (retry "
     "for up to SECONDS, then exit 75) or skip (exit 0; a note only on a terminal or with -v)")
    ("wait", po::value<double>()->value_name("SECONDS"), "same as --if-locked=wait:SECONDS")
    ("dry-run,n", "print what would be added, updated, renamed or deleted; write nothing");
  tuning.add_options()
    ("stem-terms", choices(k_stem_terms_choices)->value_name("WHICH"),
     "stem terms the documents written get: all (default: a Z term for every stemmed word) or differing "
     "(only where the stem differs from the word: a smaller index; searches find the same articles, "
     "ranked slightly differently; docs/index-schema.md)")
    ("dup-threshold", po::value<double>()->value_name("X"),
     "near-duplicate stories: articles whose estimated word-shingle similarity (0..1) is at least X "
     "are copies of one story (default: 0.4; the database keeps the rule it was grouped with)")
    ("dup-window", po::value<int>()->value_name("DAYS"),
     "near-duplicate stories: copies of one story are dated at most DAYS apart (default: 3), so "
     "template reports on other days stay apart; undated articles are judged on their text")
    ("commit-every", po::value<std::size_t>()->value_name("N"),
     "commit after every N changed documents (default: 1000)")
    ("shard-threshold", po::value<std::size_t>()->value_name("N"),
     "tuning: build an empty database with --jobs parallel shards when at least N files "
     "are to be indexed (default: 2000; 0: never)");
  output.add_options()
    ("summary-json", po::value<std::string>()->value_name("FILE"), "write the run's counts to FILE as JSON")
    ("verbose,v", "print each change and the closing summary even when not on a terminal")
    ("quiet,q", "print errors only (no warnings about skipped files or folders without articles; the exit code is unchanged)")
    ("help,h", "show this help: the everyday options")
    ("help-all", "show this help with every option, the tuning ones too")
    ("version", "show the versions of Dateline, Xapian and ICU");
  // clang-format on
  using enum OptionLevel;
  return {{database, everyday}, {files, everyday}, {running, everyday}, {output, everyday}, {tuning, advanced}};
}

po::options_description index_option_declarations() {
  return joined_options(index_option_blocks(), true);
}

namespace {

unsigned positive_count(const po::variables_map& vm, const char* name) {
  const auto value = vm[name].as<unsigned>();
  if (value == 0) {
    throw UsageError(std::string("--") + name + " must be at least 1");
  }
  return value;
}

constexpr double k_max_wait_seconds = 86400 * 7;

/// --if-locked=fail|skip|wait:SECONDS (k_if_locked_choices; the table refused any other form).
void parse_lock_policy(const std::string& text, IndexOptions& o) {
  if (!text.starts_with("wait:")) {
    o.if_locked = chosen(std::span<const Choice<LockPolicy>>(k_if_locked_choices), text, "--if-locked");
    return;
  }
  const std::string number = text.substr(5);
  char* end = nullptr;
  errno = 0;
  const double seconds = number.empty() ? -1 : std::strtod(number.c_str(), &end);
  if (number.empty() || errno != 0 || end == nullptr || *end != '\0' || !std::isfinite(seconds) || seconds < 0 ||
      seconds > k_max_wait_seconds) {
    throw UsageError("--if-locked: '" + text + "': SECONDS must be a number between 0 and 604800");
  }
  o.if_locked = LockPolicy::wait;
  o.wait_seconds = seconds;
}

} // namespace

std::uint64_t parse_size(const std::string& text, const std::string& option) {
  if (text.empty()) {
    throw UsageError(option + ": empty size");
  }
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
    ++digits;
  }
  if (digits == 0) {
    throw UsageError(option + ": '" + text + "' is not a size (examples: 1000, 512k, 16M, 1G)");
  }
  errno = 0;
  const unsigned long long number = std::strtoull(text.substr(0, digits).c_str(), nullptr, 10);
  if (errno == ERANGE) {
    throw UsageError(option + ": '" + text + "' is too large");
  }
  std::string suffix = text.substr(digits);
  std::uint64_t multiplier = 1;
  if (suffix == "" || suffix == "b" || suffix == "B") {
    multiplier = 1;
  } else if (suffix == "k" || suffix == "K" || suffix == "KiB") {
    multiplier = 1024ULL;
  } else if (suffix == "m" || suffix == "M" || suffix == "MiB") {
    multiplier = 1024ULL * 1024;
  } else if (suffix == "g" || suffix == "G" || suffix == "GiB") {
    multiplier = 1024ULL * 1024 * 1024;
  } else {
    throw UsageError(option + ": unknown size suffix '" + suffix + "' in '" + text + "' (use k, M or G)");
  }
  if (number > std::numeric_limits<std::uint64_t>::max() / multiplier) {
    throw UsageError(option + ": '" + text + "' is too large");
  }
  if (number == 0) {
    throw UsageError(option + " must be greater than 0");
  }
  return number * multiplier;
}

ParsedCommandLine parse_index_options(int argc, const char* const argv[], const ParseEnvironment& env) {
  po::options_description all = index_option_declarations();
  all.add_options()("roots", po::value<std::vector<std::string>>()->composing(), "directories");
  po::positional_options_description positional;
  positional.add("roots", -1);

  po::variables_map vm;
  try {
    // No abbreviations (Boost's allow_guessing took --inf for --info): a
    // script written against one would break once a new option shared its
    // start. The mistyped-option hint below names the option meant.
    po::store(po::command_line_parser(argc, argv)
                  .options(all)
                  .positional(positional)
                  .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                  .run(),
              vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    const po::options_description declared = index_option_declarations();  // not the hidden operand
    std::vector<std::string> names;
    for (const auto& option : declared.options()) names.push_back(option->long_name());
    const std::optional<std::string> meant = nearest_option(e.get_option_name(), names);
    throw UsageError(std::string(e.what()) + (meant ? ": did you mean " + *meant + "?" : std::string()) +
                     " (see dateline-index --help)");
  } catch (const po::invalid_command_line_syntax& e) {
    const std::string choice = missing_choice_error(all, e);  // "--shard-by=": name the values
    throw UsageError((choice.empty() ? std::string(e.what()) : choice) + " (see dateline-index --help)");
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see dateline-index --help)");
  }

  ParsedCommandLine parsed;
  parsed.show_help = vm.count("help") > 0 || vm.count("help-all") > 0;
  parsed.show_help_all = vm.count("help-all") > 0;
  parsed.show_version = vm.count("version") > 0;
  if (parsed.show_help || parsed.show_version) {
    return parsed;
  }

  IndexOptions& o = parsed.options;
  if (vm.count("db")) {
    o.db_path = vm["db"].as<std::string>();
  } else if (env.db_from_env && !env.db_from_env->empty()) {
    o.db_path = *env.db_from_env;
  } else {
    o.db_path = k_default_db;
  }
  if (o.db_path.empty()) {
    throw UsageError("--db: empty database path");
  }
  if (vm.count("roots")) {
    o.roots = vm["roots"].as<std::vector<std::string>>();
  }
  for (const auto& root : o.roots) {
    if (root.empty()) {
      throw UsageError("an empty string is not a directory to index");
    }
  }
  if (vm.count("include")) {
    o.includes = vm["include"].as<std::vector<std::string>>();
  }
  if (o.includes.empty()) {
    o.includes = {"*.txt"};
  }
  if (vm.count("exclude")) {
    o.excludes = vm["exclude"].as<std::vector<std::string>>();
  }
  for (const auto* list : {&o.includes, &o.excludes}) {
    for (const auto& glob : *list) {
      if (glob.empty()) {
        throw UsageError("--include/--exclude: empty pattern");
      }
    }
  }
  o.follow_symlinks = vm.count("follow") > 0;
  if (vm.count("max-depth")) {
    o.max_depth = vm["max-depth"].as<int>();
    if (o.max_depth < 0) {
      throw UsageError("--max-depth must be 0 or more");
    }
  }
  if (vm.count("max-size")) {
    o.max_size = parse_size(vm["max-size"].as<std::string>(), "--max-size");
  }
  if (vm.count("stem-terms")) {
    o.stems = chosen_value(vm, "stem-terms", k_stem_terms_choices);
  }
  if (vm.count("undated")) {
    o.undated = chosen_value(vm, "undated", k_undated_choices);
  }
  if (vm.count("language")) {
    o.language = vm["language"].as<std::string>();  // a known language: the table refused any other
  }
  o.jobs = vm.count("jobs") ? positive_count(vm, "jobs") : std::max(1U, env.hardware_threads);
  if (vm.count("commit-every")) {
    o.commit_every = vm["commit-every"].as<std::size_t>();
    if (o.commit_every == 0) {
      throw UsageError("--commit-every must be at least 1");
    }
  }
  if (vm.count("shard-threshold")) {
    o.shard_threshold = vm["shard-threshold"].as<std::size_t>();
  }
  if (vm.count("dup-threshold")) {
    const double threshold = vm["dup-threshold"].as<double>();
    if (!std::isfinite(threshold) || threshold <= 0 || threshold > 1) {
      throw UsageError("--dup-threshold must be a number above 0 and at most 1 (default: 0.4)");
    }
    o.dup_threshold = threshold;
  }
  if (vm.count("dup-window")) {
    const int days = vm["dup-window"].as<int>();
    if (days < 0 || days > 36500) {
      throw UsageError("--dup-window must be a number of days from 0 to 36500 (default: 3)");
    }
    o.dup_window = days;
  }
  if (vm.count("wait") && vm.count("if-locked")) {
    throw UsageError("--wait SECONDS is --if-locked=wait:SECONDS: give one of them");
  }
  if (vm.count("wait")) {
    const double seconds = vm["wait"].as<double>();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > k_max_wait_seconds) {
      throw UsageError("--wait must be a number of seconds between 0 and 604800");
    }
    o.if_locked = LockPolicy::wait;
    o.wait_seconds = seconds;
  }
  if (vm.count("if-locked")) {
    parse_lock_policy(vm["if-locked"].as<std::string>(), o);
  }
  if (vm.count("summary-json")) {
    o.summary_json = vm["summary-json"].as<std::string>();
    if (o.summary_json.empty()) {
      throw UsageError("--summary-json: empty file name");
    }
  }
  o.rebuild = vm.count("rebuild") > 0;
  o.no_delete = vm.count("no-delete") > 0;
  o.allow_removal = vm.count("allow-removal") > 0;
  o.dry_run = vm.count("dry-run") > 0;
  o.retry_failed = vm.count("retry-failed") > 0;
  o.verbose = vm.count("verbose") > 0;
  o.quiet = vm.count("quiet") > 0;
  if (o.verbose && o.quiet) {
    throw UsageError("--verbose and --quiet contradict each other");
  }
  if (o.dry_run && o.rebuild) {
    throw UsageError("--dry-run and --rebuild cannot be combined");
  }
  // What the database remembers (#9.9).
  for (const char* name : {"undated", "include", "exclude", "max-size", "follow", "max-depth"}) {
    if (vm.count(name)) o.given.insert(name);
  }
  if (vm.count("forget")) {
    o.forget = vm["forget"].as<std::vector<std::string>>();
    for (const auto& root : o.forget) {
      if (root.empty()) throw UsageError("--forget: empty path");
    }
  }
  if (vm.count("synonyms")) {
    o.synonyms = vm["synonyms"].as<std::string>();
    if (o.synonyms->empty()) throw UsageError("--synonyms: empty path");
  }
  if (vm.count("shard-by")) {
    o.shard_by = std::string(chosen_value(vm, "shard-by", k_shard_by_choices));
  }
  o.info = vm.count("info") > 0;
  o.json = vm.count("json") > 0;
  if (o.json && !o.info) {
    throw UsageError("--json goes with --info (for a run's counts as JSON, use --summary-json FILE)");
  }
  if (o.info && (!o.roots.empty() || !o.forget.empty() || o.rebuild || o.dry_run || o.synonyms)) {
    throw UsageError(
        "--info only describes the database: give no folder, --forget, --rebuild, --dry-run or --synonyms with it");
  }
  o.compact = vm.count("compact") > 0;
  if (o.compact && (o.info || !o.roots.empty() || !o.forget.empty() || o.rebuild || o.dry_run || o.synonyms ||
                    o.shard_by)) {
    throw UsageError("--compact only compacts the database: give no folder, --info, --forget, --rebuild, "
                     "--dry-run, --synonyms or --shard-by with it");
  }
  if (o.no_delete && !o.forget.empty()) {
    throw UsageError("--forget deletes the folder's documents; it cannot be combined with --no-delete");
  }
  return parsed;
}

std::string index_help_text(bool all) {
  const std::vector<OptionBlock> blocks = index_option_blocks();
  std::ostringstream out;
  out << "Usage: dateline-index [OPTIONS] [DIR...]\n"
         "       dateline-index --info [--json] [--db PATH]\n"
         "\n"
         "Indexes the dated articles (*.txt) under each DIR into a Xapian database.\n"
         "The database records its folders and the options that shape documents\n"
         "(--undated, --include, --exclude, --max-size, --follow, --max-depth):\n"
         "without a DIR the recorded folders are indexed again, and an option not\n"
         "given keeps its recorded value; a changed option takes effect on files\n"
         "already seen (one that would remove documents needs --allow-removal).\n"
         "A document is identified by its absolute path; when a recorded folder\n"
         "has disappeared (moved, or copied elsewhere and removed), files with the\n"
         "same content under an indexed folder take its documents over without\n"
         "re-analysis, and the rest are kept until --forget; so are those of a\n"
         "folder that holds no article file any more (an unmounted disk).\n"
         "\n"
         "The first run indexes everything; later runs only touch what changed: a\n"
         "file is re-read when its size, nanosecond mtime or inode differ from the\n"
         "stored ones (an older mtime counts too, as after cp -p or rsync -t), a\n"
         "renamed file is recognised by its content hash, and documents of deleted\n"
         "files are removed once the whole tree was walked (never for a directory\n"
         "that is only unreadable this time).\n"
         "\n"
      << joined_options(blocks, all)
      << "\n"
         "Examples:\n"
         "  dateline-index --db ~/news.db ~/archive         first run: index everything\n"
         "  dateline-index --db ~/news.db ~/archive         again: only what changed\n"
         "  */5 * * * * dateline-index --if-locked=skip --db ~/news.db\n"
         "        (crontab: the recorded folders; silent on success and while the previous\n"
         "        run still holds the lock)\n"
         "  dateline-index --db ~/news.db --forget /mnt/old-disk/archive   drop a vanished folder's documents\n"
         "  dateline-index --db ~/news.db --synonyms ~/synonyms.txt\n"
         "        (load or replace the synonym table; also with folders, and in the cron line;\n"
         "        an example file: share/doc/dateline/examples/synonyms-en-news.txt)\n"
         "  dateline-index --db ~/news.db --info                  documents, dates, folders, last run\n"
         "  dateline-index --dry-run --db ~/news.db ~/archive       show what would change\n"
         "  dateline-index --include '*.txt' --include '*.eml' --exclude drafts ~/archive\n"
         "  dateline-index --undated=mtime --summary-json /var/tmp/index.json ~/archive\n"
         "\n"
      << exit_codes_help("Exit codes", k_index_exit_codes);
  if (!all) out << '\n' << left_out_options_note(blocks, "dateline-index");
  return out.str();
}

} // namespace dateline::indexer
