#include "search/spelling_memo.h"

namespace kestrel {

std::string SpellingMemo::suggest(const Xapian::Database& db, const std::string& word,
                                  unsigned edits) {
  std::string key = std::to_string(edits) + word;
  {
    std::lock_guard lock(mutex_);
    if (auto it = suggestions_.find(key); it != suggestions_.end()) return it->second;
  }
  // Asked outside the lock: two threads may both ask for a new word, and agree.
  std::string suggestion = db.get_spelling_suggestion(word, edits);
  std::lock_guard lock(mutex_);
  if (suggestions_.size() >= kMaxWords) suggestions_.clear();
  suggestions_.emplace(std::move(key), suggestion);
  return suggestion;
}

}  // namespace kestrel
