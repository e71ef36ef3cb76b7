// The facets every article carries. Their names, term prefixes and value slots are defined
// once, in the schema table (lib/src/index/schema.cpp); this header exposes only what programs
// need.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace kestrel {

// kStudy is the study design, one per article ("randomised controlled trial"); its values are in
// the taxonomy's order of strength of evidence, which SortOrder::kEvidence follows.
enum class Facet { kCondition, kRoute, kSource, kStudy };

inline constexpr size_t kFacetCount = 4;
inline constexpr std::array<Facet, kFacetCount> kAllFacets = {Facet::kCondition, Facet::kRoute,
                                                              Facet::kSource, Facet::kStudy};

// Per-facet data indexed by facet (filters, counts): `FacetArray<std::vector<std::string>>`.
template <typename T>
using FacetArray = std::array<T, kFacetCount>;

// The facet's name in front matter, JSON, query syntax and URLs: "condition", "route", "source",
// "study".
std::string_view facet_name(Facet facet);

// The facet named `name` (as facet_name returns it), or nullopt for any other string.
std::optional<Facet> facet_from_name(std::string_view name);

}  // namespace kestrel
