// Turns an HTTP query string's parameters into a SearchRequest, or into an error that names the
// bad parameter. Kept free of HTTP types so that it can be fuzzed and tested on its own.
#pragma once

#include <map>
#include <string>

#include "kestrel/citation.h"
#include "kestrel/result.h"
#include "kestrel/searcher.h"

namespace kestrel::http {

using Params = std::multimap<std::string, std::string>;

inline constexpr size_t kMaxParameters = 64;
inline constexpr size_t kMaxFilterValues = 20;  // per facet
inline constexpr size_t kMaxParameterBytes = 2048;

// q, condition (repeatable), route (repeatable), source (repeatable), filter (an expression,
// kestrel/filter.h), sort (relevance|date|oldest),
// page (from 1), per_page (1-100), mode (full|prefix), match (auto|all|any). Unknown parameters are
// ignored, as cache-busting "_=" parameters must be. Errors are kInvalidArgument with a message
// naming the parameter, fit to show to the caller.
Result<SearchRequest> search_request_from(const Params& params);

// The q parameter of /api/suggest, checked the same way.
Result<std::string> suggest_query_from(const Params& params);

inline constexpr unsigned kMaxRelated = 20;

// The limit parameter of /api/articles/{id}/related: 1 to kMaxRelated, 5 when absent.
Result<unsigned> related_limit_from(const Params& params);

// The format parameter of /api/articles/{id}/cite: ris, bibtex or csl-json, required.
Result<CitationFormat> citation_format_from(const Params& params);

}  // namespace kestrel::http
