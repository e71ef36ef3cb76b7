// A document's stored data: what renders a hit (id, title, url, source, date, facets, authors)
// as JSON, then a NUL, then the body as it is. Keeping the body out of the JSON means a hit
// parses a few hundred bytes instead of a whole article: JSON-parsing bodies was a fifth of a
// search request's time. JSON text never holds a raw NUL, so the first one is the boundary.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace kestrel {

std::string encode_stored_data(const nlohmann::json& metadata, std::string_view body);

struct StoredData {
  nlohmann::json metadata;  // discarded (is_discarded()) when the data is unreadable
  std::string_view body;    // a view into the string decoded
};

// `data` must outlive the result's body.
StoredData decode_stored_data(const std::string& data);

}  // namespace kestrel
