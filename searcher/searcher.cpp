/** @file searcher.cpp
 *  @brief Database opening and checks, matching, hits, snippets, spelling, explain.
 */
#include "searcher/searcher.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <unistd.h>

namespace dateline::searcher {
namespace {

/// Why @p path cannot be a glass database, found by looking at it: throws a
/// DatabaseError naming the cause, or returns when nothing looks wrong (then
/// Xapian's own message is the best there is). Run only after opening failed,
/// so a search costs no extra system calls.
void explain_unopenable(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw DatabaseError("database '" + path + "' does not exist (build it with dateline-index, or pass --db)");
  }
  if (!std::filesystem::is_directory(status)) {
    throw DatabaseError("database '" + path + "' is not a directory (only glass database directories are opened)");
  }
  if (::access(path.c_str(), R_OK | X_OK) != 0) {
    throw DatabaseError("database '" + path + "' is not readable: " + std::strerror(errno));
  }
  const std::string version_file = path + "/iamglass";
  if (::access(version_file.c_str(), F_OK) != 0) {
    const bool empty = std::filesystem::is_empty(path, ec);
    throw DatabaseError("database '" + path + "' is " +
                        (empty && !ec ? "an empty directory" : "a directory without a Xapian glass database (no iamglass)") +
                        ", not a Dateline database (build one with dateline-index --db " + path + ")");
  }
  if (::access(version_file.c_str(), R_OK) != 0) {
    // Xapian would report a permission problem as "couldn't detect type".
    throw DatabaseError("database '" + path + "' is not readable: " + version_file + ": " + std::strerror(errno));
  }
}

/// Opens @p path as a glass database and checks it is a Dateline database of
/// our schema version; returns its stemming language.
std::string open_one(const std::string& path, Xapian::Database& combined) {
  Xapian::Database db;
  try {
    db = Xapian::Database(path, Xapian::DB_BACKEND_GLASS);
  } catch (const Xapian::DatabaseCorruptError& e) {
    throw DatabaseError("database '" + path + "' is corrupt: " + e.get_description() +
                        " (check it with xapian-check; rebuild it with dateline-index --rebuild)");
  } catch (const Xapian::Error& e) {
    explain_unopenable(path);
    throw DatabaseError("database '" + path + "' cannot be opened: " + e.get_description() +
                        " (damaged or unreadable; check it with xapian-check, rebuild it with dateline-index --rebuild)");
  }
  std::string version;
  std::string language;
  try {
    version = db.get_metadata(std::string(schema::k_meta_schema_version));
    language = db.get_metadata(std::string(schema::k_meta_language));
  } catch (const Xapian::Error& e) {
    throw DatabaseError("cannot read database '" + path + "': " + e.get_msg());
  }
  if (version.empty()) {
    throw DatabaseError("database '" + path + "' is not a Dateline database (it has no schema version)");
  }
  if (version != std::to_string(schema::k_schema_version)) {
    throw DatabaseError("database '" + path + "' has schema version " + version + "; this dateline-search reads version " +
                        std::to_string(schema::k_schema_version) + " (re-index it with a matching dateline-index)");
  }
  if (language.empty()) language = "none";
  if (!TextAnalyzer::is_known_language(language)) {
    throw DatabaseError("database '" + path + "' names an unknown stemming language '" + language + "'");
  }
  combined.add_database(db);
  return language;
}

std::string open_all(const std::vector<std::string>& paths, Xapian::Database& combined) {
  if (paths.empty()) throw UsageError("no database given");
  std::string language;
  for (const std::string& path : paths) {
    const std::string db_language = open_one(path, combined);
    if (language.empty()) {
      language = db_language;
    } else if (language != db_language) {
      throw DatabaseError("databases use different stemming languages ('" + language + "' and '" + db_language +
                          "' in '" + path + "'); search them separately");
    }
  }
  return language;
}

/// Sort key: the date value, with undated articles last in both orders.
class DateKeyMaker : public Xapian::KeyMaker {
public:
  explicit DateKeyMaker(bool newest_first) : m_newest_first(newest_first) {}
  std::string operator()(const Xapian::Document& doc) const override {
    std::string date = doc.get_value(schema::k_slot_date);
    if (date.empty()) return m_newest_first ? std::string() : std::string("\xFF");
    return date;
  }

private:
  bool m_newest_first;
};

std::string iso_or_empty(const std::optional<Date>& date) { return date ? date->iso() : std::string(); }

/// @p root / @p relative as std::filesystem::path's operator/ joins them
/// (an absolute @p relative replaces the root), without building paths.
std::string join_path(const std::string& root, const std::string& relative) {
  if (root.empty() || relative.starts_with('/')) return relative;
  if (relative.empty()) return root.ends_with('/') ? root : root + '/';
  return root.ends_with('/') ? root + relative : root + '/' + relative;
}

} // namespace

SearchRequest make_request(const SearchOptions& options, const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.mode = options.mode;
  request.sort = options.sort;
  request.offset = options.offset;
  request.limit = options.limit;
  request.since = options.since;
  request.until = options.until;
  request.snippets = options.snippets;
  request.snippet_chars = options.snippet_chars;
  request.count_only = options.count_only;
  request.explain = options.explain;
  return request;
}

Searcher::Searcher(const std::vector<std::string>& paths)
    : m_paths(paths),
      m_language(open_all(paths, m_db)),
      m_analyzer(m_language),
      m_builder(m_language),
      m_rewriter(m_analyzer) {}

Searcher::~Searcher() = default;

SearchResult Searcher::search(const SearchRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  const RewrittenQuery rewritten = m_rewriter.rewrite(request.query);
  for (int attempt = 1;; ++attempt) {
    try {
      SearchResult result = search_once(request, rewritten);
      result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return result;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= k_max_reopen_attempts) {
        throw DatabaseError("the database kept changing while searching (" + std::to_string(attempt) +
                            " attempts): " + e.get_msg());
      }
      m_db.reopen();
    }
  }
}

SearchResult Searcher::search_once(const SearchRequest& request, const RewrittenQuery& rewritten) {
  BuildOptions build;
  build.mode = request.mode;
  build.since = request.since;
  build.until = request.until;
  const Xapian::Query query = m_builder.build(rewritten, build, m_db);

  SearchResult result;
  result.query = rewritten.cleaned;
  result.parsed = query.get_description();
  result.offset = request.offset;
  result.limit = request.limit;

  Xapian::Enquire enquire(m_db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(
      Xapian::BM25Weight(m_bm25.k1, m_bm25.k2, m_bm25.k3, m_bm25.b, m_bm25.min_normlen));
  DateKeyMaker newest(true);
  DateKeyMaker oldest(false);
  if (request.sort == SortOrder::newest) enquire.set_sort_by_key_then_relevance(&newest, true);
  if (request.sort == SortOrder::oldest) enquire.set_sort_by_key_then_relevance(&oldest, false);

  if (request.count_only) {
    const Xapian::MSet all = enquire.get_mset(0, 0, m_db.get_doccount());
    result.total_estimate = all.get_matches_estimated();
    result.limit = 0;
    return result;
  }

  const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                             static_cast<Xapian::doccount>(request.limit),
                                             static_cast<Xapian::doccount>(request.offset + request.limit + 1));
  result.total_estimate = mset.get_matches_estimated();
  // A wildcard highlights the terms it expanded to, not every word with its prefix.
  const HighlightTerms terms =
      request.snippets > 0
          ? collect_highlight_terms(query, rewritten, [this](const QueryWord& word) { return wildcard_expansion(m_db, word); })
          : HighlightTerms{};
  SnippetOptions snippet_options;
  snippet_options.fragments = request.snippets;
  snippet_options.max_chars = request.snippet_chars;
  std::size_t rank = request.offset;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    const schema::DocumentData data = schema::DocumentData::parse(doc.get_data());
    Hit hit;
    hit.rank = ++rank;
    hit.docid = *it;
    hit.path = join_path(data.root, data.path);
    // The date from the document data (no value-stream lookup); documents
    // indexed before it was stored there have it in the date slot only.
    hit.date = !data.date.empty() ? data.date : schema::iso_date_from_value(doc.get_value(schema::k_slot_date));
    hit.title = data.title;
    hit.score = it.get_weight();
    if (request.snippets > 0) hit.snippets = make_snippets(data.text, terms, m_analyzer, snippet_options);
    result.hits.push_back(std::move(hit));
  }
  if (request.suggest && (request.explain || result.total_estimate < 10)) result.suggestion = suggest(rewritten);
  if (request.explain) {
    result.explanation = explain(request, rewritten);
  }
  return result;
}

std::optional<std::string> Searcher::suggest(const RewrittenQuery& rewritten) const {
  // Replace each rare word by a much more frequent spelling, right to left so
  // earlier byte spans stay valid.
  std::string suggestion = rewritten.cleaned;
  bool changed = false;
  for (auto it = rewritten.words.rbegin(); it != rewritten.words.rend(); ++it) {
    const QueryWord& word = *it;
    if (word.excluded || word.wildcard || word.term.size() < 3) continue;
    const Xapian::doccount frequency = m_db.get_termfreq(word.term);
    if (frequency > 2) continue;
    const std::string better = m_db.get_spelling_suggestion(word.term, 2);
    if (better.empty() || better == word.term) continue;
    // An absent word takes any known spelling; a rare one only a far more frequent one.
    const Xapian::doccount better_frequency = m_db.get_termfreq(better);
    if (better_frequency == 0 || (frequency > 0 && better_frequency < 10 * frequency)) continue;
    suggestion.replace(word.begin, word.end - word.begin, better);
    changed = true;
  }
  if (!changed) return std::nullopt;
  return suggestion;
}

Explanation Searcher::explain(const SearchRequest& request, const RewrittenQuery& rewritten) const {
  Explanation e;
  e.rewritten = rewritten.text;
  e.language = m_language;
  for (const QueryWord& word : rewritten.words) {
    e.words.push_back({word.term, word.stem, word.in_title, word.excluded});
    if (!word.wildcard) continue;
    Explanation::Wildcard w;
    const std::string prefix = (word.in_title ? std::string(schema::k_prefix_title) : std::string()) + word.term;
    w.pattern = (word.in_title ? std::string(schema::k_field_title) + ":" : std::string()) + word.term + "*";
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    for (auto t = m_db.allterms_begin(prefix); t != m_db.allterms_end(prefix) && w.total < 100000; ++t) {
      ++w.total;
      found.emplace_back(t.get_termfreq(), *t);
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (std::size_t k = 0; k < found.size() && k < k_max_wildcard_expansion; ++k) {
      w.expansions.push_back(found[k].second);
    }
    e.wildcards.push_back(std::move(w));
  }
  if (request.since || request.until) {
    e.dates.push_back({"--since/--until", iso_or_empty(request.since), iso_or_empty(request.until)});
  }
  for (const DateBounds& bounds : rewritten.dates) {
    e.dates.push_back({"date:", iso_or_empty(bounds.first), iso_or_empty(bounds.last)});
  }
  return e;
}

} // namespace dateline::searcher
