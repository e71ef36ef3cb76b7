#include "search/facet_tally.h"

#include <cmath>

namespace kestrel {

FacetTally::FacetTally(const FacetColumn& column, FacetArray<bool> counted)
    : column_(column), counted_(counted) {
  for (Facet facet : kAllFacets) {
    size_t f = static_cast<size_t>(facet);
    if (counted_[f]) counts_[f].assign(column_.value_count(facet), 0);
  }
  year_counts_.assign(column_.years().size(), 0);
}

namespace {

std::vector<uint64_t> scaled(std::vector<uint64_t> counts, uint64_t seen, uint64_t matches) {
  if (seen == 0 || matches <= seen) return counts;
  double scale = static_cast<double>(matches) / static_cast<double>(seen);
  for (uint64_t& count : counts)
    count = static_cast<uint64_t>(std::llround(static_cast<double>(count) * scale));
  return counts;
}

}  // namespace

void FacetTally::operator()(const Xapian::Document& doc, double) {
  ++seen_;
  Xapian::docid docid = doc.get_docid();
  for (Facet facet : kAllFacets) {
    size_t f = static_cast<size_t>(facet);
    if (!counted_[f]) continue;
    auto [begin, end] = column_.values(facet, docid);
    for (const uint32_t* v = begin; v != end; ++v) ++counts_[f][*v];
  }
  if (uint32_t year = column_.year_id(docid); year != FacetColumn::kNoValue) ++year_counts_[year];
}

std::vector<uint64_t> FacetTally::counts(Facet facet, uint64_t matches) const {
  return scaled(counts_[static_cast<size_t>(facet)], seen_, matches);
}

std::vector<uint64_t> FacetTally::year_counts(uint64_t matches) const {
  return scaled(year_counts_, seen_, matches);
}

MatchCount count_of(const Xapian::MSet& mset, const FacetTally& tally) {
  // The bounds meet when Xapian knows the number of matches, but it can know that (a single
  // term's frequency) without having examined them: exact means every match went past the spy.
  bool known = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  uint64_t estimated = mset.get_matches_estimated();
  return MatchCount{estimated, known && tally.seen() == estimated};
}

}  // namespace kestrel
