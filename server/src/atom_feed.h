// A search as an Atom feed (RFC 4287): the newest articles matching it, for "Follow this search"
// in a feed reader, as PubMed's RSS feeds of a search do. Free of HTTP types, to be tested alone.
#pragma once

#include <string>
#include <string_view>

#include "kestrel/searcher.h"

namespace kestrel::http {

// No request makes a feed longer than this.
inline constexpr unsigned kMaxFeedEntries = 50;

// `request` as the feed asks it: newest first, from the first, at most kMaxFeedEntries (per_page
// entries, 20 when not given).
SearchRequest feed_request(SearchRequest request, bool per_page_given);

struct FeedSource {
  std::string target;   // the request's path and query, as asked: rel="self", and the atom:id
  std::string updated;  // RFC 3339 time for atom:updated when no entry is dated
};

// The feed's XML: one entry per dated hit (an undated article is never "new"), each with its
// title, date, source as author, conditions and routes as categories, and its snippet: as the
// summary beside a link to the article, or as the content when it has no web address (Atom
// wants one or the other). The feed's id is urn:kestrel:feed: and the target, so the same
// search is the same feed; links are relative to the server. All text escaped.
std::string atom_feed(const SearchRequest& request, const SearchResult& result,
                      const FeedSource& source);

}  // namespace kestrel::http
