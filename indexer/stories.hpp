/** @file stories.hpp
 *  @brief Near-duplicate stories (#11.1): after a run has written its
 *  documents, regroup the ones it touched and store each group's story id
 *  (schema::k_slot_story).
 *
 *  Documents linked by near_dup::same_story form connected groups; each
 *  group is cut into stories of one date window each
 *  (near_dup::split_into_stories), so a daily template report never chains
 *  into one story of months. A story's id is its smallest member key
 *  (near_dup::story_id), so it does not depend on the
 *  order documents arrived in, on docids, or on which path (single writer or
 *  parallel shards) built them, and deleting the first copy leaves the
 *  others grouped under the next smallest key. A document that is its own
 *  story has no value. Candidates come from the band terms
 *  (schema::k_prefix_band): a few posting-list lookups per changed document;
 *  a regrouping of the whole database (first build, changed rule) reads the
 *  signatures once and matches bands in memory instead.
 */
#pragma once

#include "common/near_duplicate.hpp"

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dateline::indexer {

/// What a run changed, recorded by the Writer as it writes.
struct StoryChanges {
  std::vector<Xapian::docid> seeds;   ///< documents added, replaced or renamed
  std::set<std::string> old_stories;  ///< story ids of documents replaced or deleted
  bool all = false;                   ///< regroup every document
};

struct StoryCounts {
  std::size_t examined = 0;  ///< documents whose group was recomputed
  std::size_t changed = 0;   ///< documents whose story value was written
  std::size_t grouped = 0;   ///< of the examined, those in a story of two or more
};

/// The rule as stored under schema::k_meta_dup_rule (common/near_duplicate.hpp).
using near_dup::parse_rule;
using near_dup::serialize_rule;

/// The rule a run groups with: the one the database records (@p recorded,
/// else the defaults) with the run's --dup-threshold and --dup-window.
[[nodiscard]] near_dup::Rule run_rule(const std::optional<near_dup::Rule>& recorded, std::optional<double> threshold,
                                      std::optional<int> window_days);

/// Recomputes the groups of every document in @p changes (and of the other
/// members of the stories they left) and writes the story values that
/// changed through @p db (uncommitted).
StoryCounts assign_stories(Xapian::WritableDatabase& db, const near_dup::Rule& rule, const StoryChanges& changes);

} // namespace dateline::indexer
