#include "search/facet_column.h"

#include "index/schema.h"

namespace kestrel {

FacetColumn::FacetColumn(const Xapian::Database& db) {
  Xapian::docid last = db.get_lastdocid();
  for (Facet facet : kAllFacets) {
    Column& column = facets_[static_cast<size_t>(facet)];
    Xapian::valueno slot = schema::spec(facet).slot;
    column.offsets.assign(static_cast<size_t>(last) + 2, 0);
    std::vector<std::pair<Xapian::docid, uint32_t>> pairs;
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
      const std::string joined = *it;
      for (std::string_view value : schema::split_values(joined)) {
        auto [entry, inserted] =
            column.by_name.emplace(value, static_cast<uint32_t>(column.names.size()));
        if (inserted) column.names.emplace_back(value);
        pairs.emplace_back(it.get_docid(), entry->second);
      }
    }
    // The value stream is in docid order, so the pairs are too: pack them as a CSR array.
    for (const auto& [docid, id] : pairs) ++column.offsets[docid + 1];
    for (size_t d = 1; d < column.offsets.size(); ++d) column.offsets[d] += column.offsets[d - 1];
    column.ids.reserve(pairs.size());
    for (const auto& [docid, id] : pairs) column.ids.push_back(id);
  }
  load_years(db);
}

// Publication years, for counting matches by year: one pass over the date slot (YYYY-MM-DD).
void FacetColumn::load_years(const Xapian::Database& db) {
  year_ids_.assign(static_cast<size_t>(db.get_lastdocid()) + 1, kNoValue);
  std::unordered_map<int, uint32_t> ids;
  Xapian::valueno slot = schema::spec(schema::Field::kPublished).slot;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    int year = schema::year_of(*it);
    if (year == 0) continue;
    auto [entry, inserted] = ids.emplace(year, static_cast<uint32_t>(years_.size()));
    if (inserted) years_.push_back(year);
    year_ids_[it.get_docid()] = entry->second;
  }
}

uint32_t FacetColumn::id_of(Facet facet, const std::string& value) const {
  const auto& by_name = facets_[static_cast<size_t>(facet)].by_name;
  auto it = by_name.find(value);
  return it == by_name.end() ? kNoValue : it->second;
}

}  // namespace kestrel
