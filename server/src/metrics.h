// Prometheus metrics of the server: requests by route and status, a latency histogram, the
// index's size and revision, and reloads.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "kestrel/searcher.h"
#include "response_cache.h"

namespace kestrel::http {

class Metrics {
 public:
  // `route` is one of a fixed set of names ("search", "suggest", ...), never a raw path, so
  // that hostile URLs cannot grow the series.
  void observe(const std::string& route, int status, double seconds);
  void set_index(uint64_t documents, const std::string& revision);
  void count_reload();
  void count_slow_client();
  // A search that counts as one (analytics_recorder.h's rule), and whether it found nothing.
  void count_search(bool found);
  // A search the engine ran (not answered from the cache), by how it was ranked.
  void count_ranking(Ranking ranking);
  // The text exposition format, version 0.0.4, with the response cache's figures.
  std::string render(const ResponseCache::Counts& cache) const;

 private:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1,    2.5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  uint64_t documents_ = 0;
  std::string revision_;
  uint64_t reloads_ = 0;
  uint64_t slow_clients_ = 0;
  uint64_t searches_ = 0, no_result_searches_ = 0;
  std::array<uint64_t, 2> rankings_{};  // by Ranking
};

}  // namespace kestrel::http
