#include "search/document_cache.h"

namespace kestrel {
namespace {

size_t bytes_of(const CachedDocument& document) {
  // Strings, plus a rough allowance for the entry, its list node and each string's header.
  constexpr size_t kOverhead = 256;
  const StoredArticle& a = document.article;
  const StoredBody& body = document.body;
  size_t bytes =
      kOverhead + document.record.capacity() + body.terms.capacity() * sizeof(std::string_view) +
      body.words.capacity() * sizeof(BodyWord) + body.joins.capacity() * sizeof(BodyJoin) +
      a.id.size() + a.title.size() + a.url.size() + a.source.size() + a.published.size();
  for (const auto* list : {&a.authors, &a.conditions, &a.routes})
    for (const std::string& item : *list) bytes += sizeof(std::string) + item.size();
  return bytes;
}

}  // namespace

std::shared_ptr<const CachedDocument> DocumentCache::find(Xapian::docid id) {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(id);
  if (found == entries_.end()) return nullptr;
  recent_.splice(recent_.begin(), recent_, found->second.age);
  return found->second.document;
}

std::shared_ptr<const CachedDocument> DocumentCache::keep(
    Xapian::docid id, std::shared_ptr<const CachedDocument> document) {
  size_t bytes = bytes_of(*document);
  if (bytes > max_bytes_) return document;
  std::lock_guard lock(mutex_);
  // Another thread may have read the same document meanwhile: the first one kept stays.
  if (auto found = entries_.find(id); found != entries_.end()) return found->second.document;
  recent_.push_front(id);
  entries_.emplace(id, Entry{document, bytes, recent_.begin()});
  bytes_ += bytes;
  while (bytes_ > max_bytes_) {
    auto oldest = entries_.find(recent_.back());
    bytes_ -= oldest->second.bytes;
    entries_.erase(oldest);
    recent_.pop_back();
  }
  return document;
}

size_t DocumentCache::bytes_kept() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

}  // namespace kestrel
