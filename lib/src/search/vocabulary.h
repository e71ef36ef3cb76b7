// The corpus's words with their frequencies (from the index's spelling table), sorted, for
// prefix completion and typo correction. Built lazily once per revision; immutable after; share
// between threads.
#pragma once

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kestrel {

class Vocabulary {
 public:
  explicit Vocabulary(const Xapian::Database& db);

  // Up to `limit` words starting with `prefix` (already normalised), most frequent first.
  std::vector<std::string> complete(std::string_view prefix, size_t limit) const;

  // The word the typed `word` (already normalised) was most likely meant to be, within `typos`
  // typos, as Meilisearch counts them: an edit inserts, deletes or replaces one character or
  // swaps two adjacent ones (Damerau's optimal string alignment), and one that changes the first
  // letter counts as two. Fewest typos first, then the most frequent word, then byte order;
  // empty if none. `word` itself is no correction.
  std::string nearest(std::string_view word, unsigned typos) const;

 private:
  class NearestSearch;
  std::vector<std::pair<std::string, Xapian::termcount>> words_;  // sorted by word
};

// The vocabulary of the revision being searched, built on first call: most searches never need
// it, and building it reads the whole spelling table (110 ms on 250k passages).
using VocabularyAccess = std::function<const Vocabulary&()>;

}  // namespace kestrel
