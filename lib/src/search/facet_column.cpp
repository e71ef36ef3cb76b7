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
      size_t start = 0;
      while (start <= joined.size()) {
        size_t stop = joined.find(schema::kValueSeparator, start);
        if (stop == std::string::npos) stop = joined.size();
        if (stop > start) {
          std::string value = joined.substr(start, stop - start);
          auto [entry, inserted] =
              column.by_name.emplace(value, static_cast<uint32_t>(column.names.size()));
          if (inserted) column.names.push_back(value);
          pairs.emplace_back(it.get_docid(), entry->second);
        }
        start = stop + 1;
      }
    }
    // The value stream is in docid order, so the pairs are too: pack them as a CSR array.
    for (const auto& [docid, id] : pairs) ++column.offsets[docid + 1];
    for (size_t d = 1; d < column.offsets.size(); ++d) column.offsets[d] += column.offsets[d - 1];
    column.ids.reserve(pairs.size());
    for (const auto& [docid, id] : pairs) column.ids.push_back(id);
  }
}

uint32_t FacetColumn::id_of(Facet facet, const std::string& value) const {
  const auto& by_name = facets_[static_cast<size_t>(facet)].by_name;
  auto it = by_name.find(value);
  return it == by_name.end() ? kNoValue : it->second;
}

}  // namespace kestrel
