// The search page the server renders for browsers without JavaScript: what it shows, the links
// it builds, and that nothing from a query or an article becomes markup.
#include "search_page.h"

#include <catch2/catch.hpp>

#include "kestrel/filter.h"
#include "kestrel/url_encode.h"

using namespace kestrel;
using namespace kestrel::http;

namespace {

const std::string kTemplate =
    "<html><head><title>Search</title></head><body><div data-kestrel-search>"
    "<!--kestrel:server-rendered--></div></body></html>";

bool has(const std::string& page, const std::string& text) {
  return page.find(text) != std::string::npos;
}

SearchResult result_with_hits(size_t count, uint64_t total) {
  SearchResult result;
  result.total = total;
  for (size_t i = 0; i < count; ++i) {
    Hit hit;
    hit.id = "a" + std::to_string(i);
    hit.title = "Ketamine for PTSD " + std::to_string(i);
    hit.url = "https://example.org/" + std::to_string(i);
    hit.source = "PubMed";
    hit.published = "2018-01-12";
    hit.conditions = {"PTSD"};
    hit.snippet.text = "ketamine eased PTSD";
    hit.snippet.marks = {{15, 19}};
    result.hits.push_back(hit);
  }
  FacetResult conditions{Facet::kCondition, {}};
  conditions.values.push_back({"PTSD", total, true, ""});
  conditions.values.push_back({"depression", 3, false, ""});
  conditions.values.push_back({"treatment-resistant depression", 2, false, "depression"});
  result.facets.push_back(conditions);
  return result;
}

}  // namespace

TEST_CASE("search page: the landing page is a working form, no results", "[server][page]") {
  std::string page = render_search_page(kTemplate, {});
  CHECK(has(page, "<form class=\"ks-searchbar\" role=\"search\" action=\"/\" method=\"get\">"));
  CHECK(has(page, "name=\"q\" value=\"\""));
  CHECK(has(page, "<label for=\"ks-q\">"));
  CHECK_FALSE(has(page, "ks-hits"));
  CHECK_FALSE(has(page, "<!--kestrel:server-rendered-->"));
  CHECK(has(page, "<title>Search</title>"));
}

TEST_CASE("search page: hits, facets as links, pages, the count", "[server][page]") {
  SearchRequest request;
  request.query = "ptsd";
  request.filters[static_cast<size_t>(Facet::kCondition)] = {"PTSD"};
  request.offset = 10;  // page 2
  SearchResult result = result_with_hits(10, 41000);
  result.exhaustive = false;
  std::string page = render_search_page(kTemplate, {&request, &result, {}});

  CHECK(has(page, "<title>“ptsd” · Search</title>"));
  CHECK(has(page, "about 41,000 articles for “ptsd”"));
  // The same search as a feed: no page, no order (a feed is newest first).
  CHECK(has(page,
            "<a class=\"ks-follow\" href=\"/api/feed?q=ptsd&amp;condition=PTSD\">Follow this "
            "search</a>"));
  CHECK(has(page, "<a href=\"https://example.org/3\" rel=\"noopener\">Ketamine for PTSD 3</a>"));
  CHECK(has(page, "PubMed · 12 January 2018"));
  CHECK(has(page, "ketamine eased <mark>PTSD</mark>"));
  // The ticked value's link removes it; another value's adds it beside; both go to page 1.
  CHECK(has(page, "<a href=\"?q=ptsd\" aria-current=\"true\"><span>✓ PTSD</span>"));
  CHECK(has(page, "<a href=\"?q=ptsd&amp;condition=PTSD&amp;condition=depression\">"));
  CHECK(has(page, "ks-facet-option ks-depth-1"));  // under its parent
  CHECK(has(page, "<a class=\"ks-button-link\" href=\"?q=ptsd\">Clear all</a>"));
  // Page 2 of 1,001 reachable (offset 10,000 at most): previous, 1-5 around it, next.
  CHECK(has(page, "href=\"?q=ptsd&amp;condition=PTSD\" aria-label=\"Previous page\""));
  CHECK(has(page, "aria-label=\"Page 2\" aria-current=\"page\""));
  CHECK(has(page, "href=\"?q=ptsd&amp;condition=PTSD&amp;page=5\" aria-label=\"Page 5\""));
  CHECK_FALSE(has(page, "aria-label=\"Page 6\""));
  CHECK(has(page, "href=\"?q=ptsd&amp;condition=PTSD&amp;page=3\" aria-label=\"Next page\""));
}

TEST_CASE("search page: a filter expression stays in every link but Clear all", "[server][page]") {
  SearchRequest request;
  request.query = "ptsd";
  auto filter = parse_filter("published >= 2018 AND published <= 2020");
  REQUIRE(filter.ok());
  request.filter = *filter;
  SearchResult result = result_with_hits(10, 30);
  std::string page = render_search_page(kTemplate, {&request, &result, {}});
  INFO(describe(request.filter));
  std::string kept = "filter=";
  kestrel::append_url_encoded(describe(request.filter), kept);
  CHECK(has(page, "href=\"?q=ptsd&amp;condition=depression&amp;" + kept));  // a facet link
  CHECK(has(page, "href=\"?q=ptsd&amp;" + kept + "&amp;page=2\""));         // a page
  CHECK(has(page, "href=\"/api/feed?q=ptsd&amp;" + kept + "\""));           // the feed
  CHECK(has(page, "<a class=\"ks-button-link\" href=\"?q=ptsd\">Clear all</a>"));
}

TEST_CASE("search page: no results, did you mean, and an error", "[server][page]") {
  SearchRequest request;
  request.query = "ketamien";
  SearchResult none;
  none.corrected_query = "ketamine";
  std::string page = render_search_page(kTemplate, {&request, &none, {}});
  CHECK(has(page, "No articles found"));
  CHECK(has(page, "No articles match “ketamien”."));
  CHECK(has(page, "Did you mean <a href=\"?q=ketamine\">ketamine</a>?"));
  CHECK_FALSE(has(page, "ks-pager"));

  std::string failed =
      render_search_page(kTemplate, {nullptr, nullptr, "parameter 'page' must be a whole number"});
  CHECK(has(failed, "role=\"alert\">parameter &#39;page&#39; must be a whole number</p>"));
}

TEST_CASE("search page: hostile queries and articles render as text", "[server][page]") {
  struct Row {
    const char* text;
    const char* must_not_appear;
  };
  const Row rows[] = {
      {"<script>alert(1)</script>", "<script>"},
      {"\"><img src=x onerror=alert(1)>", "<img"},
      {"' onmouseover='alert(1)", "' onmouseover"},
      {"</title><script>x</script>", "</title><script>"},
      {"<!--kestrel:server-rendered-->", "<!--kestrel:server-rendered-->"},
  };
  for (const Row& row : rows) {
    INFO(row.text);
    SearchRequest request;
    request.query = row.text;
    request.filters[static_cast<size_t>(Facet::kSource)] = {row.text};
    SearchResult result = result_with_hits(1, 1);
    result.hits[0].title = row.text;
    result.hits[0].source = row.text;
    result.hits[0].conditions = {row.text};
    result.hits[0].snippet.text = row.text;
    result.hits[0].snippet.marks = {};
    result.corrected_query = row.text;
    result.facets[0].values[1].value = row.text;
    std::string page = render_search_page(kTemplate, {&request, &result, {}});
    CHECK_FALSE(has(page, row.must_not_appear));
    CHECK(has(page, "<form class=\"ks-searchbar\""));  // rendered once, where the mark was
  }
  // Only web addresses become links: not javascript:, not data:.
  for (const char* url : {"javascript:alert(1)", "data:text/html,x", "JAVASCRIPT:alert(1)"}) {
    INFO(url);
    SearchRequest request;
    SearchResult result = result_with_hits(1, 1);
    result.hits[0].url = url;
    std::string page = render_search_page(kTemplate, {&request, &result, {}});
    CHECK_FALSE(has(page, "href=\"" + std::string(url)));
    CHECK(has(page, "<h3>Ketamine for PTSD 0</h3>"));
  }
}

TEST_CASE("search page: each hit's study design - and the orders as links", "[server][page]") {
  SearchRequest request;
  request.query = "ptsd";
  SearchResult result = result_with_hits(2, 2);
  result.hits[0].study = "randomised controlled trial";
  result.hits[0].participants = 41;
  result.hits[1].study = "case report or series";
  result.hits[1].participants = 1;
  std::string page = render_search_page(kTemplate, {&request, &result, {}});
  CHECK(has(page, "<p class=\"ks-study\">randomised controlled trial, 41 participants</p>"));
  CHECK(has(page, "<p class=\"ks-study\">case report or series, 1 participant</p>"));
  CHECK(has(page, "<span aria-current=\"true\">Relevance</span>"));
  CHECK(has(page, "<a href=\"?q=ptsd&amp;sort=evidence\">Strongest evidence first</a>"));
  CHECK(has(page, "<a href=\"?q=ptsd&amp;sort=date\">Newest first</a>"));

  request.sort = SortOrder::kEvidence;
  page = render_search_page(kTemplate, {&request, &result, {}});
  CHECK(has(page, "<span aria-current=\"true\">Strongest evidence first</span>"));
  CHECK(has(page, "<a href=\"?q=ptsd\">Relevance</a>"));
}
