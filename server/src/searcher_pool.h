// One Searcher per server thread (Xapian handles are not thread-safe), each kept on the newest
// published index revision without a restart.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "kestrel/result.h"
#include "kestrel/searcher.h"
#include "metrics.h"

namespace kestrel::http {

class SearcherPool {
 public:
  // `on_new_revision` runs once for each newer revision, on the first thread that switches to it.
  // `ranker_model`: the learned ranker's model file each Searcher loads (empty: the built-in one).
  SearcherPool(IndexSource source, Metrics& metrics, std::function<void()> on_new_revision = {},
               std::string ranker_model = {});

  // This thread's Searcher, switched to a newer revision when the indexer has published one
  // (checked at most every kRefreshInterval: a stat of the stub and Xapian's reopen()). Fails
  // with the reason when there is no usable index; the next call tries again (at most once a
  // second per thread, at once when another thread has found a usable index since), so the server
  // recovers by itself when a valid index appears.
  Result<Searcher*> acquire();

  static constexpr std::chrono::milliseconds kRefreshInterval{100};

 private:
  // Called by a thread that has just opened the index or switched to a newer revision.
  void note_revision(const Searcher& searcher);

  IndexSource source_;
  std::string ranker_model_;
  Metrics& metrics_;
  std::function<void()> on_new_revision_;
  std::mutex mutex_;
  std::string served_revision_;     // the newest revision any thread has reported
  std::atomic<uint64_t> found_{0};  // indexes opened, or newer revisions switched to, by any thread
};

}  // namespace kestrel::http
