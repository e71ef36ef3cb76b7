#include "response_cache.h"

#include <algorithm>
#include <vector>

#include "kestrel/filter.h"

namespace kestrel::http {
namespace {

constexpr size_t kEntryOverheadBytes = 128;  // list node, map slot, string headers

size_t entry_bytes(const std::string& key, const std::string& body) {
  return key.size() + body.size() + kEntryOverheadBytes;
}

}  // namespace

ResponseCache::ResponseCache(size_t max_bytes) : max_bytes_(max_bytes) {}

std::string ResponseCache::key_for(const std::string& revision, const SearchRequest& request) {
  // Each field is length-prefixed, so no query text can make two requests' keys collide.
  std::string key;
  auto field = [&key](std::string_view value) {
    key += std::to_string(value.size());
    key += ':';
    key += value;
  };
  field(revision);
  field(request.query);
  field(std::to_string(static_cast<int>(request.sort)) +
        std::to_string(static_cast<int>(request.mode)) +
        std::to_string(static_cast<int>(request.match)) +
        std::to_string(static_cast<int>(request.ranker)));
  field(std::to_string(request.offset));
  field(std::to_string(request.limit));
  field(std::to_string(request.snippet_words) + (request.mark_titles ? "t" : "") +
        (request.with_body ? "b" : ""));
  field(describe(request.filter));  // fully parenthesised: one text per filter
  for (const auto& values : request.filters) {
    std::vector<std::string> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    field(std::to_string(sorted.size()));
    for (const auto& value : sorted) field(value);
  }
  return key;
}

std::optional<ResponseCache::Response> ResponseCache::find(const std::string& key) {
  if (max_bytes_ == 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto found = by_key_.find(key);
  if (found == by_key_.end()) {
    ++misses_;
    return std::nullopt;
  }
  ++hits_;
  recent_.splice(recent_.begin(), recent_, found->second);
  return found->second->second;
}

void ResponseCache::store(const std::string& key, Response response) {
  size_t size = entry_bytes(key, response.body);
  if (max_bytes_ == 0 || size > max_bytes_ / 8) return;
  std::lock_guard lock(mutex_);
  if (by_key_.count(key)) return;  // another thread answered the same request meanwhile
  evict_to(max_bytes_ - size);
  recent_.emplace_front(key, std::move(response));
  by_key_.emplace(recent_.front().first, recent_.begin());
  bytes_ += size;
}

void ResponseCache::evict_to(size_t bytes) {
  while (bytes_ > bytes && !recent_.empty()) {
    const Entry& oldest = recent_.back();
    bytes_ -= entry_bytes(oldest.first, oldest.second.body);
    by_key_.erase(oldest.first);
    recent_.pop_back();
  }
}

void ResponseCache::clear() {
  std::lock_guard lock(mutex_);
  by_key_.clear();
  recent_.clear();
  bytes_ = 0;
}

ResponseCache::Counts ResponseCache::counts() const {
  std::lock_guard lock(mutex_);
  return {recent_.size(), bytes_, hits_, misses_};
}

}  // namespace kestrel::http
