// Per-query search counts in bounded memory: the Space-Saving summary (Metwally, Agrawal and El
// Abbadi, 2005). At most `capacity` queries are tracked; a new query when full replaces the least
// searched one and inherits its count as its possible overestimate (`error`). Every query
// searched more than total/capacity times is tracked, and `searches - error` is a count it
// certainly reached: what the privacy threshold is checked against.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kestrel {

class QueryCounts {
 public:
  struct Entry {
    std::string query;
    uint64_t searches = 0, error = 0, no_results = 0;
    uint64_t certain() const { return searches - error; }
  };

  explicit QueryCounts(size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

  // One search of `query`.
  void add(const std::string& query, bool found);
  // Counts read back from a day file.
  void restore(const Entry& entry);

  // Most searched first.
  std::vector<Entry> entries() const;
  size_t size() const { return counts_.size(); }

 private:
  struct Counts {
    uint64_t searches = 0, error = 0, no_results = 0;
  };
  void reorder(const std::string& query, uint64_t before, uint64_t after);

  size_t capacity_;
  std::unordered_map<std::string, Counts> counts_;
  // (searches, query) for finding the least searched; the pointers are the map's keys, which
  // stay put while their entry exists.
  std::set<std::pair<uint64_t, const std::string*>> by_searches_;
};

}  // namespace kestrel
