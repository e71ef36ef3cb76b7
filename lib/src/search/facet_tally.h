// Counts the facet values of the documents the matcher examines, as a Xapian match spy, and
// turns them into FacetCounts: exact when the matcher examined every match, else extrapolated.
//
// Counting used to walk every match in a separate boolean pass before ranking: O(matches), p99
// 45 ms on 250k passages. Now the ranked pass itself carries the spy, and Enquire's checkatleast
// bounds the work: every match is examined (and counted exactly) while there are at most
// kExactCountBudget of them; beyond that the counts come from the examined ones and the result
// says it is an estimate, as Algolia's exhaustiveFacetsCount and Typesense's
// facet_sample_threshold do.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <vector>

#include "kestrel/facets.h"
#include "search/facet_column.h"

namespace kestrel {

// Matches examined (ranked, counted) before totals and facet counts become estimates.
inline constexpr Xapian::doccount kExactCountBudget = 5000;

class FacetTally : public Xapian::MatchSpy {
 public:
  // Counts the values of the facets marked in `counted`. `column` must outlive the tally.
  FacetTally(const FacetColumn& column, FacetArray<bool> counted);

  void operator()(const Xapian::Document& doc, double weight) override;

  // Documents seen so far.
  uint64_t seen() const { return seen_; }

  // The counts of `facet`'s values (by FacetColumn id), scaled to `matches` when the tally saw
  // fewer documents than that.
  std::vector<uint64_t> counts(Facet facet, uint64_t matches) const;

  // Matches by publication year (by FacetColumn year id), scaled the same way. Counted always:
  // one array look-up per document.
  std::vector<uint64_t> year_counts(uint64_t matches) const;

 private:
  const FacetColumn& column_;
  FacetArray<bool> counted_;
  FacetArray<std::vector<uint64_t>> counts_;
  std::vector<uint64_t> year_counts_;
  uint64_t seen_ = 0;
};

// The total of an MSet, and whether it is exact: every match was examined.
struct MatchCount {
  uint64_t total = 0;
  bool exact = true;
};
MatchCount count_of(const Xapian::MSet& mset, const FacetTally& tally);

}  // namespace kestrel
