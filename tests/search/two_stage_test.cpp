// Bounded two-stage ranking (two_stage.h): what stage 1 leaves out is lost, and stage 2 ranks
// what it kept exactly as the exhaustive ranking does, weights included.
#include "search/two_stage.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <vector>

using namespace kestrel;

namespace {

// 200 documents. The rare words r0 and r1 are in 5 documents each, the common word c in 20.
// The document `kCommonOnly` has only c, five times in a short text: the best document for c,
// and in the exhaustive top 11 of "r0 OR r1 OR c", but an elite set of the two heaviest clauses
// (r0 and r1, the rarest) never sees it.
constexpr Xapian::docid kCommonOnly = 150;

Xapian::WritableDatabase fixture() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (Xapian::docid d = 1; d <= 200; ++d) {
    Xapian::Document doc;
    // Lengths differ, so that the exhaustive order is one of scores, not of docids.
    doc.add_term("filler", 1 + d % 7);
    if (d <= 5) doc.add_term("r0", 1 + d % 3);
    if (d >= 4 && d <= 8) doc.add_term("r1", 1 + d % 2);
    if (d >= 3 && d <= 21) doc.add_term("c", 1);
    if (d == kCommonOnly) doc.add_term("c", 5);
    db.add_document(doc);
  }
  db.commit();
  return db;
}

std::vector<std::pair<Xapian::docid, double>> ranked(const Xapian::MSet& mset) {
  std::vector<std::pair<Xapian::docid, double>> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
  return out;
}

}  // namespace

TEST_CASE(
    "two-stage ranking: stage 1 leaves a document out - stage 2 keeps the exact order of the rest",
    "[search]") {
  Xapian::WritableDatabase db = fixture();
  Disjunction query{{Xapian::Query("r0"), Xapian::Query("r1"), Xapian::Query("c")}, {}, {}};
  const Xapian::doccount page = 11;

  Xapian::Enquire enquire(db);
  enquire.set_query(query.exact());
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  auto exhaustive = ranked(enquire.get_mset(0, page));
  REQUIRE(exhaustive.size() == page);
  bool common_only_ranked = false;
  for (auto [docid, weight] : exhaustive) common_only_ranked |= docid == kCommonOnly;
  REQUIRE(common_only_ranked);

  RankingBound bound{.exhaustive_clauses = 2, .elite_clauses = 2, .candidates = 20};
  REQUIRE(is_bounded(query, bound));
  Candidates candidates = stage_one_candidates(db, query, bound.elite_clauses, bound.candidates);
  // Stage 1 ranks by r0 and r1 alone: the 8 documents with either, never the common-only one.
  CHECK(candidates->size() == 8);
  CHECK(std::find(candidates->begin(), candidates->end(), kCommonOnly) == candidates->end());
  CHECK(std::is_sorted(candidates->begin(), candidates->end()));

  auto bounded = ranked(two_stage_mset(db, query, bound, 0, page));
  // The exhaustive ranking without what stage 1 left out, in the same order and with the same
  // weights: the whole query (c included) scored each candidate.
  std::vector<std::pair<Xapian::docid, double>> expected;
  for (auto [docid, weight] : exhaustive)
    if (std::find(candidates->begin(), candidates->end(), docid) != candidates->end())
      expected.emplace_back(docid, weight);
  REQUIRE(bounded.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("rank " << i);
    CHECK(bounded[i].first == expected[i].first);
    CHECK(bounded[i].second == Approx(expected[i].second).epsilon(1e-12));
  }
  // A document with c and a rare word outranks one with the rare word alone only because
  // stage 2 counts c: the order is not stage 1's.
  Xapian::Enquire elite(db);
  elite.set_query(Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("r0"), Xapian::Query("r1")));
  elite.set_weighting_scheme(Xapian::BM25Weight());
  CHECK(ranked(elite.get_mset(0, page)) != bounded);
}

TEST_CASE(
    "two-stage ranking: only above the clause bound - exclusions and filters hold in both stages",
    "[search]") {
  Xapian::WritableDatabase db = fixture();
  RankingBound bound{.exhaustive_clauses = 3, .elite_clauses = 2, .candidates = 20};
  Disjunction three{{Xapian::Query("r0"), Xapian::Query("r1"), Xapian::Query("c")}, {}, {}};
  CHECK_FALSE(is_bounded(three, bound));
  Disjunction four = three;
  four.clauses.emplace_back("filler");
  CHECK(is_bounded(four, bound));

  Disjunction limited = three;
  limited.excluded = Xapian::Query("r1");  // documents 4-8 go
  limited.filter = Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("r0"), Xapian::Query("c"));
  Candidates kept = stage_one_candidates(db, limited, 2, 20);
  CHECK(*kept == std::vector<Xapian::docid>{1, 2, 3});
  auto page = ranked(two_stage_mset(db, limited, bound, 0, 10));
  REQUIRE(page.size() == 3);
  for (auto [docid, weight] : page) CHECK(docid <= 3);
  // A page beyond the candidates is empty, never an error.
  CHECK(two_stage_mset(db, limited, bound, 5, 10).empty());
}
