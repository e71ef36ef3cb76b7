#include "http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "analytics_recorder.h"
#include "atom_feed.h"
#include "http_errors.h"
#include "kestrel/search_json.h"
#include "kestrel/utf8.h"
#include "meili_api.h"
#include "metrics.h"
#include "pdf_file.h"
#include "rate_limiter.h"
#include "request_params.h"
#include "response_cache.h"
#include "search_gate.h"
#include "search_page.h"
#include "searcher_pool.h"
#include "slow_client_guard.h"
#include "web_assets.h"

namespace kestrel::http {
namespace {

using Clock = std::chrono::steady_clock;

// Only the Meilisearch API takes bodies (JSON search parameters, a few hundred bytes each).
constexpr size_t kMaxBodyBytes = 64 * 1024;
constexpr size_t kMaxIdBytes = 256;
constexpr unsigned kSuggestions = 8;
// Debian's httplib is a compiled library that listens with a backlog of 5: a burst of new
// connections while the accept thread waits for a core overflowed it (410 dropped SYNs in 10 s
// of wrk at 128 connections), and each drop costs its client a 1 s, then 3 s retransmit: the
// >2 s stalls seen under load and in the soak. Linux lets listen() be called again to raise it
// (capped by net.core.somaxconn).
constexpr int kListenBacklog = 1024;

// The page may run only its own scripts and styles and talk only to this server.
constexpr const char* kPagePolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src "
    "'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
constexpr const char* kApiPolicy = "default-src 'none'; frame-ancestors 'none'";
constexpr const char* kAtomType = "application/atom+xml; charset=utf-8";

// Set by the pre-routing handler on the thread that serves the request.
thread_local Clock::time_point request_started;
thread_local const char* request_route = "other";

// 0 for a request refused before pre-routing ran (a malformed request line, an oversized URI).
double seconds_since_request_started() {
  return request_started == Clock::time_point{}
             ? 0
             : std::chrono::duration<double>(Clock::now() - request_started).count();
}

// A cached response says how long this request took, not how long the one that filled the cache
// did. JSON strings escape their quotes, so the key can only be the top-level field.
std::string with_took_ms(std::string body, double took_ms) {
  constexpr std::string_view kField = "\"took_ms\":";
  size_t start = body.find(kField);
  if (start == std::string::npos) return body;
  start += kField.size();
  size_t end = body.find_first_of(",}", start);
  if (end == std::string::npos) return body;
  char value[32];
  int length = std::snprintf(value, sizeof value, "%.3f", took_ms);
  body.replace(start, end - start, value, static_cast<size_t>(length));
  return body;
}

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  httplib::Server server;
  Metrics metrics;
  ResponseCache cache;
  SearcherPool pool;
  RateLimiter limiter;
  SearchGate search_slots;
  std::unique_ptr<AnalyticsRecorder> analytics;  // null when off
  MeiliApi meili{[this](httplib::Response& res, const std::function<void(Searcher&)>& work) {
    with_searcher(res, work);
  }};
  int bound_port = -1;
  int listening_socket = -1;

  explicit Impl(ServerOptions o)
      : options(std::move(o)),
        cache(size_t{options.cache_megabytes} << 20),
        pool(
            IndexSource{options.index_dir, options.shards}, metrics, [this] { cache.clear(); },
            options.ranker_model),
        limiter(options.rate_limit_per_second, options.rate_limit_burst),
        search_slots(options.max_concurrent_searches) {
    configure();
    routes();
  }

  std::string client_address(const httplib::Request& req) const {
    if (!options.trusted_proxy.empty() && req.remote_addr == options.trusted_proxy &&
        req.has_header("X-Forwarded-For")) {
      // The proxy appends the address it saw last.
      std::string chain = req.get_header_value("X-Forwarded-For");
      size_t comma = chain.rfind(',');
      std::string last = chain.substr(comma == std::string::npos ? 0 : comma + 1);
      last.erase(0, last.find_first_not_of(' '));
      if (!last.empty() && last.size() < 64) return last;
    }
    return req.remote_addr;
  }

  static bool is_loopback(const std::string& address) {
    return address.rfind("127.", 0) == 0 || address == "::1" || address == "::ffff:127.0.0.1";
  }

  bool is_allowed_origin(const std::string& origin) const {
    return !origin.empty() && std::find(options.cors_origins.begin(), options.cors_origins.end(),
                                        origin) != options.cors_origins.end();
  }

  // Idempotent: both the post-routing and the error handler may run for one response.
  void add_common_headers(const httplib::Request& req, httplib::Response& res) const {
    if (res.has_header("X-Content-Type-Options")) return;
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    bool page = res.get_header_value("Content-Type").rfind("text/html", 0) == 0;
    res.set_header("Content-Security-Policy", page ? kPagePolicy : kApiPolicy);
    if (!page) res.set_header("X-Frame-Options", "DENY");
    std::string origin = req.get_header_value("Origin");
    if (is_allowed_origin(origin)) res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Vary", "Origin");
  }

  void configure() {
    server.new_task_queue = [threads = std::max(options.threads, 2u)] {
      return new httplib::ThreadPool(threads);
    };
    server.set_payload_max_length(kMaxBodyBytes);
    server.set_read_timeout(5, 0);
    server.set_write_timeout(5, 0);
    server.set_keep_alive_timeout(5);
    server.set_keep_alive_max_count(1000);
    server.set_tcp_nodelay(true);
    server.set_socket_options([this](socket_t sock) {
      httplib::default_socket_options(sock);
      listening_socket = sock;  // the last socket made is the one that bound
    });

    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      request_started = Clock::now();
      request_route = route_name(req.path);
      std::string client = client_address(req);
      if (options.rate_limit_loopback || !is_loopback(client)) {
        double wait = limiter.admit(client);
        if (wait > 0) {
          res.set_header("Retry-After", std::to_string(static_cast<int>(std::ceil(wait))));
          send_error(res, 429);
          return httplib::Server::HandlerResponse::Handled;
        }
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    // Every response that leaves, whatever produced it, gets the same headers, and is counted
    // here rather than in the logger: httplib logs after the response is written, so a client
    // could read /metrics before its previous request was counted.
    server.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      MeiliApi::reshape_error(req, res);
      add_common_headers(req, res);
      metrics.observe(request_route, res.status, seconds_since_request_started());
    });
    server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (res.body.empty()) send_error(res, res.status);
      MeiliApi::reshape_error(req, res);
      add_common_headers(req, res);
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                    std::exception_ptr) { send_error(res, 500); });
    server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      if (options.access_log) log_access(req, res);
      // The thread's next request may be refused before pre-routing runs: it must not inherit
      // these.
      request_started = {};
      request_route = "other";
    });
  }

  void log_access(const httplib::Request& req, const httplib::Response& res) const {
    double seconds = seconds_since_request_started();
    // The path only: queries typed into a clinic's search box are nobody's business.
    char stamp[32];
    std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    std::string path = req.path.size() > 200 ? req.path.substr(0, 200) + "..." : req.path;
    for (char& c : path)
      if (static_cast<unsigned char>(c) < 0x20 || c == '"') c = '?';
    std::fprintf(stderr, "%s access method=%s path=\"%s\" status=%d ms=%.2f bytes=%zu client=%s\n",
                 stamp, req.method.c_str(), path.c_str(), res.status, seconds * 1000,
                 res.body.size(), client_address(req).c_str());
  }

  static const char* route_name(const std::string& path) {
    if (path == "/api/search") return "search";
    if (path == "/api/suggest") return "suggest";
    if (path == "/api/feed") return "feed";
    if (path.rfind("/api/articles/", 0) == 0)
      return path.size() > 8 && path.compare(path.size() - 8, 8, "/related") == 0 ? "related"
             : path.size() > 5 && path.compare(path.size() - 5, 5, "/cite") == 0  ? "cite"
                                                                                  : "article";
    if (path.rfind("/files/", 0) == 0) return "files";
    if (path == "/healthz") return "healthz";
    if (path == "/metrics") return "metrics";
    if (MeiliApi::serves(path)) return "meili";
    if (find_web_asset(path)) return "page";
    return "other";
  }

  // This thread's Searcher, or nullptr with the 503 already in `res`.
  Searcher* searcher_or_503(httplib::Response& res) {
    Result<Searcher*> searcher = pool.acquire();
    if (searcher) return *searcher;
    send_unavailable(res, searcher.error());
    return nullptr;
  }

  // Runs `work` within the bound on concurrent searches.
  template <typename Work>
  void in_search_slot(httplib::Response& res, Work work) {
    GateSlot slot(search_slots, std::chrono::seconds(2));
    if (!slot) {
      res.set_header("Retry-After", "1");
      return send_error(res, 503, kBusyMessage);
    }
    work();
  }

  template <typename Work>
  void with_searcher(httplib::Response& res, Work work) {
    Searcher* searcher = searcher_or_503(res);
    if (searcher) in_search_slot(res, [&] { work(*searcher); });
  }

  // The route table: each resource's handler parses the request into typed values, calls lib and
  // serialises; errors go through http_errors.h.
  void routes() {
    auto handle = [this](void (Impl::*handler)(const httplib::Request&, httplib::Response&)) {
      return [this, handler](const httplib::Request& req, httplib::Response& res) {
        (this->*handler)(req, res);
      };
    };
    meili.add_routes(server);  // before the catch-all routes below
    server.Get("/api/search", handle(&Impl::search));
    server.Get("/api/suggest", handle(&Impl::suggest));
    server.Get("/api/feed", handle(&Impl::feed));
    server.Get(R"(/api/articles/([^/]+))", handle(&Impl::article));
    server.Get(R"(/api/articles/([^/]+)/related)", handle(&Impl::related));
    server.Get(R"(/api/articles/([^/]+)/cite)", handle(&Impl::cite));
    server.Get(R"(/files/([^/]+)\.pdf)", handle(&Impl::pdf));
    server.Get("/healthz", handle(&Impl::health));
    server.Get("/metrics", handle(&Impl::render_metrics));
    server.Get(R"(/.*)", handle(&Impl::page));
    server.Options(R"(/.*)", handle(&Impl::preflight));
    // Nothing changes state over HTTP.
    server.Post(R"(/.*)", handle(&Impl::not_allowed));
    server.Put(R"(/.*)", handle(&Impl::not_allowed));
    server.Patch(R"(/.*)", handle(&Impl::not_allowed));
    server.Delete(R"(/.*)", handle(&Impl::not_allowed));
  }

  void search(const httplib::Request& req, httplib::Response& res) {
    Result<SearchRequest> request = search_request_from(req.params);
    if (!request) return send_lib_error(res, request.error());
    Searcher* searcher = searcher_or_503(res);
    if (!searcher) return;
    res.set_header("Cache-Control", "no-cache");
    std::string key = ResponseCache::key_for(searcher->info().revision, *request);
    if (std::optional<ResponseCache::Response> cached = cache.find(key)) {
      res.set_header("X-Cache", "hit");
      count_search(*request, cached->found);
      return res.set_content(
          with_took_ms(std::move(cached->body), seconds_since_request_started() * 1000),
          "application/json; charset=utf-8");
    }
    in_search_slot(res, [&] {
      Result<SearchResult> result = searcher->search(*request);
      if (!result) return send_lib_error(res, result.error());
      metrics.count_ranking(result->ranking);
      res.set_header("X-Cache", "miss");
      send_json_text(res, 200, search_result_json(*result, *request));
      bool found = result->total > 0;
      count_search(*request, found);
      cache.store(key, {res.body, found});
    });
  }

  // The search as an Atom feed of its newest articles (atom_feed.h), cached as searches are. A
  // feed reader polling it is not a visitor searching: not counted in analytics.
  void feed(const httplib::Request& req, httplib::Response& res) {
    Result<SearchRequest> parsed = search_request_from(req.params);
    if (!parsed) return send_lib_error(res, parsed.error());
    SearchRequest request = feed_request(std::move(parsed).value(), req.has_param("per_page"));
    Searcher* searcher = searcher_or_503(res);
    if (!searcher) return;
    res.set_header("Cache-Control", "public, max-age=300");
    std::string key =
        "feed " + req.target + " " + ResponseCache::key_for(searcher->info().revision, request);
    if (std::optional<ResponseCache::Response> cached = cache.find(key)) {
      res.set_header("X-Cache", "hit");
      return res.set_content(std::move(cached->body), kAtomType);
    }
    in_search_slot(res, [&] {
      Result<SearchResult> result = searcher->search(request);
      if (!result) return send_lib_error(res, result.error());
      char now[32];
      std::time_t t = std::time(nullptr);
      std::strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
      res.set_header("X-Cache", "miss");
      res.set_content(atom_feed(request, *result, {req.target, now}), kAtomType);
      cache.store(key, {res.body, result->total > 0});
    });
  }

  void count_search(const SearchRequest& request, bool found) {
    if (!counts_as_search(request)) return;
    metrics.count_search(found);
    if (analytics) analytics->record(request, found);
  }

  void suggest(const httplib::Request& req, httplib::Response& res) {
    Result<std::string> q = suggest_query_from(req.params);
    if (!q) return send_lib_error(res, q.error());
    with_searcher(res, [&](Searcher& searcher) {
      Result<std::vector<std::string>> suggestions = searcher.suggest(*q, kSuggestions);
      if (!suggestions) return send_lib_error(res, suggestions.error());
      if (analytics) *suggestions = with_popular(*q, std::move(suggestions).value());
      res.set_header("Cache-Control", "public, max-age=60");
      send_json(res, 200, {{"query", *q}, {"suggestions", *suggestions}});
    });
  }

  // What visitors often searched (and found) comes before the corpus's own words and names.
  std::vector<std::string> with_popular(const std::string& typed,
                                        std::vector<std::string> suggestions) const {
    std::vector<std::string> out = analytics->popular(typed, kSuggestions);
    const size_t popular = out.size();  // in normal form already
    for (std::string& suggestion : suggestions) {
      if (out.size() >= kSuggestions) break;
      auto end = out.begin() + static_cast<std::ptrdiff_t>(popular);
      if (std::find(out.begin(), end, analytics->normal_form(suggestion)) == end)
        out.push_back(std::move(suggestion));
    }
    return out;
  }

  void article(const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    if (id.size() > kMaxIdBytes || !is_valid_utf8(id))
      return send_error(res, 400, "parameter 'id' is not a valid article id");
    with_searcher(res, [&](Searcher& searcher) {
      Result<ArticleView> article = searcher.article(id);
      if (!article) return send_lib_error(res, article.error());
      send_json_text(res, 200, article_json(*article));
    });
  }

  void related(const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    if (id.size() > kMaxIdBytes || !is_valid_utf8(id))
      return send_error(res, 400, "parameter 'id' is not a valid article id");
    Result<unsigned> limit = related_limit_from(req.params);
    if (!limit) return send_lib_error(res, limit.error());
    with_searcher(res, [&](Searcher& searcher) {
      Result<std::vector<Hit>> related = searcher.related(id, *limit);
      if (!related) return send_lib_error(res, related.error());
      send_json_text(res, 200, related_json(id, *related));
    });
  }

  // The article as a citation file a reference manager imports (kestrel/citation.h).
  void cite(const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    if (id.size() > kMaxIdBytes || !is_valid_utf8(id))
      return send_error(res, 400, "parameter 'id' is not a valid article id");
    Result<CitationFormat> format = citation_format_from(req.params);
    if (!format) return send_lib_error(res, format.error());
    with_searcher(res, [&](Searcher& searcher) {
      Result<ArticleView> article = searcher.article(id);
      if (!article) return send_lib_error(res, article.error());
      res.set_header("Content-Disposition", "attachment; filename=\"" + file_name_of(id) + "." +
                                                std::string(citation_extension(*format)) + "\"");
      res.set_content(citation(*article, *format),
                      std::string(citation_media_type(*format)) + "; charset=utf-8");
    });
  }

  // An article id as a file name a browser saves under (Content-Disposition): letters, digits
  // and - _ . kept, anything else '-', so nothing needs quoting.
  static std::string file_name_of(const std::string& id) {
    std::string name = id;
    for (char& c : name)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '-';
    return name;
  }

  // Whether every byte range asked for starts inside a file of `size` bytes (a suffix range,
  // "-8", always does unless empty).
  static bool satisfiable(const httplib::Ranges& ranges, uint64_t size) {
    for (auto [first, last] : ranges) {
      if (first < 0 ? last <= 0
                    : (static_cast<uint64_t>(first) >= size || (last >= 0 && last < first)))
        return false;
    }
    return true;
  }

  // A PDF article's file (pdf_file.h): looked up by the article's id, never by a path, so every
  // other address under /files/ (a traversal, an encoded dot, a file no article names) is 404.
  // Ranges are httplib's (206, Content-Range), for viewers that fetch a page at a time.
  void pdf(const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    auto not_found = [&] { send_error(res, 404, "no such file"); };
    if (id.size() > kMaxIdBytes || !is_valid_utf8(id)) return not_found();
    std::optional<PdfFile> file;
    with_searcher(res, [&](Searcher& searcher) {
      Result<ArticleView> article = searcher.article(id);
      if (article) file = PdfFile::open(article->meta.file);
      if (!file) not_found();
    });
    if (!file) return;
    if (!satisfiable(req.ranges, file->size())) {
      // httplib 0.11 answers such a range with 206 and a negative length, and cuts even an
      // error's body to it: the ranges are dropped (the request is httplib's own, not const)
      // and the refusal is RFC 9110's.
      const_cast<httplib::Request&>(req).ranges.clear();
      res.set_header("Content-Range", "bytes */" + std::to_string(file->size()));
      return send_error(res, 416, "range not satisfiable");
    }
    res.set_header("Content-Disposition", "inline; filename=\"" + file_name_of(id) + ".pdf\"");
    res.set_header("Cache-Control", "public, max-age=3600");
    res.set_content_provider(file->size(), "application/pdf",
                             [file = *file, chunk = std::string()](
                                 size_t offset, size_t length, httplib::DataSink& sink) mutable {
                               constexpr size_t kChunk = 64 * 1024;
                               if (!file.read(offset, std::min(length, kChunk), chunk))
                                 return false;
                               return sink.write(chunk.data(), chunk.size());
                             });
  }

  void health(const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    Searcher* searcher = searcher_or_503(res);
    if (!searcher) return;
    IndexInfo info = searcher->info();
    send_json(res, 200,
              {{"status", "ok"}, {"documents", info.documents}, {"revision", info.revision}});
  }

  void render_metrics(const httplib::Request&, httplib::Response& res) {
    // Keeps the index gauges current even when no search has run since the last reload.
    (void)pool.acquire();
    res.set_header("Cache-Control", "no-store");
    res.set_content(metrics.render(cache.counts()), "text/plain; version=0.0.4; charset=utf-8");
  }

  // The page's own files, from memory: there is no file system path to traverse.
  void page(const httplib::Request& req, httplib::Response& res) {
    const WebAsset* asset = find_web_asset(req.path);
    if (!asset) return send_error(res, 404);
    if (req.path == "/") return search_page(req, *asset, res);
    res.set_header("Cache-Control", "public, max-age=300");
    res.set_content(std::string(asset->body), std::string(asset->content_type));
  }

  // The search page, its search rendered here (search_page.h): the first page of results for
  // browsers without JavaScript and for crawlers. It is not counted in search analytics: app.js
  // searches again through the API when it loads, and that search is the one counted, so a
  // visitor with JavaScript is not counted twice and a crawler following links not at all.
  void search_page(const httplib::Request& req, const WebAsset& asset, httplib::Response& res) {
    res.set_header("Cache-Control", "no-cache");
    auto send = [&](int status, const PageSearch& search) {
      res.status = status;
      res.set_content(render_search_page(asset.body, search), std::string(asset.content_type));
    };
    auto send_failure = [&](const SearchRequest* request, const Error& error) {
      HttpError http = http_error_of(error);
      if (http.status == 503) res.set_header("Retry-After", "5");
      send(http.status, {request, nullptr, http.message});
    };
    if (req.params.empty()) return send(200, {});
    Result<SearchRequest> request = search_request_from(req.params);
    if (!request) return send_failure(nullptr, request.error());
    Result<Searcher*> searcher = pool.acquire();
    if (!searcher) return send_failure(&*request, searcher.error());
    GateSlot slot(search_slots, std::chrono::seconds(2));
    if (!slot) {
      res.set_header("Retry-After", "1");
      return send(503, {&*request, nullptr, std::string(kBusyMessage)});
    }
    Result<SearchResult> result = (*searcher)->search(*request);
    if (!result) return send_failure(&*request, result.error());
    metrics.count_ranking(result->ranking);
    send(200, {&*request, &*result, {}});
  }

  // The Meilisearch API takes JSON bodies by POST, with the headers its JavaScript client sends
  // (an API key, if one is configured there, is accepted and not needed: search is public).
  void preflight(const httplib::Request& req, httplib::Response& res) {
    bool meili_path = MeiliApi::serves(req.path);
    const char* methods = meili_path ? "GET, POST, HEAD, OPTIONS" : "GET, HEAD, OPTIONS";
    res.status = 204;
    res.set_header("Allow", methods);
    if (is_allowed_origin(req.get_header_value("Origin"))) {
      res.set_header("Access-Control-Allow-Methods", methods);
      res.set_header(
          "Access-Control-Allow-Headers",
          meili_path ? "Content-Type, X-Meilisearch-Client, Authorization" : "Content-Type");
      res.set_header("Access-Control-Max-Age", "600");
    }
  }

  void not_allowed(const httplib::Request& req, httplib::Response& res) {
    if (MeiliApi::serves(req.path)) {
      res.set_header("Allow", "GET, POST, HEAD, OPTIONS");
      return send_error(res, 405, "the index is read-only here: only searches are served");
    }
    res.set_header("Allow", "GET, HEAD, OPTIONS");
    send_error(res, 405);
  }
};

HttpServer::HttpServer(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
HttpServer::~HttpServer() = default;

Status HttpServer::start_analytics() {
  const ServerOptions& o = impl_->options;
  if (o.analytics_dir.empty()) return Status::Ok();
  AnalyticsOptions options{o.analytics_dir, o.analytics_min_searches, o.analytics_max_queries,
                           o.analytics_keep_days};
  auto recorder =
      AnalyticsRecorder::start(options, std::chrono::seconds(o.analytics_flush_seconds));
  if (!recorder) return recorder.error();
  impl_->analytics = std::move(recorder).value();
  return Status::Ok();
}

int HttpServer::bind() {
  const ServerOptions& o = impl_->options;
  if (o.port == 0)
    impl_->bound_port = impl_->server.bind_to_any_port(o.bind);
  else
    impl_->bound_port = impl_->server.bind_to_port(o.bind, o.port) ? o.port : -1;
  if (impl_->bound_port > 0) ::listen(impl_->listening_socket, kListenBacklog);
  return impl_->bound_port;
}

void HttpServer::run() {
  SlowClientGuard guard(impl_->bound_port, std::chrono::seconds(impl_->options.max_request_seconds),
                        [this] { impl_->metrics.count_slow_client(); });
  impl_->server.listen_after_bind();
  // In-flight requests are answered: the last counts go to disk now.
  impl_->analytics.reset();
}

void HttpServer::stop() {
  impl_->server.stop();
}

}  // namespace kestrel::http
