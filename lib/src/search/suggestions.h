// Completions for what is typed in a search box: taxonomy names first, then corpus words by
// frequency (Searcher::suggest's contract, kestrel/searcher.h).
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "analysis/taxonomy.h"
#include "kestrel/analyzer.h"
#include "search/vocabulary.h"

namespace kestrel {

// At most `limit` completions of `text` (already cut to kMaxQueryBytes), the words before the
// last kept. `vocabulary` is asked for only when the last word has letters (building it costs
// a pass over the index's terms, once per revision).
std::vector<std::string> suggestions(const Xapian::Database& db, const Taxonomy& taxonomy,
                                     Analyzer& analyzer, std::string_view text, unsigned limit,
                                     const VocabularyAccess& vocabulary);

}  // namespace kestrel
