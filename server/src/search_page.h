// The search page as the server renders it for GET /: web/index.html with a search form that
// works without JavaScript and, when a search was asked (/?q=ptsd&condition=PTSD&page=2), its
// page of results as HTML: hits with snippets, facet links, pages, "did you mean". So the search
// box works in any browser, for crawlers, and when a script fails to load, as Xapian's Omega
// pages do. With JavaScript, app.js replaces it all on load and searches through the API.
//
// Everything from the index or the request is escaped as the JSON's snippets are
// (kestrel/search_json.h): a hostile query renders as text. Free of HTTP types, to be tested on
// its own.
#pragma once

#include <string>
#include <string_view>

#include "kestrel/searcher.h"

namespace kestrel::http {

// Where the rendering goes in web/index.html: inside the [data-kestrel-search] element.
inline constexpr std::string_view kServerRenderedMark = "<!--kestrel:server-rendered-->";

struct PageSearch {
  const SearchRequest* request = nullptr;  // null: the landing page, a form only
  const SearchResult* result = nullptr;    // null with a request: `error` says why
  std::string error;
};

// `page_template` (web/index.html) with kServerRenderedMark replaced by the form and results, and
// the query in the title. A template without the mark is returned with the form nowhere: the
// server test pins that the shipped page has it.
std::string render_search_page(std::string_view page_template, const PageSearch& search);

}  // namespace kestrel::http
