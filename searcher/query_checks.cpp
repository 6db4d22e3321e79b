/** @file query_checks.cpp
 *  @brief The checks between lexing and emitting: brackets of only excluded
 *  words flattened or refused, a bracket around one '+' operand unwrapped,
 *  brackets of only fields next to words refused, every operator's operands
 *  and NEAR/ADJ chains checked. Each refusal is a one-line UsageError. Not
 *  here: checks of single words and fields (query_lexer.cpp,
 *  query_fields.cpp).
 */
#include "searcher/query_rewriter_internal.hpp"

#include "common/error.hpp"

namespace dateline::searcher::rewriter_detail {
namespace {

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

} // namespace

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

namespace {

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

} // namespace

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
      if (side->synonyms) {
        throw UsageError("query error: '~' inside a " + item.text +
                         " chain: proximity matches words as typed, without synonyms; leave out the '~'");
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

} // namespace dateline::searcher::rewriter_detail
