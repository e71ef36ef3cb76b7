// Search results in the shape of Meilisearch's API: hits with _formatted, facetDistribution,
// facetStats, and limit/offset or page counts. The counts and ranking are the engine's own, the
// same as /api/search gives for the same query.
#pragma once

#include <nlohmann/json.hpp>

#include "meili_request.h"

namespace kestrel::http {

// One search's response; `with_index_uid` for the entries of /multi-search's "results".
nlohmann::json meili_search_json(const SearchResult& result, const MeiliSearch& search,
                                 bool with_index_uid);

// {"facetHits": [{"value", "count"}], "facetQuery", "processingTimeMs"}: the facet's values
// among the search's matches whose words start with the facet query, most frequent first.
nlohmann::json meili_facet_search_json(const SearchResult& result, const MeiliFacetSearch& search);

// {"message", "code", "type", "link"}.
nlohmann::json meili_error_json(const MeiliError& error);

}  // namespace kestrel::http
