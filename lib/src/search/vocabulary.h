// The corpus's words with their frequencies (from the index's spelling table), sorted, for
// prefix completion. Built lazily once per revision; immutable after; share between threads.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace kestrel {

class Vocabulary {
 public:
  explicit Vocabulary(const Xapian::Database& db);

  // Up to `limit` words starting with `prefix` (already normalised), most frequent first.
  std::vector<std::string> complete(std::string_view prefix, size_t limit) const;

 private:
  std::vector<std::pair<std::string, Xapian::termcount>> words_;  // sorted by word
};

}  // namespace kestrel
