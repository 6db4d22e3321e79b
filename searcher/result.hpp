/** @file result.hpp
 *  @brief What one search produced: the data the output module renders.
 */
#pragma once

#include "common/date.hpp"
#include "searcher/snippet.hpp"
#include "searcher/timeline.hpp"

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace dateline::searcher {

struct Hit {
  std::size_t rank = 0;           ///< 1-based, offset included
  Xapian::docid docid = 0;        ///< in the combined database
  std::string path;               ///< root/relative path as indexed
  std::string date;               ///< "YYYY-MM-DD" or "" when undated
  std::string title;
  /// The title was derived from the text (no headline; docs/index-schema.md,
  /// Derived titles): false also for documents written before it was recorded.
  bool title_derived = false;
  /// The query's matches in the title as printed (control characters removed:
  /// common/encoding strip_control_chars, JSON's "title"), byte ranges as a
  /// snippet's highlights; empty under --snippets 0.
  std::vector<ByteRange> title_highlights;
  double score = 0.0;             ///< Xapian weight (BM25 or --weighting's model; 0 for pure filters), recency bonus included
  /// --recency: the bonus within score (score - recency is the text score); absent without --recency.
  std::optional<double> recency;
  std::vector<Snippet> snippets;
  /// Near-duplicate stories (#11.1): the story's id ("" when the article has
  /// no words to compare), and the dates ("YYYY-MM-DD", "" undated) of the
  /// story's other copies in the database, oldest first.
  std::string story;
  std::vector<std::string> duplicate_dates;
};

/// --explain: how the query was understood.
struct Explanation {
  struct Word {
    std::string term;
    std::string stem;   ///< "" when not stemmed
    bool in_title = false;
    bool excluded = false;
  };
  struct Wildcard {
    std::string pattern;                  ///< e.g. "export*" or "title:export*"
    std::vector<std::string> expansions;  ///< the most frequent terms, as searched
    std::size_t total = 0;                ///< terms with this prefix (capped count)
  };
  struct DateRange {
    std::string origin;  ///< "--since/--until" or "date:..." as written in the query
    std::string first;   ///< "YYYY-MM-DD" or "" when open
    std::string last;
  };
  std::string rewritten;  ///< the text given to Xapian::QueryParser
  std::vector<Word> words;
  std::vector<Wildcard> wildcards;
  std::vector<DateRange> dates;
  /// Synonym expansions (#12.2): per expanded word or words, what was typed
  /// first, then the synonyms searched with it ("\"a b\"" for a phrase).
  std::vector<std::vector<std::string>> synonyms;
  std::string language;   ///< stemming language from the database
  /// --recency (#11.2): how the bonus was computed.
  struct Recency {
    double half_life_days = 0.0;
    double weight = 0.0;     ///< --recency-weight: a fraction of max_text_score
    double max_text_score = 0.0;  ///< the query's highest possible text score (0: only filters)
    double max_bonus = 0.0;  ///< the bonus at age 0: weight * max_text_score (weight when that is 0)
    std::string now;  ///< "YYYY-MM-DD": age 0
    /// "YYYY-MM-DD": the newest article date, when it is after today and the
    /// default now passed over it (those articles count as age 0); "" otherwise.
    std::string future_dates_up_to = {};
  };
  std::optional<Recency> recency;
  /// --specific-bm25-b (#13.1): the BM25 b this query was ranked with, and why.
  struct LengthNormalisation {
    double b = 0.0;
    std::string reason;
  };
  std::optional<LengthNormalisation> length_normalisation;
  /// --like (#11.3): the expansion terms searched, best first.
  std::vector<std::string> like_terms;
  /// A time-sharded archive (#15.3): how many of its shards were searched;
  /// the others hold no article within the dates (--since/--until and the
  /// query's certain date: restriction; "" = open end).
  struct Shards {
    std::size_t searched = 0;
    std::size_t total = 0;
    std::string since;
    std::string until;
  };
  std::optional<Shards> shards;
};

struct SearchResult {
  std::string query;             ///< the user's query, cleaned
  std::string parsed;            ///< Xapian::Query::get_description()
  std::size_t total_estimate = 0;  ///< number of matching articles (exact when total_exact)
  bool total_exact = false;        ///< total_estimate is a count, not Xapian's estimate
  std::size_t offset = 0;
  std::size_t limit = 0;
  std::vector<Hit> hits;
  std::optional<std::string> suggestion;  ///< "Did you mean" query, when one helps
  double seconds = 0.0;
  std::optional<Explanation> explanation;
  std::optional<Timeline> timeline;  ///< --timeline: every match counted per period
  std::vector<std::string> like;     ///< --like: the given articles' paths (excluded from the hits)
  std::vector<std::string> missing_shards;  ///< remote shards left out (--allow-partial), "host:port"
  /// What was searched otherwise than typed, one line each (also on stderr as
  /// "note: ..."): pasted text read as plain words (RewrittenQuery::notes), a
  /// wildcard whose expansion was cut to its most frequent words.
  std::vector<std::string> notes;
  /// One hit per near-duplicate story (#11.1); the counts then count stories.
  bool collapsed = false;
  /// --since/--until as given (named by the text "No results" line).
  std::optional<Date> since;
  std::optional<Date> until;
};

} // namespace dateline::searcher
