// A Filter (kestrel/filter.h) as a boolean Xapian query over facet terms and the date slot.
#pragma once

#include <xapian.h>

#include "analysis/taxonomy.h"
#include "kestrel/facets.h"
#include "kestrel/filter.h"

namespace kestrel {

// Matches the articles `filter` admits and adds no weight; facet values are read through the
// taxonomy (aliases, case), as the search box's condition:... does. Empty for Op::kAll.
Xapian::Query filter_query(const Filter& filter, const Taxonomy& taxonomy);

// The filter expression (empty: none) and every facet filter but `except`'s (kFacetCount: none
// excepted), AND'ed; empty when there is none.
Xapian::Query filter_of(const Xapian::Query& expression, const FacetArray<Xapian::Query>& filters,
                        size_t except);

// `query` restricted by filter_of(expression, filters, except).
Xapian::Query filtered(const Xapian::Query& query, const Xapian::Query& expression,
                       const FacetArray<Xapian::Query>& filters, size_t except);

}  // namespace kestrel
