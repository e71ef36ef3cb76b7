#include "search/ranked_pass.h"

#include <string>

#include "index/schema.h"

namespace kestrel {

// The requested page, ranked, with `tally` counting the matches the matcher examines: all of
// them up to kExactCountBudget.
Xapian::MSet ranked_pass(const Xapian::Database& db, const Xapian::Query& query,
                         const SearchRequest& request, Tally& tally) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  if (request.sort == SortOrder::kEvidence) {
    enquire.set_sort_by_value_then_relevance(schema::spec(schema::Field::kEvidence).slot, false);
  } else if (request.sort != SortOrder::kRelevance) {
    enquire.set_sort_by_value_then_relevance(schema::spec(schema::Field::kPublished).slot,
                                             request.sort == SortOrder::kDate);
  }
  tally.attach(enquire);
  // Oldest first takes its page from oldest_first(): this pass only counts.
  unsigned limit = request.sort == SortOrder::kDateOldest ? 0 : request.limit;
  return enquire.get_mset(request.offset, limit, kExactCountBudget);
}

// The page of oldest-first results: dated articles from the oldest, then the undated ones by
// relevance, as Meilisearch places documents without the sort attribute last. Xapian sorts an
// absent value before every date, so the two are ranked apart.
std::vector<Xapian::MSet> oldest_first(const Xapian::Database& db, const Xapian::Query& query,
                                       const SearchRequest& request) {
  Xapian::valueno slot = schema::spec(schema::Field::kPublished).slot;
  Xapian::Query dated(Xapian::Query::OP_VALUE_GE, slot, std::string("0"));
  Xapian::Enquire by_date(db);
  by_date.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, dated));
  by_date.set_weighting_scheme(Xapian::BM25Weight());
  by_date.set_sort_by_value_then_relevance(slot, false);
  std::vector<Xapian::MSet> pages{by_date.get_mset(request.offset, request.limit)};
  Xapian::doccount shown = pages[0].size();
  if (shown >= request.limit) return pages;
  // The dated matches ran out on this page, so their count is exact: the undated ones follow.
  Xapian::doccount dated_total = pages[0].get_matches_estimated();
  Xapian::Enquire undated(db);
  undated.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, query, dated));
  undated.set_weighting_scheme(Xapian::BM25Weight());
  Xapian::doccount skip = request.offset > dated_total ? request.offset - dated_total : 0;
  pages.push_back(undated.get_mset(skip, request.limit - shown));
  return pages;
}

}  // namespace kestrel
