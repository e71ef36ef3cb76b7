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

// The bound, chosen by the curve in benchmarks/RESULTS.md (the latency section's table, from
// two-stage-curve: NFCorpus dev questions on 250k passages, 2026-12-07, the ranking alone).
// Against the exhaustive top 10, counting feedback words toward the threshold: elite 12, top 300
// kept 0.996 (worst decile 0.957) at p99 18.1 ms; elite 14 0.998 (0.984) at 20.5 ms; elite 16
// 0.999 (0.990) at 22.4 ms; exhaustive 47.9 ms. A top of 100 or 1,000 moved overlap by
// 0.002-0.005 and p99 by 1-2 ms per step. On NFCorpus dev with every long question bounded
// (RankingPolicy::kBounded), vid-desc nDCG@10 / Recall@100 fell 0.0055 / 0.0095 at elite 12,
// 0.0039 / 0.0058 at 13, 0.0009 / 0.0049 at 14 and 0.0009 / 0.0023 at 16; no other set moved.
// Only the question's own clauses count toward the threshold: counting its feedback words too
// bounded questions of 6-14 words, which then got slower (is_bounded's caller, ranking.cpp).
// With the threshold apart from the elite set (own clauses), above 12 with elite 16 cost vid-desc
// 0.0007 / 0.0038 (above 14, elite 14: 0.0008 / 0.0054, on the same index) and, on passages,
// p99 0.92x above 14 / elite 14 at overlap 0.997 (run beside a CI build).
struct RankingBound {
  size_t exhaustive_clauses = 12;     // up to this many of the query's own clauses, exhaustively
  size_t elite_clauses = 16;          // stage 1's clauses
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
