#include "search/two_stage.h"

#include <algorithm>
#include <memory>
#include <utility>

namespace kestrel {
namespace {

// The documents of a sorted docid list, each with weight 0: a boolean filter. Stage 2 filters
// the whole query by it, so the matcher skips each clause's postings straight to the next
// candidate: about 1.4 ms per 100 candidates for a 20-word question over 250k passages, where
// walking every match took 23-97 ms (issue 26's measurement).
class DocidList : public Xapian::PostingSource {
 public:
  explicit DocidList(Candidates docids) : docids_(std::move(docids)) {}

  Xapian::doccount get_termfreq_min() const override { return size(); }
  Xapian::doccount get_termfreq_est() const override { return size(); }
  Xapian::doccount get_termfreq_max() const override { return size(); }

  void init(const Xapian::Database&) override {
    started_ = false;
    at_ = 0;
  }
  void next(double) override {
    if (started_)
      ++at_;
    else
      started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    at_ = static_cast<size_t>(
        std::lower_bound(docids_->begin() + static_cast<ptrdiff_t>(at_), docids_->end(), did) -
        docids_->begin());
  }
  bool check(Xapian::docid did, double min_wt) override {
    skip_to(did, min_wt);
    return true;
  }
  bool at_end() const override { return started_ && at_ >= docids_->size(); }
  Xapian::docid get_docid() const override { return (*docids_)[at_]; }
  // Xapian clones a source for each database it searches; the list is shared, never written.
  Xapian::PostingSource* clone() const override { return new DocidList(docids_); }

 private:
  Xapian::doccount size() const { return static_cast<Xapian::doccount>(docids_->size()); }

  Candidates docids_;
  size_t at_ = 0;
  bool started_ = false;
};

Xapian::Query restricted(Xapian::Query query, const Disjunction& d) {
  if (!d.excluded.empty()) query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, d.excluded);
  if (!d.filter.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, d.filter);
  return query;
}

Xapian::MSet ranked(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount first,
                    Xapian::doccount count) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  return enquire.get_mset(first, count);
}

}  // namespace

Xapian::Query Disjunction::exact() const {
  if (clauses.empty()) return {};
  return restricted(Xapian::Query(Xapian::Query::OP_OR, clauses.begin(), clauses.end()), *this);
}

bool is_bounded(const Disjunction& query, const RankingBound& bound) {
  return query.clauses.size() > bound.exhaustive_clauses;
}

Candidates stage_one_candidates(const Xapian::Database& db, const Disjunction& query,
                                size_t elite_clauses, Xapian::doccount count) {
  Xapian::Query elite(Xapian::Query::OP_ELITE_SET, query.clauses.begin(), query.clauses.end(),
                      static_cast<Xapian::termcount>(elite_clauses));
  Xapian::MSet top = ranked(db, restricted(elite, query), 0, count);
  std::vector<Xapian::docid> docids(top.begin(), top.end());
  std::sort(docids.begin(), docids.end());
  return std::make_shared<const std::vector<Xapian::docid>>(std::move(docids));
}

Xapian::MSet stage_two_mset(const Xapian::Database& db, const Xapian::Query& exact,
                            const Candidates& candidates, Xapian::doccount first,
                            Xapian::doccount count) {
  if (candidates->empty()) return Xapian::MSet();
  auto* source = new DocidList(candidates);
  return ranked(db,
                Xapian::Query(Xapian::Query::OP_FILTER, exact, Xapian::Query(source->release())),
                first, count);
}

Xapian::MSet two_stage_mset(const Xapian::Database& db, const Disjunction& query,
                            const RankingBound& bound, Xapian::doccount first,
                            Xapian::doccount count) {
  Xapian::doccount wanted = std::max(bound.candidates, first + count);
  return stage_two_mset(db, query.exact(),
                        stage_one_candidates(db, query, bound.elite_clauses, wanted), first, count);
}

}  // namespace kestrel
