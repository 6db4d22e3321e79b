/** @file output.cpp
 *  @brief Text and JSON rendering of search results.
 */
#include "searcher/output.hpp"

#include "common/encoding.hpp"
#include "common/json.hpp"

#include <cerrno>
#include <cstring>
#include <cstdio>

namespace dateline::searcher {
namespace {

/// One line of article text that is safe on a terminal and shows what it says.
std::string safe_line(std::string_view text) { return neutralize_for_terminal(text); }

std::string highlighted(const Snippet& snippet, const HighlightStyle& style) {
  // Each piece is neutralised on its own: the highlight offsets index the
  // snippet as stored.
  const std::string_view text = snippet.text;
  std::string out;
  std::size_t at = 0;
  for (const auto& [begin, end] : snippet.highlights) {
    if (begin < at || end > text.size() || begin > end) continue;
    out += safe_line(text.substr(at, begin - at));
    out += style.open;
    out += safe_line(text.substr(begin, end - begin));
    out += style.close;
    at = end;
  }
  out += safe_line(text.substr(at));
  return out;
}

std::string format_seconds(double seconds) {
  char buffer[32];
  const int n = std::snprintf(buffer, sizeof buffer, "%.3f", seconds);
  return std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  append_json_string(out, name);
  out += ':';
  append_json_string(out, value);
}

/// Highlight byte ranges as [[begin,end],...].
void append_ranges(std::string& out, const std::vector<ByteRange>& ranges) {
  out += '[';
  for (std::size_t h = 0; h < ranges.size(); ++h) {
    if (h > 0) out += ',';
    out += "[" + std::to_string(ranges[h].first) + "," + std::to_string(ranges[h].second) + "]";
  }
  out += ']';
}

void append_explanation_json(std::string& out, const Explanation& e) {
  out += "{";
  append_field(out, "rewritten", e.rewritten);
  out += ',';
  append_field(out, "language", e.language);
  out += ",\"words\":[";
  for (std::size_t i = 0; i < e.words.size(); ++i) {
    if (i > 0) out += ',';
    out += '{';
    append_field(out, "term", e.words[i].term);
    out += ',';
    append_field(out, "stem", e.words[i].stem);
    out += std::string(",\"title\":") + (e.words[i].in_title ? "true" : "false");
    out += std::string(",\"excluded\":") + (e.words[i].excluded ? "true" : "false") + "}";
  }
  out += "],\"wildcards\":[";
  for (std::size_t i = 0; i < e.wildcards.size(); ++i) {
    if (i > 0) out += ',';
    out += '{';
    append_field(out, "pattern", e.wildcards[i].pattern);
    out += ",\"total\":" + std::to_string(e.wildcards[i].total) + ",\"expansions\":[";
    for (std::size_t k = 0; k < e.wildcards[i].expansions.size(); ++k) {
      if (k > 0) out += ',';
      append_json_string(out, e.wildcards[i].expansions[k]);
    }
    out += "]}";
  }
  out += "],\"dates\":[";
  for (std::size_t i = 0; i < e.dates.size(); ++i) {
    if (i > 0) out += ',';
    out += '{';
    append_field(out, "origin", e.dates[i].origin);
    out += ',';
    append_field(out, "first", e.dates[i].first);
    out += ',';
    append_field(out, "last", e.dates[i].last);
    out += '}';
  }
  out += "],\"synonyms\":[";
  for (std::size_t i = 0; i < e.synonyms.size(); ++i) {
    out += i > 0 ? ",[" : "[";
    for (std::size_t k = 0; k < e.synonyms[i].size(); ++k) {
      if (k > 0) out += ',';
      append_json_string(out, e.synonyms[i][k]);
    }
    out += ']';
  }
  out += ']';
  if (e.recency) {
    out += ",\"recency\":{\"half_life_days\":";
    append_json_number(out, e.recency->half_life_days);
    out += ",\"weight\":";
    append_json_number(out, e.recency->weight);
    out += ",\"max_text_score\":";
    append_json_number(out, e.recency->max_text_score);
    out += ",\"max_bonus\":";
    append_json_number(out, e.recency->max_bonus);
    out += ',';
    append_field(out, "now", e.recency->now);
    if (!e.recency->future_dates_up_to.empty()) {
      out += ',';
      append_field(out, "future_dates_up_to", e.recency->future_dates_up_to);
    }
    out += '}';
  }
  if (e.length_normalisation) {
    out += ",\"length_normalisation\":{\"b\":";
    append_json_number(out, e.length_normalisation->b);
    out += ',';
    append_field(out, "reason", e.length_normalisation->reason);
    out += '}';
  }
  if (e.shards) {
    out += ",\"shards\":{\"searched\":" + std::to_string(e.shards->searched) +
           ",\"total\":" + std::to_string(e.shards->total) + ',';
    append_field(out, "since", e.shards->since);
    out += ',';
    append_field(out, "until", e.shards->until);
    out += '}';
  }
  if (!e.like_terms.empty()) {
    out += ",\"like_terms\":[";
    for (std::size_t i = 0; i < e.like_terms.size(); ++i) {
      if (i > 0) out += ',';
      append_json_string(out, e.like_terms[i]);
    }
    out += ']';
  }
  out += '}';
}

/// What a result line says was searched: "for QUERY", "like PATH" or both.
std::string searched_for(const SearchResult& result) {
  if (result.like.empty()) return "for " + safe_line(result.query);
  std::string out = "like";
  for (std::size_t i = 0; i < result.like.size(); ++i) out += (i > 0 ? ", " : " ") + escape_for_terminal(result.like[i]);
  if (!result.query.empty()) out += " for " + safe_line(result.query);
  return out;
}

std::string format_score(double score) {
  char buffer[32];
  const int n = std::snprintf(buffer, sizeof buffer, "%.3f", score);
  return std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
}

} // namespace

HighlightStyle HighlightStyle::choose(ColorMode mode, bool is_terminal, const char* no_color, const char* term) {
  if (mode != ColorMode::automatic) return mode == ColorMode::always ? bold() : marker();
  const bool colour_allowed = (no_color == nullptr || no_color[0] == '\0') &&
                              (term == nullptr || std::string_view(term) != "dumb");
  return is_terminal && colour_allowed ? bold() : marker();
}

std::string render_explanation_text(const Explanation& e, const std::string& parsed) {
  std::string out = "Query parsed as: " + safe_line(parsed) + "\n";
  out += "Rewritten for the parser: " + safe_line(e.rewritten) + "\n";
  out += "Stemming: " + e.language + "\n";
  for (const Explanation::Word& word : e.words) {
    out += "  word " + safe_line(word.term);
    out += word.stem.empty() ? " (not stemmed)" : " stem " + safe_line(word.stem);
    if (word.in_title) out += " [title]";
    if (word.excluded) out += " [excluded]";
    out += '\n';
  }
  for (const Explanation::Wildcard& w : e.wildcards) {
    out += "  wildcard " + safe_line(w.pattern) + ": " + std::to_string(w.total) + " terms";
    if (!w.expansions.empty()) {
      out += ", searching";
      for (const std::string& term : w.expansions) out += " " + safe_line(term);
    }
    out += '\n';
  }
  for (const std::vector<std::string>& group : e.synonyms) {
    if (group.empty()) continue;
    out += "  synonyms of " + safe_line(group.front()) + ":";
    for (std::size_t k = 1; k < group.size(); ++k) out += (k > 1 ? ", " : " ") + safe_line(group[k]);
    out += '\n';
  }
  if (!e.like_terms.empty()) {
    out += "More like this, searching:";
    for (const std::string& term : e.like_terms) out += " " + safe_line(term);
    out += '\n';
  }
  if (e.recency) {
    out += "Recency: bonus " + format_score(e.recency->max_bonus) + " x 0.5^(age / " +
           format_score(e.recency->half_life_days) + " days), age counted from " + e.recency->now +
           "; " + format_score(e.recency->max_bonus) + " = weight " + format_score(e.recency->weight) +
           (e.recency->max_text_score > 0.0 ? " x highest possible text score " + format_score(e.recency->max_text_score)
                                            : std::string(" (the query has no text score)")) +
           "; undated articles get none\n";
    if (!e.recency->future_dates_up_to.empty()) {
      out += "Recency: " + e.recency->now + " is the newest article date not after today; articles dated after it (up to " +
             e.recency->future_dates_up_to + ") count as age 0 (--now sets the day)\n";
    }
  }
  if (e.length_normalisation) {
    out += "Length normalisation: BM25 b " + format_score(e.length_normalisation->b) + " (" +
           e.length_normalisation->reason + ")\n";
  }
  if (e.dates.empty()) out += "Dates: no restriction\n";
  for (const Explanation::DateRange& d : e.dates) {
    out += "Dates (" + safe_line(d.origin) + "): " + (d.first.empty() ? "open" : d.first) + " .. " +
           (d.last.empty() ? "open" : d.last) + " (both ends included)\n";
  }
  if (e.shards) {
    out += "Shards: searched " + std::to_string(e.shards->searched) + " of " + std::to_string(e.shards->total);
    if (e.shards->searched < e.shards->total) {
      out += " (date filter " + (e.shards->since.empty() ? std::string("open") : e.shards->since) + " .. " +
             (e.shards->until.empty() ? std::string("open") : e.shards->until) +
             ": the others hold no article in it)";
    }
    out += '\n';
  }
  return out + "\n";
}

namespace {

/// "+N similar: DATE, DATE (story ID)" for a hit standing for a story of
/// several copies (#11.1); at most k_similar_dates dates.
std::string similar_line(const Hit& hit) {
  constexpr std::size_t k_similar_dates = 5;
  std::string line = "+" + std::to_string(hit.duplicate_dates.size()) + " similar: ";
  for (std::size_t i = 0; i < hit.duplicate_dates.size() && i < k_similar_dates; ++i) {
    if (i > 0) line += ", ";
    line += hit.duplicate_dates[i].empty() ? std::string("undated") : hit.duplicate_dates[i];
  }
  if (hit.duplicate_dates.size() > k_similar_dates) line += ", ...";
  return line + " (--story " + hit.story + ")";
}

} // namespace

std::string render_text(const SearchResult& result, const HighlightStyle& style, const ChartStyle& chart) {
  std::string out;
  if (result.explanation) out += render_explanation_text(*result.explanation, result.parsed);
  const std::string query = searched_for(result);
  if (result.total_estimate == 0) {
    // Name the dates searched: an empty answer may be theirs, not the words'.
    std::string dates;
    if (result.since && result.until) {
      dates = " dated " + result.since->iso() + " to " + result.until->iso();
    } else if (result.since) {
      dates = " dated " + result.since->iso() + " or later";
    } else if (result.until) {
      dates = " dated " + result.until->iso() + " or earlier";
    }
    if (!dates.empty()) dates += " (--since/--until)";
    out += "No results " + query + dates + ", " + format_seconds(result.seconds) + " s\n";
  } else {
    // "N results" when counted, "About N" only for Xapian's estimate.
    out += (result.total_exact ? "" : "About ") + std::to_string(result.total_estimate) +
           (result.total_estimate == 1 ? " result" : " results") + " " + query + ", " +
           format_seconds(result.seconds) + " s\n";
  }
  if (result.suggestion) out += "Did you mean: " + safe_line(*result.suggestion) + "\n";
  if (result.total_estimate > 0 && result.hits.empty() && result.limit > 0) {
    out += "(no hits on this page: --offset " + std::to_string(result.offset) + " is past the end)\n";
  }
  if (result.timeline) out += "\n" + render_timeline_text(*result.timeline, chart);
  for (const Hit& hit : result.hits) {
    // The title's matches are highlighted as the snippets' are (ranges into the title without control characters).
    const std::string title = hit.title_highlights.empty()
                                  ? safe_line(hit.title)
                                  : highlighted(Snippet{strip_control_chars(hit.title), hit.title_highlights}, style);
    out += "\n" + std::to_string(hit.rank) + ". " + (hit.date.empty() ? std::string("undated") : hit.date) + "  " +
           title + "\n";
    out += "   " + escape_for_terminal(hit.path) + "\n";
    if (result.explanation && hit.recency) {
      out += "   score " + format_score(hit.score) + " = text " + format_score(hit.score - *hit.recency) +
             " + recency " + format_score(*hit.recency) + "\n";
    }
    for (const Snippet& snippet : hit.snippets) out += "   " + highlighted(snippet, style) + "\n";
    if (result.collapsed && !hit.duplicate_dates.empty()) out += "   " + similar_line(hit) + "\n";
  }
  return out;
}

std::string render_paths(const SearchResult& result, bool null_separated) {
  std::string out;
  for (const Hit& hit : result.hits) {
    // --null: the bytes as stored, for xargs -0; a path holds no NUL.
    if (null_separated) {
      out += hit.path;
      out += '\0';
    } else {
      out += escape_for_terminal(hit.path) + "\n";
    }
  }
  return out;
}

std::string render_json(const SearchResult& result) {
  std::string out = "{";
  append_field(out, "query", result.query);
  out += ',';
  append_field(out, "parsed", result.parsed);
  out += ",\"total_estimate\":" + std::to_string(result.total_estimate);
  out += std::string(",\"total_exact\":") + (result.total_exact ? "true" : "false");
  out += ",\"offset\":" + std::to_string(result.offset);
  out += ",\"limit\":" + std::to_string(result.limit);
  if (!result.like.empty()) {
    out += ",\"like\":[";
    for (std::size_t i = 0; i < result.like.size(); ++i) {
      if (i > 0) out += ',';
      append_json_string(out, result.like[i]);
    }
    out += ']';
  }
  out += ",\"hits\":[";
  for (std::size_t i = 0; i < result.hits.size(); ++i) {
    const Hit& hit = result.hits[i];
    if (i > 0) out += ',';
    out += "{\"rank\":" + std::to_string(hit.rank) + ",\"docid\":" + std::to_string(hit.docid) + ',';
    append_field(out, "path", hit.path);
    if (!is_valid_utf8(hit.path)) {
      // "path" had U+FFFD for the bytes that are not UTF-8: the exact bytes too.
      out += ',';
      append_field(out, "path_bytes", base64_encode(hit.path));
    }
    out += ",\"date\":";
    if (hit.date.empty()) {
      out += "null";
    } else {
      append_json_string(out, hit.date);
    }
    out += ',';
    append_field(out, "title", strip_control_chars(hit.title));
    if (hit.title_derived) out += ",\"title_derived\":true";
    out += ",\"title_highlights\":";
    append_ranges(out, hit.title_highlights);
    out += ",\"score\":";
    append_json_number(out, hit.score);
    if (hit.recency) {
      out += ",\"text_score\":";
      append_json_number(out, hit.score - *hit.recency);
      out += ",\"recency\":";
      append_json_number(out, *hit.recency);
    }
    out += ",\"snippets\":[";
    for (std::size_t k = 0; k < hit.snippets.size(); ++k) {
      if (k > 0) out += ',';
      out += '{';
      append_field(out, "text", hit.snippets[k].text);
      out += ",\"highlights\":";
      append_ranges(out, hit.snippets[k].highlights);
      out += "}";
    }
    out += "],\"story\":";
    if (hit.story.empty()) {
      out += "null";
    } else {
      append_json_string(out, hit.story);
    }
    out += ",\"duplicates\":" + std::to_string(hit.duplicate_dates.size()) + ",\"duplicate_dates\":[";
    for (std::size_t k = 0; k < hit.duplicate_dates.size(); ++k) {
      if (k > 0) out += ',';
      if (hit.duplicate_dates[k].empty()) {
        out += "null";
      } else {
        append_json_string(out, hit.duplicate_dates[k]);
      }
    }
    out += "]}";
  }
  out += "],\"suggestion\":";
  if (result.suggestion) {
    append_json_string(out, *result.suggestion);
  } else {
    out += "null";
  }
  if (result.timeline) append_timeline_json(out, *result.timeline);
  if (!result.notes.empty()) {  // pasted text read as words, wildcards cut
    out += ",\"notes\":[";
    for (std::size_t i = 0; i < result.notes.size(); ++i) {
      if (i > 0) out += ',';
      append_json_string(out, result.notes[i]);
    }
    out += "]";
  }
  if (!result.missing_shards.empty()) {  // #15.4 --allow-partial
    out += ",\"missing_shards\":[";
    for (std::size_t i = 0; i < result.missing_shards.size(); ++i) {
      if (i > 0) out += ',';
      append_json_string(out, result.missing_shards[i]);
    }
    out += "]";
  }
  if (result.explanation) {
    out += ",\"explain\":";
    append_explanation_json(out, *result.explanation);
  }
  out += "}";
  return out;
}

std::string render_json_error(std::string_view query, std::string_view message) {
  std::string out = "{";
  append_field(out, "query", query);
  out += ',';
  append_field(out, "error", message);
  return out + "}";
}

void OutputWriter::write(std::string_view text) {
  if (text.empty()) return;
  if (std::fwrite(text.data(), 1, text.size(), m_stream) != text.size()) {
    if (errno == EPIPE) throw OutputClosed();
    throw std::runtime_error(std::string("cannot write to standard output: ") + std::strerror(errno));
  }
}

void OutputWriter::flush() {
  if (std::fflush(m_stream) != 0) {
    if (errno == EPIPE) throw OutputClosed();
    throw std::runtime_error(std::string("cannot write to standard output: ") + std::strerror(errno));
  }
}

} // namespace dateline::searcher
