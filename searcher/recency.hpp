/** @file recency.hpp
 *  @brief --recency (#11.2): a relevance bonus that halves every half-life of
 *  an article's age, added inside the matcher by a Xapian::PostingSource over
 *  the date slot, so it ranks the whole match set rather than one page.
 *
 *  bonus = weight * 0.5 ^ (age / half_life), age in days from a reference day
 *  ("now": --now, by default the newest article date in the database not
 *  after today, common/date.hpp latest_current_date()) to the
 *  article's date; an article dated after "now" counts as age 0, an undated
 *  one gets no bonus. The text query and the source are combined with
 *  OP_AND_MAYBE, so the set of matches is the text query's.
 */
#pragma once

#include "common/date.hpp"

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::searcher {

/// The default --recency-weight W. The bonus of an article dated "now" is
/// W times the query's highest possible text score (Xapian's upper bound of
/// its BM25 weight, all-words boost included), so one W means the same for a
/// one-word query (scores about 2..12) as for a natural-mode query whose
/// articles with every word score 11 times as much, and for --like. With 0.1
/// a fresh article overtakes an older one scoring up to a tenth of that
/// bound more; a partial match (at most 1/11 of the bound in natural mode)
/// plus the bonus stays below an article with every word that scores a fifth
/// of it. Queries without a text score (only filters) get W itself, which
/// orders them by date (docs/searcher.md, Recency).
inline constexpr double k_default_recency_weight = 0.1;
/// Largest --recency-weight accepted (beyond it the text hardly counts).
inline constexpr double k_max_recency_weight = 100.0;
/// Average days per month and per year, for half-lives given as 6m or 2y.
inline constexpr double k_days_per_year = 365.2425;
inline constexpr double k_days_per_month = k_days_per_year / 12.0;

/// Parses a half-life: a positive whole number followed by d (days), w
/// (weeks), m (months, 30.44 days) or y (years, 365.24 days), e.g. "30d",
/// "12w", "6m", "2y". Returns the half-life in days. Throws UsageError naming
/// --recency for anything else (no unit, zero, a fraction, over 1000 years).
[[nodiscard]] double parse_half_life(std::string_view text);

/// Parses a --recency-weight: a decimal number > 0 and <= k_max_recency_weight
/// (a fraction of the query's highest possible text score).
/// Throws UsageError naming the option otherwise.
[[nodiscard]] double parse_recency_weight(std::string_view text);

/// weight * 0.5 ^ (max(age_days, 0) / half_life_days).
[[nodiscard]] double recency_bonus(double weight, double age_days, double half_life_days);


/// The day number of a date-slot value ("YYYYMMDD"); nullopt when it is not a valid date.
[[nodiscard]] std::optional<long long> day_number_of_value(std::string_view value);

/// What --recency asks for, resolved against the database.
struct RecencySettings {
  double half_life_days = 0.0;
  double weight = k_default_recency_weight;  ///< the bonus at age 0, in score points
  Date now;  ///< the reference day: age 0
};

/// The bonus an article with date-slot value @p value gets (0 when undated or invalid).
[[nodiscard]] double recency_bonus_for_value(const RecencySettings& settings, std::string_view value);

/// The newest date in @p db's date slot (its value upper bound, which
/// covers every sub-database; it may stay at a deleted article's date until
/// the database is rebuilt); nullopt when no article is dated.
[[nodiscard]] std::optional<Date> newest_date(const Xapian::Database& db);

/// The newest article date in @p db not after @p limit; nullopt when no
/// article is dated on or before it. Cheap at any size and on remote shards:
/// when the date slot's upper bound is not after @p limit that is the answer;
/// otherwise the boolean date terms are narrowed down (the newest year term
/// YYYYYY not after the limit, then its newest month term MYYYYMM, then day
/// term DYYYYMMDD: a few dozen terms read, no value scanned). Unlike the
/// slot's bound, the terms never keep a deleted article's date.
[[nodiscard]] std::optional<Date> newest_date_not_after(const Xapian::Database& db, const Date& limit);

/// --recency's reference day when --now is not given.
struct DefaultNow {
  std::optional<Date> now;  ///< the newest date not after the limit (else the newest date); nullopt: none dated
  /// The newest date in the database when it is after the limit and was
  /// passed over (articles dated after "now" count as age 0).
  std::optional<Date> passed_over;
};

/// The default "now" for @p db: newest_date_not_after(@p limit), or, when
/// every dated article is after @p limit, the newest date as before.
[[nodiscard]] DefaultNow default_now(const Xapian::Database& db, const Date& limit);

/// Posting source over schema::k_slot_date: every dated article, weighted by
/// recency_bonus_for_value(). Its maximum weight is settings.weight.
class RecencySource : public Xapian::ValuePostingSource {
public:
  explicit RecencySource(const RecencySettings& settings);

  double get_weight() const override;
  RecencySource* clone() const override;
  void init(const Xapian::Database& database) override;
  std::string get_description() const override;

private:
  RecencySettings m_settings;
  long long m_now_day = 0;
  mutable bool m_has_last = false;  ///< m_last_value/m_last_weight are set
  mutable std::string m_last_value;
  mutable double m_last_weight = 0.0;
};

/// @p text AND_MAYBE the recency source: the same matches, each with its bonus added.
[[nodiscard]] Xapian::Query with_recency(const Xapian::Query& text, const RecencySettings& settings);

/// The same as with_recency() for databases with remote shards (#15.4):
/// Xapian's remote backend runs only its own posting sources (a server cannot
/// run RecencySource, which local databases use), so the bonus is a
/// Xapian::ValueMapPostingSource mapping each of @p dates (date-slot values:
/// the distinct dates of the query's matches, which a ValueCountMatchSpy
/// counts on the servers) to the same double RecencySource gives it, plus
/// settings.now to the full bonus (the local source's maximum); other dates
/// get 0, as undated articles do. Every server copies this table for each
/// database it holds, per ranked match, so it holds only dates a match has:
/// never the days between them, nor the dates of articles the query does not
/// match; an outlier (0063, 2999) adds one mapping.
[[nodiscard]] Xapian::Query with_remote_recency(const Xapian::Query& text, const RecencySettings& settings,
                                                const std::vector<std::string>& dates);

} // namespace dateline::searcher
