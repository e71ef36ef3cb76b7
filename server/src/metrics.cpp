#include "metrics.h"

#include <malloc.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define KESTREL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KESTREL_ASAN 1
#endif
#endif
#ifdef KESTREL_ASAN
// From the sanitizer runtime's allocator interface (GCC installs no header for it).
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

#include <cstdio>

namespace kestrel::http {
namespace {

// Resident memory beside the bytes malloc has handed out and not had back: when the first
// grows and the second does not, the growth is the allocator's fragmentation, not a leak.
std::string render_memory() {
  long pages = 0, resident_pages = 0;
  if (FILE* statm = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(statm, "%ld %ld", &pages, &resident_pages) != 2) resident_pages = 0;
    std::fclose(statm);
  }
  // Under AddressSanitizer malloc is ASan's, and glibc's own figures read 0.
#ifdef KESTREL_ASAN
  size_t heap_in_use = __sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 heap = mallinfo2();
  size_t heap_in_use = heap.uordblks + heap.hblkhd;
#endif
  return "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
         "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes " +
         std::to_string(resident_pages * sysconf(_SC_PAGESIZE)) + "\n" +
         "# HELP kestrel_heap_in_use_bytes Bytes allocated with malloc and not yet freed.\n"
         "# TYPE kestrel_heap_in_use_bytes gauge\nkestrel_heap_in_use_bytes " +
         std::to_string(heap_in_use) + "\n";
}

}  // namespace

void Metrics::observe(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::set_index(uint64_t documents, const std::string& revision) {
  std::lock_guard lock(mutex_);
  documents_ = documents;
  revision_ = revision;
}

void Metrics::count_reload() {
  std::lock_guard lock(mutex_);
  ++reloads_;
}

void Metrics::count_slow_client() {
  std::lock_guard lock(mutex_);
  ++slow_clients_;
}

void Metrics::count_search(bool found) {
  std::lock_guard lock(mutex_);
  ++searches_;
  if (!found) ++no_result_searches_;
}

void Metrics::count_ranking(Ranking ranking) {
  std::lock_guard lock(mutex_);
  ++rankings_[static_cast<size_t>(ranking)];
}

std::string Metrics::render(const ResponseCache::Counts& cache) const {
  std::lock_guard lock(mutex_);
  std::string out;
  char line[256];
  out +=
      "# HELP kestrel_http_requests_total HTTP requests answered, by route and status.\n"
      "# TYPE kestrel_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    std::snprintf(line, sizeof line,
                  "kestrel_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
                  key.first.c_str(), key.second, static_cast<unsigned long long>(count));
    out += line;
  }
  out +=
      "# HELP kestrel_http_request_duration_seconds Time from request parsed to response ready.\n"
      "# TYPE kestrel_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      std::snprintf(line, sizeof line,
                    "kestrel_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                    route.c_str(), kBuckets[i], static_cast<unsigned long long>(h.buckets[i]));
      out += line;
    }
    std::snprintf(line, sizeof line,
                  "kestrel_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n"
                  "kestrel_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                  "kestrel_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                  route.c_str(), static_cast<unsigned long long>(h.count), route.c_str(), h.sum,
                  route.c_str(), static_cast<unsigned long long>(h.count));
    out += line;
  }
  auto single = [&out](const char* name, const char* type, const char* help, uint64_t value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
           name + " " + std::to_string(value) + "\n";
  };
  single("kestrel_index_documents", "gauge", "Documents in the index being served.", documents_);
  single("kestrel_index_reloads_total", "counter",
         "Newer index revisions picked up without a restart.", reloads_);
  single("kestrel_http_slow_clients_total", "counter",
         "Connections cut off for sending a request too slowly.", slow_clients_);
  single("kestrel_searches_total", "counter",
         "Searches visitors settled on (full mode, first page, with words).", searches_);
  single("kestrel_searches_no_results_total", "counter",
         "Of those, searches that found no article.", no_result_searches_);
  out +=
      "# HELP kestrel_search_rankings_total Searches /api/search ran (not from the cache), by "
      "ranking: "
      "exhaustive, or bounded (two stages: a long question on a large index).\n"
      "# TYPE kestrel_search_rankings_total counter\n";
  for (Ranking ranking : {Ranking::kExhaustive, Ranking::kBounded}) {
    out += "kestrel_search_rankings_total{ranking=\"" + ranking_name(ranking) + "\"} " +
           std::to_string(rankings_[static_cast<size_t>(ranking)]) + "\n";
  }
  out +=
      "# HELP kestrel_index_info The index revision being served.\n# TYPE kestrel_index_info "
      "gauge\n";
  out += "kestrel_index_info{revision=\"" + revision_ + "\"} 1\n";
  out +=
      "# HELP kestrel_search_cache_requests_total Searches answered from the response cache (hit) "
      "or not (miss).\n"
      "# TYPE kestrel_search_cache_requests_total counter\n"
      "kestrel_search_cache_requests_total{result=\"hit\"} " +
      std::to_string(cache.hits) +
      "\n"
      "kestrel_search_cache_requests_total{result=\"miss\"} " +
      std::to_string(cache.misses) + "\n";
  single("kestrel_search_cache_entries", "gauge", "Responses held by the response cache.",
         cache.entries);
  single("kestrel_search_cache_bytes", "gauge", "Memory held by the response cache.", cache.bytes);
  out += render_memory();
  return out;
}

}  // namespace kestrel::http
