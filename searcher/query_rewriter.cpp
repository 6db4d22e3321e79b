/** @file query_rewriter.cpp
 *  @brief Lexer and emitter turning the user's query into QueryParser input.
 */
#include "searcher/query_rewriter.hpp"

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace dateline::searcher {
namespace {

enum class ItemKind { group, op, open, close, field };

struct Item {
  ItemKind kind = ItemKind::group;
  std::string text;                  ///< op: the operator as emitted; field: the emitted field clause
  bool near = false;                 ///< op: NEAR or ADJ (with or without /n)
  char modifier = 0;                 ///< '+', '-' or 0
  std::vector<std::size_t> words;    ///< group: indices into RewrittenQuery::words
  std::vector<Script> scripts;       ///< group: script per word
  bool phrase = false;               ///< group: quoted, or several words written together
  bool title = false;                ///< group: inside title:
  bool wildcard = false;             ///< group: single word followed by '*'
  bool excluded = false;
};

constexpr std::array<std::string_view, 4> k_boolean_ops{"AND", "OR", "NOT", "XOR"};

bool is_space(char c) { return c == ' '; }
bool ends_run(char c) { return c == ' ' || c == '"' || c == '(' || c == ')'; }

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_ascii_letters(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

/// "NEAR", "ADJ", "NEAR/5", "ADJ/3": returns the canonical text or nullopt.
std::optional<std::string> positional_operator(std::string_view run, unsigned max_window) {
  for (std::string_view name : {std::string_view("NEAR"), std::string_view("ADJ")}) {
    if (run.substr(0, name.size()) != name) continue;
    const std::string_view rest = run.substr(name.size());
    if (rest.empty()) return std::string(name);
    if (rest.front() != '/') continue;
    const std::string_view digits = rest.substr(1);
    unsigned window = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), window);
    if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || window < 1 ||
        window > max_window) {
      throw UsageError("query error: '" + std::string(run) + "': the distance after " + std::string(name) +
                       "/ must be a whole number from 1 to " + std::to_string(max_window));
    }
    return std::string(name) + "/" + std::to_string(window);
  }
  return std::nullopt;
}

std::string compact_or_empty(const std::optional<Date>& date) { return date ? date->compact() : std::string(); }

/// Parses a date: value ("2024", "2024-07", "A..B", "..B", "A..").
DateBounds parse_date_value(std::string_view value) {
  const std::string what = "date:" + std::string(value);
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
    throw UsageError("query error: '" + what + "': the date range is inverted");
  }
  return bounds;
}

class Lexer {
public:
  Lexer(const TextAnalyzer& analyzer, const QueryLimits& limits, RewrittenQuery& out)
      : m_analyzer(analyzer), m_limits(limits), m_out(out), m_text(out.cleaned) {}

  std::vector<Item> run();

private:
  void add_group(std::size_t begin, std::size_t end, Item item);
  void read_field(std::string_view name, std::size_t value_begin, std::size_t& next);
  void finish_operand(Item& item);
  void count_words(std::size_t n);

  const TextAnalyzer& m_analyzer;
  const QueryLimits& m_limits;
  RewrittenQuery& m_out;
  std::string_view m_text;
  std::vector<Item> m_items;
  char m_modifier = 0;
  bool m_pending_not = false;
  int m_depth = 0;
  int m_excluded_depth = -1;  ///< bracket depth under NOT, or -1
};

void Lexer::count_words(std::size_t n) {
  m_out.word_count += n;
  if (m_out.word_count > m_limits.max_words) {
    throw UsageError("query error: the query has more than " + std::to_string(m_limits.max_words) +
                     " words; shorten it");
  }
}

void Lexer::finish_operand(Item& item) {
  item.modifier = m_modifier;
  item.excluded = m_modifier == '-' || m_pending_not || m_excluded_depth >= 0;
  m_modifier = 0;
  m_pending_not = false;
  for (std::size_t index : item.words) m_out.words[index].excluded = item.excluded;
}

void Lexer::add_group(std::size_t begin, std::size_t end, Item item) {
  const std::vector<Token> tokens = m_analyzer.tokenize(m_text.substr(begin, end - begin));
  if (tokens.empty()) return;
  count_words(tokens.size());
  for (const Token& token : tokens) {
    QueryWord word;
    word.term = token.term;
    word.stem = m_analyzer.stem(token);
    word.begin = begin + token.begin;
    word.end = begin + token.end;
    word.in_title = item.title;
    item.words.push_back(m_out.words.size());
    item.scripts.push_back(token.script);
    m_out.words.push_back(std::move(word));
  }
  if (item.words.size() > 1) {
    item.phrase = true;
    item.wildcard = false;  // Xapian has no wildcards inside phrases
  }
  if (item.wildcard) m_out.words[item.words.back()].wildcard = true;
  item.kind = ItemKind::group;
  finish_operand(item);
  m_items.push_back(std::move(item));
}

void Lexer::read_field(std::string_view name, std::size_t value_begin, std::size_t& next) {
  std::size_t value_end = 0;
  bool quoted = false;
  if (value_begin < m_text.size() && m_text[value_begin] == '"') {
    const std::size_t close = m_text.find('"', value_begin + 1);
    if (close == std::string_view::npos) {
      throw UsageError("query error: unbalanced quote: the phrase after '" + std::string(name) +
                       ":' is never closed");
    }
    quoted = true;
    value_end = close;
    ++value_begin;
    next = close + 1;
  } else {
    value_end = value_begin;
    while (value_end < m_text.size() && !ends_run(m_text[value_end])) ++value_end;
    next = value_end;
  }
  std::string_view value = m_text.substr(value_begin, value_end - value_begin);
  if (value.find_first_not_of(' ') == std::string_view::npos) {
    throw UsageError("query error: field '" + std::string(name) + ":' needs a value, e.g. " + std::string(name) +
                     (name == schema::k_field_date ? ":2024-07" : ":opec"));
  }
  if (name == schema::k_field_title) {
    Item item;
    item.title = true;
    item.phrase = quoted;
    if (!quoted && value.back() == '*') {
      item.wildcard = true;
      while (!value.empty() && value.back() == '*') value.remove_suffix(1);
    }
    const std::size_t before = m_items.size();
    add_group(value_begin, value_begin + value.size(), std::move(item));
    if (m_items.size() == before) {
      throw UsageError("query error: 'title:" + std::string(value) + "' has no searchable word");
    }
    return;
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
      throw UsageError("query error: '" + std::string(name) + ":" + std::string(value) + "' has no searchable value");
    }
    item.text = std::string(name) + ":\"" + term_value + "\"";
  }
  finish_operand(item);
  m_items.push_back(std::move(item));
}

std::vector<Item> Lexer::run() {
  std::size_t i = 0;
  bool item_start = true;
  while (i < m_text.size()) {
    const char c = m_text[i];
    if (is_space(c)) {
      ++i;
      item_start = true;
      continue;
    }
    if (c == '"') {
      const std::size_t close = m_text.find('"', i + 1);
      if (close == std::string_view::npos) {
        throw UsageError("query error: unbalanced quote: the phrase starting at byte " + std::to_string(i) +
                         " is never closed");
      }
      Item item;
      item.phrase = true;
      add_group(i + 1, close, std::move(item));
      i = close + 1;
      item_start = false;
      continue;
    }
    if (c == '(') {
      Item item;
      item.kind = ItemKind::open;
      item.modifier = m_modifier;
      if (m_pending_not || m_modifier == '-') {
        if (m_excluded_depth < 0) m_excluded_depth = m_depth;
      }
      m_modifier = 0;
      m_pending_not = false;
      ++m_depth;
      m_items.push_back(std::move(item));
      ++i;
      item_start = true;
      continue;
    }
    if (c == ')') {
      if (m_depth == 0) throw UsageError("query error: unbalanced bracket: ')' at byte " + std::to_string(i) +
                                         " has no matching '('");
      --m_depth;
      if (m_excluded_depth == m_depth) m_excluded_depth = -1;
      Item item;
      item.kind = ItemKind::close;
      m_items.push_back(std::move(item));
      ++i;
      item_start = false;
      continue;
    }
    if ((c == '+' || c == '-') && item_start) {
      if (i + 1 < m_text.size() && !is_space(m_text[i + 1]) && m_text[i + 1] != ')') {
        m_modifier = c;
      }
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < m_text.size() && !ends_run(m_text[end])) ++end;
    const std::string_view run = m_text.substr(i, end - i);
    std::size_t next = end;
    if (item_start && m_modifier == 0) {
      const bool boolean_op = std::find(k_boolean_ops.begin(), k_boolean_ops.end(), run) != k_boolean_ops.end();
      const std::optional<std::string> positional = positional_operator(run, m_limits.max_window);
      if (boolean_op || positional) {
        Item item;
        item.kind = ItemKind::op;
        item.text = boolean_op ? std::string(run) : *positional;
        item.near = !boolean_op;
        if (run == "NOT") m_pending_not = true;
        m_items.push_back(std::move(item));
        i = end;
        item_start = true;
        continue;
      }
    }
    const std::size_t colon = run.find(':');
    if (item_start && colon != std::string_view::npos && colon > 0 && is_ascii_letters(run.substr(0, colon))) {
      const std::string name = lower_ascii(run.substr(0, colon));
      const bool known = name == schema::k_field_title || name == schema::k_field_author ||
                         name == schema::k_field_source || name == schema::k_field_topic ||
                         name == schema::k_field_date;
      const bool has_value = colon + 1 < run.size() || (end < m_text.size() && m_text[end] == '"');
      if (known) {
        read_field(name, i + colon + 1, next);
        i = next;
        item_start = false;
        continue;
      }
      const std::string_view after = run.substr(colon + 1);
      const bool lower_name = run.substr(0, colon) == name;
      if (lower_name && has_value && after.substr(0, 2) != "//") {
        throw UsageError("query error: unknown field '" + name +
                         ":' (fields: title:, author:, source:, topic:, date:)");
      }
    }
    Item item;
    std::size_t text_end = end;
    if (run.back() == '*') {
      while (text_end > i && m_text[text_end - 1] == '*') --text_end;
      item.wildcard = true;
      const std::size_t before = m_items.size();
      add_group(i, text_end, std::move(item));
      if (m_items.size() == before) {
        throw UsageError("query error: '*' must follow the start of a word, e.g. export*");
      }
    } else {
      add_group(i, text_end, std::move(item));
    }
    i = next;
    item_start = false;
  }
  if (m_depth != 0) throw UsageError("query error: unbalanced bracket: a '(' is never closed");
  return std::move(m_items);
}

bool needs_quotes(Script script) { return script == Script::cjk || script == Script::other; }

std::string field_term(const Item& item, const QueryWord& word) {
  return (item.title ? std::string(schema::k_field_title) + ":" : std::string()) + word.term;
}

/// A group as QueryParser text: term, "term", term*, "a b c", with title: and +/-.
std::string emit_group(const Item& item, const RewrittenQuery& query, bool with_modifier = true) {
  std::string out;
  if (with_modifier && item.modifier != 0) out += item.modifier;
  if (item.title) out += std::string(schema::k_field_title) + ":";
  if (!item.phrase && item.words.size() == 1) {
    const QueryWord& word = query.words[item.words.front()];
    if (item.wildcard) return out + word.term + "*";
    if (needs_quotes(item.scripts.front())) return out + "\"" + word.term + "\"";
    return out + word.term;
  }
  out += '"';
  for (std::size_t k = 0; k < item.words.size(); ++k) {
    if (k > 0) out += ' ';
    out += query.words[item.words[k]].term;
  }
  return out + '"';
}

/// Emits a NEAR/ADJ chain items[first..last] (groups at even offsets).
std::string emit_chain(const std::vector<Item>& items, std::size_t first, std::size_t last,
                       const RewrittenQuery& query) {
  bool simple = true;
  for (std::size_t k = first; k <= last; k += 2) {
    if (items[k].phrase || items[k].words.size() != 1 || items[k].wildcard) simple = false;
  }
  std::string out;
  if (simple) {
    for (std::size_t k = first; k <= last; ++k) {
      if (k > first) out += ' ';
      out += items[k].kind == ItemKind::op ? items[k].text : emit_group(items[k], query);
    }
    return out;
  }
  // Xapian 1.4 cannot put a phrase inside NEAR: require each phrase, and all
  // of the chain's terms within the window (widened by the phrase lengths).
  const std::string& op = items[first + 1].text;
  if (items[first].modifier != 0) out += items[first].modifier;
  out += '(';
  for (std::size_t k = first; k <= last; k += 2) {
    if (items[k].words.size() > 1) {
      Item plain = items[k];
      plain.modifier = 0;
      out += emit_group(plain, query) + " AND ";
    }
  }
  bool first_term = true;
  for (std::size_t k = first; k <= last; k += 2) {
    for (std::size_t index : items[k].words) {
      if (!first_term) out += " " + op + " ";
      first_term = false;
      out += field_term(items[k], query.words[index]);
    }
  }
  return out + ')';
}

} // namespace

std::string clean_query_text(std::string_view raw) {
  std::string text = strip_control_chars(repair_utf8(raw));
  for (char& c : text) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  return text;
}

RewrittenQuery QueryRewriter::rewrite(std::string_view query) const {
  if (query.size() > m_limits.max_bytes) {
    throw UsageError("query error: the query is " + std::to_string(query.size()) + " bytes; the limit is " +
                     std::to_string(m_limits.max_bytes));
  }
  RewrittenQuery result;
  result.cleaned = clean_query_text(query);
  if (result.cleaned.find_first_not_of(' ') == std::string::npos) {
    throw UsageError("query error: the query is empty");
  }
  Lexer lexer(m_analyzer, m_limits, result);
  const std::vector<Item> items = lexer.run();

  std::size_t operands = 0;
  std::size_t included = 0;
  for (const Item& item : items) {
    if (item.kind == ItemKind::group || item.kind == ItemKind::field) {
      ++operands;
      if (!item.excluded) ++included;
    }
  }
  if (operands == 0) throw UsageError("query error: the query has no searchable words");
  if (included == 0) {
    throw UsageError("query error: every word is excluded (with '-' or NOT); add a word to search for");
  }

  std::string& out = result.text;
  for (std::size_t k = 0; k < items.size(); ++k) {
    const Item& item = items[k];
    std::string piece;
    if (item.kind == ItemKind::group) {
      std::size_t last = k;
      while (last + 2 < items.size() && items[last + 1].kind == ItemKind::op && items[last + 1].near &&
             items[last + 2].kind == ItemKind::group && items[last + 2].modifier == 0) {
        last += 2;
      }
      piece = last > k ? emit_chain(items, k, last, result) : emit_group(item, result);
      k = last;
    } else if (item.kind == ItemKind::field) {
      piece = (item.modifier != 0 ? std::string(1, item.modifier) : std::string()) + item.text;
    } else if (item.kind == ItemKind::open) {
      piece = (item.modifier != 0 ? std::string(1, item.modifier) : std::string()) + "(";
    } else if (item.kind == ItemKind::close) {
      piece = ")";
    } else {
      piece = item.text;
    }
    if (!out.empty() && out.back() != '(' && piece != ")") out += ' ';
    out += piece;
  }
  return result;
}

} // namespace dateline::searcher
