// Kestrel's in-process query latency through the same Searcher the server uses: top 10 with
// exact facet counts and snippets.
//   kestrel-latency INDEX QUERIES MODE [FACET=VALUE]   MODE plain|prefix|any|default
// plain: every word; any: any word with feedback; default: the search box's default (MatchMode
// kAuto). Prints the percentiles as JSON, with the mean total hits.
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "jsonl_input.h"
#include "kestrel/searcher.h"
#include "latency.h"

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::cerr << "usage: kestrel-latency INDEX QUERIES plain|prefix|any|default [FACET=VALUE]\n";
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
  uint64_t total_hits = 0;
  size_t failed = 0;
  for (const auto& query : kestrel::bench::read_queries(argv[2])) {
    request.query = query.text;
    auto started = std::chrono::steady_clock::now();
    auto result = searcher->search(request);
    millis.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
    if (result)
      total_hits += result->total;
    else
      ++failed;
  }
  nlohmann::json out = kestrel::bench::percentiles_json(millis);
  out["mean_total_hits"] =
      millis.empty() ? 0.0 : static_cast<double>(total_hits) / static_cast<double>(millis.size());
  out["failed"] = failed;
  std::cout << out.dump() << "\n";
  return failed ? 1 : 0;
}
