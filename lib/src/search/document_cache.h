// What a hit shows of its document (the metadata record and the stored body), for one index
// revision, shared by every thread searching it, as Solr's documentCache keeps stored fields.
//
// Xapian hands each document's data and values over as fresh copies: reading ten hits' records
// and whole bodies (tens of KB each on the clinic index) was about 10% of a search request, and
// allocating and freeing those copies a good part of the 20% malloc took (perf, clinic index,
// distinct searches over HTTP, 2026-11-27); decoding each hit's body record again on every search
// was another 8.8% (in-process). Popular documents are shown again and again; over
// shards each one is also a round trip per shard. A document's record changes only with the
// revision, so the cache is the revision's (Searcher's Snapshot) and is dropped with it.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "index/stored_article.h"
#include "index/stored_body.h"

namespace kestrel {

// Made in place and then only read: `body` views `record`, so a copy would view the original.
struct CachedDocument {
  StoredArticle article;
  std::string record;  // the stored body record (stored_body.h)
  StoredBody body;     // `record` decoded, as far as snippets look (kSnippetScannedWords words)
};

// Least recently used documents leave first once the kept bytes pass the bound. Entries are
// immutable and handed out as shared pointers, so a reader keeps its document while another
// thread evicts it.
class DocumentCache {
 public:
  // 32 MB: the whole clinic corpus many times over, and a few thousand 250k-passage records
  // per revision (two revisions may be open while a reload settles).
  static constexpr size_t kDefaultBytes = size_t{32} << 20;

  explicit DocumentCache(size_t max_bytes = kDefaultBytes) : max_bytes_(max_bytes) {}

  // The document kept for `id`, or null.
  std::shared_ptr<const CachedDocument> find(Xapian::docid id);
  // Keeps `document` for `id` (unless it alone is larger than the bound) and returns what is
  // kept: the first copy, when another thread kept one meanwhile.
  std::shared_ptr<const CachedDocument> keep(Xapian::docid id,
                                             std::shared_ptr<const CachedDocument> document);
  // Roughly what the kept documents occupy.
  size_t bytes_kept() const;

 private:
  struct Entry {
    std::shared_ptr<const CachedDocument> document;
    size_t bytes = 0;
    std::list<Xapian::docid>::iterator age;  // its place in recent_
  };
  const size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Xapian::docid> recent_;  // most recently used first
  std::unordered_map<Xapian::docid, Entry> entries_;
  size_t bytes_ = 0;
};

}  // namespace kestrel
