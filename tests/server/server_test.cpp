// kestrel-server's HTTP API end to end: every endpoint, status and error, over a real socket.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "kestrel/analytics.h"
#include "metrics.h"
#include "searcher_pool.h"
#include "server_fixture.h"

using namespace kestrel;
using namespace kestrel::testing;
using nlohmann::json;

namespace {

json body_of(const httplib::Result& r) {
  REQUIRE(r);
  return json::parse(r->body);
}

void check_error(const httplib::Result& r, int status, const std::string& code,
                 const std::string& mentions = "") {
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == status);
  CHECK(r->get_header_value("Content-Type") == "application/json; charset=utf-8");
  json j = json::parse(r->body);
  CHECK(j["error"]["code"] == code);
  CHECK(j["error"]["message"].is_string());
  if (!mentions.empty())
    CHECK(j["error"]["message"].get<std::string>().find(mentions) != std::string::npos);
}

}  // namespace

TEST_CASE("server: /api/search answers the shape kestrel-search --json prints", "[server]") {
  TestServer server(serving(clinic_index()));
  auto client = server.client();
  auto r = client.Get("/api/search?q=ketamine&condition=PTSD&condition=OCD&per_page=2&page=1");
  REQUIRE(r);
  CHECK(r->status == 200);
  json j = json::parse(r->body);
  for (const char* key :
       {"query", "corrected_query", "total", "page", "per_page", "took_ms", "hits", "facets"})
    CHECK(j.contains(key));
  CHECK(j["page"] == 1);
  CHECK(j["per_page"] == 2);
  CHECK(j["hits"].size() == 2);
  CHECK(j["total"].get<int>() >= 3);
  for (const auto& hit : j["hits"]) {
    bool ptsd_or_ocd = false;
    for (const auto& c : hit["conditions"]) ptsd_or_ocd |= c == "PTSD" || c == "OCD";
    CHECK(ptsd_or_ocd);
  }
  // Both selected values come back selected, and other conditions are still counted.
  int selected = 0;
  for (const auto& v : j["facets"]["condition"]) selected += v["selected"].get<bool>();
  CHECK(selected == 2);
  CHECK(j["facets"]["condition"].size() > 2);

  json second =
      body_of(client.Get("/api/search?q=ketamine&condition=PTSD&condition=OCD&per_page=2&page=2"));
  CHECK(second["page"] == 2);
  CHECK(second["hits"][0]["id"] != j["hits"][0]["id"]);

  json typed = body_of(client.Get("/api/search?q=ketam&mode=prefix"));
  CHECK(typed["total"].get<int>() > 0);
  json corrected = body_of(client.Get("/api/search?q=depresion"));
  CHECK(corrected["corrected_query"] == "depression");
  json browse = body_of(client.Get("/api/search"));
  CHECK(browse["total"] == 17);
}

TEST_CASE("server: a repeated search is answered from the cache - until a new revision",
          "[server]") {
  TempDir dir;
  write_file(dir / "corpus/a.md",
             article("title: Ketamine and PTSD\nconditions: [PTSD]\n", "Ketamine infusions."));
  index_or_fail(dir / "corpus", dir / "index");
  TestServer server(serving(dir / "index"));
  auto client = server.client();
  auto first = client.Get("/api/search?q=ketamine&condition=PTSD&condition=OCD");
  REQUIRE(first);
  CHECK(first->get_header_value("X-Cache") == "miss");
  auto again = client.Get("/api/search?q=ketamine&condition=OCD&condition=PTSD&_=1");
  REQUIRE(again);
  CHECK(again->get_header_value("X-Cache") == "hit");
  json a = json::parse(first->body), b = json::parse(again->body);
  CHECK(b["took_ms"].is_number());
  a.erase("took_ms");
  b.erase("took_ms");
  CHECK(a == b);
  CHECK(client.Get("/api/search?q=ketamine&condition=PTSD&page=2")->get_header_value("X-Cache") ==
        "miss");
  auto metrics = client.Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->body.find("kestrel_search_cache_requests_total{result=\"hit\"} 1\n") !=
        std::string::npos);

  // A new revision is never answered from the old one's responses.
  CHECK(a["total"] == 1);
  write_file(dir / "corpus/b.md",
             article("title: Ketamine, again\nconditions: [PTSD]\n", "More ketamine."));
  index_or_fail(dir / "corpus", dir / "index");
  std::this_thread::sleep_for(http::SearcherPool::kRefreshInterval * 2);
  auto after = client.Get("/api/search?q=ketamine&condition=PTSD&condition=OCD");
  REQUIRE(after);
  CHECK(after->get_header_value("X-Cache") == "miss");
  CHECK(json::parse(after->body)["total"] == 2);
}

TEST_CASE("server: --cache-megabytes 0 answers every search afresh", "[server]") {
  auto options = serving(clinic_index());
  options.cache_megabytes = 0;
  TestServer server(options);
  auto client = server.client();
  for (int i = 0; i < 3; ++i) {
    auto r = client.Get("/api/search?q=ketamine");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("X-Cache") == "miss");
  }
}

TEST_CASE("server: bad parameters get 400 naming the parameter", "[server]") {
  TestServer server(serving(clinic_index()));
  auto client = server.client();
  check_error(client.Get("/api/search?q=x&page=0"), 400, "bad_request", "'page'");
  check_error(client.Get("/api/search?q=x&page=abc"), 400, "bad_request", "'page'");
  check_error(client.Get("/api/search?q=x&page=99999"), 400, "bad_request", "'page'");
  check_error(client.Get("/api/search?q=x&per_page=101"), 400, "bad_request", "'per_page'");
  check_error(client.Get("/api/search?q=x&per_page=-1"), 400, "bad_request", "'per_page'");
  check_error(client.Get("/api/search?q=x&sort=sideways"), 400, "bad_request", "'sort'");
  check_error(client.Get("/api/search?q=x&mode=psychic"), 400, "bad_request", "'mode'");
  check_error(client.Get("/api/search?q=a&q=b"), 400, "bad_request", "'q'");
  check_error(client.Get("/api/search?q=%C3%28"), 400, "bad_request", "UTF-8");
  check_error(client.Get("/api/search?q=%ED%A0%80"), 400, "bad_request",
              "UTF-8");  // a UTF-16 surrogate
  std::string many = "/api/search?q=x";
  for (int i = 0; i < 1000; ++i) many += "&p" + std::to_string(i) + "=1";
  check_error(client.Get(many.c_str()), 400, "bad_request", "too many parameters");
  // Odd but valid input is a search, not an error.
  for (const char* odd :
       {"/api/search?q=%22unbalanced", "/api/search?q=-", "/api/search?q=%00%01",
        "/api/search?q=%25%25%25", "/api/search?q=the+of+and", "/api/search?q=condition%3A",
        "/api/search?q=((((", "/api/search?_=123"}) {
    auto r = client.Get(odd);
    REQUIRE(r);
    INFO(odd);
    CHECK(r->status == 200);
  }
}

TEST_CASE("server: suggestions - articles - health and metrics", "[server]") {
  TestServer server(serving(clinic_index()));
  auto client = server.client();
  json suggestions = body_of(client.Get("/api/suggest?q=post"));
  REQUIRE(suggestions["suggestions"].is_array());
  CHECK(suggestions["suggestions"][0] == "post-traumatic stress disorder");
  CHECK(body_of(client.Get("/api/suggest?q="))["suggestions"].empty());

  json first_hit = body_of(client.Get("/api/search?q=ptsd"))["hits"][0];
  auto article = client.Get(("/api/articles/" + first_hit["id"].get<std::string>()).c_str());
  REQUIRE(article);
  CHECK(article->status == 200);
  json a = json::parse(article->body);
  CHECK(a["title"] == first_hit["title"]);
  CHECK(a["text"].get<std::string>().size() > 100);
  check_error(client.Get("/api/articles/no-such-article"), 404, "not_found");
  check_error(client.Get("/api/articles/%FF"), 400, "bad_request");

  json related = body_of(client.Get("/api/articles/ketamine-refractory-ocd/related?limit=3"));
  CHECK(related["id"] == "ketamine-refractory-ocd");
  REQUIRE(related["related"].size() == 3);
  CHECK(related["related"][0]["id"] == "ketamine-ocd-crossover-trial");
  CHECK(related["related"][0]["title"].is_string());
  CHECK_FALSE(related["related"][0].contains("snippet"));
  CHECK(body_of(client.Get("/api/articles/ketamine-refractory-ocd/related"))["related"].size() ==
        5);
  check_error(client.Get("/api/articles/no-such-article/related"), 404, "not_found");
  check_error(client.Get("/api/articles/ketamine-refractory-ocd/related?limit=0"), 400,
              "bad_request");
  check_error(client.Get("/api/articles/ketamine-refractory-ocd/related?limit=21"), 400,
              "bad_request");

  json health = body_of(client.Get("/healthz"));
  CHECK(health["status"] == "ok");
  CHECK(health["documents"] == 17);
  CHECK(health["revision"].is_string());

  auto metrics = client.Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->get_header_value("Content-Type").find("text/plain") == 0);
  CHECK(metrics->body.find("kestrel_http_requests_total{route=\"search\",status=\"200\"} 1") !=
        std::string::npos);
  CHECK(metrics->body.find("kestrel_http_requests_total{route=\"article\",status=\"404\"} 1") !=
        std::string::npos);
  CHECK(metrics->body.find("kestrel_http_requests_total{route=\"related\",status=\"200\"} 2") !=
        std::string::npos);
  CHECK(metrics->body.find(
            "kestrel_http_request_duration_seconds_bucket{route=\"search\",le=\"+Inf\"} 1") !=
        std::string::npos);
  CHECK(metrics->body.find("kestrel_index_documents 17") != std::string::npos);
  CHECK(metrics->body.find("kestrel_index_reloads_total 0") != std::string::npos);
  // Memory figures are real readings: a server with an index open holds megabytes.
  for (const std::string name : {"process_resident_memory_bytes ", "kestrel_heap_in_use_bytes "}) {
    auto at = metrics->body.find("\n" + name);
    REQUIRE(at != std::string::npos);
    CHECK(std::stod(metrics->body.substr(at + 1 + name.size())) > 1e6);
  }
}

TEST_CASE("server: unknown paths - traversal - methods and oversized requests",
          "[server][hardening]") {
  TestServer server(serving(clinic_index()));
  auto client = server.client();
  for (const char* path : {"/nothing", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                           "/static/../../CMakeLists.txt", "/static/..%2f..%2fCMakeLists.txt",
                           "/static/", "/api", "/api/articles/"}) {
    auto r = client.Get(path);
    REQUIRE(r);
    INFO(path);
    CHECK((r->status == 404 || r->status == 400));
    CHECK(r->body.find("root:") == std::string::npos);
    CHECK(r->body.find("cmake_minimum_required") == std::string::npos);
  }
  auto post = client.Post("/api/search", "q=x", "application/x-www-form-urlencoded");
  check_error(post, 405, "method_not_allowed");
  CHECK(post->get_header_value("Allow") == "GET, HEAD, OPTIONS");
  check_error(client.Delete("/api/articles/x"), 405, "method_not_allowed");
  check_error(client.Post("/api/search", std::string(1 << 20, 'x'), "text/plain"), 413,
              "payload_too_large");
  std::string long_uri = "/api/search?q=" + std::string(10000, 'a');
  check_error(client.Get(long_uri.c_str()), 414, "uri_too_long");
  auto head = client.Head("/api/search?q=ptsd");
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->body.empty());
  // The server is still serving after all that.
  CHECK(client.Get("/healthz")->status == 200);
}

TEST_CASE("server: security headers on every response and the page's CSP", "[server]") {
  TestServer server(serving(clinic_index()));
  auto client = server.client();
  for (const char* path :
       {"/", "/static/app.js", "/api/search?q=x", "/nothing", "/healthz", "/api/search?page=0"}) {
    auto r = client.Get(path);
    REQUIRE(r);
    INFO(path);
    CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(r->get_header_value("Referrer-Policy") == "no-referrer");
    CHECK(r->get_header_value("Content-Type").find("charset=utf-8") != std::string::npos);
    CHECK(r->get_header_value_count("X-Content-Type-Options") == 1);
    CHECK_FALSE(r->get_header_value("Content-Security-Policy").empty());
  }
  auto page = client.Get("/");
  REQUIRE(page);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  std::string csp = page->get_header_value("Content-Security-Policy");
  CHECK(csp.find("script-src 'self'") != std::string::npos);
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(page->body.find("data-kestrel-search") != std::string::npos);
  // No external CDN or font: every script and stylesheet is the server's own.
  CHECK(page->body.find("http://") == std::string::npos);
  CHECK(page->body.find("https://") == std::string::npos);
  for (const char* asset : {"/static/app.js", "/static/style.css", "/embed.js", "/favicon.svg"}) {
    auto r = client.Get(asset);
    REQUIRE(r);
    INFO(asset);
    CHECK(r->status == 200);
    CHECK(r->body.size() > 100);
  }
}

TEST_CASE("server: an article as a citation file - RIS, BibTeX, CSL-JSON", "[server][cite]") {
  TestServer server(serving(clinic_index()));
  auto client = server.client();
  struct Row {
    const char* format;
    const char* type;
    const char* file;
    const char* starts;
  };
  const Row rows[] = {
      {"ris", "application/x-research-info-systems; charset=utf-8",
       "ketamine-treatment-of-addiction.ris", "TY  - ELEC\r\nTI  - Ketamine for the Treatment"},
      {"bibtex", "application/x-bibtex; charset=utf-8", "ketamine-treatment-of-addiction.bib",
       "@misc{ketamine-treatment-of-addiction,\n  title = {{Ketamine for the Treatment"},
      {"csl-json", "application/vnd.citationstyles.csl+json; charset=utf-8",
       "ketamine-treatment-of-addiction.json", "["},
  };
  for (const Row& row : rows) {
    INFO(row.format);
    auto r = client.Get(
        ("/api/articles/ketamine-treatment-of-addiction/cite?format=" + std::string(row.format))
            .c_str());
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == row.type);
    CHECK(r->get_header_value("Content-Disposition") ==
          "attachment; filename=\"" + std::string(row.file) + "\"");
    CHECK(r->body.rfind(row.starts, 0) == 0);
  }
  json csl =
      body_of(client.Get("/api/articles/ketamine-treatment-of-addiction/cite?format=csl-json"));
  CHECK(csl[0]["issued"]["date-parts"][0][0] == 2018);
  check_error(client.Get("/api/articles/ketamine-treatment-of-addiction/cite"), 400, "bad_request",
              "format");
  check_error(client.Get("/api/articles/ketamine-treatment-of-addiction/cite?format=xml"), 400,
              "bad_request", "ris, bibtex, csl-json");
  check_error(client.Get("/api/articles/no-such-article/cite?format=ris"), 404, "not_found");
}

TEST_CASE("server: the page works without JavaScript - /?q= renders the results as HTML",
          "[server][page]") {
  TestServer server(serving(clinic_index()));
  auto client = server.client();
  auto page = client.Get("/?q=ptsd");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->get_header_value("Cache-Control") == "no-cache");
  // The same hits, in the same order, as the API gives.
  json api = body_of(client.Get("/api/search?q=ptsd"));
  REQUIRE(api["hits"].size() > 1);
  size_t at = 0;
  for (const auto& hit : api["hits"]) {
    std::string title = hit["title"];
    INFO(title);
    size_t found = page->body.find(title, at);
    CHECK(found != std::string::npos);
    at = found == std::string::npos ? at : found;
  }
  CHECK(page->body.find(std::to_string(api["total"].get<int>()) + " articles for “ptsd”") !=
        std::string::npos);
  CHECK(page->body.find("<mark>") != std::string::npos);
  CHECK(page->body.find("condition=PTSD") != std::string::npos);  // facet links
  CHECK(page->body.find("<!--kestrel:server-rendered-->") == std::string::npos);

  // A facet link followed, as a browser without JavaScript would.
  auto filtered = client.Get("/?q=ketamine&condition=OCD");
  REQUIRE(filtered);
  json api_filtered = body_of(client.Get("/api/search?q=ketamine&condition=OCD"));
  CHECK(filtered->body.find(std::to_string(api_filtered["total"].get<int>()) + " article") !=
        std::string::npos);

  // A hostile query is text; a bad parameter is the page with the API's message, status 400.
  auto hostile = client.Get("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  REQUIRE(hostile);
  CHECK(hostile->status == 200);
  CHECK(hostile->body.find("<script>alert") == std::string::npos);
  CHECK(hostile->body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  auto bad = client.Get("/?q=ptsd&page=0");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(bad->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(bad->body.find("parameter &#39;page&#39;") != std::string::npos);
  CHECK(bad->body.find("<form class=\"ks-searchbar\"") != std::string::npos);

  // The landing page has the form, and no search ran for it.
  auto landing = client.Get("/");
  REQUIRE(landing);
  CHECK(landing->body.find("name=\"q\"") != std::string::npos);
  CHECK(landing->body.find("ks-hits") == std::string::npos);
}

TEST_CASE("server: CORS only for the configured origins - preflight answered", "[server]") {
  auto options = serving(clinic_index());
  options.cors_origins = {"https://clinic.example"};
  TestServer server(options);
  auto client = server.client();
  auto allowed = client.Get("/api/search?q=ptsd", {{"Origin", "https://clinic.example"}});
  REQUIRE(allowed);
  CHECK(allowed->get_header_value("Access-Control-Allow-Origin") == "https://clinic.example");
  auto other = client.Get("/api/search?q=ptsd", {{"Origin", "https://evil.example"}});
  REQUIRE(other);
  CHECK_FALSE(other->has_header("Access-Control-Allow-Origin"));

  httplib::Request preflight;
  preflight.method = "OPTIONS";
  preflight.path = "/api/search";
  preflight.headers = {{"Origin", "https://clinic.example"},
                       {"Access-Control-Request-Method", "GET"}};
  auto answered = client.send(preflight);
  REQUIRE(answered);
  CHECK(answered->status == 204);
  CHECK(answered->get_header_value("Access-Control-Allow-Origin") == "https://clinic.example");
  CHECK(answered->get_header_value("Access-Control-Allow-Methods").find("GET") !=
        std::string::npos);
}

TEST_CASE("server: a client over its rate gets 429 with Retry-After - others are served",
          "[server][hardening]") {
  auto options = serving(clinic_index());
  options.rate_limit_loopback = true;
  options.rate_limit_per_second = 0.5;
  options.rate_limit_burst = 3;
  options.trusted_proxy = "127.0.0.1";
  TestServer server(options);
  auto client = server.client();
  httplib::Headers visitor = {{"X-Forwarded-For", "203.0.113.7"}};
  for (int i = 0; i < 3; ++i) CHECK(client.Get("/api/search?q=ptsd", visitor)->status == 200);
  auto limited = client.Get("/api/search?q=ptsd", visitor);
  check_error(limited, 429, "rate_limited");
  CHECK(std::stoi(limited->get_header_value("Retry-After")) >= 1);
  CHECK(client.Get("/api/search?q=ptsd", {{"X-Forwarded-For", "198.51.100.2"}})->status == 200);
}

TEST_CASE("server: no index gives 503 - then it recovers by itself when one is published",
          "[server][hardening]") {
  TempDir dir;
  TestServer server(serving(dir / "index"));
  auto client = server.client();
  check_error(client.Get("/healthz"), 503, "unavailable", "no search index");
  auto search = client.Get("/api/search?q=ptsd");
  check_error(search, 503, "unavailable");
  CHECK(search->body.find(dir.path()) == std::string::npos);  // no paths leak
  index_or_fail(clinic_corpus(), dir / "index");
  // Each server thread retries at most once a second.
  bool recovered = false;
  for (int i = 0; i < 40 && !recovered; ++i) {
    auto r = client.Get("/healthz");
    recovered = r && r->status == 200;
    if (!recovered) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(recovered);
  CHECK(body_of(client.Get("/api/search?q=ptsd"))["total"].get<int>() > 0);
}

namespace {

int connect_to(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  return fd;
}

}  // namespace

TEST_CASE("server: a client sending one byte at a time is cut off - others are served meanwhile",
          "[server][hardening]") {
  auto options = serving(clinic_index());
  options.threads = 2;
  options.max_request_seconds = 2;
  TestServer server(options);
  // Two slow clients take both connection threads.
  std::vector<int> slow = {connect_to(server.port()), connect_to(server.port())};
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ";
  std::atomic<bool> stop{false};
  std::vector<int> cut_after_seconds(slow.size(), -1);
  std::vector<std::thread> tricklers;
  for (size_t i = 0; i < slow.size(); ++i) {
    tricklers.emplace_back([&, i] {
      auto started = std::chrono::steady_clock::now();
      for (size_t k = 0; !stop; ++k) {
        char byte = k < request.size() ? request[k] : 'a';
        if (send(slow[i], &byte, 1, MSG_NOSIGNAL) != 1) break;
        pollfd p{slow[i], POLLIN, 0};
        if (poll(&p, 1, 500) > 0) {  // the server closed (or answered): read 0 or an error status
          char buffer[512];
          (void)recv(slow[i], buffer, sizeof buffer, 0);
          break;
        }
      }
      cut_after_seconds[i] = static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(
                                                  std::chrono::steady_clock::now() - started)
                                                  .count());
    });
  }
  // A normal visitor, queued behind the slow ones with its whole request sent, still gets an
  // answer within the limit plus the watchdog's second; it must not be taken for a slow client
  // itself. (It connects, then sends a moment later, as a browser does.)
  auto started = std::chrono::steady_clock::now();
  int visitor = connect_to(server.port());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const std::string whole_request = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  REQUIRE(send(visitor, whole_request.data(), whole_request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(whole_request.size()));
  std::string answer;
  pollfd readable{visitor, POLLIN, 0};
  while (poll(&readable, 1, 8000) > 0) {
    char buffer[4096];
    ssize_t n = recv(visitor, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<size_t>(n));
  }
  close(visitor);
  INFO(answer);
  CHECK(answer.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(6));
  std::this_thread::sleep_for(std::chrono::seconds(4));
  stop = true;
  for (auto& t : tricklers) t.join();
  for (int fd : slow) close(fd);
  for (int seconds : cut_after_seconds) {
    CHECK(seconds >= 2);
    CHECK(seconds <= 5);
  }
  auto metrics = server.client().Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->body.find("kestrel_http_slow_clients_total 2") != std::string::npos);
}

TEST_CASE("server: the index deleted - replaced by garbage - or corrupted: 503 - then recovery",
          "[server][hardening]") {
  TempDir dir;
  index_or_fail(clinic_corpus(), dir / "index");
  TestServer server(serving(dir / "index"));
  auto client = server.client();
  // Each server thread notices within its refresh interval (and retries a failed open within a
  // second), so a request may still be answered the old way for a moment.
  auto wait_for_status = [&](const char* path, int status) {
    for (int i = 0; i < 50; ++i) {
      auto r = client.Get(path);
      if (r && r->status == status) return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return client.Get(path);
  };
  REQUIRE(wait_for_status("/healthz", 200)->status == 200);
  auto damage_and_recover = [&](const std::function<void()>& damage, const char* what) {
    INFO(what);
    damage();
    CHECK(wait_for_status("/healthz", 503)->status == 503);
    auto search = wait_for_status("/api/search?q=ptsd", 503);
    REQUIRE(search);
    CHECK(search->status == 503);
    CHECK(search->body.find(dir.path()) == std::string::npos);
    index_or_fail(clinic_corpus(), dir / "index", /*rebuild=*/true);
    CHECK(wait_for_status("/healthz", 200)->status == 200);
    search = wait_for_status("/api/search?q=ptsd", 200);
    REQUIRE(search);
    REQUIRE(search->status == 200);
    CHECK(json::parse(search->body)["total"].get<int>() > 0);
  };
  damage_and_recover([&] { std::filesystem::remove_all(dir / "index"); }, "deleted");
  damage_and_recover([&] { write_file(dir / "index/XAPIANDB", "garbage\x01\x02 not a stub\n"); },
                     "stub replaced by garbage");
  damage_and_recover(
      [&] {
        // Every table of the live generation truncated to nothing.
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "index")) {
          if (entry.is_regular_file() && entry.path().extension() == ".glass")
            std::filesystem::resize_file(entry.path(), 0);
        }
      },
      "tables truncated");
}

TEST_CASE("server: searches are counted once per settled query - prefixes and pages are not",
          "[server]") {
  TempDir dir;
  http::ServerOptions options = serving(clinic_index());
  options.analytics_dir = dir / "analytics";
  options.analytics_min_searches = 2;
  options.analytics_flush_seconds = 1;  // popular queries are taken up at each flush
  {
    TestServer server(options);
    auto client = server.client();
    // As typed: prefixes while typing, then the full search the page sends when typing stops.
    for (const char* typed : {"k", "ke", "ket", "keta", "ketam"})
      body_of(client.Get((std::string("/api/search?mode=prefix&q=") + typed).c_str()));
    body_of(client.Get("/api/search?q=ketamine+PTSD"));
    body_of(client.Get("/api/search?q=Ketamine+ptsd"));  // the same query in its normal form
    body_of(client.Get("/api/search?q=ketamine+PTSD"));  // a repeat, from the response cache
    body_of(client.Get("/api/search?q=ketamine+PTSD&page=2&per_page=1"));  // paging: not again
    body_of(client.Get("/api/search?q=xyzzyplugh"));
    body_of(client.Get("/api/search?q=xyzzyplugh"));
    body_of(client.Get("/api/search?q="));  // browsing is not searching
    std::string metrics = client.Get("/metrics")->body;
    CHECK(metrics.find("\nkestrel_searches_total 5\n") != std::string::npos);
    CHECK(metrics.find("\nkestrel_searches_no_results_total 2\n") != std::string::npos);
    // The clinic's library is small: every search it ran was ranked exhaustively.
    CHECK(metrics.find("\nkestrel_search_rankings_total{ranking=\"bounded\"} 0\n") !=
          std::string::npos);
    CHECK(metrics.find("\nkestrel_search_rankings_total{ranking=\"exhaustive\"} 0\n") ==
          std::string::npos);
    // Popular queries that found articles lead the suggestions (from the next flush on); one that
    // found none does not.
    json suggestions;
    for (int tries = 0; tries < 50; ++tries) {
      suggestions = body_of(client.Get("/api/suggest?q=ket"));
      if (suggestions["suggestions"][0] == "ketamine ptsd") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE(suggestions["suggestions"].size() >= 2);
    CHECK(suggestions["suggestions"][0] == "ketamine ptsd");
    CHECK(body_of(client.Get("/api/suggest?q=xyz"))["suggestions"].empty());
  }  // stopping writes the counts
  std::vector<std::string> warnings;
  auto report = kestrel::read_analytics(dir / "analytics", 1, 2, 10, warnings);
  REQUIRE(report.ok());
  CHECK(report->searches == 5);
  CHECK(report->no_results == 2);
  REQUIRE(report->top.size() == 2);
  CHECK(report->top[0].query == "ketamine ptsd");
  CHECK(report->top[0].searches == 3);
  CHECK(report->top_no_results[0].query == "xyzzyplugh");
}

TEST_CASE("server: metrics count searches by ranking - exhaustive and bounded", "[server]") {
  http::Metrics metrics;
  metrics.count_ranking(Ranking::kBounded);
  metrics.count_ranking(Ranking::kExhaustive);
  metrics.count_ranking(Ranking::kBounded);
  std::string text = metrics.render({});
  CHECK(text.find("# TYPE kestrel_search_rankings_total counter\n") != std::string::npos);
  CHECK(text.find("\nkestrel_search_rankings_total{ranking=\"exhaustive\"} 1\n") !=
        std::string::npos);
  CHECK(text.find("\nkestrel_search_rankings_total{ranking=\"bounded\"} 2\n") != std::string::npos);
}
