// Counts the facet values (and publication years) of the documents the matcher examines, and
// turns them into counts by value name: exact when the matcher examined every match, else
// extrapolated.
//
// Counting used to walk every match in a separate boolean pass before ranking: O(matches), p99
// 45 ms on 250k passages. Now the ranked pass itself carries the counting match spies, and
// Enquire's checkatleast bounds the work: every match is examined (and counted exactly) while
// there are at most kExactCountBudget of them; beyond that the counts come from the examined
// ones and the result says it is an estimate, as Algolia's exhaustiveFacetsCount and Typesense's
// facet_sample_threshold do.
//
// Two ways to count, one interface: a local index counts from its FacetColumn (an array look-up
// per document); shards served by xapian-tcpsrv count with Xapian's ValueCountMatchSpy, the one
// match spy a stock server knows, each server counting its own matches and the client merging.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kestrel/facets.h"
#include "search/facet_column.h"

namespace kestrel {

// Matches examined (ranked, counted) before totals and facet counts become estimates.
inline constexpr Xapian::doccount kExactCountBudget = 5000;

// A facet's values with their counts (only values counted at least once), in no order.
using ValueCounts = std::vector<std::pair<std::string, uint64_t>>;

class Tally {
 public:
  virtual ~Tally() = default;
  // Adds the spies to `enquire`; the tally must outlive its get_mset().
  virtual void attach(Xapian::Enquire& enquire) = 0;
  // Documents seen so far.
  virtual uint64_t seen() const = 0;
  // The counts of `facet`'s values, scaled to `matches` when fewer documents were seen.
  virtual ValueCounts counts(Facet facet, uint64_t matches) const = 0;
  // Documents by publication year, scaled the same way.
  virtual std::vector<std::pair<int, uint64_t>> years(uint64_t matches) const = 0;
};

// Counts the facets marked in `counted`: from `column` when there is one (a local index; it must
// outlive the tally), else with ValueCountMatchSpy (remote shards).
std::unique_ptr<Tally> make_tally(const FacetColumn* column, FacetArray<bool> counted);

// The total of an MSet, and whether it is exact: every match was examined.
struct MatchCount {
  uint64_t total = 0;
  bool exact = true;
};
MatchCount count_of(const Xapian::MSet& mset, const Tally& tally);

}  // namespace kestrel
