/** @file query_lexer.cpp
 *  @brief The query language's lexer: the cleaned query -> items (groups of
 *  analysed words, operators, brackets, fields), with '+'/'-'/'~'/NOT marks,
 *  word caps, wildcards and a CJK group's bigram reading. Not here: field
 *  values and dates (query_fields.cpp), the checks between items
 *  (query_checks.cpp), the text for QueryParser (query_rewriter.cpp).
 */
#include "searcher/query_rewriter_internal.hpp"

#include "common/cjk_bigrams.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace dateline::searcher::rewriter_detail {
namespace {

constexpr std::array<std::string_view, 4> k_boolean_ops{"AND", "OR", "NOT", "XOR"};

bool is_space(char c) { return c == ' '; }

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

/// The bigram reading of a group's tokens (Item::fragment), for a group
/// holding CJK: each CJK run of two characters or more becomes a phrase of
/// its bigrams; the other words become their terms, consecutive ones a
/// phrase of them (they are whole, so the article holds them side by side:
/// "月26日0—24时" out of "10月26日0—24时，31"), except a word touching
/// either end of the group (a number, a one-character CJK word, a Latin
/// word), which a fragment cut from a longer text may have truncated ("19年"
/// out of "2019年", "国" out of "中国", "CG" out of "CGTN"); punctuation
/// between it and the end means it is whole. A one-character CJK run cut at
/// one edge becomes an edge part instead: the index's XBL term of its
/// character at the group's start (the article's run ends with it: "惠" of
/// "惠。中方" out of "优惠。中方"), XBF at its end (the run starts with it);
/// QueryBuilder keeps edge parts only where the database holds edge terms.
/// A number or Latin word cut at one edge and written against a CJK run
/// (no separator) becomes a join part (session 13): the run's character
/// beside it with the word's first (at the group's end: "例11" of "病例11"
/// out of "病例1102") or last (at its start: "379人" of "379人出席") 1 to
/// k_max_join_characters characters, XBN / XBP; QueryBuilder keeps join
/// parts only where the database holds join terms.
/// The word reading still asks for every word. Empty when the group holds no
/// CJK or nothing but one edge part is left.
std::vector<std::vector<std::string>> fragment_parts(std::string_view text, const std::vector<Token>& tokens) {
  if (std::none_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.script == Script::cjk; })) return {};
  const CjkTerms cjk = cjk_terms(text, tokens, k_cjk_bigrams | k_cjk_joins);
  const std::vector<CjkBigram>& bigrams = cjk.bigrams;
  const std::vector<CjkJoin>& joins = cjk.joins;
  // The longest join of word k to the run after it (before == true) or before it.
  const auto join_of = [&](std::size_t k, bool before) -> const CjkJoin* {
    const CjkJoin* longest = nullptr;
    for (const CjkJoin& join : joins) {
      if (join.token == k && join.after != before) longest = &join;
    }
    return longest;
  };
  std::size_t join_parts = 0;
  std::vector<std::vector<std::string>> parts;
  std::vector<std::string> words;  // consecutive whole words outside bigram runs
  std::size_t whole_words = 0;
  const auto flush = [&] {
    if (!words.empty()) parts.push_back(std::exchange(words, {}));
  };
  std::size_t next_bigram = 0;
  const std::vector<CjkRun> runs = cjk_runs(tokens);
  std::size_t r = 0;
  for (std::size_t k = 0; k < tokens.size();) {
    while (r < runs.size() && runs[r].last_token <= k) ++r;
    if (r < runs.size() && runs[r].first_token == k && runs[r].characters >= 2) {
      flush();
      std::vector<std::string> phrase;
      for (; next_bigram < bigrams.size() && bigrams[next_bigram].run == r; ++next_bigram) {
        phrase.push_back(std::string(schema::k_prefix_bigram) + bigrams[next_bigram].term);
      }
      parts.push_back(std::move(phrase));
      k = runs[r].last_token;
      continue;
    }
    const bool cut_before = k == 0 && tokens[k].begin == 0;
    const bool cut_after = k + 1 == tokens.size() && tokens[k].end >= text.size();
    if (cut_before || cut_after) {
      flush();
      const bool one_character = tokens[k].script == Script::cjk && r < runs.size() && runs[r].first_token == k &&
                                 runs[r].characters == 1;
      if (one_character && cut_before != cut_after) {
        parts.push_back({std::string(cut_before ? schema::k_prefix_run_last : schema::k_prefix_run_first) +
                         tokens[k].term});
      } else if (tokens[k].script != Script::cjk && cut_before != cut_after) {
        if (const CjkJoin* join = join_of(k, cut_before)) {
          parts.push_back({std::string(join->after ? schema::k_prefix_join_after : schema::k_prefix_join_before) +
                           join->term});
          ++join_parts;
        }
      }
    } else {
      ++whole_words;
      words.push_back(tokens[k].term);
    }
    ++k;
  }
  flush();
  // One edge part alone ("A股", "3月", "惠。") is too little to go on.
  if (whole_words == 0 && bigrams.empty() && join_parts == 0 && parts.size() < 2) return {};
  return parts;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

} // namespace

/// "2020..2022", "..1987", "1987..": QueryParser's range syntax, which
/// Dateline has only as date: (the numbers would be searched as the phrase
/// "2020 2022", or one of them). Refused with the field to use. "1987..."
/// (an ellipsis) is text.
void check_range(std::string_view run) {
  for (std::size_t p = run.find(".."); p != std::string_view::npos; p = run.find("..", p + 1)) {
    const bool digit_before = p > 0 && is_digit(run[p - 1]);
    const bool digit_after = p + 2 < run.size() && is_digit(run[p + 2]);
    const bool closed = digit_before && digit_after;
    const bool open_start = p == 0 && digit_after;
    const bool open_end = p + 2 == run.size() && digit_before;
    if (!closed && !open_start && !open_end) continue;
    std::string words(run.substr(0, p));
    if (!words.empty() && p + 2 < run.size()) words += ' ';
    words += run.substr(p + 2);
    throw UsageError("query error: '" + echo_for_error(run, 30) + "': a range (A..B) works only on date: (date:" +
                     echo_for_error(run, 30) + "); to search for the numbers as words, write " +
                     echo_for_error(words, 30));
  }
}

void Lexer::note_unbalanced_quote(std::size_t quote) {
  m_out.notes.push_back("the '\"' at '" + echo_for_error(m_text.substr(quote), 20) +
                        "' is never closed: it was ignored and the words searched as plain words (close it to "
                        "search for a phrase)");
}

std::string Lexer::typed_from(std::size_t begin) const {
  std::size_t end = begin;
  while (end < m_text.size() && !is_space(m_text[end])) ++end;
  return echo_for_error(m_text.substr(begin, end - begin), 30);
}

void Lexer::check_synonym_mark(std::size_t begin, std::size_t end) const {
  const std::string typed = "query error: '" + typed_from(begin) + "': ";
  const std::string what = "'~' expands the synonyms of one plain word (~usa)";
  if (end - begin > 1) throw UsageError(typed + "one '~' right before a word expands its synonyms, e.g. ~usa");
  const char after = m_text[end];
  if (after == '"' || m_text.substr(end, k_left_single_quote.size()) == k_left_single_quote) {
    // Echo the whole phrase when it is closed: '~"oil price"'.
    const std::size_t close = after == '"' ? find_quote(m_text, end + 1) : std::string_view::npos;
    const std::string phrase =
        close == std::string_view::npos
            ? typed
            : "query error: '" + echo_for_error(m_text.substr(begin, close + 1 - begin), 30) + "': ";
    throw UsageError(phrase + what + ", not a phrase: a phrase is matched exactly as quoted; leave out the '~' "
                     "(unquoted words are searched with their synonyms by default)");
  }
  if (after == '(') {
    throw UsageError(typed + what + ", not a bracket; put it before each word: (~usa OR ~uk)");
  }
  if (after == '+' || after == '-') {
    throw UsageError(typed + "put the '" + std::string(1, after) + "' before the '~': " + std::string(1, after) +
                     "~usa");
  }
}

void Lexer::count_words(std::size_t n) {
  m_out.word_count += n;
  if (m_out.word_count > m_limits.max_words) {
    // A pasted paragraph: say what to search instead (the cap bounds the
    // cost of a query, so it stays).
    throw UsageError("query error: the query has more than " + std::to_string(m_limits.max_words) +
                     " words (words and field values), the most one query may hold; search for its few most "
                     "telling words, or a phrase of some of them in quotes; for articles like one already "
                     "indexed, use --like PATH");
  }
}

void Lexer::finish_operand(Item& item) {
  item.modifier = m_modifier;
  item.excluded = m_modifier == '-' || m_pending_not || m_excluded_depth >= 0;
  m_modifier = 0;
  m_pending_not = false;
  for (std::size_t index : item.words) m_out.words[index].excluded = item.excluded;
}

void Lexer::check_synonym_group(std::size_t begin, std::string_view text, const Item& item) const {
  std::size_t tilde = begin;
  while (tilde > 0 && m_text[tilde - 1] == '~') --tilde;
  const std::string typed = "query error: '" + typed_from(tilde) + "': '~' expands the synonyms of one plain word";
  if (item.wildcard) {
    throw UsageError(typed + ", not a wildcard's; write " + echo_for_error(text, 20) + "* or ~" +
                     echo_for_error(text, 20));
  }
  if (item.quoted) {
    throw UsageError(typed + ", not a phrase: a phrase is matched exactly as quoted; leave out the '~'");
  }
  if (item.words.size() > 1) {
    throw UsageError(typed + "; this is " + std::to_string(item.words.size()) +
                     " words, searched as a phrase without synonyms; leave out the '~'");
  }
  const bool exact = needs_quotes(item.scripts.front()) || !item.fragment.empty() ||
                     !query_parser_reads_back(m_out.words[item.words.front()].term);
  if (exact) {
    throw UsageError(typed + "; " + echo_for_error(text, 20) +
                     " is searched exactly as written (no stems or synonyms); leave out the '~'");
  }
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
  if (item.wildcard && text.back() == '*' && text.find('*') == text.find_last_not_of('*') + 1) {
    // "budget**": Xapian takes it as budget* (the second '*' ignored).
    throw UsageError("query error: '" + echo_for_error(text) + "*': a wildcard is one '*' right after a word, e.g. " +
                     echo_for_error(text.substr(tokens.back().begin, tokens.back().end - tokens.back().begin), 20) +
                     "*");
  }
  if (text.find('*') != std::string_view::npos) {
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
  if (item.wildcard && tokens.back().end < text.size()) {
    // "budget/*", "budget-*", "中国。*": the '*' follows punctuation, not a
    // word. Xapian would ignore it and search budget; stripping the
    // punctuation would make budget a wildcard. Neither is what was typed.
    std::size_t last = text.size() - 1;
    while (last > 0 && (static_cast<unsigned char>(text[last]) & 0xC0U) == 0x80U) --last;
    const Token& word = tokens.back();
    const std::string_view word_text = text.substr(word.begin, word.end - word.begin);
    throw UsageError("query error: '" + echo_for_error(text) + "*': the '*' follows '" +
                     echo_for_error(text.substr(last)) + "', not a word; a wildcard is a '*' right after a word (" +
                     echo_for_error(word_text, 20) + "* for words starting with " + echo_for_error(word_text, 20) +
                     "), or leave the '*' out");
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
  item.quoted = item.phrase;  // before a group of several words becomes a phrase too
  if (item.words.size() > 1) item.phrase = true;
  if (item.wildcard) m_out.words[item.words.back()].wildcard = true;
  if (!item.title && !item.wildcard) item.fragment = fragment_parts(text, tokens);
  for (const std::vector<std::string>& part : item.fragment) {
    if (is_edge_part(part)) m_out.cjk_edge_parts = true;
    if (is_join_part(part)) m_out.cjk_join_parts = true;
  }
  // '~' forces synonym expansion of one plain word; before anything else it
  // would be dropped in silence, so it is refused naming what it stands before.
  if (synonym_mark) check_synonym_group(begin, text, item);
  item.synonyms = synonym_mark;
  item.kind = ItemKind::group;
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
        // Pasted text (an inch mark, a quotation cut in two): the quote is
        // ignored and the words searched as plain words, said in a note.
        note_unbalanced_quote(i);
        ++i;
        item_start = true;
        continue;
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
      // '~word': the word's synonyms even under --no-synonyms (#12.2). A '~'
      // standing alone ("oil ~ gas") is punctuation, as a lone '-' is; before
      // anything it cannot act on it is refused, never dropped in silence.
      std::size_t end = i;
      while (end < m_text.size() && m_text[end] == '~') ++end;
      const char after = end < m_text.size() ? m_text[end] : ' ';
      if (is_space(after) || after == ')') {
        i = end;
        continue;
      }
      check_synonym_mark(i, end);
      m_synonym_mark = true;
      i = end;
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
      // "AND/5", "NOT/3", "AND/OR": read as words they became the phrase
      // "and 5"; an operator was meant, and only NEAR and ADJ take a distance.
      const std::string_view name = run.substr(0, run.find('/'));
      const bool named = std::find(k_boolean_ops.begin(), k_boolean_ops.end(), name) != k_boolean_ops.end();
      if (named && name.size() < run.size()) {
        throw UsageError("query error: '" + echo_for_error(run, 20) + "' is not an operator: only NEAR and ADJ " +
                         "take '/' and a distance (NEAR/5, ADJ/5); " + std::string(name) + " stands alone");
      }
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
      // "Date: March 3", "the source: brazil officials": a field name, ':'
      // and a space before more text is prose, searched as the word (a
      // field takes its value right after the colon). At the end of the
      // query ("oil date:") it stays a field without a value (refused).
      const bool prose = known && !has_value && colon + 1 == run.size() && end < m_text.size() &&
                         is_space(m_text[end]) && m_text.find_first_not_of(' ', end) != std::string_view::npos;
      if (prose) {
        m_out.notes.push_back("'" + std::string(run) + " ' is searched as the word " + name +
                              ": a field takes its value right after the colon (" + name +
                              (name == schema::k_field_date ? ":2024-07" : ":opec") + ")");
        add_group(i, i + colon, Item{});
        i = next;
        item_start = false;
        continue;
      }
      if (known) {
        if (m_synonym_mark) {
          // '~title:usa': fields are matched as typed, never with synonyms.
          std::size_t tilde = i;
          while (tilde > 0 && m_text[tilde - 1] == '~') --tilde;
          throw UsageError("query error: '" + typed_from(tilde) + "': '~' expands the synonyms of one plain word " +
                           "(~usa); title:, author:, source:, topic: and date: are matched as typed; leave out the " +
                           "'~'");
        }
        read_field(name, i + colon + 1, next);
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
    check_range(run);
    Item item;
    std::size_t text_end = end;
    if (run.back() == '*') {
      --text_end;  // one '*': "budget**" is refused (add_group), not read as budget*
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

} // namespace dateline::searcher::rewriter_detail
