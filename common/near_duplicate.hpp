/** @file near_duplicate.hpp
 *  @brief Near-duplicate stories (#11.1): MinHash signatures over word
 *  shingles, LSH band terms, and the "same story" decision.
 *
 *  Shingles are runs of k_shingle_words consecutive analyzer terms (the same
 *  terms the index holds, so "U.S." and "US" agree and markup never counts).
 *  A signature keeps, for each of k_hashes hash functions, the low 16 bits of
 *  the smallest shingle hash (b-bit MinHash): the share of equal positions
 *  estimates the Jaccard similarity of the two shingle sets. Its first
 *  k_bands * k_rows positions, in k_bands bands, become one boolean term each
 *  (schema::k_prefix_band): two articles sharing any band term are
 *  candidates, found with a few posting-list lookups. docs/near-duplicates.md
 *  explains the choice (over SimHash) and the parameters.
 */
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace dateline {
class TextAnalyzer;
}

namespace dateline::near_dup {

inline constexpr std::size_t k_shingle_words = 4;
/// MinHash positions kept: the similarity estimate has a standard error of
/// at most 0.065 (at 0.5).
inline constexpr std::size_t k_hashes = 60;
/// The first k_bands * k_rows positions form the bands: a pair of
/// similarity 0.4 shares one with probability 0.83, 0.5 with 0.94, 0.6
/// with 0.99, 0.1 with 0.1. Each band is one posting per document, the feature's main
/// index-time cost (docs/benchmarks.md, Near-duplicate stories).
inline constexpr std::size_t k_rows = 2;
inline constexpr std::size_t k_bands = 10;
static_assert(k_rows * k_bands <= k_hashes);
/// Estimated Jaccard similarity of the shingle sets at or above which two
/// articles are one story (dateline-index --dup-threshold).
inline constexpr double k_default_threshold = 0.4;
/// Copies of one story are dated at most this many days apart
/// (dateline-index --dup-window).
inline constexpr int k_default_window_days = 3;
/// Share of the numbers of the article with fewer that the other must also
/// have for two articles to be one story (Rule::numbers): copies of one
/// story repeat its figures, reports written from one template (price
/// tables, earnings, fund payouts, contract awards) differ exactly there.
inline constexpr double k_default_number_overlap = 0.6;
/// Below this many distinct numbers in either article, their numbers are
/// not compared (a one-line flash or a story without figures).
inline constexpr std::size_t k_min_numbers = 2;

/// One article's signature; empty when the text had no words.
struct Signature {
  std::array<std::uint16_t, k_hashes> mins{};
  bool empty = true;

  bool operator==(const Signature&) const = default;
};

/// Builds a signature from terms fed in text order.
class SignatureBuilder {
public:
  SignatureBuilder();
  /// The next word of the text (an unprefixed analyzer term).
  void add_word(std::string_view term);
  /// The signature of every word added; a text of fewer than
  /// k_shingle_words words is one shingle.
  [[nodiscard]] Signature finish() const;
  [[nodiscard]] std::size_t words() const noexcept { return m_words; }

private:
  void add_shingle(std::uint64_t hash);

  std::array<std::uint64_t, k_hashes> m_mins;
  std::array<std::uint64_t, k_shingle_words> m_window{};  ///< hashes of the last words (ring)
  std::size_t m_words = 0;
};

/// The signature of an article: of its body's words, or of its title's
/// when the body has none (document_builder feeds the same words while it
/// generates the index terms, so both agree).
[[nodiscard]] Signature text_signature(const TextAnalyzer& analyzer, std::string_view title, std::string_view body);

/// An article's numbers: its distinct unprefixed index terms that hold an
/// ASCII digit ("12", "1.5", "1st", "1987"), sorted. Read from a document's
/// term list (indexed_numbers) or from an article's text (text_numbers), the
/// same set: the title's and the body's words as the index holds them.
using Numbers = std::vector<std::string>;
/// True when @p term, a term of the index, is one of an article's numbers:
/// unprefixed (prefixes are upper-case ASCII, the analyzer case-folds) and
/// holding a digit.
[[nodiscard]] bool is_number_term(std::string_view term);
/// The numbers of an article as dateline-index writes its terms: of the
/// title (unless @p title_derived: a title taken from the text indexes no
/// words of its own) and the body.
[[nodiscard]] Numbers text_numbers(const TextAnalyzer& analyzer, std::string_view title, bool title_derived,
                                   std::string_view body);
/// The numbers of document @p docid of @p db, from its term list (the
/// indexer and --similar-to read them only for pairs the similarity accepts).
[[nodiscard]] Numbers indexed_numbers(const Xapian::Database& db, Xapian::docid docid);
/// Share of the smaller of the two sets found in the other (the overlap
/// coefficient), 0..1: an update adds figures and a trimmed copy drops
/// some, neither changes the ones they share. 1 when either is empty.
[[nodiscard]] double number_overlap(const Numbers& a, const Numbers& b);

/// The k_bands band terms of @p signature (prefix + band number + hash);
/// none when it is empty.
[[nodiscard]] std::vector<std::string> band_terms(const Signature& signature);

/// The same bands as numbers, band number in the high bits: two signatures
/// share a band term exactly when they share a band key (what an in-memory
/// candidate index keeps instead of the terms); none when it is empty.
[[nodiscard]] std::vector<std::uint64_t> band_keys(const Signature& signature);

/// Estimated Jaccard similarity of the two shingle sets, 0..1 (0 when either is empty).
[[nodiscard]] double similarity(const Signature& a, const Signature& b);

/// What the index stores per document (value slot schema::k_slot_signature):
/// a member key naming the document in story ids, and its signature.
struct Stored {
  std::uint64_t key = 0;  ///< FNV-1a 64 of the unique term the document was built with
  Signature signature;
};
/// The member key of the document with unique term @p unique_term.
[[nodiscard]] std::uint64_t member_key(std::string_view unique_term);
[[nodiscard]] std::string pack(const Stored& stored);
/// nullopt unless @p bytes is what pack() writes.
[[nodiscard]] std::optional<Stored> unpack(std::string_view bytes);

/// A story id as shown and stored (value slot schema::k_slot_story): the
/// 16 lower-case hex digits of the smallest member key.
[[nodiscard]] std::string story_id(std::uint64_t smallest_key);
/// True when @p text is 16 lower-case hex digits.
[[nodiscard]] bool is_story_id(std::string_view text);

/// The day number of a "YYYYMMDD" date value (days since 1970-01-01);
/// nullopt when it is not one.
[[nodiscard]] std::optional<std::int64_t> day_number(std::string_view compact_date);

/// The rule: two articles are one story when their estimated similarity is
/// at least required_similarity(). Copies of one story arrive within days of
/// each other, and the further apart two articles are dated the more alike
/// they must be: @p threshold on the same day, rising in equal steps to 1
/// (identical) on the last day of the window (0.4, 0.6, 0.8, 1 for the
/// defaults), never beyond it. A periodic report from one template (the
/// day's figures and the dateline change) thus stays apart from its
/// neighbours while an identical copy days later still joins. An undated
/// article is judged on its text alone (threshold).
struct Rule {
  double threshold = k_default_threshold;
  int window_days = k_default_window_days;
  /// How a connected group becomes stories: k_grouping_windowed (every
  /// story within one window, split_into_stories) or, read from a database
  /// grouped before session 16, k_grouping_chained (a story was the whole
  /// connected group). Only the first is ever written; a run that finds the
  /// second recorded regroups every document.
  int grouping = 2;
  /// The number check (#11.1, session 17): two articles that both have at
  /// least k_min_numbers numbers are one story only when at least this share
  /// of the smaller set is also in the other (number_overlap); 0: numbers
  /// are not compared (a database grouped before session 17, whose rule
  /// text has no numbers line: its next dateline-index run regroups every
  /// document). The indexer always writes k_default_number_overlap.
  double numbers = k_default_number_overlap;
};
inline constexpr int k_grouping_chained = 1;
inline constexpr int k_grouping_windowed = 2;
/// The similarity two articles dated @p day_a and @p day_b need (above 1
/// when they are further apart than the window).
[[nodiscard]] double required_similarity(const Rule& rule, std::optional<std::int64_t> day_a,
                                         std::optional<std::int64_t> day_b);
[[nodiscard]] bool same_story(const Rule& rule, const Signature& a, std::optional<std::int64_t> day_a,
                              const Signature& b, std::optional<std::int64_t> day_b);
/// The second half of the decision, for two articles same_story() accepts
/// (their numbers are read only then): true unless rule.numbers is set,
/// both have at least k_min_numbers numbers and fewer than rule.numbers of
/// the smaller set are in the other. Copies of one story share their
/// figures; a template's reports ("Qtr net shr 12 cts vs 10 cts", a metal's
/// price table) share their words and differ in them.
///
/// The days of the month of both articles' dates and of the day before
/// each are left out of both sets first: a dateline ("ATHENS, March 29 -")
/// is no fact of the story, and a copy sent again the next day carries its
/// own (Reuters lost eight same-headline copies to it before this).
[[nodiscard]] bool numbers_agree(const Rule& rule, const Numbers& a, std::optional<std::int64_t> day_a,
                                 const Numbers& b, std::optional<std::int64_t> day_b);

/// One copy of a connected group (copies linked by same_story), for
/// split_into_stories.
struct GroupMember {
  std::uint64_t key = 0;  ///< its member key (Stored::key)
  std::optional<std::int64_t> day;
  std::vector<std::size_t> links;  ///< the indexes of the members it is the same story as
};
/// Splits a connected group into stories that no chain stretches beyond
/// the window: a daily report written from one template is like the day
/// before's and the day after's, and single links alone would make months
/// of it one story. The group's first copy (undated copies first, then by
/// day, then by member key) starts a story: every copy linked to it through
/// copies dated at most rule.window_days after it. Those leave the group,
/// the first copy left starts the next story, and so on. An undated first
/// copy's window starts at the earliest date among the copies linked to it;
/// a group of undated copies stays one story (no dates to bound it). The
/// result depends only on the group (members and links), never on the
/// order they are given in: for each member, the index of its story's
/// first copy. Under a k_grouping_chained rule (an older database's, read
/// by dateline-search --similar-to) the group is one story.
[[nodiscard]] std::vector<std::size_t> split_into_stories(const Rule& rule, const std::vector<GroupMember>& group);

/// The rule as stored under schema::k_meta_dup_rule (the indexer writes it,
/// dateline-search --similar-to reads it).
[[nodiscard]] std::string serialize_rule(const Rule& rule);
/// Inverse of serialize_rule; nullopt when @p text is empty or not one.
[[nodiscard]] std::optional<Rule> parse_rule(const std::string& text);

} // namespace dateline::near_dup
