// The passes that give a search its page: ranked by relevance or by date, exhaustively, with the
// facet tally riding along; the oldest-first page in two parts. (A long question's page from
// two stages is bounded_page in ranking.h.)
#pragma once

#include <xapian.h>

#include <vector>

#include "kestrel/searcher.h"
#include "search/facet_tally.h"

namespace kestrel {

// The requested page of `query`, ranked by `request.sort`, with `tally` counting the matches the
// matcher examines: all of them up to kExactCountBudget. For oldest first the page is empty (it
// comes from oldest_first) and the pass only counts.
Xapian::MSet ranked_pass(const Xapian::Database& db, const Xapian::Query& query,
                         const SearchRequest& request, Tally& tally);

// The oldest-first page: dated articles from the oldest, then the undated ones by relevance.
std::vector<Xapian::MSet> oldest_first(const Xapian::Database& db, const Xapian::Query& query,
                                       const SearchRequest& request);

}  // namespace kestrel
