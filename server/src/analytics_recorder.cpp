#include "analytics_recorder.h"

#include <cstdio>

namespace kestrel::http {

bool counts_as_search(const SearchRequest& request) {
  return request.mode == QueryMode::kFull && request.offset == 0 &&
         request.query.find_first_not_of(" \t\r\n") != std::string::npos;
}

Result<std::unique_ptr<AnalyticsRecorder>> AnalyticsRecorder::start(
    const AnalyticsOptions& options, std::chrono::seconds flush_interval) {
  Result<std::unique_ptr<SearchAnalytics>> analytics = SearchAnalytics::open(options);
  if (!analytics) return analytics.error();
  for (const std::string& warning : (*analytics)->warnings())
    std::fprintf(stderr, "kestrel-server: analytics: %s\n", warning.c_str());
  return std::unique_ptr<AnalyticsRecorder>(
      new AnalyticsRecorder(std::move(analytics).value(), flush_interval));
}

AnalyticsRecorder::AnalyticsRecorder(std::unique_ptr<SearchAnalytics> analytics,
                                     std::chrono::seconds interval)
    : analytics_(std::move(analytics)), interval_(interval) {
  flusher_ = std::thread([this] { flush_until_stopped(); });
}

AnalyticsRecorder::~AnalyticsRecorder() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  flusher_.join();
  flush();
}

void AnalyticsRecorder::flush_until_stopped() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    flush();
    lock.lock();
  }
}

void AnalyticsRecorder::flush() {
  Status flushed = analytics_->flush();
  if (!flushed)
    std::fprintf(stderr, "kestrel-server: analytics: %s\n", flushed.error().message.c_str());
}

void AnalyticsRecorder::record(const SearchRequest& request, bool found) {
  if (counts_as_search(request)) analytics_->record(request.query, found);
}

std::vector<std::string> AnalyticsRecorder::popular(std::string_view prefix, size_t limit) const {
  return analytics_->popular(prefix, limit);
}

}  // namespace kestrel::http
