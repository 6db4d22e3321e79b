/** @file stem_terms.cpp
 *  @brief Stem terms as OP_SYNONYM(Z s, s) where the index left out a stem
 *  that equals its word (stem_terms.hpp).
 */
#include "searcher/stem_terms.hpp"

#include "common/schema.hpp"
#include "common/text_analyzer.hpp"

#include <exception>
#include <optional>
#include <vector>

namespace dateline::searcher {
namespace {

/// A leaf's wqf and position: Xapian 1.4 has no accessor for them, but its
/// description is "Query(WQF * TERM@POS)" with "WQF * " only when the wqf is
/// not 1 and "@POS" only when the position is not 0.
void leaf_wqf_and_position(const Xapian::Query& leaf, Xapian::termcount& wqf, Xapian::termpos& pos) {
  wqf = 1;
  pos = 0;
  std::string text = leaf.get_description();
  if (text.starts_with("Query(") && text.ends_with(")")) text = text.substr(6, text.size() - 7);
  const std::size_t star = text.find(" * ");
  if (star != std::string::npos && star > 0 && text.find_first_not_of("0123456789") == star) {
    wqf = static_cast<Xapian::termcount>(std::stoul(text.substr(0, star)));
  }
  const std::size_t at = text.rfind('@');
  if (at != std::string::npos && at + 1 < text.size() &&
      text.find_first_not_of("0123456789", at + 1) == std::string::npos) {
    pos = static_cast<Xapian::termpos>(std::stoul(text.substr(at + 1)));
  }
}

/// An OP_SCALE_WEIGHT query's factor: Xapian 1.4 has no accessor for it
/// either, but its description is "Query(FACTOR * SUBQUERY)" with the factor
/// printed to 20 significant digits (exact for a double). nullopt unless the
/// factor read gives back the same description.
std::optional<double> scale_factor(const Xapian::Query& scaled) {
  const std::string text = scaled.get_description();
  if (!text.starts_with("Query(")) return std::nullopt;
  const std::size_t star = text.find(" * ", 6);
  if (star == std::string::npos) return std::nullopt;
  const std::string number = text.substr(6, star - 6);
  std::size_t used = 0;
  double factor = 0.0;
  try {
    factor = std::stod(number, &used);
  } catch (const std::exception&) {  // std::invalid_argument, std::out_of_range: not a factor we can read
    return std::nullopt;
  }
  if (used != number.size()) return std::nullopt;
  const Xapian::Query again(Xapian::Query::OP_SCALE_WEIGHT, scaled.get_subquery(0), factor);
  if (again.get_description() != text) return std::nullopt;
  return factor;
}

} // namespace

bool is_plain_combination(Xapian::Query::op type) noexcept {
  switch (type) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
      return true;
    default:
      return false;
  }
}

std::optional<Xapian::Query> rewrite_subqueries(
    const Xapian::Query& query, const std::function<std::optional<Xapian::Query>(const Xapian::Query&)>& child) {
  const Xapian::Query::op type = query.get_type();
  if (!is_plain_combination(type)) return std::nullopt;
  const std::size_t n = query.get_num_subqueries();
  std::vector<Xapian::Query> children;
  children.reserve(n);
  bool changed = false;
  for (std::size_t i = 0; i < n; ++i) {
    const Xapian::Query sub = query.get_subquery(i);
    std::optional<Xapian::Query> replaced = child(sub);
    changed = changed || replaced.has_value();
    children.push_back(replaced ? std::move(*replaced) : sub);
  }
  if (!changed) return std::nullopt;
  return Xapian::Query(type, children.begin(), children.end());
}

bool stems_only_where_differ(const Xapian::Database& db) {
  return db.get_termfreq(std::string(schema::k_term_stems_differ)) > 0;
}

StemQueries::StemQueries(const std::string& language, bool active) : m_active(active) {
  if (m_active && !language.empty() && language != "none") {
    m_stemmer.emplace(language);
  } else {
    m_active = false;
  }
}

StemQueries StemQueries::of(const Xapian::Database& db) {
  const bool active = stems_only_where_differ(db);
  return StemQueries(active ? db.get_metadata(std::string(schema::k_meta_language)) : std::string(), active);
}

bool StemQueries::is_own_stem_word(const std::string& word) const {
  if (!m_active || word.empty()) return false;
  const auto first = static_cast<unsigned char>(word.front());
  if (first >= 'A' && first <= 'Z') return false;  // a prefixed term
  if (TextAnalyzer::script_of_term(word) != Script::latin_like) return false;
  return (*m_stemmer)(word) == word;
}

std::string StemQueries::word_of(const std::string& term) const {
  if (!m_active || !term.starts_with(schema::k_prefix_stem)) return {};
  const std::string stem_title = std::string(schema::k_prefix_stem) + std::string(schema::k_prefix_title);
  // Terms are case-folded, so "ZS" followed by the stem is always a title stem.
  const bool title = term.starts_with(stem_title);
  const std::string stem = term.substr(title ? stem_title.size() : schema::k_prefix_stem.size());
  if (!is_own_stem_word(stem)) return {};
  return title ? std::string(schema::k_prefix_title) + stem : stem;
}

Xapian::Query StemQueries::term_query(const Xapian::Database& db, const std::string& term, Xapian::termcount wqf,
                                      Xapian::termpos pos) const {
  const std::string word = word_of(term);
  if (word.empty()) return Xapian::Query(term, wqf, pos);
  // A side no document holds adds nothing but an estimate to the synonym's
  // statistics: the other side alone is exact.
  const bool stems = db.term_exists(term);
  const bool words = db.term_exists(word);
  if (stems && !words) return Xapian::Query(term, wqf, pos);
  if (words && !stems) return Xapian::Query(word, wqf, pos);
  const Xapian::Query both[] = {Xapian::Query(term, wqf, pos), Xapian::Query(word, wqf, pos)};
  return Xapian::Query(Xapian::Query::OP_SYNONYM, std::begin(both), std::end(both));
}

std::optional<Xapian::Query> StemQueries::rewritten(const Xapian::Database& db, const Xapian::Query& query) const {
  const Xapian::Query::op type = query.get_type();
  if (type == Xapian::Query::LEAF_TERM) {
    const auto it = query.get_terms_begin();
    if (it == query.get_terms_end()) return std::nullopt;
    const std::string term = *it;
    if (word_of(term).empty()) return std::nullopt;
    Xapian::termcount wqf = 1;
    Xapian::termpos pos = 0;
    leaf_wqf_and_position(query, wqf, pos);
    return term_query(db, term, wqf, pos);
  }
  if (type == Xapian::Query::OP_SCALE_WEIGHT && query.get_num_subqueries() == 1) {
    // A scaled part (session 15): its stem terms are read the same way, the factor kept.
    const std::optional<Xapian::Query> inner = rewritten(db, query.get_subquery(0));
    if (!inner) return std::nullopt;
    const std::optional<double> factor = scale_factor(query);
    if (!factor) return std::nullopt;
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, *inner, *factor);
  }
  return rewrite_subqueries(query, [this, &db](const Xapian::Query& child) { return rewritten(db, child); });
}

Xapian::Query StemQueries::rewrite(const Xapian::Database& db, const Xapian::Query& query) const {
  if (!m_active) return query;
  std::optional<Xapian::Query> out = rewritten(db, query);
  return out ? *out : query;
}

} // namespace dateline::searcher
