// A Meilisearch-compatible, read-only subset of the API, so that InstantSearch (through
// @meilisearch/instant-meilisearch) and the Meilisearch JavaScript client work with Kestrel
// unchanged: POST /multi-search, GET and POST /indexes/articles/search, POST
// /indexes/articles/facet-search, GET /indexes/articles, /health and /version. Requests are read
// by meili_request.h and answered by meili_response.h; this file is the HTTP glue.
#pragma once

#include <httplib.h>

#include <functional>
#include <string>
#include <string_view>

#include "kestrel/searcher.h"

namespace kestrel::http {

class MeiliApi {
 public:
  // Runs `work` with this thread's Searcher within the bound on concurrent searches, or writes
  // the 503 itself when it cannot.
  using SearchRunner =
      std::function<void(httplib::Response&, const std::function<void(Searcher&)>&)>;

  explicit MeiliApi(SearchRunner run) : run_(std::move(run)) {}

  // Registers the routes; call before any catch-all route.
  void add_routes(httplib::Server& server);

  // Whether `path` belongs to this API (for CORS, metrics and the error shape).
  static bool serves(std::string_view path);

  // A Kestrel-shaped error response ({"error": {...}}) on one of this API's paths, written by the
  // server's own layers (rate limit, busy, payload too large), in Meilisearch's shape instead.
  static void reshape_error(const httplib::Request& req, httplib::Response& res);

 private:
  void multi_search(const httplib::Request& req, httplib::Response& res);
  void search(const httplib::Request& req, httplib::Response& res);
  void facet_search(const httplib::Request& req, httplib::Response& res);
  void index(const httplib::Request& req, httplib::Response& res);

  SearchRunner run_;
};

}  // namespace kestrel::http
