// What visitors search for, counted without keeping anything that could identify a person.
//
// Counted per day (UTC): searches, searches that found nothing, and per query (in the analyzer's
// normal form, so "PTSD " and "ptsd" are one) its searches and its searches that found nothing.
// Never kept: addresses, cookies, user agents, times finer than the day, anything per visitor.
// A query is shown only once it was searched at least `min_searches` times (guaranteed, not
// estimated), so a query typed once by one person never appears.
//
// Memory is bounded by a Space-Saving summary of `max_queries` entries per day; disk by
// `keep_days` day files. Each day is one JSON file, DIR/YYYY-MM-DD.json, replaced atomically
// (written beside it, then renamed) by flush(); a damaged file is reported and skipped, never
// fatal, and kept aside rather than overwritten.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kestrel/result.h"

namespace kestrel {

struct AnalyticsOptions {
  std::string dir;
  unsigned min_searches = 3;   // K: a query is shown once searched this often
  size_t max_queries = 10000;  // distinct queries tracked per day
  unsigned keep_days = 90;     // day files older than this are deleted
};

struct QueryStat {
  std::string query;  // normal form
  uint64_t searches = 0, no_results = 0;
};

struct DayStat {
  std::string day;  // YYYY-MM-DD
  uint64_t searches = 0, no_results = 0;
};

struct AnalyticsReport {
  std::string first_day, last_day;  // the days with a file, in the period
  uint64_t searches = 0, no_results = 0;
  std::vector<DayStat> days;              // every day with a file, ascending
  std::vector<QueryStat> top;             // by searches, at least min_searches each
  std::vector<QueryStat> top_no_results;  // queries shown above that found nothing, by that count
};

// The analyzer's normal form of a query: its words lower-cased, accents removed, joined by one
// space ("  PTSD, Ketamine " -> "ptsd ketamine"). Empty for a query with no words.
std::string normal_query(std::string_view text);

// Thread-safe: the server's threads record into one.
class SearchAnalytics {
 public:
  // Creates the directory if needed and continues today's counts from today's file. A damaged
  // file of today is renamed *.damaged and reported in warnings(); today starts afresh.
  static Result<std::unique_ptr<SearchAnalytics>> open(const AnalyticsOptions& options);
  ~SearchAnalytics();

  // normal_query(text), with the analyzer this object keeps (cheaper than a new one a call).
  std::string normal_form(std::string_view text) const;

  // One search of `text` (normalised here) that found `found` articles or not.
  void record(std::string_view text, bool found);

  // Writes today's counts (and a finished day's, after midnight) atomically and deletes day files
  // older than keep_days.
  Status flush();

  // Queries visitors often searched (at least min_searches times) and that found results,
  // beginning with `prefix` (normal form), most searched first.
  std::vector<std::string> popular(std::string_view prefix, size_t limit) const;

  // Since the process started, for /metrics.
  uint64_t searches() const;
  uint64_t no_results() const;

  std::vector<std::string> warnings() const;

 private:
  struct Impl;
  explicit SearchAnalytics(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The last `days` days (UTC, today included) of `dir`'s files, summed. Damaged files are skipped
// and named in `warnings`. kNotFound when the directory does not exist.
Result<AnalyticsReport> read_analytics(const std::string& dir, unsigned days, unsigned min_searches,
                                       size_t top, std::vector<std::string>& warnings);

}  // namespace kestrel
