// The server's side of search analytics (kestrel/analytics.h): which requests count, and the
// thread that writes the counts to disk every flush interval and once more when the server stops,
// so that a SIGKILL loses at most one interval.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kestrel/analytics.h"
#include "kestrel/searcher.h"

namespace kestrel::http {

// A search counts when it is what a visitor settled on: the full-mode search (the page sends one
// when typing stops or Enter is pressed; as-you-type prefix requests do not count), of the first
// page (paging through results is not searching again), with words in it.
bool counts_as_search(const SearchRequest& request);

class AnalyticsRecorder {
 public:
  // Opens the analytics directory (continuing today's counts) and starts the flushing thread.
  // Warnings about damaged files go to stderr.
  static Result<std::unique_ptr<AnalyticsRecorder>> start(const AnalyticsOptions& options,
                                                          std::chrono::seconds flush_interval);
  // Stops the thread and writes the counts a last time.
  ~AnalyticsRecorder();

  void record(const SearchRequest& request, bool found);
  std::vector<std::string> popular(std::string_view prefix, size_t limit) const;
  std::string normal_form(std::string_view text) const { return analytics_->normal_form(text); }

 private:
  AnalyticsRecorder(std::unique_ptr<SearchAnalytics> analytics, std::chrono::seconds interval);
  void flush_until_stopped();
  void flush();

  std::unique_ptr<SearchAnalytics> analytics_;
  std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace kestrel::http
