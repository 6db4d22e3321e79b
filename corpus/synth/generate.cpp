/** @file generate.cpp
 *  @brief Synthetic articles: dates weighted towards later years, headlines
 *  and bodies sampled from the learned chains with lengths drawn from the
 *  corpora's own, and wire copies of recent articles (exact, new headline,
 *  last paragraph trimmed, paragraph added) dated 0-2 days after the source.
 */
#include "corpus/synth/generate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace dateline::synth {
namespace {

enum Stream : std::uint64_t { k_date = 1, k_language = 2, k_title = 3, k_body = 4, k_copy = 5 };

/// Days since 1970-01-01 of a civil date, and back (proleptic Gregorian).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

/// A day in [first_year, last_year]; a year's weight grows linearly from 1 to
/// later_years_weight, so later years hold more articles, as archives do.
std::int64_t draw_day(const Settings& settings, Rng& rng) {
  const int years = settings.last_year - settings.first_year + 1;
  const auto weight = [&](int offset) {
    return years == 1 ? 1.0 : 1.0 + (settings.later_years_weight - 1.0) * offset / (years - 1);
  };
  double total = 0;
  for (int i = 0; i < years; ++i) total += weight(i);
  double pick = rng.unit() * total;
  int year = settings.last_year;
  for (int i = 0; i < years; ++i) {
    pick -= weight(i);
    if (pick < 0) {
      year = settings.first_year + i;
      break;
    }
  }
  const std::int64_t first = days_from_civil(year, 1, 1);
  const std::int64_t length = days_from_civil(year + 1, 1, 1) - first;
  return first + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(length)));
}

/// A new proper name ("Kelvaro"): real archives keep meeting names they never
/// saw before, which the learned chain alone cannot produce (its vocabulary is
/// the training corpora's). 2-4 consonant-vowel syllables.
std::string novel_name(Rng& rng) {
  static constexpr std::string_view k_consonants = "bcdfghjklmnprstvwz";
  static constexpr std::string_view k_vowels = "aeiou";
  std::string name;
  const std::uint64_t syllables = 2 + rng.below(3);
  for (std::uint64_t i = 0; i < syllables; ++i) {
    name += k_consonants[rng.below(k_consonants.size())];
    name += k_vowels[rng.below(k_vowels.size())];
  }
  if (rng.below(2) == 0) name += k_consonants[rng.below(k_consonants.size())];
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

std::string sample(const Chain& chain, std::uint32_t length, bool spaces, Rng& rng, double novel_share = 0) {
  std::string out;
  std::uint32_t previous = Chain::k_start;
  for (std::uint32_t i = 0; i < length; ++i) {
    std::uint32_t id = chain.next(previous, rng);
    if (id == Chain::k_paragraph && (i == 0 || i + 1 == length)) id = chain.next(Chain::k_start, rng);
    if (id == Chain::k_paragraph) {
      out += "\n\n";
    } else {
      if (spaces && !out.empty() && out.back() != '\n') out += ' ';
      const std::string& token = chain.token(id);
      // Only in place of a capitalised word: names replace names.
      if (novel_share > 0 && token.size() > 3 && token[0] >= 'A' && token[0] <= 'Z' && token[1] >= 'a' &&
          token[1] <= 'z' && rng.unit() < novel_share) {
        out += novel_name(rng);
      } else {
        out += token;
      }
    }
    previous = id;
  }
  return out;
}

std::uint32_t draw_length(const std::vector<std::uint32_t>& lengths, Rng& rng) {
  return lengths[rng.below(lengths.size())];
}

Article original(const Model& model, const Settings& settings, std::uint64_t index) {
  Article article;
  Rng date_rng(mix_seed(settings.seed, k_date, index));
  civil_from_days(draw_day(settings, date_rng), article.year, article.month, article.day);
  Rng language_rng(mix_seed(settings.seed, k_language, index));
  article.chinese = model.chinese.usable() && language_rng.unit() < settings.chinese_share;
  const LanguageModel& language = article.chinese ? model.chinese : model.english;
  Rng title_rng(mix_seed(settings.seed, k_title, index));
  article.title = sample(language.titles, draw_length(language.title_lengths, title_rng), !article.chinese, title_rng);
  Rng body_rng(mix_seed(settings.seed, k_body, index));
  article.body = sample(language.bodies, draw_length(language.body_lengths, body_rng), !article.chinese, body_rng,
                        article.chinese ? 0.0 : settings.novel_name_share);
  return article;
}

/// Whether article `index` is a wire copy, and of which earlier article: the
/// first two draws of its copy stream.
struct CopyChoice {
  bool copy = false;
  std::uint64_t source = 0;
};

CopyChoice copy_choice(const Settings& settings, std::uint64_t index, Rng& copy_rng) {
  CopyChoice choice;
  choice.copy = index > 0 && copy_rng.unit() < settings.duplicate_share;
  if (choice.copy) choice.source = index - 1 - copy_rng.below(std::min<std::uint64_t>(index, 40));
  return choice;
}

/// Article `index` as a copy of `article` (its source, as generated).
void make_copy(const Model& model, const Settings& settings, std::uint64_t index, Article& article) {
  Rng copy_rng(mix_seed(settings.seed, k_copy, index));
  const CopyChoice choice = copy_choice(settings, index, copy_rng);
  int y = 0, m = 0, d = 0;
  const std::int64_t day = days_from_civil(article.year, article.month, article.day) +
                           static_cast<std::int64_t>(copy_rng.below(3));
  civil_from_days(std::min(day, days_from_civil(settings.last_year, 12, 31)), y, m, d);
  article.year = y;
  article.month = m;
  article.day = d;
  article.copy_of = choice.source;
  const LanguageModel& language = article.chinese ? model.chinese : model.english;
  const double kind = copy_rng.unit();
  if (kind < 0.2) {
    article.copy = CopyKind::exact;
  } else if (kind < 0.5) {
    article.copy = CopyKind::new_headline;
    article.title = sample(language.titles, draw_length(language.title_lengths, copy_rng), !article.chinese, copy_rng);
  } else if (kind < 0.8 && article.body.rfind("\n\n") != std::string::npos) {
    article.copy = CopyKind::trimmed;
    article.body.erase(article.body.rfind("\n\n"));
  } else {
    article.copy = CopyKind::extended;
    const std::uint32_t length = std::max<std::uint32_t>(20, draw_length(language.body_lengths, copy_rng) / 4);
    article.body += "\n\n" + sample(language.bodies, length, !article.chinese, copy_rng);
  }
}

}  // namespace

const char* copy_kind_name(CopyKind kind) {
  switch (kind) {
    case CopyKind::none: return "original";
    case CopyKind::exact: return "exact";
    case CopyKind::new_headline: return "new_headline";
    case CopyKind::trimmed: return "trimmed";
    case CopyKind::extended: return "extended";
  }
  return "original";
}

Article generate(const Model& model, const Settings& settings, std::uint64_t index) {
  // Follow copies back to the original (a copy of a copy is allowed), then
  // apply each copy's changes forward: iterative, so no depth limit is needed
  // and an article is the same whichever article asked for it.
  std::vector<std::uint64_t> lineage{index};
  for (;;) {
    Rng copy_rng(mix_seed(settings.seed, k_copy, lineage.back()));
    const CopyChoice choice = copy_choice(settings, lineage.back(), copy_rng);
    if (!choice.copy) break;
    lineage.push_back(choice.source);
  }
  Article article = original(model, settings, lineage.back());
  for (auto it = lineage.rbegin() + 1; it != lineage.rend(); ++it) make_copy(model, settings, *it, article);
  return article;
}

std::string render(const Article& article) {
  char date[32];
  std::snprintf(date, sizeof date, "date %04d-%02d-%02d\n", article.year, article.month, article.day);
  std::string out(date);
  out.reserve(out.size() + article.title.size() + article.body.size() + 4);
  out += article.title;
  out += "\n\n";
  out += article.body;
  out += '\n';
  return out;
}

std::string relative_path(const Article& article, std::uint64_t index, int width) {
  char path[96];
  std::snprintf(path, sizeof path, "%04d/%02d/%02d/%0*llu.txt", article.year, article.month, article.day, width,
                static_cast<unsigned long long>(index));
  return path;
}

}  // namespace dateline::synth
