#include "search/snapshot.h"

#include <map>

namespace kestrel {
namespace {

// Snapshots by "generation path@revision". Entries are weak: a revision no Searcher has open
// is freed, and a stale entry is dropped the next time a snapshot is made.
class SnapshotCache {
 public:
  Result<std::shared_ptr<Snapshot>> get(
      const std::string& key, const std::function<Result<std::shared_ptr<Snapshot>>()>& build) {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) {
      if (auto alive = it->second.lock()) return alive;
    }
    Result<std::shared_ptr<Snapshot>> made = build();
    if (!made) return made;
    std::erase_if(cache_, [](const auto& entry) { return entry.second.expired(); });
    cache_[key] = *made;
    return made;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::weak_ptr<Snapshot>> cache_;
};

SnapshotCache& snapshots() {
  static SnapshotCache cache;
  return cache;
}

}  // namespace

Result<std::shared_ptr<Snapshot>> shared_snapshot(
    const std::string& key, const std::function<Result<std::shared_ptr<Snapshot>>()>& build) {
  return snapshots().get(key, build);
}

}  // namespace kestrel
