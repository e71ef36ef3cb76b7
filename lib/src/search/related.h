// "More like this": the query that finds the articles most like one article, from relevance-set
// expansion with the article as the only relevant document.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "search/expansion_words.h"

namespace kestrel {

// The article's most distinctive body words (expansion weights, each word weighted by its own)
// and its `conditions` (canonical, with ancestors), OR'ed, excluding the article itself (`id`,
// its id). Empty when the article has no body words.
Xapian::Query related_query(const Xapian::Database& db, ExpansionWords& expansion_words,
                            Xapian::docid article, std::string_view id,
                            const std::vector<std::string>& conditions);

}  // namespace kestrel
