/** @file query_builder.cpp
 *  @brief QueryParser configuration, the date range processor, natural ranking.
 */
#include "searcher/query_builder.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"
#include "searcher/stem_terms.hpp"

#include <algorithm>
#include <iterator>
#include <memory>

namespace dateline::searcher {
namespace {

bool is_compact_date(const std::string& text) {
  return text.size() == 8 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<Date> to_date(const std::string& compact) {
  if (compact.empty()) return std::nullopt;
  const Date date{std::stoi(compact.substr(0, 4)), std::stoi(compact.substr(4, 2)), std::stoi(compact.substr(6, 2))};
  if (!is_valid_date(date.year, date.month, date.day)) return std::nullopt;
  return date;
}

/// Reads the "date:FIRST..LAST" ranges the rewriter emits (8-digit ends, either open).
class DateRangeProcessor : public Xapian::RangeProcessor {
public:
  DateRangeProcessor() : Xapian::RangeProcessor(schema::k_slot_date, std::string(schema::k_field_date) + ":") {}

  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    if ((!begin.empty() && !is_compact_date(begin)) || (!end.empty() && !is_compact_date(end))) {
      return Xapian::Query(Xapian::Query::OP_INVALID);
    }
    const std::optional<Date> first = to_date(begin);
    const std::optional<Date> last = to_date(end);
    if ((!begin.empty() && !first) || (!end.empty() && !last) || (first && last && *last < *first)) {
      return Xapian::Query(Xapian::Query::OP_INVALID);
    }
    return date_range_query(first, last);
  }
};

Xapian::Query phrase_or_term(std::vector<std::string>::const_iterator begin,
                             std::vector<std::string>::const_iterator end) {
  const auto n = static_cast<Xapian::termcount>(end - begin);
  if (n == 1) return Xapian::Query(*begin);
  return Xapian::Query(Xapian::Query::OP_PHRASE, begin, end, n);
}

/// A CJK group (#13.3, TermSpec 'c'): its words (a phrase), weighted by
/// k_cjk_word_weight, OR its bigram reading (every part: a bigram phrase, a
/// word or a phrase of words, with @p edges its edge parts and with @p joins
/// its join parts). A
/// whole-word query matches both and ranks by its words; a fragment that
/// starts or ends inside a word matches on bigrams.
Xapian::Query cjk_group_query(const TermSpec& spec, bool edges, bool joins) {
  const std::vector<std::string>& terms = spec.terms;
  const auto words_end = terms.begin() + spec.window;
  const Xapian::Query words(Xapian::Query::OP_SCALE_WEIGHT, phrase_or_term(terms.begin(), words_end),
                            k_cjk_word_weight);
  std::vector<Xapian::Query> parts;
  std::vector<std::vector<std::string>> kept;  // the terms of each part kept
  for (auto part = words_end; part != terms.end();) {
    const auto first = part + 1;  // after the separator
    auto last = first;
    while (last != terms.end() && *last != k_fragment_part) ++last;
    std::vector<std::string> part_terms(first, last);
    if ((edges || !is_edge_part(part_terms)) && (joins || !is_join_part(part_terms))) {
      parts.push_back(phrase_or_term(first, last));
      kept.push_back(std::move(part_terms));
    }
    part = last;
  }
  // Nothing but one edge part left (a database without join terms): too
  // little to go on, as the rewriter decides for a group without joins.
  const bool only_edges = std::all_of(kept.begin(), kept.end(), [](const std::vector<std::string>& p) {
    return is_edge_part(p);
  });
  if (parts.empty() || (only_edges && parts.size() < 2)) return words;
  const Xapian::Query bigrams =
      parts.size() == 1 ? parts.front() : Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
  return Xapian::Query(Xapian::Query::OP_OR, words, bigrams);
}

/// A long CJK group read graded (session 16, TermSpec 'g'): every term of
/// its bigram reading that the database can hold (the parts
/// cjk_group_query keeps), once each, ORed, as Lucene's and Elasticsearch's
/// `cjk` analyzers score bigrams, with the exact reading @p exact
/// (cjk_group_query) as a boost: an article holding the group verbatim adds
/// its weight, one holding most of it (a character changed, a clause left
/// out) is still found, ranked by how much of it it holds.
Xapian::Query cjk_graded_query(const TermSpec& spec, const Xapian::Query& exact, bool edges, bool joins) {
  std::vector<std::string> terms;
  for (auto part = spec.terms.begin() + spec.window; part != spec.terms.end();) {
    const auto first = part + 1;  // after the separator
    auto last = first;
    while (last != spec.terms.end() && *last != k_fragment_part) ++last;
    const std::vector<std::string> part_terms(first, last);
    if ((edges || !is_edge_part(part_terms)) && (joins || !is_join_part(part_terms))) {
      for (const std::string& term : part_terms) {
        if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
      }
    }
    part = last;
  }
  if (terms.empty()) return exact;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                       exact);
}

/// Builds the query for a "dlterm:SPEC" that QueryRewriter writes for terms
/// QueryParser cannot read back (see encode_term_spec).
class TermSpecProcessor : public Xapian::FieldProcessor {
public:
  /// @p edges: the database holds CJK edge terms (cjk_edge_terms_indexed);
  /// @p joins: join terms (cjk_join_terms_indexed); @p graded: the parser
  /// ORs the query's items, so a 'g' group is read graded (else exactly,
  /// as a 'c' group: the all-words query and MatchMode::all).
  TermSpecProcessor(bool edges, bool joins, bool graded) : m_edges(edges), m_joins(joins), m_graded(graded) {}

  Xapian::Query operator()(const std::string& value) override {
    const std::optional<TermSpec> spec = decode_term_spec(value);
    if (!spec) throw Xapian::QueryParserError("internal error: malformed term spec");
    const std::vector<std::string>& terms = spec->terms;
    switch (spec->kind) {
      case 't':
        return Xapian::Query(terms.front());
      case 'w':
        return Xapian::Query(Xapian::Query::OP_WILDCARD, terms.front(), k_max_wildcard_expansion,
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
      case 'p':
        return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                             static_cast<Xapian::termcount>(terms.size()));
      case 'n':
        return Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(), spec->window);
      case 'c':
        return cjk_group_query(*spec, m_edges, m_joins);
      case 'g': {
        Xapian::Query exact = cjk_group_query(*spec, m_edges, m_joins);
        return m_graded ? cjk_graded_query(*spec, exact, m_edges, m_joins) : exact;
      }
      default:  // 'a': in order within the window, as QueryParser builds ADJ
        return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), spec->window);
    }
  }

private:
  bool m_edges;
  bool m_joins;
  bool m_graded;
};

} // namespace

Xapian::Query date_range_query(const std::optional<Date>& first, const std::optional<Date>& last) {
  const auto slot = schema::k_slot_date;
  if (!first && !last) return Xapian::Query::MatchAll;
  if (!first) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, last->compact());
  if (!last) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, first->compact());
  if (*first == *last) return Xapian::Query(std::string(schema::k_prefix_date) + first->compact());
  if (first->year == last->year && first->day == 1) {
    if (first->month == 1 && last->month == 12 && last->day == 31) {
      return Xapian::Query(std::string(schema::k_prefix_year) + first->compact().substr(0, 4));
    }
    if (first->month == last->month && last->day == days_in_month(last->year, last->month)) {
      return Xapian::Query(std::string(schema::k_prefix_month) + first->compact().substr(0, 6));
    }
  }
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, first->compact(), last->compact());
}

namespace {

// Lucene's English set minus "it", "no", "not", "will" (meaningful in news),
// plus common question and pronoun words so pasted questions still work.
// Sorted (byte order) for binary search.
constexpr std::string_view k_english_stop_words[] = {
    "a",    "about", "an",    "and",   "are",   "as",    "at",   "be",    "been", "but",  "by",
    "did",  "do",    "does",  "for",   "from",  "had",   "has",  "have",  "he",   "her",  "his",
    "how",  "i",     "if",    "in",    "into",  "is",    "its",  "of",    "on",   "or",   "she",
    "such", "that",  "the",   "their", "then",  "there", "these", "they", "this", "to",   "was",
    "we",   "were",  "what",  "when",  "where", "which", "why",  "with",  "would", "you", "your"};

/// QueryParser's stopper over the static list: nothing to build per process
/// (Xapian::SimpleStopper copies every word into a std::set).
class EnglishStopper final : public Xapian::Stopper {
public:
  bool operator()(const std::string& term) const override {
    return std::binary_search(std::begin(k_english_stop_words), std::end(k_english_stop_words), std::string_view(term));
  }
};

} // namespace

std::span<const std::string_view> english_stop_words() {
  return k_english_stop_words;
}

struct QueryBuilder::Impl {
  std::string language;
  EnglishStopper stopper;
  bool use_stopper = false;
  DateRangeProcessor date_processor;
  /// By [edges][joins]: what the database holds of the CJK edge and join
  /// terms; [0] reads long CJK groups exactly, [1] graded (session 16).
  TermSpecProcessor term_spec_processors[2][2][2] = {
      {{{false, false, false}, {false, true, false}}, {{true, false, false}, {true, true, false}}},
      {{{false, false, true}, {false, true, true}}, {{true, false, true}, {true, true, true}}}};

  /// A parser whose default operator is OP_OR reads long CJK groups graded.
  Xapian::QueryParser make_parser(const Xapian::Database& db, Xapian::Query::op default_op, bool edges,
                                  bool joins) {
    Xapian::QueryParser parser;
    parser.set_database(db);
    if (language != "none") {
      parser.set_stemmer(Xapian::Stem(language));
      parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    } else {
      parser.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
    }
    if (use_stopper) parser.set_stopper(&stopper);
    parser.add_prefix(std::string(schema::k_field_title), std::string(schema::k_prefix_title));
    parser.add_boolean_prefix(std::string(schema::k_field_author), std::string(schema::k_prefix_author));
    parser.add_boolean_prefix(std::string(schema::k_field_source), std::string(schema::k_prefix_source));
    parser.add_boolean_prefix(std::string(schema::k_field_topic), std::string(schema::k_prefix_topic));
    parser.add_rangeprocessor(&date_processor);
    const bool graded = default_op == Xapian::Query::OP_OR;
    parser.add_prefix(std::string(k_term_spec_field),
                      &term_spec_processors[graded ? 1 : 0][edges ? 1 : 0][joins ? 1 : 0]);
    parser.set_max_expansion(k_max_wildcard_expansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    parser.set_default_op(default_op);
    return parser;
  }
};

QueryBuilder::QueryBuilder(const std::string& language) : m_impl(std::make_unique<Impl>()) {
  m_impl->language = language;
  m_impl->use_stopper = language == "english";
}

QueryBuilder::~QueryBuilder() = default;

std::string describe_parse_error(const std::string& message) {
  for (const char* op : {"AND NOT", "AND", "OR", "XOR", "NOT", "NEAR", "ADJ"}) {
    if (message == std::string("Syntax: <expression> ") + op + " <expression>") {
      return std::string("query error: ") + op + " needs a word or phrase on each side" +
             (std::string(op) == "NOT" ? " (to exclude a word, write: oil -gas)" : "");
    }
  }
  if (message.find("Unknown range operation") != std::string::npos) {
    return "query error: a range (..) is only understood after date:, e.g. date:2024-07-01..2024-07-31";
  }
  return "query error: " + echo_for_error(message, 160);
}

namespace {

constexpr unsigned k_parse_flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                                   Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                                   Xapian::QueryParser::FLAG_SYNONYM;
/// Added by default (#12.2). The flag-free retry below never expands
/// synonyms, so a parse that used them differs from it and is not a retry.
constexpr unsigned k_auto_synonym_flags =
    Xapian::QueryParser::FLAG_AUTO_SYNONYMS | Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;

/// Xapian 1.4's QueryParser::parse_query, on a generic syntax error ("parse
/// error"), silently parses the text again with every flag off: operators,
/// '-', quotes and brackets become plain words. That retry is exactly
/// parse_query(text, 0), so a result that differs from the flag-free parse was
/// not retried. When both agree, the text is parsed once more inside
/// "probe AND (...)" by @p probe_parser (default operator OR, whatever the
/// mode: syntax errors do not depend on it): without a syntax error that is
/// an OP_AND; after a retry the AND is a plain word (or a stop word) and the
/// top is an OP_OR or a single term. Bracketing cannot turn a valid
/// expression into an invalid one, so the probe only fails when the text does.
Xapian::Query parse_without_fallback(Xapian::QueryParser& parser, Xapian::QueryParser& probe_parser,
                                     const std::string& text, unsigned flags) {
  Xapian::Query result = parser.parse_query(text, flags);
  // Lower-case ASCII words only: no operator, quote, bracket, sign, field or
  // wildcard that a re-parse could lose (the common case costs one parse).
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' || c == '\''; })) {
    return result;
  }
  try {
    if (result.get_description() != parser.parse_query(text, 0).get_description()) return result;
  } catch (const Xapian::QueryParserError&) {
    return result;  // the flag-free parse fails, so it cannot be what was returned
  }
  bool retried = false;
  try {
    retried =
        probe_parser.parse_query("dlprobe AND (" + text + ")", flags).get_type() != Xapian::Query::OP_AND;
  } catch (const Xapian::QueryParserError&) {
    retried = true;
  }
  if (retried) {
    throw UsageError("query error: the operators, quotes and brackets do not form one expression, so none "
                     "of them could be applied; see 'Query syntax' in --help");
  }
  return result;
}

std::string index_prefix(const QueryWord& word) {
  return (word.in_title ? std::string(schema::k_prefix_title) : std::string()) + word.term;
}

std::string shown_pattern(const QueryWord& word) {
  std::string shown = (word.in_title ? std::string(schema::k_field_title) + ":" : std::string()) + word.term;
  if (shown.size() > 64) shown = shown.substr(0, 64) + "...";
  return shown;
}

/// Counts the index terms starting with @p word's prefix, at most
/// @p allowed + 1, and throws when there are more than @p allowed (the
/// query's other wildcards used the rest of k_max_wildcard_scan).
std::size_t check_one(const Xapian::Database& db, const QueryWord& word, std::size_t allowed) {
  const std::string prefix = index_prefix(word);
  std::size_t examined = 0;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    if (++examined <= allowed) continue;
    // Over what is left: say whether this pattern alone is too broad.
    for (++t; t != db.allterms_end(prefix) && examined <= k_max_wildcard_scan; ++t) ++examined;
    const std::string bound = std::to_string(k_max_wildcard_scan);
    if (examined > k_max_wildcard_scan) {
      throw UsageError("query error: too many words start with '" + shown_pattern(word) + "' (more than " + bound +
                       "); make the prefix longer");
    }
    throw UsageError("query error: the wildcards match too many words together (more than " + bound + ", at '" +
                     shown_pattern(word) + "*'); use fewer wildcards or longer prefixes");
  }
  return examined;
}

} // namespace

void check_wildcard_scan(const Xapian::Database& db, const RewrittenQuery& query) {
  std::size_t left = k_max_wildcard_scan;
  for (const QueryWord& word : query.words) {
    if (word.wildcard) left -= check_one(db, word, left);
  }
}

std::vector<std::string> wildcard_notes(const Xapian::Database& db, const RewrittenQuery& query) {
  std::vector<std::string> notes;
  for (const QueryWord& word : query.words) {
    if (!word.wildcard || word.excluded) continue;
    const std::string prefix = index_prefix(word);
    std::size_t total = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix) && total <= k_max_wildcard_scan; ++t) ++total;
    if (total <= k_max_wildcard_expansion) continue;
    const std::string pattern = shown_pattern(word) + "*";
    notes.push_back("'" + pattern + "' matches " + (total > k_max_wildcard_scan ? "more than " : "") +
                    std::to_string(std::min<std::size_t>(total, k_max_wildcard_scan)) + " words; only the " +
                    std::to_string(k_max_wildcard_expansion) + " most frequent were searched (--explain lists "
                    "them); a longer prefix than '" + pattern + "' narrows it");
  }
  return notes;
}

std::vector<std::string> wildcard_expansion(const Xapian::Database& db, const QueryWord& word) {
  (void)check_one(db, word, k_max_wildcard_scan);
  const std::string prefix = index_prefix(word);
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    found.emplace_back(t.get_termfreq(), *t);
  }
  const std::size_t keep = std::min<std::size_t>(found.size(), k_max_wildcard_expansion);
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(keep), found.end(),
                    [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::vector<std::string> out;
  out.reserve(keep);
  for (std::size_t k = 0; k < keep; ++k) out.push_back(std::move(found[k].second));
  return out;
}

namespace {

/// The term of a LEAF_TERM query ("" for anything else).
std::string leaf_term(const Xapian::Query& query) {
  if (query.get_type() != Xapian::Query::LEAF_TERM) return {};
  const auto it = query.get_terms_begin();
  return it == query.get_terms_end() ? std::string() : *it;
}

/// A multi-word synonym value as the phrase of its words; nullopt for a single term.
std::optional<Xapian::Query> as_phrase(const Xapian::Query& query) {
  const std::string term = leaf_term(query);
  if (term.find(' ') == std::string::npos) return std::nullopt;
  std::vector<Xapian::Query> words;
  std::size_t start = 0;
  while (start <= term.size()) {
    const std::size_t space = std::min(term.find(' ', start), term.size());
    if (space > start) words.emplace_back(term.substr(start, space - start));
    start = space + 1;
  }
  if (words.size() < 2) return words.empty() ? Xapian::Query() : words.front();
  return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                       static_cast<Xapian::termcount>(words.size()));
}

std::optional<Xapian::Query> rewrite_synonyms(const Xapian::Query& query) {
  const bool synonym = query.get_type() == Xapian::Query::OP_SYNONYM;
  return rewrite_subqueries(query, [synonym](const Xapian::Query& child) {
    std::optional<Xapian::Query> replaced = synonym ? as_phrase(child) : std::optional<Xapian::Query>();
    return replaced ? replaced : rewrite_synonyms(child);
  });
}

/// A synonym alternative as --explain shows it: a word (a stem without its
/// "Z"), a "quoted phrase", or the typed words of a multi-word key.
std::string describe_member(const Xapian::Query& query) {
  if (query.get_type() == Xapian::Query::LEAF_TERM) {
    std::string term = leaf_term(query);
    if (term.starts_with(schema::k_prefix_stem)) term.erase(0, schema::k_prefix_stem.size());
    return term;
  }
  std::string words;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (i > 0) words += ' ';
    words += describe_member(query.get_subquery(i));
  }
  return query.get_type() == Xapian::Query::OP_PHRASE ? "\"" + words + "\"" : words;
}

void find_expansions(const Xapian::Query& query, std::vector<std::vector<std::string>>& out) {
  const Xapian::Query::op type = query.get_type();
  if (!is_plain_combination(type)) return;
  const std::size_t n = query.get_num_subqueries();
  if (type == Xapian::Query::OP_SYNONYM && n > 1) {
    // Each alternative once: a stem searched as OP_SYNONYM(Z s, s) (a
    // database indexed with --stem-terms differing, stem_terms.hpp) is one
    // word, not an expansion.
    std::vector<std::string> members;
    const auto add = [&members](std::string member) {
      if (std::find(members.begin(), members.end(), member) == members.end()) members.push_back(std::move(member));
    };
    for (std::size_t i = 0; i < n; ++i) {
      const Xapian::Query child = query.get_subquery(i);
      if (child.get_type() == Xapian::Query::OP_SYNONYM) {
        for (std::size_t j = 0; j < child.get_num_subqueries(); ++j) add(describe_member(child.get_subquery(j)));
      } else {
        add(describe_member(child));
      }
    }
    if (members.size() > 1) out.push_back(std::move(members));
    return;
  }
  for (std::size_t i = 0; i < n; ++i) find_expansions(query.get_subquery(i), out);
}

} // namespace

Xapian::Query phrase_multiword_synonyms(const Xapian::Query& query) {
  std::optional<Xapian::Query> rewritten = rewrite_synonyms(query);
  return rewritten ? *rewritten : query;
}

std::vector<std::vector<std::string>> synonym_expansions(const Xapian::Query& query) {
  std::vector<std::vector<std::string>> out;
  find_expansions(query, out);
  return out;
}

bool cjk_edge_terms_indexed(const Xapian::Database& db) {
  return db.get_termfreq(std::string(schema::k_term_cjk_edges)) == db.get_doccount();
}

bool cjk_join_terms_indexed(const Xapian::Database& db) {
  return db.get_termfreq(std::string(schema::k_term_cjk_joins)) == db.get_doccount();
}

Xapian::Query QueryBuilder::build(const RewrittenQuery& query, const BuildOptions& options,
                                  const Xapian::Database& db) const {
  // Bounded before Xapian expands anything (issue 14, item 8).
  check_wildcard_scan(db, query);
  Xapian::Query result;
  const unsigned flags = k_parse_flags | (options.synonyms ? k_auto_synonym_flags : 0U);
  const bool edges = query.cjk_edge_parts && cjk_edge_terms_indexed(db);
  const bool joins = query.cjk_join_parts && cjk_join_terms_indexed(db);
  // Stem terms of a database indexed with --stem-terms differing (session 14).
  const StemQueries stems(m_impl->language, stems_only_where_differ(db));
  const auto parsed = [&](Xapian::QueryParser& parser, Xapian::QueryParser& probe) {
    return stems.rewrite(db, phrase_multiword_synonyms(parse_without_fallback(parser, probe, query.text, flags)));
  };
  try {
    Xapian::QueryParser any_parser = m_impl->make_parser(db, Xapian::Query::OP_OR, edges, joins);
    if (options.mode == MatchMode::all) {
      Xapian::QueryParser parser = m_impl->make_parser(db, Xapian::Query::OP_AND, edges, joins);
      result = parsed(parser, any_parser);
    } else {
      result = parsed(any_parser, any_parser);
      // With fewer than two words there is nothing to join: AND == OR.
      if (options.mode == MatchMode::natural && query.words.size() >= 2 && options.all_words_boost > 0.0) {
        Xapian::QueryParser all_parser = m_impl->make_parser(db, Xapian::Query::OP_AND, edges, joins);
        const Xapian::Query all_words = parsed(all_parser, any_parser);
        if (all_words.get_description() != result.get_description()) {
          result = Xapian::Query(Xapian::Query::OP_AND_MAYBE, result,
                                 Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, all_words, options.all_words_boost));
        }
      }
    }
  } catch (const Xapian::QueryParserError& e) {
    throw UsageError(describe_parse_error(e.get_msg()));
  } catch (const Xapian::WildcardError& e) {
    throw UsageError("query error: " + echo_for_error(e.get_msg(), 160));
  }
  if (result.empty()) throw UsageError("query error: the query has no searchable words");
  if (options.since || options.until) {
    result = Xapian::Query(Xapian::Query::OP_FILTER, result, date_range_query(options.since, options.until));
  }
  return result;
}

} // namespace dateline::searcher
