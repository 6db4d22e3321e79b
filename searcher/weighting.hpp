/** @file weighting.hpp
 *  @brief The text weighting model of a search (--weighting, #13.1): BM25,
 *         the default, or another model Xapian 1.4 ships (divergence from
 *         randomness, query likelihood, BM25+), made into the Xapian::Weight
 *         that every weighed part of the query uses.
 *
 *  Only models whose weights stay within their own upper bound are offered:
 *  Xapian's matcher prunes by those bounds, so a model that exceeds them
 *  loses or misplaces matches. In Xapian 1.4.22 PL2Weight, InL2Weight and
 *  IfB2Weight do (InL2 and IfB2 count an OP_SCALE_WEIGHT factor twice in
 *  their bound; IfB2 also weighs a term more frequent than the collection
 *  negatively) and DLHWeight does now and then: they are left out
 *  (docs/benchmarks.md, "Session 10: weighting models").
 */
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Xapian {
class Weight;
}

namespace dateline::searcher {

struct Bm25Parameters;

/// The text weighting models --weighting offers.
enum class WeightingModel {
  bm25,          ///< Xapian::BM25Weight with Bm25Parameters (the default)
  bm25plus,      ///< Xapian::BM25PlusWeight: BM25 with a lower bound (delta 1) on the wdf part
  dph,           ///< Xapian::DPHWeight: divergence from randomness, parameter-free
  ineb2,         ///< Xapian::IneB2Weight: divergence from randomness, c = 1
  bb2,           ///< Xapian::BB2Weight: divergence from randomness, c = 1
  lm,            ///< Xapian::LMWeight, Dirichlet smoothing, mu = 2000
  lm_two_stage,  ///< Xapian::LMWeight's default: two-stage smoothing (lambda 0.7, 0.1 for 1-2 words; mu 2000)
};

/// The model's name on the command line ("bm25", "lm-two-stage").
[[nodiscard]] std::string_view weighting_name(WeightingModel model) noexcept;

/// The model named @p name (as weighting_name gives it), or nullopt.
[[nodiscard]] std::optional<WeightingModel> weighting_from_name(std::string_view name) noexcept;

/// Every model's name, in declaration order: --weighting's allowed values
/// (the option table, its error and docgen list them from here).
[[nodiscard]] std::vector<std::string> weighting_model_names();

/// Whether --bm25-k1, --bm25-b and --specific-bm25-b mean anything to @p model
/// (BM25 and BM25+).
[[nodiscard]] bool uses_bm25_parameters(WeightingModel model) noexcept;

/// The weighting scheme of @p model; BM25 and BM25+ take @p bm25's
/// parameters, the others their own defaults.
[[nodiscard]] std::unique_ptr<Xapian::Weight> make_weight(WeightingModel model, const Bm25Parameters& bm25);

} // namespace dateline::searcher
