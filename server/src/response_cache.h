// Finished /api/search responses, most recently used first, bounded in bytes and shared by all
// server threads. A search box asks the same few things over and over (as-you-type prefixes,
// popular queries, paging back): answering a repeat from memory costs a hash lookup instead of a
// match, facet counts over every matching document and ten snippets. The key carries the index
// revision, so a response is only ever served for the revision that produced it; the server clears
// the cache when a new revision is published, which frees the memory at once.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "kestrel/searcher.h"

namespace kestrel::http {

class ResponseCache {
 public:
  explicit ResponseCache(size_t max_bytes);  // 0 turns the cache off

  // The key of a request against a revision: every field that changes the response, facet values
  // in a canonical order (condition=A&condition=B and condition=B&condition=A answer the same).
  static std::string key_for(const std::string& revision, const SearchRequest& request);

  struct Response {
    std::string body;
    bool found = true;  // the search found articles (search analytics counts the repeats too)
  };

  std::optional<Response> find(const std::string& key);
  // Keeps `response` unless it alone would take more than an eighth of the budget.
  void store(const std::string& key, Response response);
  void clear();

  struct Counts {
    size_t entries = 0, bytes = 0;
    uint64_t hits = 0, misses = 0;
  };
  Counts counts() const;

 private:
  using Entry = std::pair<std::string, Response>;  // key, response
  void evict_to(size_t bytes);

  const size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Entry> recent_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> by_key_;
  size_t bytes_ = 0;
  uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace kestrel::http
