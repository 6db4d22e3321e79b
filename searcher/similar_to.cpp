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
#include <unordered_map>
#include <utility>
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
  out.numbers = near_dup::text_numbers(analyzer, article.title, article.title_derived, article.body);
  if (article.date) out.day = day_number(*article.date);
  return out;
}

Xapian::Query similar_to_filter(const Xapian::Database& db, const std::string& rule_text, const TextAnalyzer& analyzer,
                                const std::string& path) {
  const ArticleSignature file = article_signature(analyzer, read_bytes(path), path);
  if (file.signature.empty) throw similar_error(path, "has no words to compare");
  const near_dup::Rule rule = near_dup::parse_rule(rule_text).value_or(near_dup::Rule{});

  // The group the file would join: the indexed copies linked to it, and to
  // them, through shared band terms and the rule (as dateline-index links
  // them, indexer/stories.cpp), the file itself first (index 0, no docid).
  struct Copy {
    Xapian::docid docid = 0;
    near_dup::Signature signature;
  };
  std::vector<Copy> copies{{0, file.signature}};
  // Numbers as the indexer reads them (indexer/stories.cpp): from the term
  // list, only for pairs the similarity accepts; the file's from its text.
  std::unordered_map<Xapian::docid, near_dup::Numbers> numbers_read;
  const auto numbers_of = [&](Xapian::docid docid) -> const near_dup::Numbers& {
    if (docid == 0) return file.numbers;
    auto found = numbers_read.find(docid);
    if (found == numbers_read.end()) found = numbers_read.emplace(docid, near_dup::indexed_numbers(db, docid)).first;
    return found->second;
  };
  std::vector<near_dup::GroupMember> group(1);
  group[0].day = file.day;
  std::unordered_map<Xapian::docid, std::size_t> index_of;
  struct Indexed {
    std::optional<near_dup::Stored> stored;
    std::optional<std::int64_t> day;
  };
  std::unordered_map<Xapian::docid, Indexed> read;
  const auto indexed = [&](Xapian::docid docid) -> const Indexed& {
    auto found = read.find(docid);
    if (found == read.end()) {
      const Xapian::Document doc = db.get_document(docid);
      found = read.emplace(docid, Indexed{near_dup::unpack(doc.get_value(schema::k_slot_signature)),
                                          near_dup::day_number(doc.get_value(schema::k_slot_date))})
                  .first;
    }
    return found->second;
  };
  for (std::size_t i = 0; i < copies.size(); ++i) {
    std::vector<Xapian::docid> candidates;
    for (const std::string& band : near_dup::band_terms(copies[i].signature)) {
      for (auto p = db.postlist_begin(band); p != db.postlist_end(band); ++p) candidates.push_back(*p);
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (const Xapian::docid docid : candidates) {
      if (docid == copies[i].docid) continue;
      const Indexed& other = indexed(docid);
      if (!other.stored ||
          !near_dup::same_story(rule, copies[i].signature, group[i].day, other.stored->signature, other.day) ||
          !near_dup::numbers_agree(rule, numbers_of(copies[i].docid), group[i].day, numbers_of(docid), other.day)) {
        continue;
      }
      const auto known = index_of.find(docid);
      if (known != index_of.end()) {
        group[i].links.push_back(known->second);
        continue;
      }
      index_of.emplace(docid, copies.size());
      group[i].links.push_back(copies.size());
      copies.push_back({docid, other.stored->signature});
      near_dup::GroupMember member;
      member.key = other.stored->key;
      member.day = other.day;
      // The file is no indexed copy's band candidate: its links back are
      // written here (those between indexed copies, from both ends).
      if (i == 0) member.links.push_back(0);
      group.push_back(std::move(member));
    }
  }
  // The story the indexer would cut from that group for the file.
  const std::vector<std::size_t> story_of = near_dup::split_into_stories(rule, group);
  std::set<std::string> unique_terms;
  for (std::size_t i = 1; i < copies.size(); ++i) {
    if (story_of[i] != story_of[0]) continue;
    const schema::DocumentData data = schema::DocumentData::parse(db.get_document(copies[i].docid).get_data());
    unique_terms.insert(schema::unique_term(data.root, data.path));
  }
  std::vector<Xapian::Query> parts;
  for (const std::string& term : unique_terms) parts.emplace_back(term);
  if (parts.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

} // namespace dateline::searcher
