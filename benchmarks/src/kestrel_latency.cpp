// Kestrel's in-process query latency through the same Searcher the server uses, as served: top 10
// with snippets, the total and facet counts bounded as the server counts them.
//   kestrel-latency [--ranker bm25|learned] [--ranking auto|exact|bounded] INDEX QUERIES MODE
//                   [FACET=VALUE]
// MODE plain|prefix|any|default. plain: every word; any: any word with feedback; default: the
// search box's default (MatchMode kAuto). --ranking: the request's RankingPolicy (auto, as
// served; exact for the exhaustive reference). Prints the percentiles as JSON, overall and by
// words per query (1-2, 3-5, 6-14, 15+), with the mean total hits and the share of searches
// ranked in two stages.
#include <chrono>
#include <cstring>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "jsonl_input.h"
#include "kestrel/searcher.h"
#include "latency.h"

namespace {

// The row of RESULTS.md's latency table a query belongs to, by its words.
std::string length_bucket(const std::string& text) {
  std::istringstream words(text);
  size_t count = 0;
  for (std::string word; words >> word;) ++count;
  return count <= 2 ? "1-2" : count <= 5 ? "3-5" : count <= 14 ? "6-14" : "15+";
}

}  // namespace

int main(int argc, char** argv) {
  kestrel::RankingPolicy policy = kestrel::RankingPolicy::kAuto;
  kestrel::Ranker ranker = kestrel::Ranker::kBm25;
  // --ranker and --ranking, in either order, before the positional arguments.
  while (argc > 2 && argv[1][0] == '-' && argv[1][1] == '-') {
    bool parsed = false;
    if (std::strcmp(argv[1], "--ranker") == 0) {
      auto named = kestrel::ranker_named(argv[2]);
      parsed = named.has_value();
      if (named) ranker = *named;
    } else if (std::strcmp(argv[1], "--ranking") == 0) {
      auto named = kestrel::ranking_policy_named(argv[2]);
      parsed = named.has_value();
      if (named) policy = *named;
    }
    if (!parsed) {
      std::cerr << "kestrel-latency: " << argv[1] << " " << argv[2]
                << ": expected --ranker bm25|learned or --ranking auto|exact|bounded\n";
      return 2;
    }
    argc -= 2;
    argv += 2;
  }
  if (argc != 4 && argc != 5) {
    std::cerr << "usage: kestrel-latency [--ranker bm25|learned] [--ranking auto|exact|bounded] "
                 "INDEX QUERIES "
                 "plain|prefix|any|default [FACET=VALUE]\n";
    return 2;
  }
  auto searcher = kestrel::Searcher::open(argv[1]);
  if (!searcher) {
    std::cerr << "kestrel-latency: " << searcher.error().message << "\n";
    return 1;
  }
  std::string mode = argv[3];
  kestrel::SearchRequest request;
  request.mode = mode == "prefix" ? kestrel::QueryMode::kPrefix : kestrel::QueryMode::kFull;
  request.ranking = policy;
  request.ranker = ranker;
  request.match = mode == "any"       ? kestrel::MatchMode::kAnyWord
                  : mode == "default" ? kestrel::MatchMode::kAuto
                                      : kestrel::MatchMode::kAllWords;
  if (argc == 5) {
    std::string filter = argv[4];
    size_t eq = filter.find('=');
    auto facet = kestrel::facet_from_name(filter.substr(0, eq));
    if (eq == std::string::npos || !facet) {
      std::cerr << "kestrel-latency: filter must be condition|route|source=VALUE\n";
      return 2;
    }
    request.filters[static_cast<size_t>(*facet)] = {filter.substr(eq + 1)};
  }
  std::vector<double> millis;
  std::map<std::string, std::vector<double>> by_words;
  uint64_t total_hits = 0;
  size_t failed = 0, bounded = 0;
  for (const auto& query : kestrel::bench::read_queries(argv[2])) {
    request.query = query.text;
    auto started = std::chrono::steady_clock::now();
    auto result = searcher->search(request);
    millis.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
    by_words[length_bucket(query.text)].push_back(millis.back());
    if (result) {
      total_hits += result->total;
      bounded += result->ranking == kestrel::Ranking::kBounded;
    } else {
      ++failed;
    }
  }
  nlohmann::json buckets;
  {
    // Only the whole run's samples go to KESTREL_LATENCY_SAMPLES.
    const char* samples = std::getenv("KESTREL_LATENCY_SAMPLES");
    std::string kept = samples ? samples : "";
    unsetenv("KESTREL_LATENCY_SAMPLES");
    for (auto& [bucket, samples_ms] : by_words)
      buckets[bucket] = kestrel::bench::percentiles_json(samples_ms);
    if (!kept.empty()) setenv("KESTREL_LATENCY_SAMPLES", kept.c_str(), 1);
  }
  nlohmann::json out = kestrel::bench::percentiles_json(millis);
  out["by_words"] = buckets;
  out["bounded_share"] =
      millis.empty() ? 0.0 : static_cast<double>(bounded) / static_cast<double>(millis.size());
  out["mean_total_hits"] =
      millis.empty() ? 0.0 : static_cast<double>(total_hits) / static_cast<double>(millis.size());
  out["failed"] = failed;
  std::cout << out.dump() << "\n";
  return failed ? 1 : 0;
}
