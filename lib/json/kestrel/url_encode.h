// Percent-encoding for the links the server and the JSON write (the search page's, the feed's,
// a PDF's address).
#pragma once

#include <string>
#include <string_view>

namespace kestrel {

// Appends `text` with every byte but RFC 3986's unreserved characters percent-encoded.
void append_url_encoded(std::string_view text, std::string& out);

}  // namespace kestrel
