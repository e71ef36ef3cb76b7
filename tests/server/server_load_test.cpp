// Many visitors at once: the server's threads share the response cache, the rate limiter, the
// metrics, the searcher pool and its per-revision snapshots. Browsing (the empty query every page
// opens with, facet clicks, paging, sort) crashed the server within a second when threads shared
// Xapian's static MatchAll (issue 11). These tests also run under ThreadSanitizer
// (tests/sanitized/run_tsan), which fails on any data race they reach.
#include <atomic>
#include <catch2/catch.hpp>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "server_fixture.h"

using namespace kestrel;
using namespace kestrel::testing;
using nlohmann::json;

namespace {

// What the search page and its visitors ask for.
const std::vector<std::string> kBrowsing = {
    "/api/search?q=",
    "/api/search?q=&condition=PTSD",
    "/api/search?q=&condition=OCD&condition=PTSD&route=intravenous",
    "/api/search?q=&page=2&per_page=5",
    "/api/search?q=&sort=date",
    "/api/search?q=&route=intranasal&sort=date&page=2&per_page=3",
    "/api/search?q=%20&source=PubMed",
    "/api/search?q=-placebo&condition=PTSD",
    "/api/search?q=ketamine+depression",
    "/api/search?q=ketam&mode=prefix",
    "/api/search?q=ptsd&condition=PTSD&sort=date",
    "/api/search?q=can+ketamine+help+obsessive+compulsive+disorder&match=any",
    "/api/search?q=depresion",
    "/api/suggest?q=ket",
    "/api/articles/ketamine-chronic-ptsd",
    "/healthz",
};

json body_of(const httplib::Result& r) {
  REQUIRE(r);
  return json::parse(r->body);
}

// The answer without the fields that legitimately differ between two requests.
std::string comparable(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_object()) j.erase("took_ms");
  return j.dump();
}

struct LoadOutcome {
  int answered = 0;
  std::map<std::string, int> failures;  // "status path" -> count
  std::map<std::string, int> disagreements;
};

// `visitors` threads, each with its own keep-alive connection, send every request of kBrowsing
// `rounds` times in a rotating order, and compare each answer with the one a single client got.
LoadOutcome browse(const TestServer& server, int visitors, int rounds) {
  std::map<std::string, std::string> expected;
  {
    auto client = server.client();
    for (const auto& path : kBrowsing) {
      auto r = client.Get(path);
      REQUIRE(r);
      INFO(path << " " << r->body);
      REQUIRE(r->status == 200);
      expected[path] = comparable(r->body);
    }
  }
  std::mutex mutex;
  LoadOutcome outcome;
  std::vector<std::thread> threads;
  for (int v = 0; v < visitors; ++v) {
    threads.emplace_back([&, v] {
      auto client = server.client();
      LoadOutcome mine;
      for (int round = 0; round < rounds; ++round) {
        for (size_t k = 0; k < kBrowsing.size(); ++k) {
          const std::string& path = kBrowsing[(k + static_cast<size_t>(v)) % kBrowsing.size()];
          auto r = client.Get(path);
          if (!r || r->status != 200) {
            ++mine.failures[(r ? std::to_string(r->status) : std::string("no answer")) + " " +
                            path];
            continue;
          }
          ++mine.answered;
          if (comparable(r->body) != expected.at(path)) ++mine.disagreements[path];
        }
      }
      std::lock_guard lock(mutex);
      outcome.answered += mine.answered;
      for (const auto& [key, n] : mine.failures) outcome.failures[key] += n;
      for (const auto& [key, n] : mine.disagreements) outcome.disagreements[key] += n;
    });
  }
  for (auto& thread : threads) thread.join();
  return outcome;
}

}  // namespace

TEST_CASE(
    "server load: visitors browsing and searching at once - every answer 200 and the same as alone",
    "[server][threads]") {
  unsigned cache_megabytes = GENERATE(0u, 32u);
  INFO("cache megabytes: " << cache_megabytes);
  auto options = serving(clinic_index());
  options.threads = 16;
  options.cache_megabytes = cache_megabytes;
  options.max_concurrent_searches = 4;
  TestServer server(options);
  const int visitors = 12, rounds = 3;
  LoadOutcome outcome = browse(server, visitors, rounds);
  CHECK(outcome.failures.empty());
  for (const auto& [what, n] : outcome.failures) WARN(what << ": " << n);
  CHECK(outcome.disagreements.empty());
  for (const auto& [what, n] : outcome.disagreements)
    WARN("differs from a lone request: " << what << ": " << n);
  CHECK(outcome.answered == visitors * rounds * static_cast<int>(kBrowsing.size()));
  auto after = server.client().Get("/healthz");
  REQUIRE(after);
  CHECK(after->status == 200);
}

TEST_CASE("server load: picks up new revisions while visitors browse - without failing a request",
          "[server][hardening][threads]") {
  TempDir dir;
  write_file(dir / "corpus/a.md",
             article("title: Ketamine and PTSD\n", "Ketamine infusions for PTSD."));
  index_or_fail(dir / "corpus", dir / "index");
  auto options = serving(dir / "index");
  options.threads = 4;
  TestServer server(options);
  std::atomic<bool> done{false};
  std::atomic<int> answered{0}, failed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 3; ++t) {
    clients.emplace_back([&] {
      auto client = server.client();
      for (size_t k = 0; !done; ++k) {
        // Every request but the clinic article's, which this corpus does not have.
        const std::string& path = kBrowsing[k % kBrowsing.size()];
        if (path.rfind("/api/articles/", 0) == 0) continue;
        auto r = client.Get(path);
        if (r && r->status == 200)
          ++answered;
        else
          ++failed;
      }
    });
  }
  // Alternate incremental updates and full rebuilds under load.
  for (int round = 0; round < 6; ++round) {
    write_file(dir / ("corpus/new-" + std::to_string(round) + ".md"),
               article("title: Ketamine study " + std::to_string(round) + "\n",
                       "Ketamine for depression, round " + std::to_string(round) + "."));
    index_or_fail(dir / "corpus", dir / "index", /*rebuild=*/round % 2 == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  done = true;
  for (auto& c : clients) c.join();
  CHECK(failed == 0);
  CHECK(answered > 20);
  auto client = server.client();
  json latest = body_of(client.Get("/api/search?q=ketamine"));
  CHECK(latest["total"] == 7);
  auto metrics = client.Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->body.find("kestrel_index_reloads_total 0") == std::string::npos);
}
