// Searchers on several threads: each thread has its own Searcher (Xapian handles are not
// thread-safe); what they share is the per-revision snapshot. Also run under ThreadSanitizer
// (tests/sanitized/run_tsan).
#include <catch2/catch.hpp>
#include <thread>

#include "kestrel/searcher.h"
#include "test_support.h"

using namespace kestrel;
using namespace kestrel::testing;

// The requests a page of visitors sends: browsing (the empty query the page opens with, facet
// clicks, paging, sort by date), searches, as-you-type prefixes and long questions. Empty
// queries crashed the server when threads shared Xapian's static MatchAll (issue 11).
namespace {
std::vector<SearchRequest> browsing_and_searching() {
  std::vector<SearchRequest> requests;
  auto add = [&](std::string query, FacetArray<std::vector<std::string>> filters = {},
                 unsigned offset = 0, SortOrder sort = SortOrder::kRelevance,
                 QueryMode mode = QueryMode::kFull, MatchMode match = MatchMode::kAllWords) {
    SearchRequest request;
    request.query = std::move(query);
    request.filters = std::move(filters);
    request.offset = offset;
    request.sort = sort;
    request.mode = mode;
    request.match = match;
    requests.push_back(std::move(request));
  };
  add("");
  add("", {{{"PTSD"}, {}, {}}});
  add("", {{{"OCD", "PTSD"}, {"intravenous"}, {}}});
  add("", {}, 10);
  add("", {}, 0, SortOrder::kDate);
  add("", {{{}, {"intranasal"}, {}}}, 0, SortOrder::kDate);
  add("   ", {}, 5);
  add("-placebo");
  add("ketamine");
  add("ptsd", {{{}, {"intravenous"}, {}}}, 0, SortOrder::kDate);
  add("depresion");
  add("nasal spray");
  add("anxiety OR ocd", {}, 2);
  add("ketam", {}, 0, SortOrder::kRelevance, QueryMode::kPrefix);
  add("can ketamine help obsessive compulsive disorder", {}, 0, SortOrder::kRelevance,
      QueryMode::kFull, MatchMode::kAnyWord);
  return requests;
}
}  // namespace

TEST_CASE("search: searchers on several threads agree with one on a single thread",
          "[search][threads]") {
  const std::vector<SearchRequest> requests = browsing_and_searching();
  auto answers = [&](Searcher& searcher) {
    std::vector<std::string> out;
    for (const auto& request : requests) {
      auto result = searcher.search(request);
      std::string line = result ? std::to_string(result->total) : "error";
      if (result)
        for (const auto& hit : result->hits) line += " " + hit.id + ":" + hit.snippet.text;
      if (result)
        for (const auto& facet : result->facets)
          for (const auto& v : facet.values) line += " " + v.value + "=" + std::to_string(v.count);
      auto suggestions = searcher.suggest(request.query.substr(0, 3), 5);
      if (suggestions)
        for (const auto& s : *suggestions) line += " ~" + s;
      out.push_back(line);
    }
    auto article = searcher.article("ketamine-chronic-ptsd");
    out.push_back(article ? article->meta.title : "error");
    return out;
  };
  auto reference_searcher = Searcher::open(clinic_index());
  REQUIRE(reference_searcher.ok());
  const auto expected = answers(*reference_searcher);
  REQUIRE(expected.front().rfind("17 ", 0) == 0);  // the empty query browses every article
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      auto searcher = Searcher::open(clinic_index());
      if (!searcher) return;
      for (int round = 0; round < 10; ++round) got[t] = answers(*searcher);
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& answer : got) CHECK(answer == expected);
}
