// What a search counts: totals and facet values over its matches in an unranked pass, and the
// counts as the result shows them (facet values as a tree, with the selected ones; publication
// years).
#pragma once

#include <xapian.h>

#include <vector>

#include "analysis/taxonomy.h"
#include "kestrel/searcher.h"
#include "search/facet_tally.h"

namespace kestrel {

// The total and the counts of `tally` over the matches of `query`, unranked, bounded like the
// ranked pass: for a facet with a selection, the query filtered by every other facet (disjunctive
// counts, so that choosing PTSD still shows what OCD would give); for a two-stage ranking, the
// whole query.
MatchCount unranked_counts(const Xapian::Database& db, const Xapian::Query& query, Tally& tally);

// The facets of the result from each facet's counts: every value counted, the request's selected
// values (with 0 when no match has them), each value's taxonomy parent, as a tree.
std::vector<FacetResult> facet_results(const FacetArray<ValueCounts>& counts,
                                       const SearchRequest& request, const Taxonomy& taxonomy);

// Matching articles by publication year, ascending, scaled to `matches` as the tally's counts.
std::vector<SearchResult::YearCount> published_years(const Tally& tally, uint64_t matches);

}  // namespace kestrel
