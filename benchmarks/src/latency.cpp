#include "latency.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>

namespace kestrel::bench {

nlohmann::json percentiles_json(std::vector<double> millis) {
  if (millis.empty()) return {{"queries", 0}};
  // The samples themselves, for the latency distribution benchmarks/plot draws.
  if (const char* path = std::getenv("KESTREL_LATENCY_SAMPLES")) {
    std::ofstream samples(path);
    for (double ms : millis) samples << ms << "\n";
  }
  std::sort(millis.begin(), millis.end());
  // Nearest-rank percentiles.
  auto at = [&](double p) {
    size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(millis.size())));
    return millis[std::clamp<size_t>(rank, 1, millis.size()) - 1];
  };
  double mean =
      std::accumulate(millis.begin(), millis.end(), 0.0) / static_cast<double>(millis.size());
  return {{"queries", millis.size()},
          {"p50_ms", at(50)},
          {"p95_ms", at(95)},
          {"p99_ms", at(99)},
          {"mean_ms", mean}};
}

}  // namespace kestrel::bench
