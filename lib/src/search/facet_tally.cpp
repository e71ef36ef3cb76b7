#include "search/facet_tally.h"

#include <cmath>

namespace kestrel {

FacetTally::FacetTally(const FacetColumn& column, FacetArray<bool> counted)
    : column_(column), counted_(counted) {
  for (Facet facet : kAllFacets) {
    size_t f = static_cast<size_t>(facet);
    if (counted_[f]) counts_[f].assign(column_.value_count(facet), 0);
  }
}

void FacetTally::operator()(const Xapian::Document& doc, double) {
  ++seen_;
  Xapian::docid docid = doc.get_docid();
  for (Facet facet : kAllFacets) {
    size_t f = static_cast<size_t>(facet);
    if (!counted_[f]) continue;
    auto [begin, end] = column_.values(facet, docid);
    for (const uint32_t* v = begin; v != end; ++v) ++counts_[f][*v];
  }
}

std::vector<uint64_t> FacetTally::counts(Facet facet, uint64_t matches) const {
  std::vector<uint64_t> out = counts_[static_cast<size_t>(facet)];
  if (seen_ == 0 || matches <= seen_) return out;
  double scale = static_cast<double>(matches) / static_cast<double>(seen_);
  for (uint64_t& count : out)
    count = static_cast<uint64_t>(std::llround(static_cast<double>(count) * scale));
  return out;
}

MatchCount count_of(const Xapian::MSet& mset, const FacetTally& tally) {
  // The bounds meet when Xapian knows the number of matches, but it can know that (a single
  // term's frequency) without having examined them: exact means every match went past the spy.
  bool known = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  uint64_t estimated = mset.get_matches_estimated();
  return MatchCount{estimated, known && tally.seen() == estimated};
}

}  // namespace kestrel
