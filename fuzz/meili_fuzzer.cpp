// libFuzzer harness: the Meilisearch API's request bodies and the filter language. The input is
// read as a filter expression, then as a JSON body of a search, a multi-search entry and a facet
// search.
#include <cstdint>
#include <string>

#include "kestrel/filter.h"
#include "meili_request.h"

namespace {

void check_bounds(const kestrel::SearchRequest& request) {
  if (request.limit > kestrel::kMaxPageSize || request.offset > kestrel::kMaxOffset)
    __builtin_trap();  // a request that passed the checks must be within the bounds
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  kestrel::Result<kestrel::Filter> filter = kestrel::parse_filter(text);
  if (filter) (void)kestrel::describe(*filter);
  nlohmann::json body = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;
  for (bool in_multi : {false, true}) {
    auto parsed = kestrel::http::meili_search_from(body, in_multi);
    if (auto* search = std::get_if<kestrel::http::MeiliSearch>(&parsed))
      check_bounds(search->request);
  }
  auto facet = kestrel::http::meili_facet_search_from(body);
  if (auto* search = std::get_if<kestrel::http::MeiliFacetSearch>(&facet))
    check_bounds(search->search.request);
  return 0;
}
