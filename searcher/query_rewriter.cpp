/** @file query_rewriter.cpp
 *  @brief QueryRewriter::rewrite: the cleaned query through the lexer and the
 *  checks, then emitted as QueryParser text (groups, dlterm: specs, NEAR/ADJ
 *  chains). Not here: the lexer (query_lexer.cpp, query_fields.cpp), the
 *  checks (query_checks.cpp), cleaning (query_text.cpp), term specs
 *  (term_spec.cpp).
 */
#include "searcher/query_rewriter_internal.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"

#include <algorithm>

namespace dateline::searcher {

using namespace rewriter_detail;  // the rewriter's own internals (query_rewriter_internal.hpp)

namespace {

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

/// True when @p item is a long CJK group read graded (session 16): unquoted,
/// neither required nor excluded (those keep the exact reading), its bigram
/// reading holding at least k_cjk_graded_min_bigrams bigrams.
bool graded_group(const Item& item) {
  if (item.quoted || item.excluded || item.modifier != 0) return false;
  std::size_t bigrams = 0;
  for (const std::vector<std::string>& part : item.fragment) {
    bigrams += static_cast<std::size_t>(std::count_if(part.begin(), part.end(), [](const std::string& term) {
      return term.size() > schema::k_prefix_bigram.size() && term.starts_with(schema::k_prefix_bigram);
    }));
  }
  return bigrams >= k_cjk_graded_min_bigrams;
}

/// A group as QueryParser text: term, "term", term*, "a b c", with title: and +/-.
std::string emit_group(const Item& item, const RewrittenQuery& query, bool with_modifier = true,
                       bool with_fragment = true) {
  std::string out;
  if (with_modifier && item.modifier != 0) out += item.modifier;
  if (with_fragment && !item.fragment.empty()) {
    // A CJK group (#13.3): its words (a phrase) or its bigram reading;
    // graded when long (session 16).
    TermSpec spec;
    spec.kind = graded_group(item) ? 'g' : 'c';
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

} // namespace

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
