/** @file query_fields.cpp
 *  @brief Field clauses of a query (Lexer::read_field): title: words as
 *  groups, author:/source:/topic: values normalised like the index's field
 *  terms, date: values as an 8-digit range, and the refusals with examples.
 *  Not here: the rest of the lexer (query_lexer.cpp).
 */
#include "searcher/query_rewriter_internal.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"

namespace dateline::searcher::rewriter_detail {
namespace {

/// "title:storm OR title:port" for "title:(storm OR port)": the field before
/// each of the bracket's first two words (operators skipped; "title:gas" for
/// one), or before two sample values when it holds none.
std::string field_alternatives_example(std::string_view name, std::string_view bracket) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < bracket.size() && bracket[i] != ')' && words.size() < 2) {
    if (bracket[i] == ' ' || bracket[i] == '"') {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < bracket.size() && bracket[end] != ' ' && bracket[end] != ')' && bracket[end] != '"') ++end;
    const std::string_view word = bracket.substr(i, end - i);
    if (word != "AND" && word != "OR" && word != "NOT" && word != "XOR") words.emplace_back(echo_for_error(word, 20));
    i = end;
  }
  const std::string field(name);
  if (words.size() == 1) return field + ":" + words[0];
  if (words.empty()) {
    words = name == schema::k_field_date ? std::vector<std::string>{"2020", "2022"}
                                         : std::vector<std::string>{"opec", "oil"};
  }
  return field + ":" + words[0] + " OR " + field + ":" + words[1];
}

std::string compact_or_empty(const std::optional<Date>& date) { return date ? date->compact() : std::string(); }

/// Parses a date: value ("2024", "2024-07", "A..B", "..B", "A..").
DateBounds parse_date_value(std::string_view value) {
  const std::string what = "query error: date:" + echo_for_error(value);
  // The longest valid value is "YYYY-MM-DD..YYYY-MM-DD"; a longer one is not
  // passed on, so that no message repeats it whole.
  if (value.size() > 40) {
    throw UsageError(what + ": not a date (expected YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B)");
  }
  DateBounds bounds;
  const std::size_t dots = value.find("..");
  if (dots == std::string_view::npos) {
    bounds.first = parse_date_bound(value, false, what);
    bounds.last = parse_date_bound(value, true, what);
    return bounds;
  }
  const std::string_view from = value.substr(0, dots);
  const std::string_view to = value.substr(dots + 2);
  if (from.empty() && to.empty()) {
    throw UsageError("query error: 'date:..' needs at least one date, e.g. date:2024-07-01..2024-07-31");
  }
  if (!from.empty()) bounds.first = parse_date_bound(from, false, what);
  if (!to.empty()) bounds.last = parse_date_bound(to, true, what);
  if (bounds.first && bounds.last && *bounds.last < *bounds.first) {
    throw UsageError(what + ": the date range is inverted");
  }
  return bounds;
}

} // namespace

void Lexer::read_field(std::string_view name, std::size_t value_begin, std::size_t& next) {
  const std::size_t clause_begin = value_begin - name.size() - 1;  // the name, then ':'
  std::size_t value_end = 0;
  bool quoted = false;
  if (value_begin < m_text.size() && m_text[value_begin] == '"') {
    const std::size_t close = find_quote(m_text, value_begin + 1);
    if (close == std::string_view::npos) {
      // 'author:"smith': the quote is ignored (Lexer::run does the same).
      note_unbalanced_quote(value_begin);
      ++value_begin;
    } else {
      quoted = true;
      value_end = close;
      ++value_begin;
      next = close + 1;
    }
  }
  if (!quoted) {
    value_end = value_begin;
    while (value_end < m_text.size() && !ends_run(m_text, value_end)) ++value_end;
    next = value_end;
  }
  if (!quoted && value_begin < m_text.size() && m_text[value_begin] == '(') {
    throw UsageError("query error: '" + std::string(name) + ":(': a field takes one word or a \"phrase\", not a " +
                     "bracket; write " + field_alternatives_example(name, m_text.substr(value_begin + 1)));
  }
  std::string_view value = m_text.substr(value_begin, value_end - value_begin);
  if (!quoted && !value.empty() && (value.front() == '-' || value.front() == '+')) {
    throw UsageError("query error: '" + std::string(name) + ":" + echo_for_error(value) + "': put '" +
                     std::string(1, value.front()) + "' before the field, e.g. " + std::string(1, value.front()) +
                     std::string(name) + ":" + echo_for_error(value.substr(1), 20));
  }
  if (!quoted && !value.empty() && value.front() == '~') {
    // 'title:~usa': dropped as punctuation before; fields take no synonyms.
    throw UsageError("query error: '" + std::string(name) + ":" + echo_for_error(value, 30) +
                     "': '~' expands the synonyms of one plain word (~usa); " + std::string(name) +
                     ": is matched as typed; leave out the '~'");
  }
  if (value.find_first_not_of(' ') == std::string_view::npos) {
    throw UsageError("query error: field '" + std::string(name) + ":' needs a value, e.g. " + std::string(name) +
                     (name == schema::k_field_date ? ":2024-07" : ":opec"));
  }
  if (name == schema::k_field_title) {
    Item item;
    item.title = true;
    item.phrase = quoted;
    const std::string_view typed = value;
    if (!quoted && value.back() == '*') {
      item.wildcard = true;
      value.remove_suffix(1);  // one '*': "title:oil**" is refused (add_group)
    }
    const std::size_t before = m_items.size();
    add_group(value_begin, value_begin + value.size(), std::move(item));
    if (m_items.size() == before) {
      throw UsageError("query error: 'title:" + echo_for_error(typed) + "' has no searchable word");
    }
    return;
  }
  if (!quoted && value.back() == '*' && name != schema::k_field_date) {
    throw UsageError("query error: '" + std::string(name) + ":" + echo_for_error(value) + "': " + std::string(name) +
                     ": values are matched whole; '*' is not a wildcard there");
  }
  Item item;
  item.kind = ItemKind::field;
  count_words(1);
  if (name == schema::k_field_date) {
    const DateBounds bounds = parse_date_value(value);
    m_out.dates.push_back(bounds);
    item.text = "date:" + compact_or_empty(bounds.first) + ".." + compact_or_empty(bounds.last);
  } else {
    std::string_view prefix = schema::k_prefix_author;
    if (name == schema::k_field_source) prefix = schema::k_prefix_source;
    if (name == schema::k_field_topic) prefix = schema::k_prefix_topic;
    std::string raw(value);
    std::erase(raw, '"');
    const std::string term = schema::field_value_term(prefix, m_analyzer.normalize(raw));
    std::string term_value = term.substr(prefix.size());
    std::erase(term_value, '"');
    if (term_value.empty()) {
      throw UsageError("query error: '" + std::string(name) + ":" + echo_for_error(value) +
                       "' has no searchable value");
    }
    item.text = std::string(name) + ":\"" + term_value + "\"";
    m_out.fields.push_back({std::string(name), std::string(prefix), term, clause_begin, next, false});
  }
  finish_operand(item);
  if (name != schema::k_field_date) m_out.fields.back().excluded = item.excluded;
  m_items.push_back(std::move(item));
}

} // namespace dateline::searcher::rewriter_detail
