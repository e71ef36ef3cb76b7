// The search requests of Meilisearch's API (https://www.meilisearch.com/docs/reference/api/search),
// the subset InstantSearch's adapter and the Meilisearch JavaScript client send, read into a
// SearchRequest plus how the caller wants the hits shown. Free of HTTP types, like
// request_params.h, so that it can be tested on its own.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kestrel/searcher.h"
#include "request_params.h"

namespace kestrel::http {

// The one index Kestrel serves under this API.
inline constexpr const char* kMeiliIndexUid = "articles";

// An error in Meilisearch's shape: `code` is one of its error codes ("invalid_search_filter").
struct MeiliError {
  int status = 400;
  std::string code;
  std::string message;
};

// The attributes of a hit, in the order they are written.
enum class Attribute {
  kId,
  kTitle,
  kText,
  kUrl,
  kSource,
  kPublished,
  kCondition,
  kRoute,
  kStudy,
  kParticipants
};
inline constexpr size_t kAttributeCount = 10;
const char* attribute_name(Attribute attribute);

// How the hits are shown. Defaults as Meilisearch's.
struct MeiliView {
  std::array<bool, kAttributeCount> retrieve{};   // attributesToRetrieve (default: all)
  std::array<bool, kAttributeCount> highlight{};  // attributesToHighlight
  std::array<bool, kAttributeCount> crop{};       // attributesToCrop
  unsigned crop_length = 10;                      // words; "text:20" sets it for text
  std::string pre_tag = "<em>", post_tag = "</em>", crop_marker = "…";
  bool page_mode = false;  // page/hitsPerPage given: totalHits and totalPages, else limit/offset
  unsigned page = 1, hits_per_page = 20;
  std::vector<Facet> facets;     // facetDistribution's facets, in the order asked
  bool published_facet = false;  // "published" among them: by year, with facetStats
  bool formatted() const;        // some attribute is highlighted or cropped: hits get _formatted
};

struct MeiliSearch {
  std::string index_uid = kMeiliIndexUid;
  SearchRequest request;
  MeiliView view;
};

using MeiliParsed = std::variant<MeiliSearch, MeiliError>;

// One search's parameters: the body of POST /indexes/{uid}/search, or one of /multi-search's
// queries (then `in_multi` is true and `indexUid` is expected in it).
MeiliParsed meili_search_from(const nlohmann::json& body, bool in_multi);

// The query string of GET /indexes/{uid}/search, read as Meilisearch reads it (lists
// comma-separated) into the body shape above.
std::variant<nlohmann::json, MeiliError> meili_body_from(const Params& params);

struct MeiliFacetSearch {
  MeiliSearch search;
  Facet facet = Facet::kCondition;
  std::string facet_query;
};

// The body of POST /indexes/{uid}/facet-search: facetName, facetQuery, exhaustiveFacetCount and
// any search parameter (of which q, filter and matchingStrategy matter).
std::variant<MeiliFacetSearch, MeiliError> meili_facet_search_from(const nlohmann::json& body);

}  // namespace kestrel::http
