// What the index keeps of an article to show it (a hit, or the article page), as one record with
// one encoding and one decoding: the metadata as JSON, then a NUL, then the body as it is.
// Keeping the body out of the JSON means a hit parses a few hundred bytes instead of a whole
// article: JSON-parsing bodies was a fifth of a search request's time. JSON text never holds a
// raw NUL, so the first one is the boundary.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kestrel/result.h"

namespace kestrel {

struct StoredArticle {
  std::string id, title, url, source, published;  // url, source, published may be empty
  std::vector<std::string> authors;
  std::vector<std::string> conditions, routes;  // canonical values, with their ancestors

  // The document data, `body` after the metadata.
  std::string encode(std::string_view body) const;
};

struct DecodedArticle {
  StoredArticle article;
  std::string_view body;  // a view into the data decoded
};

// kCorrupt, naming the field, when the data is not a record encode() wrote: unreadable JSON, a
// field missing or of the wrong type.
Result<DecodedArticle> decode_stored_article(std::string_view data);

}  // namespace kestrel
