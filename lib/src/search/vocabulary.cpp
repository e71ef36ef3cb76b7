#include "search/vocabulary.h"

#include <algorithm>

namespace kestrel {

Vocabulary::Vocabulary(const Xapian::Database& db) {
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    words_.emplace_back(*it, it.get_termfreq());
  }
  // The spelling table iterates in byte order already; sorting again is cheap insurance.
  std::sort(words_.begin(), words_.end());
}

std::vector<std::string> Vocabulary::complete(std::string_view prefix, size_t limit) const {
  auto first =
      std::lower_bound(words_.begin(), words_.end(), prefix,
                       [](const auto& entry, std::string_view p) { return entry.first < p; });
  std::vector<const std::pair<std::string, Xapian::termcount>*> matches;
  for (auto it = first; it != words_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it) {
    matches.push_back(&*it);
  }
  size_t n = std::min(limit, matches.size());
  std::partial_sort(matches.begin(), matches.begin() + n, matches.end(),
                    [](const auto* a, const auto* b) {
                      return a->second != b->second ? a->second > b->second : a->first < b->first;
                    });
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(matches[i]->first);
  return out;
}

}  // namespace kestrel
