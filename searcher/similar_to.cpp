/** @file similar_to.cpp
 *  @brief --similar-to: an article file's signature, its verified
 *  candidates, and the filter over their stories.
 */
#include "searcher/similar_to.hpp"

#include "common/article.hpp"
#include "common/charset.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <vector>

namespace dateline::searcher {
namespace {

UsageError similar_error(const std::string& path, const std::string& why) {
  return UsageError("option --similar-to: '" + path + "' " + why);
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw similar_error(path, std::string("cannot be read: ") + std::strerror(errno));
  std::string bytes;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > k_similar_to_max_bytes) {
      throw similar_error(path, "is larger than " + std::to_string(k_similar_to_max_bytes) + " bytes");
    }
  }
  if (in.bad()) throw similar_error(path, "cannot be read");
  return bytes;
}

} // namespace

ArticleSignature article_signature(const TextAnalyzer& analyzer, std::string_view bytes, const std::string& path) {
  // As indexer/file_reader.cpp: NUL bytes only in UTF-16 with a BOM.
  if (bytes.find('\0') != std::string_view::npos) {
    const bool utf16_bom = bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') ||
                                                 (bytes[0] == '\xFE' && bytes[1] == '\xFF'));
    if (!utf16_bom) throw similar_error(path, "contains NUL bytes (binary file), not an article");
  }
  const std::string text = separate_control_chars(decode_to_utf8(bytes).utf8).text;
  ParseOptions options;
  options.undated = UndatedPolicy::index;
  Article article;
  try {
    article = parse_article(text, path, options);
  } catch (const ArticleError& e) {
    throw similar_error(path, std::string("is not an article: ") + e.what());
  }
  ArticleSignature out;
  out.signature = near_dup::text_signature(analyzer, article.title, article.body);
  if (article.date) out.day = day_number(*article.date);
  return out;
}

Xapian::Query similar_to_filter(const Xapian::Database& db, const std::string& rule_text, const TextAnalyzer& analyzer,
                                const std::string& path) {
  const ArticleSignature file = article_signature(analyzer, read_bytes(path), path);
  if (file.signature.empty) throw similar_error(path, "has no words to compare");
  const near_dup::Rule rule = near_dup::parse_rule(rule_text)
                                  .value_or(near_dup::Rule{});
  std::vector<Xapian::docid> candidates;
  for (const std::string& band : near_dup::band_terms(file.signature)) {
    for (auto p = db.postlist_begin(band); p != db.postlist_end(band); ++p) candidates.push_back(*p);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  std::set<std::string> stories;       // k_slot_story values of grouped copies
  std::set<std::string> unique_terms;  // copies that are their own story
  for (const Xapian::docid docid : candidates) {
    const Xapian::Document doc = db.get_document(docid);
    const std::optional<near_dup::Stored> stored = near_dup::unpack(doc.get_value(schema::k_slot_signature));
    if (!stored) continue;
    const std::optional<std::int64_t> day = near_dup::day_number(doc.get_value(schema::k_slot_date));
    if (!near_dup::same_story(rule, file.signature, file.day, stored->signature, day)) continue;
    const std::string story = doc.get_value(schema::k_slot_story);
    if (!story.empty()) {
      stories.insert(story);
    } else {
      const schema::DocumentData data = schema::DocumentData::parse(doc.get_data());
      unique_terms.insert(schema::unique_term(data.root, data.path));
    }
  }
  std::vector<Xapian::Query> parts;
  for (const std::string& story : stories) {
    parts.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::k_slot_story, story, story);
  }
  for (const std::string& term : unique_terms) parts.emplace_back(term);
  if (parts.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

} // namespace dateline::searcher
