// Shards on stock xapian-tcpsrv: a few thousand medcorpus articles indexed once whole and once
// as two shards; the shards, searched as one, must give the same totals, facet counts and top 10
// as the whole index over dozens of queries; a stopped or hung shard gives a 503 within 5 s and
// the server recovers when it returns; a rebuild's new generation is taken up without a failed
// search.

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "kestrel/filter.h"
#include "kestrel/searcher.h"
#include "process_support.h"
#include "server_fixture.h"
#include "test_support.h"

using namespace kestrel;
using namespace kestrel::testing;
using Clock = std::chrono::steady_clock;

namespace {

std::string shared_data(const std::string& name, const char* variable) {
  if (const char* dir = std::getenv(variable)) return dir;
  return std::string(KESTREL_SOURCE_DIR) + "/../shared/data/" + name;
}

// One stock xapian-tcpsrv serving one shard directory, for the life of the object.
class TcpServer {
 public:
  TcpServer(const std::string& directory, unsigned port)
      : port_(port),
        process_({"xapian-tcpsrv", "--quiet", "--port", std::to_string(port), directory}) {
    wait_for_port(port_);
  }
  void start() {
    process_.start();
    wait_for_port(port_);
  }
  void stop() { process_.stop(); }
  void pause() { process_.pause(); }
  void resume() { process_.resume(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  unsigned port_;
  ChildProcess process_;
};

// A sample of medcorpus articles (every tenth of the first 30,000, so every source kind).
std::string write_sample(const TempDir& dir, size_t articles) {
  std::string path = dir / "sample.jsonl";
  std::string command = "zcat '" + shared_data("medcorpus", "MEDCORPUS_DIR") +
                        "/articles.jsonl.gz' 2>/dev/null | awk 'NR % 10 == 0' | head -n " +
                        std::to_string(articles) + " > '" + path + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  return path;
}

std::vector<std::string> queries() {
  std::vector<std::string> out;
  std::ifstream file(shared_data("nfcorpus-dev", "NFCORPUS_DIR") + "/dev.titles.queries");
  std::string line;
  while (out.size() < 30 && std::getline(file, line))
    out.push_back(line.substr(line.find('\t') + 1));
  for (const char* q : {"", "randomized controlled trial", "vitamin d deficiency", "ketamine",
                        "\"blood pressure\" -children", "cancer OR tumour", "diabetes insulin"})
    out.push_back(q);
  return out;
}

std::map<std::string, uint64_t> facet_counts(const SearchResult& r, Facet facet) {
  std::map<std::string, uint64_t> out;
  for (const FacetResult& f : r.facets)
    if (f.facet == facet)
      for (const FacetCount& v : f.values) out[v.value] = v.count;
  return out;
}

std::string hit_list(const std::vector<Hit>& hits) {
  std::string out;
  for (const Hit& hit : hits) out += hit.id + " " + std::to_string(hit.score) + ", ";
  return out;
}

// The same top `top`, ties aside (docids, which break ties, differ between one index and its
// shards): every hit scoring above the whole index's last is in the shards' top, and the scores
// rank by rank are equal.
void check_same_top(const std::vector<Hit>& whole, const std::vector<Hit>& sharded, size_t top) {
  REQUIRE(whole.size() == sharded.size());
  size_t n = std::min(top, whole.size());
  if (n == 0) return;
  double boundary = whole[n - 1].score;
  std::set<std::string> sharded_top;
  for (size_t i = 0; i < n; ++i) {
    sharded_top.insert(sharded[i].id);
    CHECK(sharded[i].score == Approx(whole[i].score).epsilon(1e-9));
  }
  for (size_t i = 0; i < n; ++i)
    if (whole[i].score > boundary * (1 + 1e-9)) CHECK(sharded_top.count(whole[i].id));
}

struct Fixture {
  TempDir dir;
  std::string whole = dir / "whole", sharded = dir / "sharded";
  std::unique_ptr<TcpServer> one, two;

  explicit Fixture(size_t articles) {
    std::string sample = write_sample(dir, articles);
    IndexOptions options;
    options.corpus_paths = {sample};
    options.taxonomy_path = clinic_corpus() + "/taxonomy.yaml";
    options.index_dir = whole;
    REQUIRE(update_index(options).ok());
    index_shards(options.corpus_paths, false);
    one = std::make_unique<TcpServer>(sharded + "/shard-1", free_port());
    two = std::make_unique<TcpServer>(sharded + "/shard-2", free_port());
  }
  // kestrel-index --shards 2, as a library call.
  void index_shards(const std::vector<std::string>& corpus, bool rebuild) const {
    IndexOptions options;
    options.corpus_paths = corpus;
    options.taxonomy_path = clinic_corpus() + "/taxonomy.yaml";
    options.rebuild = rebuild;
    for (unsigned k = 1; k <= 2; ++k) {
      options.index_dir = sharded + "/shard-" + std::to_string(k);
      options.shard = k;
      options.shard_count = 2;
      REQUIRE(update_index(options).ok());
    }
  }
  IndexSource shards() const { return IndexSource{"", {one->address(), two->address()}}; }
  http::ServerOptions server_options() const {
    auto options = serving("");
    options.shards = {one->address(), two->address()};
    options.cache_megabytes = 0;
    return options;
  }
};

}  // namespace

TEST_CASE("shards: two xapian-tcpsrv shards answer as one index - totals, facets, top 10",
          "[shards]") {
  Fixture f(3000);
  auto whole = Searcher::open(f.whole);
  auto sharded = Searcher::open(f.shards());
  REQUIRE(whole.ok());
  INFO((sharded ? "" : sharded.error().message));
  REQUIRE(sharded.ok());
  CHECK(whole->info().documents == 3000);
  CHECK(sharded->info().documents == 3000);
  CHECK(sharded->info().revision.rfind("shards-", 0) == 0);

  size_t compared = 0, with_hits = 0, corrected = 0;
  for (const std::string& q : queries()) {
    for (MatchMode match : {MatchMode::kAuto, MatchMode::kAllWords, MatchMode::kAnyWord}) {
      SearchRequest request;
      request.query = q;
      request.match = match;
      request.limit = 20;
      if (compared % 5 == 1)
        request.filters[static_cast<size_t>(Facet::kSource)] = {"MedQuAD/GARD"};
      if (compared % 7 == 3) request.filter = *parse_filter("NOT condition EXISTS");
      INFO(q << " (match " << static_cast<int>(match) << ")");
      auto a = whole->search(request);
      auto b = sharded->search(request);
      REQUIRE(a.ok());
      REQUIRE(b.ok());
      // The one documented difference: shards offer no spelling correction (the remote
      // protocol carries no spelling tables), so a query the whole index corrects differs.
      CHECK_FALSE(b->corrected_query);
      if (a->corrected_query) {
        ++corrected;
        continue;
      }
      CHECK(a->total == b->total);
      CHECK(a->exhaustive == b->exhaustive);
      CHECK(a->matched_any_word == b->matched_any_word);
      for (Facet facet : kAllFacets) CHECK(facet_counts(*a, facet) == facet_counts(*b, facet));
      check_same_top(a->hits, b->hits, 10);
      ++compared;
      with_hits += a->hits.empty() ? 0 : 1;
    }
  }
  CHECK(compared >= 80);
  CHECK(with_hits >= 60);
  CHECK(corrected < compared / 4);
  // kestrel-server --shard against kestrel-server --index, over HTTP: the same JSON but for the
  // revision and the time taken.
  auto whole_options = serving(f.whole);
  whole_options.cache_megabytes = 0;
  TestServer whole_server(whole_options);
  TestServer sharded_server(f.server_options());
  std::vector<std::string> texts = queries();
  for (size_t i = 0; i < texts.size(); i += 3) {
    httplib::Params params{{"q", texts[i]}, {"per_page", "20"}};
    auto a = whole_server.client().Get("/api/search", params, httplib::Headers{});
    auto b = sharded_server.client().Get("/api/search", params, httplib::Headers{});
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(a->status == 200);
    REQUIRE(b->status == 200);
    auto ja = nlohmann::json::parse(a->body), jb = nlohmann::json::parse(b->body);
    if (!ja["corrected_query"].is_null()) continue;  // the documented difference
    INFO(texts[i]);
    CHECK(ja["total"] == jb["total"]);
    CHECK(ja["facets"] == jb["facets"]);
    REQUIRE(ja["hits"].size() == jb["hits"].size());
    for (size_t h = 0; h < std::min<size_t>(10, ja["hits"].size()); ++h)
      CHECK(jb["hits"][h]["score"].get<double>() ==
            Approx(ja["hits"][h]["score"].get<double>()).epsilon(1e-9));
  }

  // An article by id and its related articles come from whichever shard holds them, and the
  // related lists are the same.
  // A hundred articles: the related lists of one index and its shards once differed for 3 in
  // 3,000 (Xapian's pruning, see Searcher::Impl::related).
  SearchRequest any;
  any.limit = 100;
  auto first = whole->search(any);
  REQUIRE(first.ok());
  for (const Hit& hit : first->hits) {
    auto a = whole->article(hit.id);
    auto b = sharded->article(hit.id);
    REQUIRE(b.ok());
    CHECK(a->body == b->body);
    auto ra = whole->related(hit.id, 5);
    auto rb = sharded->related(hit.id, 5);
    REQUIRE(rb.ok());
    INFO("related to " << hit.id << ": whole " << hit_list(*ra) << "; shards " << hit_list(*rb));
    check_same_top(*ra, *rb, 5);
  }
}

TEST_CASE("shards: a stopped or hung shard gives a 503 within 5 s - the server recovers",
          "[shards][hardening]") {
  Fixture f(300);
  TestServer server(f.server_options());
  auto client = server.client();
  REQUIRE(client.Get("/api/search?q=vitamin")->status == 200);

  auto timed = [&](const std::string& q) {
    auto started = Clock::now();
    auto r = client.Get(("/api/search?q=" + q).c_str());
    double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    REQUIRE(r);
    return std::make_pair(r->status, seconds);
  };
  // Hung: the server's process stopped, its connections open but silent. After a pause longer
  // than the generation probe's second, the first request's refresh probes the hung shard: it
  // once waited out three timeouts (9 s) there.
  f.two->pause();
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  for (const char* q : {"insulin", "cancer"}) {
    auto [status, seconds] = timed(q);
    CHECK(status == 503);
    CHECK(seconds < 5.0);
  }
  f.two->resume();
  // Gone: connections refused.
  f.two->stop();
  auto [status, seconds] = timed("diabetes");
  CHECK(status == 503);
  CHECK(seconds < 5.0);
  CHECK(client.Get("/healthz")->status == 503);
  // Back: answered again, by itself, within a few seconds.
  f.two->start();
  int answered = 0;
  for (int i = 0; i < 50 && answered < 3; ++i) {
    if (client.Get("/api/search?q=vitamin")->status == 200) ++answered;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(answered == 3);
}

TEST_CASE("shards: rebuilds publish new generations - searches move to them and none fails",
          "[shards]") {
  Fixture f(300);
  TestServer server(f.server_options());
  std::atomic<bool> done{false};
  std::atomic<int> ok{0}, failed{0};
  std::thread visitor([&] {
    auto client = server.client();
    while (!done) {
      auto r = client.Get("/api/search?q=kestrelzebra");
      (r && r->status == 200 ? ok : failed)++;
    }
  });
  // Each rebuild adds an article to the corpus; two rebuilds remove the first generation the
  // shards' servers had open.
  TempDir extra;
  for (int round = 1; round <= 3; ++round) {
    write_file(
        extra / ("z" + std::to_string(round) + ".md"),
        article("title: Kestrelzebra " + std::to_string(round) + "\n", "Kestrelzebra model."));
    f.index_shards({f.dir / "sample.jsonl", extra.path()}, true);
    // The new articles are found within a few seconds.
    auto client = server.client();
    uint64_t found = 0;
    for (int i = 0; i < 60 && found != static_cast<uint64_t>(round); ++i) {
      auto r = client.Get("/api/search?q=kestrelzebra&match=all");
      if (r && r->status == 200) found = nlohmann::json::parse(r->body)["total"];
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(found == static_cast<uint64_t>(round));
  }
  done = true;
  visitor.join();
  CHECK(failed == 0);
  CHECK(ok > 10);
}
