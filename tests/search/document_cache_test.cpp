// The document cache hands back what it kept, forgets the least recently used first once past its
// bound, and never keeps a document larger than the bound.
#include "search/document_cache.h"

#include <catch2/catch.hpp>

using namespace kestrel;

namespace {

std::shared_ptr<const CachedDocument> document(const std::string& id, size_t body_bytes) {
  auto d = std::make_shared<CachedDocument>();
  d->article.id = id;
  d->article.title = "Title of " + id;
  d->record = std::string(body_bytes, 'x');
  return d;
}

}  // namespace

TEST_CASE("document cache: kept documents come back until the bound pushes the oldest out",
          "[search]") {
  // Room for three 1,000-byte documents with their allowance, not four.
  DocumentCache cache(4000);
  CHECK(cache.find(1) == nullptr);
  std::shared_ptr<const CachedDocument> first = cache.keep(1, document("a", 1000));
  REQUIRE(first != nullptr);
  CHECK(first->article.id == "a");
  cache.keep(2, document("b", 1000));
  cache.keep(3, document("c", 1000));
  REQUIRE(cache.find(1) != nullptr);  // 1 is now the most recently used; 2 the least
  CHECK(cache.find(1)->article.title == "Title of a");
  CHECK(cache.bytes_kept() > 3000);
  CHECK(cache.bytes_kept() <= 4000);

  cache.keep(4, document("d", 1000));
  CHECK(cache.find(2) == nullptr);
  CHECK(cache.find(1) != nullptr);
  CHECK(cache.find(3) != nullptr);
  CHECK(cache.find(4)->article.id == "d");
  CHECK(cache.bytes_kept() <= 4000);

  // A document handed out stays valid after it leaves the cache.
  std::shared_ptr<const CachedDocument> held = cache.find(3);
  for (Xapian::docid id = 10; id < 20; ++id) cache.keep(id, document("e", 1000));
  CHECK(cache.find(3) == nullptr);
  CHECK(held->article.id == "c");
  CHECK(held->record.size() == 1000);
}

TEST_CASE("document cache: the first copy kept stays, and one larger than the bound is not kept",
          "[search]") {
  DocumentCache cache(4000);
  cache.keep(1, document("first", 10));
  std::shared_ptr<const CachedDocument> again = cache.keep(1, document("second", 10));
  CHECK(again->article.id == "first");

  std::shared_ptr<const CachedDocument> huge = cache.keep(2, document("huge", 5000));
  CHECK(huge->article.id == "huge");  // the caller still gets it
  CHECK(cache.find(2) == nullptr);
  CHECK(cache.find(1) != nullptr);
}
