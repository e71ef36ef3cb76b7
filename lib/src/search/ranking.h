// What the matcher is asked for a query: the match mode's query, with pseudo-relevance feedback.
// All three programs rank through this, so the CLI's TREC runs measure what the search box gets.
#pragma once

#include <xapian.h>

#include "kestrel/searcher.h"
#include "search/expansion_words.h"
#include "search/query_builder.h"

namespace kestrel {

struct RankedQuery {
  Xapian::Query query;            // defines the matches (totals, facet counts) and their order
  bool matched_any_word = false;  // all words were asked for and no article has them all
  // Every word required, as asked: when that matches nothing, the searcher asks for any word.
  bool strict_all_words = false;
};

// `match` is the request's mode; kAuto picks by the query's length. Feedback needs one ranked
// probe of the index and is left out while a word is still being typed. `words` is the
// searcher's own (it keeps what it reads).
RankedQuery ranked_query(const Xapian::Database& db, ExpansionWords& words, const BuiltQuery& built,
                         MatchMode match, QueryMode mode);

}  // namespace kestrel
