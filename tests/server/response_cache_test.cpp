// The search response cache: keys that tell requests apart, the byte bound, least recently used
// out first.
#include "response_cache.h"

#include <catch2/catch.hpp>

#include "kestrel/filter.h"

using kestrel::Facet;
using kestrel::SearchRequest;
using kestrel::http::ResponseCache;

namespace {

SearchRequest request_for(const std::string& query) {
  SearchRequest request;
  request.query = query;
  return request;
}

}  // namespace

TEST_CASE("server cache: the key tells apart what changes a response - and nothing else",
          "[server]") {
  SearchRequest a = request_for("ketamine");
  a.filters[static_cast<size_t>(Facet::kCondition)] = {"PTSD", "OCD"};
  SearchRequest swapped = a;
  swapped.filters[static_cast<size_t>(Facet::kCondition)] = {"OCD", "PTSD"};
  CHECK(ResponseCache::key_for("1.5", a) == ResponseCache::key_for("1.5", swapped));

  CHECK(ResponseCache::key_for("1.5", a) != ResponseCache::key_for("1.6", a));
  SearchRequest other_facet = request_for("ketamine");
  other_facet.filters[static_cast<size_t>(Facet::kRoute)] = {"PTSD", "OCD"};
  CHECK(ResponseCache::key_for("1.5", a) != ResponseCache::key_for("1.5", other_facet));
  SearchRequest page_two = a;
  page_two.offset = 10;
  CHECK(ResponseCache::key_for("1.5", a) != ResponseCache::key_for("1.5", page_two));
  SearchRequest by_date = a;
  by_date.sort = kestrel::SortOrder::kDate;
  CHECK(ResponseCache::key_for("1.5", a) != ResponseCache::key_for("1.5", by_date));
  SearchRequest prefix = a;
  prefix.mode = kestrel::QueryMode::kPrefix;
  CHECK(ResponseCache::key_for("1.5", a) != ResponseCache::key_for("1.5", prefix));
  // Filters: each expression its own key; NOT's reach is part of it.
  auto filtered = [&](const char* expression) {
    SearchRequest r = a;
    r.filter = *kestrel::parse_filter(expression);
    return ResponseCache::key_for("1.5", r);
  };
  CHECK(filtered("") == ResponseCache::key_for("1.5", a));
  CHECK(filtered("route = oral") != ResponseCache::key_for("1.5", a));
  CHECK(filtered("route = oral") != filtered("route = intranasal"));
  CHECK(filtered("NOT route = oral AND source = x") !=
        filtered("NOT (route = oral AND source = x)"));
  CHECK(filtered("route = oral") == filtered("\"route\" = 'oral'"));
  // Query text cannot forge another request's key by imitating the key's layout.
  CHECK(ResponseCache::key_for("1", request_for("a5:b")) !=
        ResponseCache::key_for("1", request_for("a")));
  CHECK(ResponseCache::key_for("1", request_for("x")) !=
        ResponseCache::key_for("1", request_for("X")));
}

TEST_CASE("server cache: bounded in bytes - least recently used goes first", "[server]") {
  ResponseCache cache(64 * 1024);
  const std::string body(1000, 'x');
  for (int i = 0; i < 200; ++i) cache.store("key" + std::to_string(i), {body});
  ResponseCache::Counts counts = cache.counts();
  CHECK(counts.bytes <= 64 * 1024);
  CHECK(counts.entries > 40);
  CHECK(counts.entries < 200);
  CHECK_FALSE(cache.find("key0"));
  REQUIRE(cache.find("key199"));
  CHECK(cache.find("key199")->body == body);

  // Touching an entry keeps it over newer ones.
  size_t oldest = 200 - counts.entries;
  REQUIRE(cache.find("key" + std::to_string(oldest)));
  cache.store("fresh", {body});
  CHECK(cache.find("key" + std::to_string(oldest)));
  CHECK_FALSE(cache.find("key" + std::to_string(oldest + 1)));

  // One response too large for its share of the budget is not kept.
  cache.store("huge", {std::string(32 * 1024, 'y')});
  CHECK_FALSE(cache.find("huge"));

  cache.clear();
  CHECK(cache.counts().entries == 0);
  CHECK(cache.counts().bytes == 0);
  CHECK_FALSE(cache.find("key199"));
}

TEST_CASE("server cache: size 0 keeps nothing", "[server]") {
  ResponseCache cache(0);
  cache.store("k", {"body"});
  CHECK_FALSE(cache.find("k"));
  CHECK(cache.counts().entries == 0);
}
