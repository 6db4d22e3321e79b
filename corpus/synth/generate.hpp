/** @file generate.hpp
 *  @brief One synthetic article as a pure function of (model, settings,
 *  index): its date, language, headline, body and, for a wire copy, the
 *  article it copies and how it was changed.
 */
#pragma once

#include "corpus/synth/model.hpp"

#include <cstdint>
#include <string>

namespace dateline::synth {

struct Settings {
  std::uint64_t seed = 1;
  int first_year = 1980;
  int last_year = 2025;
  double later_years_weight = 10.0;  ///< the last year has this many times the first year's articles
  double duplicate_share = 0.03;     ///< wire copies of a recent article
  double chinese_share = 0.02;       ///< articles in Chinese (when the model has Chinese)
  double novel_name_share = 0.05;    ///< capitalised body words replaced by a never-seen name
};

enum class CopyKind { none, exact, new_headline, trimmed, extended };
const char* copy_kind_name(CopyKind kind);

struct Article {
  int year = 0, month = 0, day = 0;
  bool chinese = false;
  std::string title;
  std::string body;
  CopyKind copy = CopyKind::none;
  std::uint64_t copy_of = 0;  ///< index of the copied article when copy != none
};

/// Article `index` of the archive. A copy's source (one of the 40 articles
/// before it) is generated again on the fly: no state between calls.
Article generate(const Model& model, const Settings& settings, std::uint64_t index);

/// The file text in Dateline's seed format: "date YYYY-MM-DD", headline, body.
std::string render(const Article& article);

/// "YYYY/MM/DD/<index padded to `width`>.txt"
std::string relative_path(const Article& article, std::uint64_t index, int width);

}  // namespace dateline::synth
