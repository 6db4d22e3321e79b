/** @file weighting.cpp
 *  @brief The text weighting models of --weighting and their Xapian::Weight.
 */
#include "searcher/weighting.hpp"

#include "searcher/searcher.hpp"

#include <xapian.h>

#include <array>
#include <utility>

namespace dateline::searcher {
namespace {

constexpr std::array<std::pair<WeightingModel, std::string_view>, 7> k_models{{
    {WeightingModel::bm25, "bm25"},
    {WeightingModel::bm25plus, "bm25plus"},
    {WeightingModel::dph, "dph"},
    {WeightingModel::ineb2, "ineb2"},
    {WeightingModel::bb2, "bb2"},
    {WeightingModel::lm, "lm"},
    {WeightingModel::lm_two_stage, "lm-two-stage"},
}};

/// IneB2's and BB2's c (Xapian's default).
constexpr double k_dfr_c = 1.0;
/// BM25+'s delta (Lv and Zhai's and Xapian's default).
constexpr double k_bm25plus_delta = 1.0;
/// The Dirichlet prior of --weighting lm (Zhai and Lafferty's 2000).
constexpr double k_dirichlet_mu = 2000.0;

} // namespace

std::string_view weighting_name(WeightingModel model) noexcept {
  for (const auto& [known, name] : k_models) {
    if (known == model) return name;
  }
  return "bm25";  // unreachable: every enumerator is in k_models
}

std::optional<WeightingModel> weighting_from_name(std::string_view name) noexcept {
  for (const auto& [model, known] : k_models) {
    if (known == name) return model;
  }
  return std::nullopt;
}

std::vector<std::string> weighting_model_names() {
  std::vector<std::string> out;
  for (const auto& [model, name] : k_models) out.emplace_back(name);
  return out;
}

bool uses_bm25_parameters(WeightingModel model) noexcept {
  return model == WeightingModel::bm25 || model == WeightingModel::bm25plus;
}

std::unique_ptr<Xapian::Weight> make_weight(WeightingModel model, const Bm25Parameters& bm25) {
  switch (model) {
  case WeightingModel::bm25:
    return std::make_unique<Xapian::BM25Weight>(bm25.k1, bm25.k2, bm25.k3, bm25.b, bm25.min_normlen);
  case WeightingModel::bm25plus:
    return std::make_unique<Xapian::BM25PlusWeight>(bm25.k1, bm25.k2, bm25.k3, bm25.b, bm25.min_normlen,
                                                    k_bm25plus_delta);
  case WeightingModel::dph:
    return std::make_unique<Xapian::DPHWeight>();
  case WeightingModel::ineb2:
    return std::make_unique<Xapian::IneB2Weight>(k_dfr_c);
  case WeightingModel::bb2:
    return std::make_unique<Xapian::BB2Weight>(k_dfr_c);
  case WeightingModel::lm:
    return std::make_unique<Xapian::LMWeight>(0.0, Xapian::Weight::DIRICHLET_SMOOTHING, k_dirichlet_mu);
  case WeightingModel::lm_two_stage:
    return std::make_unique<Xapian::LMWeight>();
  }
  return std::make_unique<Xapian::BM25Weight>(bm25.k1, bm25.k2, bm25.k3, bm25.b, bm25.min_normlen);
}

} // namespace dateline::searcher
