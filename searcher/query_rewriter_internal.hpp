/** @file query_rewriter_internal.hpp
 *  @brief What the query rewriter's files share (query_text.cpp,
 *  query_lexer.cpp, query_fields.cpp, query_checks.cpp, query_rewriter.cpp):
 *  the lexer's items, the Lexer, the character scanning the lexer and field
 *  reader both use, and the structural checks run between lexing and
 *  emitting. Not a public interface: callers use query_rewriter.hpp. Not
 *  here: the emitter (query_rewriter.cpp) and the dlterm: spec encoding
 *  (term_spec.cpp, declared in query_rewriter.hpp).
 */
#pragma once

#include "searcher/query_rewriter.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::searcher::rewriter_detail {

enum class ItemKind { group, op, open, close, field };

struct Item {
  ItemKind kind = ItemKind::group;
  std::string text;                  ///< op: the operator as emitted; field: the emitted field clause
  bool near = false;                 ///< op: NEAR or ADJ (with or without /n)
  char modifier = 0;                 ///< '+', '-' or 0
  std::vector<std::size_t> words;    ///< group: indices into RewrittenQuery::words
  std::vector<Script> scripts;       ///< group: script per word
  bool phrase = false;               ///< group: quoted, or several words written together
  bool quoted = false;               ///< group: inside double quotes (an exact phrase asked for)
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

inline constexpr std::string_view k_left_single_quote = "\xE2\x80\x98";   // ‘
inline constexpr std::string_view k_right_single_quote = "\xE2\x80\x99";  // ’

/// A word of a script the index never stems (CJK, Thai, ...): QueryParser
/// must not look for its stem, so it is quoted (and takes no '~').
inline bool needs_quotes(Script script) { return script == Script::cjk || script == Script::other; }

// Character scanning of the cleaned query (query_text.cpp).
bool is_gershayim(std::string_view text, std::size_t i);
bool ends_run(std::string_view text, std::size_t i);
std::size_t find_quote(std::string_view text, std::size_t from);
std::size_t find_single_quote_close(std::string_view text, std::size_t open);

/// The cleaned query -> items (query_lexer.cpp; read_field in query_fields.cpp).
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
  /// Notes that the '"' at @p quote has no closing one and is ignored.
  void note_unbalanced_quote(std::size_t quote);
  /// The item typed from @p begin to the next space, echoed for an error.
  [[nodiscard]] std::string typed_from(std::size_t begin) const;
  /// Refuses a '~' (the run m_text[begin, end)) before what it cannot act on:
  /// '~~', a phrase, a bracket, a '+'/'-'.
  void check_synonym_mark(std::size_t begin, std::size_t end) const;
  /// Refuses a '~' before a group that is not one plain word QueryParser reads.
  void check_synonym_group(std::size_t begin, std::string_view text, const Item& item) const;

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

/// Refuses a run of text written as a range ("2020..2022", "..1987"),
/// which only date: takes (query_lexer.cpp).
void check_range(std::string_view run);

// Structural checks and rewrites of the item list (query_checks.cpp).
void flatten_exclusion_brackets(std::vector<Item>& items);
void unwrap_required_brackets(std::vector<Item>& items);
void check_field_brackets(const std::vector<Item>& items);
void check_operators(const std::vector<Item>& items);

} // namespace dateline::searcher::rewriter_detail
