// Spelling suggestions of one index revision, remembered and shared by every thread searching it.
// A word absent from the index asks Xapian's spelling table, which reads the word's n-gram lists
// and scores each candidate's edit distance: 13% of a search on the clinic index for a stream of
// distinct visitor questions (perf, 2026-11-26), most of whose unknown words recur from one
// question to the next. The answer for a word depends only on the revision, so it is computed
// once per revision.
#pragma once

#include <xapian.h>

#include <mutex>
#include <string>
#include <unordered_map>

namespace kestrel {

class SpellingMemo {
 public:
  // Xapian's suggestion for `word` within `edits` edits (empty: none), asking `db` only the first
  // time. `db` is the caller's own handle on the revision this memo belongs to.
  std::string suggest(const Xapian::Database& db, const std::string& word, unsigned edits);

 private:
  // Memory bound: a flood of distinct misspellings empties the memo rather than growing it.
  static constexpr size_t kMaxWords = 50000;
  std::mutex mutex_;
  std::unordered_map<std::string, std::string> suggestions_;  // key: edits, then the word
};

}  // namespace kestrel
