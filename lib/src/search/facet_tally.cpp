#include "search/facet_tally.h"

#include <cmath>
#include <map>

#include "index/schema.h"

namespace kestrel {
namespace {

uint64_t scaled(uint64_t count, uint64_t seen, uint64_t matches) {
  if (seen == 0 || matches <= seen) return count;
  return static_cast<uint64_t>(std::llround(
      static_cast<double>(count) * static_cast<double>(matches) / static_cast<double>(seen)));
}

// A local index: every document's values from the FacetColumn, counted by value id.
class ColumnTally : public Tally, public Xapian::MatchSpy {
 public:
  ColumnTally(const FacetColumn& column, FacetArray<bool> counted)
      : column_(column), counted_(counted) {
    for (Facet facet : kAllFacets) {
      size_t f = static_cast<size_t>(facet);
      if (counted_[f]) counts_[f].assign(column_.value_count(facet), 0);
    }
    year_counts_.assign(column_.years().size(), 0);
  }

  void operator()(const Xapian::Document& doc, double) override {
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

  void attach(Xapian::Enquire& enquire) override { enquire.add_matchspy(this); }
  uint64_t seen() const override { return seen_; }

  ValueCounts counts(Facet facet, uint64_t matches) const override {
    ValueCounts out;
    const std::vector<uint64_t>& by_id = counts_[static_cast<size_t>(facet)];
    for (uint32_t id = 0; id < by_id.size(); ++id)
      if (by_id[id] > 0)
        out.emplace_back(column_.name_of(facet, id), scaled(by_id[id], seen_, matches));
    return out;
  }

  std::vector<std::pair<int, uint64_t>> years(uint64_t matches) const override {
    std::vector<std::pair<int, uint64_t>> out;
    for (size_t id = 0; id < year_counts_.size(); ++id)
      if (year_counts_[id] > 0)
        out.emplace_back(column_.years()[id], scaled(year_counts_[id], seen_, matches));
    return out;
  }

 private:
  const FacetColumn& column_;
  FacetArray<bool> counted_;
  FacetArray<std::vector<uint64_t>> counts_;
  std::vector<uint64_t> year_counts_;
  uint64_t seen_ = 0;
};

// Remote shards: one ValueCountMatchSpy per counted facet's slot and one on the date slot. A
// facet slot holds a document's values joined by kValueSeparator, so the spy counts each
// combination; the counts of one value are the sum over the combinations that hold it.
class SpyTally : public Tally {
 public:
  explicit SpyTally(FacetArray<bool> counted)
      : dates_(schema::spec(schema::Field::kPublished).slot) {
    for (Facet facet : kAllFacets) {
      size_t f = static_cast<size_t>(facet);
      if (counted[f])
        spies_[f] = std::make_unique<Xapian::ValueCountMatchSpy>(schema::spec(facet).slot);
    }
  }

  void attach(Xapian::Enquire& enquire) override {
    for (auto& spy : spies_)
      if (spy) enquire.add_matchspy(spy.get());
    enquire.add_matchspy(&dates_);
  }

  uint64_t seen() const override { return dates_.get_total(); }

  ValueCounts counts(Facet facet, uint64_t matches) const override {
    const auto& spy = spies_[static_cast<size_t>(facet)];
    if (!spy) return {};
    std::map<std::string, uint64_t> by_value;
    for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
      const std::string joined = *it;
      for (std::string_view value : schema::split_values(joined))
        by_value[std::string(value)] += it.get_termfreq();
    }
    uint64_t total = seen();
    ValueCounts out;
    for (auto& [value, count] : by_value) out.emplace_back(value, scaled(count, total, matches));
    return out;
  }

  std::vector<std::pair<int, uint64_t>> years(uint64_t matches) const override {
    std::map<int, uint64_t> by_year;
    for (auto it = dates_.values_begin(); it != dates_.values_end(); ++it) {
      if (int year = schema::year_of(*it); year != 0) by_year[year] += it.get_termfreq();
    }
    std::vector<std::pair<int, uint64_t>> out;
    for (auto& [year, count] : by_year) out.emplace_back(year, scaled(count, seen(), matches));
    return out;
  }

 private:
  FacetArray<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
  Xapian::ValueCountMatchSpy dates_;
};

}  // namespace

std::unique_ptr<Tally> make_tally(const FacetColumn* column, FacetArray<bool> counted) {
  if (column) return std::make_unique<ColumnTally>(*column, counted);
  return std::make_unique<SpyTally>(counted);
}

MatchCount count_of(const Xapian::MSet& mset, const Tally& tally) {
  // The bounds meet when Xapian knows the number of matches, but it can know that (a single
  // term's frequency) without having examined them: exact means every match went past the spy.
  bool known = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  uint64_t estimated = mset.get_matches_estimated();
  return MatchCount{estimated, known && tally.seen() == estimated};
}

}  // namespace kestrel
