// One Searcher per server thread (Xapian handles are not thread-safe), each kept on the newest
// published index revision without a restart.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "kestrel/result.h"
#include "kestrel/searcher.h"
#include "metrics.h"

namespace kestrel::http {

class SearcherPool {
 public:
  SearcherPool(std::string index_dir, Metrics& metrics);

  // This thread's Searcher, switched to a newer revision when the indexer has published one
  // (checked at most every kRefreshInterval: a stat of the stub and Xapian's reopen()). Fails
  // with the reason when there is no usable index; the next call tries again (at most once a
  // second per thread), so the server recovers by itself when a valid index appears.
  Result<Searcher*> acquire();

  static constexpr std::chrono::milliseconds kRefreshInterval{100};

 private:
  void note_revision(const Searcher& searcher);

  std::string index_dir_;
  Metrics& metrics_;
  std::mutex mutex_;
  std::string served_revision_;  // the newest revision any thread has reported
};

}  // namespace kestrel::http
