// Which taxonomy names a text is nearest, by the letter trigrams they share: a query that found
// nothing against the names the taxonomy knows, for the staff's report of what visitors miss.
#pragma once

#include <string_view>
#include <vector>

#include "analysis/taxonomy.h"
#include "kestrel/searcher.h"

namespace kestrel {

// Every value and alias of `taxonomy` compared with `text` (both in normal_query's form): the
// Dice coefficient of their letter trigrams (each word padded with a space either side), or 1
// when one holds the other as whole words or letters ("esketamine" holds "ketamine"). A value
// appears once, with its nearest name; at least `minimum` similar, most similar first.
std::vector<NearName> nearest_names(const Taxonomy& taxonomy, std::string_view text, unsigned limit,
                                    double minimum);

}  // namespace kestrel
