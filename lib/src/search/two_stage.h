// Bounded two-stage ranking of a long disjunction (a question ranked by any of its words, with
// its feedback words).
//
// Xapian 1.4's matcher has no block-max pruning: an OR of a question's 15+ words walks most of
// every word's postings (p99 72-97 ms over 250k passages, issue 26). So, above a clause count:
//  - stage 1 collects candidates cheaply: OP_ELITE_SET of the clauses with the highest maximum
//    weight (the rarest words, and the heaviest feedback words), the top `candidates`;
//  - stage 2 scores exactly those candidates with the whole query, every clause, BM25 as the
//    exhaustive ranking does (the query filtered to a posting source over their docids).
// A document stage 1 leaves out is lost; the order of the ones it keeps is the exhaustive order,
// scores included. What the bound costs in relevance is measured in benchmarks/RESULTS.md.
//
// Local indexes only: a remote shard's server cannot run a posting source of ours.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <vector>

namespace kestrel {

// A query whose weight is the sum of its clauses' (an OR), with what it may not match.
struct Disjunction {
  std::vector<Xapian::Query> clauses;
  Xapian::Query excluded;  // OR'ed exclusions; empty: none
  Xapian::Query filter;    // a boolean restriction (facets, filter expression); empty: none

  // The whole query, as an exhaustive ranking runs it. Empty when there are no clauses.
  Xapian::Query exact() const;
};

// The bound, chosen by the curve in benchmarks/RESULTS.md ("Bounded ranking"; two-stage-curve over
// the 673 NFCorpus dev questions on 250k passages, 2026-12-07, ranking alone: feedback probe,
// expansion and top 10). Against the exhaustive top 10: above 12 clauses, elite 12, top 300
// kept overlap 0.994 (worst decile 0.943) at p99 14.3 ms; above 14, elite 14: 0.997 (0.967) at
// p99 17.3 ms; above 16, elite 16: 0.997 (0.973) at 20.5 ms; exhaustive p99 46 ms. Top 100
// or 1,000 moved overlap by 0.005 either way and cost 1-2 ms per step. On NFCorpus dev with
// every long question bounded (RankingPolicy::kBounded), elite 12 cost vid-desc nDCG@10 0.0055
// and Recall@100 0.0095; elite 14 0.0009 and 0.0049; elite 16 0.0009 and 0.0023. 14 is the
// smallest elite set within 0.003 nDCG@10 and 0.005 Recall@100 on every set.
struct RankingBound {
  size_t exhaustive_clauses = 14;     // up to this many of the query's own clauses, exhaustively
  size_t elite_clauses = 14;          // stage 1's clauses
  Xapian::doccount candidates = 300;  // stage 1's top, scored by stage 2 (at least the page's end)
  // The page's stage 2 scores the feedback probe's candidates instead of running stage 1 again
  // with the feedback words, when no filter restricts the page: p99 17.3 -> 14.3 ms at elite 12,
  // overlap 0.996 -> 0.994.
  bool reuse_probe_candidates = true;
};

// Whether `query` is ranked in two stages under `bound`.
bool is_bounded(const Disjunction& query, const RankingBound& bound);

// Candidates: docids, ascending, shared (a posting source's clones read them).
using Candidates = std::shared_ptr<const std::vector<Xapian::docid>>;

// Stage 1: the best `count` candidates for `query` by its `elite_clauses` heaviest clauses.
Candidates stage_one_candidates(const Xapian::Database& db, const Disjunction& query,
                                size_t elite_clauses, Xapian::doccount count);

// Stage 2: the ranked page [first, first + count) of `exact` among `candidates`, with `exact`'s
// weights. The MSet's totals count candidates, not matches.
Xapian::MSet stage_two_mset(const Xapian::Database& db, const Xapian::Query& exact,
                            const Candidates& candidates, Xapian::doccount first,
                            Xapian::doccount count);

// Both stages: the ranked page [first, first + count) of `query`, exact among stage 1's
// candidates (at least first + count of them). The MSet's totals count candidates, not matches.
Xapian::MSet two_stage_mset(const Xapian::Database& db, const Disjunction& query,
                            const RankingBound& bound, Xapian::doccount first,
                            Xapian::doccount count);

}  // namespace kestrel
