// What the matcher is asked for a query: the match mode's query, with pseudo-relevance feedback.
// All three programs rank through this, so the CLI's TREC runs measure what the search box gets.
#pragma once

#include <xapian.h>

#include "kestrel/searcher.h"
#include "search/expansion_words.h"
#include "search/query_builder.h"
#include "search/two_stage.h"

namespace kestrel {

struct RankedQuery {
  Xapian::Query query;            // defines the matches (totals, facet counts) and their order
  bool matched_any_word = false;  // all words were asked for and no article has them all
  // Every word required, as asked: when that matches nothing, the searcher asks for any word.
  bool strict_all_words = false;
  // When the query is an OR of clauses (any word, with its feedback words), the same query as
  // those clauses, which a bounded ranking can rank in two stages (`query` == its exact()).
  // No clauses otherwise.
  Disjunction disjunction;
  // The query's own clauses (its feedback words not counted) exceed the bound it was built under:
  // its feedback probe and, sorted by relevance, its page are ranked in two stages.
  bool bounded = false;
  // Stage 1's candidates for the feedback probe (any word, unfiltered), when the probe was ranked
  // in two stages; null otherwise.
  Candidates probe_candidates;
};

// Any word, without feedback: the query's clauses OR'ed, as a disjunction a bounded ranking can
// take apart. What every-word requests fall back to when no article has every word.
RankedQuery any_word_query(const BuiltQuery& built, const RankingBound* bound);

// `match` is the request's mode; kAuto picks by the query's length. Feedback needs one ranked
// probe of the index and is left out while a word is still being typed; the probe is ranked in
// two stages when `bound` is given and bounds its query (null: always exhaustively). `words` is
// the searcher's own (it keeps what it reads).
RankedQuery ranked_query(const Xapian::Database& db, ExpansionWords& words, const BuiltQuery& built,
                         MatchMode match, QueryMode mode, const RankingBound* bound);

}  // namespace kestrel

namespace kestrel {

// The ranked page [first, first + count) of `ranked` (RankedQuery::bounded), in two stages: the
// probe's candidates serve again when the query is not filtered
// (RankingBound::reuse_probe_candidates), else stage 1 runs on the whole disjunction.
Xapian::MSet bounded_page(const Xapian::Database& db, const RankedQuery& ranked,
                          const RankingBound& bound, Xapian::doccount first,
                          Xapian::doccount count);

}  // namespace kestrel
