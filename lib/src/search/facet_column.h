// Every document's facet values held in memory, built once per index revision, so that exact
// facet counts cost one array look-up per matching document instead of a value read from disk.
// Xapian's ValueCountMatchSpy only counts the documents the matcher happened to examine; this
// counts all of them. Immutable after construction: share it between threads.
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "kestrel/facets.h"

namespace kestrel {

class FacetColumn {
 public:
  explicit FacetColumn(const Xapian::Database& db);

  // Value ids of `facet` for `docid`, or an empty range.
  std::pair<const uint32_t*, const uint32_t*> values(Facet facet, Xapian::docid docid) const {
    const auto& f = facets_[static_cast<size_t>(facet)];
    if (docid >= f.offsets.size() - 1) return {nullptr, nullptr};
    const uint32_t* base = f.ids.data();
    return {base + f.offsets[docid], base + f.offsets[docid + 1]};
  }

  // The id of `value` in `facet`, or kNoValue.
  uint32_t id_of(Facet facet, const std::string& value) const;
  const std::string& name_of(Facet facet, uint32_t id) const {
    return facets_[static_cast<size_t>(facet)].names[id];
  }
  size_t value_count(Facet facet) const { return facets_[static_cast<size_t>(facet)].names.size(); }

  // The publication year of `docid` as an id into years(), or kNoValue when it has no date.
  uint32_t year_id(Xapian::docid docid) const {
    return docid < year_ids_.size() ? year_ids_[docid] : kNoValue;
  }
  const std::vector<int>& years() const { return years_; }

  static constexpr uint32_t kNoValue = UINT32_MAX;

 private:
  struct Column {
    std::vector<uint32_t> offsets;  // by docid; values of docid d are ids[offsets[d]..offsets[d+1])
    std::vector<uint32_t> ids;
    std::vector<std::string> names;
    std::unordered_map<std::string, uint32_t> by_name;
  };
  void load_years(const Xapian::Database& db);

  FacetArray<Column> facets_;
  std::vector<uint32_t> year_ids_;  // by docid
  std::vector<int> years_;          // distinct, in the order first seen
};

}  // namespace kestrel
