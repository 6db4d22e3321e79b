/** @file query_rewriter.cpp
 *  @brief Lexer and emitter turning the user's query into QueryParser input.
 */
#include "searcher/query_rewriter.hpp"

#include "common/cjk_bigrams.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <utility>

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
  bool synonyms = false;             ///< group: a single plain word after '~' (forced synonym expansion)
  bool excluded = false;
  /// group: its CJK runs read as bigrams (#13.3), the fallback for a fragment
  /// that starts or ends inside a word: parts that must all match, each a
  /// phrase of XBI bigrams (one run) or a single word's term. Empty when the
  /// group has no CJK run of two characters or more, or is a title: or
  /// wildcard group (words only).
  std::vector<std::vector<std::string>> fragment;
};

constexpr std::array<std::string_view, 4> k_boolean_ops{"AND", "OR", "NOT", "XOR"};

bool is_space(char c) { return c == ' '; }

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

struct CodePoint {
  char32_t value = 0;
  std::size_t length = 1;
};

/// The code point at byte @p i of valid UTF-8 (clean_query_text repairs first).
CodePoint code_point_at(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(k < text.size() ? text[k] : 0); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return {lead, 1};
  if ((lead & 0xE0) == 0xC0) return {static_cast<char32_t>(((lead & 0x1F) << 6) | (byte(i + 1) & 0x3F)), 2};
  if ((lead & 0xF0) == 0xE0) {
    return {static_cast<char32_t>(((lead & 0x0F) << 12) | ((byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F)), 3};
  }
  return {static_cast<char32_t>(((lead & 0x07) << 18) | ((byte(i + 1) & 0x3F) << 12) | ((byte(i + 2) & 0x3F) << 6) |
                                (byte(i + 3) & 0x3F)),
          4};
}

/// The code point ending just before byte @p i (0 at the start).
char32_t code_point_before(std::string_view text, std::size_t i) {
  if (i == 0) return 0;
  std::size_t k = i - 1;
  while (k > 0 && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80) --k;
  return code_point_at(text, k).value;
}

bool is_hebrew_letter(char32_t c) { return (c >= 0x05D0 && c <= 0x05EA) || (c >= 0x05EF && c <= 0x05F2) ||
                                           (c >= 0xFB1D && c <= 0xFB4F); }

/// An ASCII '"' between two Hebrew letters is gershayim (צה"ל), part of the
/// word, as in Unicode word breaking (WB7b/WB7c) and so in the index.
bool is_gershayim(std::string_view text, std::size_t i) {
  return text[i] == '"' && i + 1 < text.size() && is_hebrew_letter(code_point_before(text, i)) &&
         is_hebrew_letter(code_point_at(text, i + 1).value);
}

bool ends_run(std::string_view text, std::size_t i) {
  const char c = text[i];
  return c == ' ' || c == '(' || c == ')' || (c == '"' && !is_gershayim(text, i));
}

/// The next phrase-closing '"' at or after @p from (gershayim skipped), or npos.
std::size_t find_quote(std::string_view text, std::size_t from) {
  for (std::size_t k = text.find('"', from); k != std::string_view::npos; k = text.find('"', k + 1)) {
    if (!is_gershayim(text, k)) return k;
  }
  return std::string_view::npos;
}

constexpr std::string_view k_left_single_quote = "\xE2\x80\x98";   // ‘
constexpr std::string_view k_right_single_quote = "\xE2\x80\x99";  // ’

/// For a ‘ at @p open: the ’ closing a single-quoted phrase (one followed by
/// the end, a space, a bracket or ASCII punctuation), or npos. A ’ followed by
/// a letter is an apostrophe (don’t) and does not close.
std::size_t find_single_quote_close(std::string_view text, std::size_t open) {
  for (std::size_t k = text.find(k_right_single_quote, open + k_left_single_quote.size());
       k != std::string_view::npos; k = text.find(k_right_single_quote, k + 1)) {
    const std::size_t after = k + k_right_single_quote.size();
    if (after == text.size()) return k;
    const char c = text[after];
    if (c == ' ' || c == '(' || c == ')' || c == '"' ||
        (static_cast<unsigned char>(c) < 0x80 && std::ispunct(static_cast<unsigned char>(c)) != 0 && c != '\'')) {
      return k;
    }
  }
  return std::string_view::npos;
}

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
      throw UsageError("query error: '" + echo_for_error(run) + "': the distance after " + std::string(name) +
                       "/ must be a whole number from 1 to " + std::to_string(max_window));
    }
    return std::string(name) + "/" + std::to_string(window);
  }
  return std::nullopt;
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

/// The bigram reading of a group's tokens (Item::fragment): each CJK run of
/// two characters or more becomes a phrase of its bigrams; the other words
/// become their terms, except a word at either end of the group (a number, a
/// one-character CJK word, a Latin word), which a fragment cut from a longer
/// text may have truncated ("19年" out of "2019年", "国" out of "中国", "CG"
/// out of "CGTN"); the word reading still asks for it. Empty when no run has
/// two characters.
std::vector<std::vector<std::string>> fragment_parts(std::string_view text, const std::vector<Token>& tokens) {
  const std::vector<CjkBigram> bigrams = cjk_bigrams(text, tokens);
  if (bigrams.empty()) return {};
  std::vector<std::vector<std::string>> parts;
  std::size_t next_bigram = 0;
  const std::vector<CjkRun> runs = cjk_runs(tokens);
  std::size_t r = 0;
  for (std::size_t k = 0; k < tokens.size();) {
    while (r < runs.size() && runs[r].last_token <= k) ++r;
    if (r < runs.size() && runs[r].first_token == k && runs[r].characters >= 2) {
      std::vector<std::string> phrase;
      for (; next_bigram < bigrams.size() && bigrams[next_bigram].run == r; ++next_bigram) {
        phrase.push_back(std::string(schema::k_prefix_bigram) + bigrams[next_bigram].term);
      }
      parts.push_back(std::move(phrase));
      k = runs[r].last_token;
      continue;
    }
    const bool edge = k == 0 || k + 1 == tokens.size();
    if (!edge) parts.push_back({tokens[k].term});
    ++k;
  }
  return parts;
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
  bool m_synonym_mark = false;  ///< a '~' stands before the next operand
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
  const bool synonym_mark = std::exchange(m_synonym_mark, false);
  const std::string_view text = m_text.substr(begin, end - begin);
  // The analyzer drops words longer than k_max_term_bytes (the index never
  // holds them): say so rather than search without them.
  std::size_t alnum_run = 0;
  for (const char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    alnum_run = alnum ? alnum_run + 1 : 0;
    if (alnum_run > k_max_term_bytes) {
      throw UsageError("query error: '" + echo_for_error(text, 20) + "' holds a word longer than " +
                       std::to_string(k_max_term_bytes) + " bytes, the longest the index keeps; no article can "
                       "contain it");
    }
  }
  const std::vector<Token> tokens = m_analyzer.tokenize(text);
  if (tokens.empty() && item.phrase) {
    // Quotes around nothing searchable ("" or "!!!"): refused, never dropped
    // in silence (a '-' before it would otherwise exclude nothing).
    throw UsageError("query error: the phrase \"" + echo_for_error(text, 40) +
                     "\" holds no searchable word; remove the quotes or put words inside them");
  }
  if (tokens.empty()) {
    // Punctuation only ("!!!", ":"): nothing to search, and
    // a '+' or '-' before it has nothing to act on (it must not move on to
    // the next word).
    m_modifier = 0;
    return;
  }
  if (m_text.substr(begin, end - begin).find('*') != std::string_view::npos) {
    if (item.phrase) {
      throw UsageError("query error: '*' inside quotes: a wildcard only works on a single word outside quotes, "
                       "e.g. export*");
    }
    throw UsageError("query error: '" + echo_for_error(m_text.substr(begin, end - begin)) +
                     "': '*' is a wildcard only at the end of a word, e.g. export*");
  }
  if (item.wildcard && tokens.size() > 1) {
    throw UsageError("query error: '" + echo_for_error(m_text.substr(begin, end - begin)) +
                     "*': a wildcard must follow a single word (this is " + std::to_string(tokens.size()) +
                     " words)");
  }
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
  if (item.words.size() > 1) item.phrase = true;
  if (item.wildcard) m_out.words[item.words.back()].wildcard = true;
  if (!item.title && !item.wildcard) item.fragment = fragment_parts(text, tokens);
  // '~' forces synonym expansion of one plain word; phrases, wildcards and
  // title: words stay literal.
  item.synonyms = synonym_mark && !item.phrase && !item.wildcard && !item.title;
  item.kind = ItemKind::group;
  finish_operand(item);
  m_items.push_back(std::move(item));
}

void Lexer::read_field(std::string_view name, std::size_t value_begin, std::size_t& next) {
  std::size_t value_end = 0;
  bool quoted = false;
  if (value_begin < m_text.size() && m_text[value_begin] == '"') {
    const std::size_t close = find_quote(m_text, value_begin + 1);
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
      throw UsageError("query error: 'title:" + echo_for_error(value) + "' has no searchable word");
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
      const std::size_t close = find_quote(m_text, i + 1);
      if (close == std::string_view::npos) {
        throw UsageError("query error: unbalanced quote: the phrase starting at '" +
                         echo_for_error(m_text.substr(i), 20) + "' is never closed");
      }
      Item item;
      item.phrase = true;
      add_group(i + 1, close, std::move(item));
      i = close + 1;
      item_start = false;
      continue;
    }
    if (item_start && m_text.substr(i, k_left_single_quote.size()) == k_left_single_quote) {
      const std::size_t close = find_single_quote_close(m_text, i);
      if (close != std::string_view::npos) {
        Item item;
        item.phrase = true;
        add_group(i + k_left_single_quote.size(), close, std::move(item));
        i = close + k_right_single_quote.size();
        item_start = false;
        continue;
      }
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
      if (m_depth == 0) {
        std::size_t rest = i + 1;
        while (rest < m_text.size() && is_space(m_text[rest])) ++rest;
        const std::string where =
            rest == m_text.size() ? "at the end" : "before '" + echo_for_error(m_text.substr(rest), 20) + "'";
        throw UsageError("query error: unbalanced bracket: the ')' " + where + " has no matching '('");
      }
      --m_depth;
      if (m_excluded_depth == m_depth) m_excluded_depth = -1;
      Item item;
      item.kind = ItemKind::close;
      m_items.push_back(std::move(item));
      ++i;
      item_start = false;
      continue;
    }
    if (c == '~' && item_start && !m_synonym_mark) {
      // '~word': the word's synonyms even under --no-synonyms (#12.2). Only
      // right before a word; anywhere else it is punctuation, as before.
      const char after = i + 1 < m_text.size() ? m_text[i + 1] : ' ';
      if (!is_space(after) && after != '"' && after != '(' && after != ')' && after != '~' && after != '+' &&
          after != '-') {
        m_synonym_mark = true;
      }
      ++i;
      continue;
    }
    if ((c == '+' || c == '-') && item_start) {
      // A modifier only when a single sign stands right before an operand:
      // "--", "+-5%" and "- " are punctuation (and do not carry over to a
      // later word).
      const char after = i + 1 < m_text.size() ? m_text[i + 1] : ' ';
      const char before = i > 0 ? m_text[i - 1] : ' ';
      if (!is_space(after) && after != ')' && after != '+' && after != '-' && before != '+' && before != '-') {
        m_modifier = c;
      } else {
        m_modifier = 0;
      }
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < m_text.size() && !ends_run(m_text, end)) ++end;
    const std::string_view run = m_text.substr(i, end - i);
    std::size_t next = end;
    // An operator may also follow a ')' or closing '"' directly: (oil)AND(gas).
    const bool after_group = i > 0 && (m_text[i - 1] == ')' || (m_text[i - 1] == '"' && !is_gershayim(m_text, i - 1)));
    if ((item_start || after_group) && m_modifier == 0 && !m_synonym_mark) {
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
    if ((item_start || after_group) && colon != std::string_view::npos && colon > 0 && is_ascii_letters(run.substr(0, colon))) {
      const std::string name = lower_ascii(run.substr(0, colon));
      const bool known = name == schema::k_field_title || name == schema::k_field_author ||
                         name == schema::k_field_source || name == schema::k_field_topic ||
                         name == schema::k_field_date;
      const bool has_value = colon + 1 < run.size() || (end < m_text.size() && m_text[end] == '"');
      if (known) {
        read_field(name, i + colon + 1, next);
        m_synonym_mark = false;  // '~field:' is literal; the mark must not move on
        i = next;
        item_start = false;
        continue;
      }
      const std::string_view after = run.substr(colon + 1);
      const bool lower_name = run.substr(0, colon) == name;
      if (lower_name && has_value && after.substr(0, 2) != "//") {
        throw UsageError("query error: unknown field '" + echo_for_error(name) +
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

bool is_not(const Item& item) { return item.kind == ItemKind::op && item.text == "NOT"; }
bool starts_operand(const Item& item) {
  return item.kind == ItemKind::group || item.kind == ItemKind::field || item.kind == ItemKind::open;
}
bool ends_operand(const Item& item) {
  return item.kind == ItemKind::group || item.kind == ItemKind::field || item.kind == ItemKind::close;
}

/// Index of the ')' matching the '(' at @p open (the lexer checked balance).
std::size_t matching_close(const std::vector<Item>& items, std::size_t open) {
  int depth = 0;
  for (std::size_t k = open; k < items.size(); ++k) {
    if (items[k].kind == ItemKind::open) ++depth;
    if (items[k].kind == ItemKind::close && --depth == 0) return k;
  }
  return items.size() - 1;
}

/// Xapian 1.4 cannot parse a bracket holding only excluded words (it would
/// silently drop every operator). Beside other words such a bracket means
/// the exclusions themselves (`oil (-gas)` is `oil -gas`), so the brackets
/// are removed; anywhere else (after an operator, with '+'/'-' before it,
/// with operators inside) the query is refused. Empty brackets are refused.
void flatten_exclusion_brackets(std::vector<Item>& items) {
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t open = 0; open < items.size(); ++open) {
      if (items[open].kind != ItemKind::open) continue;
      const std::size_t close = matching_close(items, open);
      bool any = false;
      bool all_excluded = true;
      bool has_operator = false;
      int depth = 0;
      for (std::size_t k = open + 1; k < close; ++k) {
        const Item& item = items[k];
        if (item.kind == ItemKind::close) {
          --depth;
          continue;
        }
        if (depth == 0) {
          if (item.kind == ItemKind::op) {
            has_operator = true;
          } else {
            any = true;
            if (item.modifier != '-' && !is_not(items[k - 1])) all_excluded = false;
          }
        }
        if (item.kind == ItemKind::open) ++depth;
      }
      if (!any) throw UsageError("query error: empty brackets: '()' holds no searchable word");
      if (!all_excluded) continue;
      const bool operator_before = open > 0 && items[open - 1].kind == ItemKind::op;
      const bool operator_after = close + 1 < items.size() && items[close + 1].kind == ItemKind::op;
      if (items[open].modifier == 0 && !has_operator && !operator_before && !operator_after) {
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(close));
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(open));
        changed = true;
        break;
      }
      throw UsageError("query error: a bracket holding only excluded words ('-' or NOT) cannot be combined "
                       "with an operator or '+'/'-'; write oil -gas -coal, or oil NOT (gas OR coal)");
    }
  }
}

/// A bracket around one '+' operand, `gas (+oil)`: QueryParser reads the
/// bracket as an optional alternative and the '+' as required only inside
/// it, so the requirement would silently vanish (`gas OR oil`). The brackets
/// are removed, so the '+' means what it means outside them (`gas +oil`);
/// next to an operator check_operators then judges it like any '+' word.
void unwrap_required_brackets(std::vector<Item>& items) {
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t open = 0; open + 2 < items.size(); ++open) {
      if (items[open].kind != ItemKind::open || items[open].modifier != 0) continue;
      const Item& inner = items[open + 1];
      if ((inner.kind != ItemKind::group && inner.kind != ItemKind::field) || inner.modifier != '+' ||
          items[open + 2].kind != ItemKind::close) {
        continue;
      }
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(open + 2));
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(open));
      changed = true;
      break;
    }
  }
}

/// A bracket holding only author:/source:/topic:/date: fields next to other
/// operands without an operator, `oil (date:2020 OR date:2022)`: a field
/// outside brackets restricts the query, but QueryParser reads such a bracket
/// as an optional alternative (every 2020 article would match). Refused with
/// the two ways to write the restriction.
void check_field_brackets(const std::vector<Item>& items) {
  for (std::size_t open = 0; open < items.size(); ++open) {
    if (items[open].kind != ItemKind::open || items[open].modifier != 0) continue;
    const std::size_t close = matching_close(items, open);
    bool any_field = false;
    bool only_fields = true;
    for (std::size_t k = open + 1; k < close; ++k) {
      if (items[k].kind == ItemKind::group) only_fields = false;
      if (items[k].kind == ItemKind::field) any_field = true;
    }
    if (!any_field || !only_fields) continue;
    const bool word_before = open > 0 && ends_operand(items[open - 1]);
    const bool word_after = close + 1 < items.size() && starts_operand(items[close + 1]);
    if (word_before || word_after) {
      throw UsageError("query error: a bracket of only author:/source:/topic:/date: fields next to words is an "
                       "alternative, not a restriction; write oil date:2020 date:2022, or oil AND (date:2020 OR "
                       "date:2022)");
    }
  }
}

/// The '+'/'-' of the operand that ends at @p k (a bracket's is on its '(').
char modifier_ending_at(const std::vector<Item>& items, std::size_t k) {
  if (items[k].kind != ItemKind::close) return items[k].modifier;
  int depth = 0;
  for (std::size_t j = k + 1; j-- > 0;) {
    if (items[j].kind == ItemKind::close) ++depth;
    if (items[j].kind == ItemKind::open && --depth == 0) return items[j].modifier;
  }
  return 0;
}

/// '+' and '-' mean something only between plain words and right after AND
/// (`oil AND -gas`); QueryParser ignores or rejects them next to the other
/// boolean operators, so those are refused with a reason.
void check_modifiers_around(const Item& op, char left, char right) {
  const bool is_and = op.text == "AND";
  if (left == '-' || (right == '-' && !is_and)) {
    throw UsageError("query error: a '-' word cannot be an operand of " + op.text +
                     "; write oil -gas, or oil NOT gas");
  }
  if ((left == '+' || right == '+') && !is_and) {
    throw UsageError("query error: '+' has no effect next to " + op.text + "; use AND to require a word");
  }
}

/// Every operator has its operands; NEAR/ADJ only link plain words, phrases
/// and title: words, with one operator and distance per chain.
void check_operators(const std::vector<Item>& items) {
  for (std::size_t k = 0; k < items.size(); ++k) {
    const Item& item = items[k];
    if (item.kind != ItemKind::op) continue;
    const Item* before = k > 0 ? &items[k - 1] : nullptr;
    const Item* after = k + 1 < items.size() ? &items[k + 1] : nullptr;
    const bool right = after != nullptr && starts_operand(*after);
    const bool left = before != nullptr && ends_operand(*before);
    if (is_not(item)) {
      if (!right) throw UsageError("query error: NOT needs a word or phrase after it (to exclude a word, write: oil -gas)");
      check_modifiers_around(item, left ? modifier_ending_at(items, k - 1) : 0, after->modifier);
      continue;
    }
    const bool right_not = after != nullptr && is_not(*after) && !item.near;
    if (!left || !(right || right_not)) {
      throw UsageError("query error: " + item.text + " needs a word or phrase on each side");
    }
    if (!item.near) {
      check_modifiers_around(item, modifier_ending_at(items, k - 1), right ? after->modifier : 0);
      continue;
    }
    for (const Item* side : {before, after}) {
      if (side->kind == ItemKind::open || side->kind == ItemKind::close) {
        throw UsageError("query error: " + item.text +
                         " links words or phrases, not brackets (write: wang NEAR kamikawa, or \"foreign minister\" "
                         "NEAR japan)");
      }
      if (side->kind == ItemKind::field) {
        throw UsageError("query error: " + item.text +
                         " cannot take a field (author:, source:, topic:, date:); combine the field with AND");
      }
      if (side->wildcard) {
        throw UsageError("query error: " + item.text +
                         " cannot take a wildcard: Xapian 1.4 has no wildcards in proximity searches");
      }
    }
    if (after->modifier != 0) {
      throw UsageError("query error: '" + std::string(1, after->modifier) + "' inside a " + item.text +
                       " chain; put it before the chain's first word: -wang NEAR kamikawa excludes the whole chain");
    }
    if (k >= 2 && items[k - 2].kind == ItemKind::op && items[k - 2].near && items[k - 2].text != item.text) {
      throw UsageError("query error: a proximity chain must use one operator and distance throughout (" +
                       items[k - 2].text + " then " + item.text + "); join separate chains with AND");
    }
  }
}

std::string field_term(const Item& item, const QueryWord& word) {
  return (item.title ? std::string(schema::k_field_title) + ":" : std::string()) + word.term;
}

/// The Xapian term of @p term in @p item (title words carry the S prefix).
std::string xapian_term(const Item& item, const std::string& term) {
  return (item.title ? std::string(schema::k_prefix_title) : std::string()) + term;
}

bool all_read_back(const Item& item, const RewrittenQuery& query) {
  return std::all_of(item.words.begin(), item.words.end(),
                     [&](std::size_t index) { return query_parser_reads_back(query.words[index].term); });
}

std::string spec_text(const TermSpec& spec) {
  return std::string(k_term_spec_field) + ":" + encode_term_spec(spec);
}

/// A group as QueryParser text: term, "term", term*, "a b c", with title: and +/-.
std::string emit_group(const Item& item, const RewrittenQuery& query, bool with_modifier = true,
                       bool with_fragment = true) {
  std::string out;
  if (with_modifier && item.modifier != 0) out += item.modifier;
  if (with_fragment && !item.fragment.empty()) {
    // A CJK group (#13.3): its words (a phrase) or its bigram reading.
    TermSpec spec;
    spec.kind = 'c';
    for (std::size_t index : item.words) spec.terms.push_back(query.words[index].term);
    spec.window = static_cast<unsigned>(spec.terms.size());
    for (const std::vector<std::string>& part : item.fragment) {
      spec.terms.emplace_back(k_fragment_part);
      spec.terms.insert(spec.terms.end(), part.begin(), part.end());
    }
    return out + spec_text(spec);
  }
  const bool single = !item.phrase && item.words.size() == 1;
  if (!all_read_back(item, query)) {
    TermSpec spec;
    if (single) {
      const QueryWord& word = query.words[item.words.front()];
      if (item.wildcard) {
        spec.kind = 'w';
        spec.terms.push_back(xapian_term(item, word.term));
      } else if (!needs_quotes(item.scripts.front()) && !word.stem.empty()) {
        spec.terms.push_back(std::string(schema::k_prefix_stem) + xapian_term(item, word.stem));
      } else {
        spec.terms.push_back(xapian_term(item, word.term));
      }
    } else {
      spec.kind = 'p';
      for (std::size_t index : item.words) spec.terms.push_back(xapian_term(item, query.words[index].term));
      spec.window = static_cast<unsigned>(spec.terms.size());
    }
    return out + spec_text(spec);
  }
  if (item.title) out += std::string(schema::k_field_title) + ":";
  if (single) {
    const QueryWord& word = query.words[item.words.front()];
    if (item.wildcard) return out + word.term + "*";
    if (needs_quotes(item.scripts.front())) return out + "\"" + word.term + "\"";
    if (item.synonyms) out += '~';
    return out + word.term;
  }
  out += '"';
  for (std::size_t k = 0; k < item.words.size(); ++k) {
    if (k > 0) out += ' ';
    out += query.words[item.words[k]].term;
  }
  return out + '"';
}

/// The distance of "NEAR", "NEAR/5", "ADJ/3" (10 when not given).
unsigned operator_distance(const std::string& op) {
  const std::size_t slash = op.find('/');
  return slash == std::string::npos ? 10U : static_cast<unsigned>(std::stoul(op.substr(slash + 1)));
}

/// Emits a NEAR/ADJ chain items[first..last] (groups at even offsets). A '+'
/// or '-' before the first word applies to the whole chain.
std::string emit_chain(const std::vector<Item>& items, std::size_t first, std::size_t last,
                       const RewrittenQuery& query) {
  bool simple = true;
  bool readable = true;
  std::size_t term_count = 0;
  for (std::size_t k = first; k <= last; k += 2) {
    if (items[k].phrase || items[k].words.size() != 1) simple = false;
    if (!all_read_back(items[k], query)) readable = false;
    term_count += items[k].words.size();
  }
  const std::string& op = items[first + 1].text;
  TermSpec chain;  // the chain of every word, when QueryParser cannot read a term
  chain.kind = op.starts_with("NEAR") ? 'n' : 'a';
  chain.window = operator_distance(op) + static_cast<unsigned>(term_count) - 1;
  for (std::size_t k = first; k <= last; k += 2) {
    for (std::size_t index : items[k].words) chain.terms.push_back(xapian_term(items[k], query.words[index].term));
  }
  std::string out;
  const char modifier = items[first].modifier;
  if (simple) {
    if (!readable) return (modifier != 0 ? std::string(1, modifier) : std::string()) + spec_text(chain);
    for (std::size_t k = first; k <= last; ++k) {
      if (k > first) out += ' ';
      // Words in a chain are matched exactly, so CJK words need no quotes here
      // (and QueryParser does not accept quotes in a chain).
      out += items[k].kind == ItemKind::op ? items[k].text : field_term(items[k], query.words[items[k].words.front()]);
    }
    return modifier != 0 ? std::string(1, modifier) + "(" + out + ")" : out;
  }
  // Xapian 1.4 cannot put a phrase inside NEAR: require each phrase, and all
  // of the chain's terms within the window (widened by the phrase lengths).
  if (modifier != 0) out += modifier;
  out += '(';
  for (std::size_t k = first; k <= last; k += 2) {
    if (items[k].words.size() > 1) out += emit_group(items[k], query, false, false) + " AND ";
  }
  if (!readable) return out + spec_text(chain) + ')';
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

bool is_query_separator(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_double_quote_mark(char32_t c) {
  switch (c) {
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:  // “ ” „ ‟
    case 0x00AB: case 0x00BB: case 0x2039: case 0x203A:  // « » ‹ ›
    case 0x300C: case 0x300D: case 0x300E: case 0x300F:  // 「 」 『 』
    case 0x301D: case 0x301E: case 0x301F: case 0xFF02:  // 〝 〞 〟 ＂
      return true;
    default:
      return false;
  }
}

char hex_digit(unsigned value) { return "0123456789abcdef"[value & 0xF]; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

} // namespace

std::string clean_query_text(std::string_view raw) {
  // The indexer's own cleanup (indexer/file_reader), so pasted text with
  // escape sequences asks for the terms the index holds: complete sequences
  // go without a trace, lone controls become spaces.
  const std::string text = separate_control_chars(repair_utf8(raw)).text;
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const CodePoint c = code_point_at(text, i);
    if (is_query_separator(c.value)) {
      out += ' ';
    } else if (is_double_quote_mark(c.value)) {
      out += '"';
    } else {
      out.append(text, i, c.length);
    }
    i += c.length;
  }
  return out;
}

std::string echo_for_error(std::string_view text, std::size_t max_code_points) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (count == max_code_points) return std::string(text.substr(0, i)) + "\xE2\x80\xA6";
    ++count;
  }
  return std::string(text);
}

bool fragment_spec_is_valid(const TermSpec& spec) {
  // window words (none of them a separator), then parts: a separator
  // followed by at least one term.
  if (spec.window == 0 || spec.window >= spec.terms.size()) return false;
  const auto separator = [](const std::string& term) { return term == k_fragment_part; };
  if (std::any_of(spec.terms.begin(), spec.terms.begin() + spec.window, separator)) return false;
  for (std::size_t k = spec.window; k < spec.terms.size(); ++k) {
    const bool at_separator = separator(spec.terms[k]);
    if (at_separator && (k + 1 == spec.terms.size() || separator(spec.terms[k + 1]))) return false;
  }
  return separator(spec.terms[spec.window]);
}

std::string encode_term_spec(const TermSpec& spec) {
  std::string out(1, spec.kind);
  out += std::to_string(spec.window);
  for (const std::string& term : spec.terms) {
    out += 'x';
    for (char c : term) {
      const auto byte = static_cast<unsigned char>(c);
      out += hex_digit(byte >> 4U);
      out += hex_digit(byte);
    }
  }
  return out;
}

std::optional<TermSpec> decode_term_spec(std::string_view value) {
  if (value.empty() || std::string_view("twpnac").find(value.front()) == std::string_view::npos) return std::nullopt;
  TermSpec spec;
  spec.kind = value.front();
  std::size_t i = 1;
  const std::size_t digits_end = std::min(value.find('x', i), value.size());
  const auto [ptr, ec] = std::from_chars(value.data() + i, value.data() + digits_end, spec.window);
  if (ec != std::errc() || ptr != value.data() + digits_end) return std::nullopt;
  i = digits_end;
  while (i < value.size()) {
    if (value[i] != 'x') return std::nullopt;
    ++i;
    std::string term;
    while (i < value.size() && value[i] != 'x') {
      if (i + 1 >= value.size()) return std::nullopt;
      const int high = hex_value(value[i]);
      const int low = hex_value(value[i + 1]);
      if (high < 0 || low < 0) return std::nullopt;
      term += static_cast<char>((high << 4) | low);
      i += 2;
    }
    if (term.empty()) return std::nullopt;
    spec.terms.push_back(std::move(term));
  }
  if (spec.terms.empty() || ((spec.kind == 't' || spec.kind == 'w') && spec.terms.size() != 1)) return std::nullopt;
  if (spec.kind == 'c' && !fragment_spec_is_valid(spec)) return std::nullopt;
  return spec;
}

bool query_parser_reads_back(std::string_view term) {
  std::vector<unsigned> code_points;
  for (Xapian::Utf8Iterator it(term.data(), term.size()); it != Xapian::Utf8Iterator(); ++it) {
    code_points.push_back(*it);
  }
  if (code_points.empty() || repair_utf8(term) != term) return false;
  const auto is_digit = [](unsigned c) {
    return Xapian::Unicode::get_category(c) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
  };
  for (std::size_t k = 0; k < code_points.size(); ++k) {
    const unsigned c = code_points[k];
    if (Xapian::Unicode::is_wordchar(c)) {
      if (Xapian::Unicode::tolower(c) != c) return false;
      continue;
    }
    // QueryParser keeps a few characters between two word characters (see
    // check_infix and check_infix_digit in Xapian 1.4's queryparser.lemony).
    if (k == 0 || k + 1 == code_points.size() || !Xapian::Unicode::is_wordchar(code_points[k + 1])) return false;
    static constexpr std::array<unsigned, 11> k_between_digits{',', '.', ';', 0x037E, 0x0589, 0x060D,
                                                               0x07F8, 0x2044, 0xFE10, 0xFE13, 0xFE14};
    static constexpr std::array<unsigned, 5> k_between_letters{'\'', '&', 0x00B7, 0x05F4, 0x2027};
    const bool digits = is_digit(code_points[k - 1]) && is_digit(code_points[k + 1]);
    const bool kept = digits ? std::find(k_between_digits.begin(), k_between_digits.end(), c) != k_between_digits.end()
                             : std::find(k_between_letters.begin(), k_between_letters.end(), c) != k_between_letters.end();
    if (!kept) return false;
  }
  return true;
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
  std::vector<Item> items = lexer.run();

  std::size_t operands = 0;
  std::size_t included = 0;
  bool chain_excluded = false;  // a '-' or NOT before a NEAR/ADJ chain's first word excludes the whole chain
  for (std::size_t k = 0; k < items.size(); ++k) {
    const Item& item = items[k];
    if (item.kind == ItemKind::group || item.kind == ItemKind::field) {
      const bool in_chain = k > 0 && items[k - 1].kind == ItemKind::op && items[k - 1].near;
      chain_excluded = item.excluded || (in_chain && chain_excluded);
      ++operands;
      if (!chain_excluded) ++included;
    }
  }
  if (operands == 0) throw UsageError("query error: the query has no searchable words");
  if (included == 0) {
    throw UsageError("query error: every word is excluded (with '-' or NOT); add a word to search for");
  }
  flatten_exclusion_brackets(items);
  unwrap_required_brackets(items);
  check_field_brackets(items);
  check_operators(items);

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
      if (last == k && !item.fragment.empty()) {
        for (std::size_t j = 0; j < item.words.size(); ++j) {
          if (item.scripts[j] == Script::cjk) result.words[item.words[j]].cjk_fragment = true;
        }
      }
      k = last;
    } else if (item.kind == ItemKind::field) {
      // QueryParser reads "-date:A..B" as an unknown range: bracket it.
      const bool range = item.text.starts_with(std::string(schema::k_field_date) + ":");
      piece = item.modifier == 0 ? item.text
                                 : std::string(1, item.modifier) + (range ? "(" + item.text + ")" : item.text);
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
