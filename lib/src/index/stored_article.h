// What the index keeps of an article's metadata to show it (a hit, or the article page), as one
// record with one encoding and one decoding, in the document data. The body is kept apart
// (stored_body.h), so a hit reads a few hundred bytes instead of a whole article. The record is
// length-prefixed fields, not JSON: parsing ten hits' JSON was 6.3% of a search request
// (perf, clinic index, distinct searches, 2026-11-26).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kestrel/result.h"

namespace kestrel {

struct StoredArticle {
  std::string id, title, url, source, published;  // url, source, published may be empty
  std::vector<std::string> authors;
  std::vector<std::string> conditions, routes;  // canonical values, with their ancestors
  std::string journal, doi, volume, pages;      // for citing; empty when not given
  std::string study;                            // the study design, or empty
  std::string file;                             // a PDF's canonical path, or empty
  uint32_t participants = 0;                    // people studied, as stated; 0: not stated

  // The document data.
  std::string encode() const;
};

// kCorrupt, naming the field, when the data is not a record encode() wrote.
Result<StoredArticle> decode_stored_article(std::string_view data);

}  // namespace kestrel
