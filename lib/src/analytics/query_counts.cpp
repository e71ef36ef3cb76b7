#include "analytics/query_counts.h"

#include <algorithm>

namespace kestrel {

void QueryCounts::reorder(const std::string& query, uint64_t before, uint64_t after) {
  const std::string* key = &counts_.find(query)->first;
  by_searches_.erase({before, key});
  by_searches_.insert({after, key});
}

void QueryCounts::add(const std::string& query, bool found) {
  auto it = counts_.find(query);
  if (it == counts_.end() && counts_.size() >= capacity_) {
    // Replace the least searched query; the newcomer may have been one of its searches.
    auto least = by_searches_.begin();
    uint64_t floor = least->first;
    std::string evicted = *least->second;
    by_searches_.erase(least);
    counts_.erase(evicted);
    it = counts_.emplace(query, Counts{floor, floor, 0}).first;
    by_searches_.insert({floor, &it->first});
  } else if (it == counts_.end()) {
    it = counts_.emplace(query, Counts{}).first;
    by_searches_.insert({0, &it->first});
  }
  Counts& counts = it->second;
  reorder(query, counts.searches, counts.searches + 1);
  ++counts.searches;
  if (!found) ++counts.no_results;
}

void QueryCounts::restore(const Entry& entry) {
  if (entry.query.empty() || counts_.count(entry.query) || counts_.size() >= capacity_) return;
  auto it = counts_
                .emplace(entry.query, Counts{entry.searches, std::min(entry.error, entry.searches),
                                             std::min(entry.no_results, entry.searches)})
                .first;
  by_searches_.insert({it->second.searches, &it->first});
}

std::vector<QueryCounts::Entry> QueryCounts::entries() const {
  std::vector<Entry> out;
  out.reserve(counts_.size());
  for (auto it = by_searches_.rbegin(); it != by_searches_.rend(); ++it) {
    const Counts& c = counts_.at(*it->second);
    out.push_back(Entry{*it->second, c.searches, c.error, c.no_results});
  }
  return out;
}

}  // namespace kestrel
