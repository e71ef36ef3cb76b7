// The JSON shape of search results, suggestions and articles: the one definition that
// kestrel-search --json and the HTTP server both print. Kept out of the core library, whose API
// returns typed results only.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "kestrel/analytics.h"
#include "kestrel/searcher.h"

namespace kestrel {

// {"query", "corrected_query" (or null), "matched_any_word", "total", "exhaustive" (false: the
//  total and facet counts are estimates), "page", "per_page", "ranking" ("exhaustive", or
//  "bounded": ranked in two stages, Ranking in kestrel/searcher.h),
//  "took_ms", "hits": [{id, title, url, source, published, conditions, routes, study,
//  participants (a number, or null), pdf (its address, or null), score, snippet, page (the
//  snippet's page in a PDF, or null)}],
//  (the snippet as snippet_html gives it),
//  "facets": {"condition": [{"value", "count", "selected", "parent" (or null)}], "route": [...],
//  "source": [...], "study": [...]}}: values as a tree, each followed by its children, "years":
//  [{"count", "year"}] the matching articles by publication year, ascending, undated ones left out
//  (exact or estimated as the facet counts are). Compact JSON text.
std::string search_result_json(const SearchResult& result, const SearchRequest& request);

// The snippet as HTML: text escaped, marks in <mark>...</mark>, "… " where the body is cut.
std::string snippet_html(const Snippet& snippet);

// Where the server serves a PDF article's file ("/files/ketamine-trial.pdf"); empty for an
// article that is no PDF. The server's /files/ route reads the id back from it.
std::string pdf_address(const Hit& hit);

// A hit's study design and its people, as pages and terminals show them:
// "randomised controlled trial, 18 participants"; empty when the design is unknown.
std::string study_label(const Hit& hit);

// Escapes & < > " ' for HTML text and attribute values.
void append_html_escaped(std::string_view text, std::string& out);

// {"id", "title", "url", "source", "published", "authors", "conditions", "routes", "study",
//  "participants", "text"}
std::string article_json(const ArticleView& article);

// {"id", "related": [{id, title, url, source, published, conditions, routes, study,
//  participants, score}]}
std::string related_json(std::string_view id, const std::vector<Hit>& related);

// {"first_day", "last_day", "searches", "no_results", "no_result_rate", "min_searches",
//  "top": [{query, searches, no_results}], "top_no_results": [...]}
nlohmann::json analytics_json(const AnalyticsReport& report, unsigned min_searches);

// {"error": {"code": "...", "message": "..."}}
nlohmann::json error_json(std::string_view code, std::string_view message);

}  // namespace kestrel
