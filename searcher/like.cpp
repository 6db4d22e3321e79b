/** @file like.cpp
 *  @brief --like: the given articles found, their expansion terms, the query (#11.3).
 */
#include "searcher/like.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"
#include "searcher/query_builder.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <iterator>
#include <system_error>

namespace dateline::searcher {
namespace {

/// The first document indexed under the absolute path @p path, or 0.
Xapian::docid find_by_path(const Xapian::Database& db, std::string path) {
  while (path.size() > 1 && path.ends_with('/')) path.pop_back();
  if (path.empty() || path.front() != '/') return 0;
  const std::string term = schema::unique_term("/", std::string_view(path).substr(1));
  const Xapian::PostingIterator it = db.postlist_begin(term);
  return it == db.postlist_end(term) ? 0 : *it;
}

/// The document "docid:N" names; 0 when @p given is not of that form.
/// Throws UsageError for a malformed number or a document that does not exist.
Xapian::docid parse_docid(const Xapian::Database& db, const std::string& given) {
  constexpr std::string_view k_docid = "docid:";
  if (!given.starts_with(k_docid)) return 0;
  const std::string digits = given.substr(k_docid.size());
  Xapian::docid id = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || id == 0) {
    throw UsageError("option --like: '" + given + "' is not docid:N with N a document id above 0");
  }
  try {
    (void)db.get_document(id);
  } catch (const Xapian::DocNotFoundError&) {
    throw UsageError("option --like: there is no document " + digits +
                     " in the database (document ids: \"docid\" in --format json)");
  }
  return id;
}

Xapian::docid find_path(const Xapian::Database& db, const std::string& given) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (Xapian::docid id = find_by_path(db, given)) return id;
  const fs::path absolute = fs::absolute(given, ec);
  if (!ec) {
    if (Xapian::docid id = find_by_path(db, absolute.lexically_normal().string())) return id;
  }
  const fs::path canonical = fs::weakly_canonical(given, ec);
  if (!ec) {
    if (Xapian::docid id = find_by_path(db, canonical.string())) return id;
  }
  // A path that names no file at all is most often a typing slip: say so, not just "not indexed".
  std::error_code probe;  // not_found only for a path that is really absent, not for one we may not read
  const bool no_such_file = fs::symlink_status(given, probe).type() == fs::file_type::not_found;
  throw UsageError("option --like: '" + given + "' is not an article in the database" +
                   (no_such_file ? ", and there is no such file" : std::string()) +
                   " (give the path of an indexed file, as dateline-search lists it, or docid:N from --format json)");
}

// English function words, left out of --like's expansion only (the search's
// stop list keeps "will", "no", "not", "it": they carry meaning in news
// phrases, but an article like another is not one that shares them).
// Pronouns, determiners and quantifiers, auxiliaries and modals (with their
// contractions), prepositions, conjunctions and function adverbs; no number
// words, no "us" (also the country), no reporting verbs. Sorted (byte order).
constexpr std::string_view k_like_function_words[] = {
    "a",         "about",      "above",    "across",    "after",    "again",     "against",   "ago",
    "all",       "almost",     "along",    "already",   "also",     "although",  "always",    "am",
    "amid",      "among",      "an",       "and",       "another",  "any",       "anybody",   "anyone",
    "anything",  "are",        "aren't",   "around",    "as",       "at",        "be",        "because",
    "been",      "before",     "behind",   "being",     "below",    "beneath",   "beside",    "besides",
    "between",   "beyond",     "both",     "but",       "by",       "can",       "can't",     "cannot",
    "could",     "couldn't",   "despite",  "did",       "didn't",   "do",        "does",      "doesn't",
    "doing",     "don't",      "down",     "during",    "each",     "either",    "else",      "even",
    "ever",      "every",      "everyone", "everything", "except",  "few",       "for",       "from",
    "had",       "hadn't",     "has",      "hasn't",    "have",     "haven't",   "having",    "he",
    "her",       "here",       "hers",     "herself",   "him",      "himself",   "his",       "how",
    "however",   "i",          "if",       "in",        "inside",   "into",      "is",        "isn't",
    "it",        "it's",       "its",      "itself",    "just",     "may",       "me",        "might",
    "more",      "most",       "much",     "must",      "my",       "myself",    "near",      "neither",
    "never",     "no",         "nobody",   "none",      "nor",      "not",       "nothing",   "now",
    "of",        "off",        "often",    "on",        "onto",     "or",        "other",     "others",
    "our",       "ours",       "ourselves", "out",      "outside",  "over",      "per",       "perhaps",
    "quite",     "rather",     "shall",    "she",       "should",   "shouldn't", "since",     "so",
    "some",      "somebody",   "someone",  "something", "still",    "such",      "than",      "that",
    "that's",    "the",        "their",    "theirs",    "them",     "themselves", "then",     "there",
    "there's",   "therefore",  "these",    "they",      "this",     "those",     "though",    "through",
    "throughout", "thus",      "till",     "to",        "too",      "toward",    "towards",   "under",
    "underneath", "unless",    "unlike",   "until",     "up",       "upon",      "very",      "via",
    "was",       "wasn't",     "we",       "were",      "weren't",  "what",      "whatever",  "when",
    "where",     "whereas",    "whether",  "which",     "whichever", "while",    "who",       "whoever",
    "whom",      "whose",      "why",      "will",      "with",     "within",    "without",   "won't",
    "would",     "wouldn't",   "yet",      "you",       "your",     "yours",     "yourself"};

// Chinese function words (particles, pronouns, prepositions, conjunctions,
// the copula and negation), left out of --like's expansion in any language:
// ICU gives them as words of their own, and they are in nearly every Chinese
// article, so an article sharing them is not like the given one. No word
// that is also a content word on its own (地 "land", 得 "obtain"). Sorted
// (byte order).
constexpr std::string_view k_like_chinese_function_words[] = {
    "不",   "与",   "个",   "为",   "之",   "也",   "了",   "于",   "从",   "他",   "他们", "以",   "以及",
    "但",   "但是", "你",   "其",   "又",   "及",   "向",   "和",   "因为", "在",   "她",   "她们", "如果",
    "它",   "它们", "对",   "对于", "将",   "就",   "已",   "已经", "并",   "我",   "我们", "或",   "或者",
    "所",   "所以", "把",   "是",   "没有", "由",   "的",   "着",   "等",   "给",   "而",   "虽然", "被",
    "让",   "过",   "还",   "这",   "这些", "那",   "那些", "都"};

/// True when @p term is written in hiragana alone (U+3041-U+309F, UTF-8
/// E3 81 81 - E3 82 9F): Japanese particles, auxiliaries and endings (の, を,
/// は, した, では, など). News content words are written with kanji or
/// katakana, so an article sharing only hiragana words is not like another.
bool is_hiragana_only(std::string_view term) {
  if (term.empty() || term.size() % 3 != 0) return false;
  for (std::size_t i = 0; i < term.size(); i += 3) {
    const auto lead = static_cast<unsigned char>(term[i]);
    const auto second = static_cast<unsigned char>(term[i + 1]);
    const auto third = static_cast<unsigned char>(term[i + 2]);
    if (lead != 0xE3 || third < 0x80 || third > 0xBF) return false;
    const bool hiragana = (second == 0x81 && third >= 0x81) || (second == 0x82 && third <= 0x9F);
    if (!hiragana) return false;
  }
  return true;
}

bool is_number_piece(char c) {
  return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '/' || c == ':' || c == '-' || c == '\'' || c == '_';
}

class CandidateDecider : public Xapian::ExpandDecider {
public:
  CandidateDecider(const Xapian::Database& db, const std::vector<std::string_view>& stop_words, Xapian::doccount given)
      : m_db(db), m_stop_words(stop_words), m_given(given) {}
  bool operator()(const std::string& term) const override {
    // A term no other article has cannot find anything.
    return is_expansion_candidate(term, m_stop_words) && m_db.get_termfreq(term) > m_given;
  }

private:
  const Xapian::Database& m_db;
  const std::vector<std::string_view>& m_stop_words;
  Xapian::doccount m_given;
};

} // namespace

std::span<const std::string_view> like_function_words() {
  return k_like_function_words;
}

std::span<const std::string_view> like_chinese_function_words() {
  return k_like_chinese_function_words;
}

std::vector<LikeArticle> resolve_like(const Xapian::Database& db, const std::vector<std::string>& given) {
  std::vector<LikeArticle> out;
  for (const std::string& argument : given) {
    Xapian::docid id = parse_docid(db, argument);
    if (id == 0) id = find_path(db, argument);
    if (std::any_of(out.begin(), out.end(), [id](const LikeArticle& a) { return a.docid == id; })) continue;
    const Xapian::Document doc = db.get_document(id);
    LikeArticle article;
    article.given = argument;
    article.docid = id;
    const std::string prefix(schema::k_prefix_unique);
    Xapian::TermIterator term = doc.termlist_begin();
    term.skip_to(prefix);
    if (term != doc.termlist_end() && (*term).starts_with(prefix)) article.unique_term = *term;
    const schema::DocumentData data = schema::DocumentData::parse(doc.get_data());
    article.path = schema::document_path(data.root, data.path);
    article.content_hash = doc.get_value(schema::k_slot_content_hash);
    article.story = doc.get_value(k_like_story_slot);
    out.push_back(std::move(article));
  }
  return out;
}

bool is_expansion_candidate(std::string_view term, const std::vector<std::string_view>& stop_words) {
  if (term.size() < 2) return false;
  const char first = term.front();
  if (first >= 'A' && first <= 'Z') return false;  // a prefixed term
  if (std::all_of(term.begin(), term.end(), is_number_piece)) return false;
  if (is_hiragana_only(term)) return false;
  const auto chinese = like_chinese_function_words();
  if (std::binary_search(chinese.begin(), chinese.end(), term)) return false;
  return !std::binary_search(stop_words.begin(), stop_words.end(), term);
}

std::vector<std::string> like_terms(const Xapian::Database& db, const std::vector<LikeArticle>& articles,
                                    const std::string& language, Xapian::termcount count) {
  Xapian::RSet rset;
  for (const LikeArticle& article : articles) rset.add_document(article.docid);
  std::vector<std::string_view> stop_words;
  if (language == "english") {
    const auto list = english_stop_words();
    const auto function_words = like_function_words();
    std::set_union(list.begin(), list.end(), function_words.begin(), function_words.end(),
                   std::back_inserter(stop_words));
  }
  const CandidateDecider decider(db, stop_words, static_cast<Xapian::doccount>(articles.size()));
  Xapian::Enquire enquire(db);
  // Exact term frequencies: with several databases Xapian otherwise takes a
  // term's frequency in the given article's own database, and an article
  // whose database holds few others gets no expansion at all.
  const Xapian::ESet eset = enquire.get_eset(
      count, rset, Xapian::Enquire::INCLUDE_QUERY_TERMS | Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  std::vector<std::string> terms;
  for (auto it = eset.begin(); it != eset.end(); ++it) terms.push_back(*it);
  return terms;
}

Xapian::Query like_query(const std::vector<std::string>& terms) {
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query like_exclusion(const std::vector<LikeArticle>& articles) {
  std::vector<Xapian::Query> parts;
  for (const LikeArticle& article : articles) {
    if (!article.unique_term.empty()) parts.emplace_back(article.unique_term);
    if (!article.content_hash.empty()) {
      parts.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::k_slot_content_hash, article.content_hash,
                         article.content_hash);
    }
    if (!article.story.empty()) {
      parts.emplace_back(Xapian::Query::OP_VALUE_RANGE, k_like_story_slot, article.story, article.story);
    }
  }
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

std::string readable_like_exclusion(std::string description, const std::vector<LikeArticle>& articles) {
  for (const LikeArticle& article : articles) {
    if (article.content_hash.empty()) continue;
    std::string packed = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::k_slot_content_hash,
                                       article.content_hash, article.content_hash)
                             .get_description();  // "Query(VALUE_RANGE 4 <bytes> <bytes>)"
    if (!packed.starts_with("Query(") || !packed.ends_with(")")) continue;
    packed = packed.substr(6, packed.size() - 7);
    const std::string readable = "VALUE_RANGE " + std::to_string(schema::k_slot_content_hash) + " content hash " +
                                 schema::unpack_hash(article.content_hash);
    for (std::size_t at = description.find(packed); at != std::string::npos;
         at = description.find(packed, at + readable.size())) {
      description.replace(at, packed.size(), readable);
    }
  }
  return description;
}

} // namespace dateline::searcher
