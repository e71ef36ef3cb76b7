// A Filter (kestrel/filter.h) as a boolean Xapian query over facet terms and the date slot.
#pragma once

#include <xapian.h>

#include "analysis/taxonomy.h"
#include "kestrel/filter.h"

namespace kestrel {

// Matches the articles `filter` admits and adds no weight; facet values are read through the
// taxonomy (aliases, case), as the search box's condition:... does. Empty for Op::kAll.
Xapian::Query filter_query(const Filter& filter, const Taxonomy& taxonomy);

}  // namespace kestrel
