#include "kestrel/analytics.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "analytics/day_file.h"
#include "analytics/query_counts.h"
#include "kestrel/analyzer.h"

namespace kestrel {
namespace {

namespace fs = std::filesystem;

// Popular suggestions look this far back.
constexpr unsigned kPopularDays = 30;
// At most this many popular queries are kept for suggestions.
constexpr size_t kMaxPopular = 2000;

struct Sum {
  uint64_t searches = 0, found = 0;
};

// Day files of `dir` from `first_day` to `last_day` (inclusive, as text: ISO dates sort), oldest
// first; damaged ones named in `warnings`.
std::vector<DayCounts> read_days(const std::string& dir, const std::string& first_day,
                                 const std::string& last_day, std::vector<std::string>& warnings) {
  std::vector<std::string> days;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string day;
    if (is_day_file(entry.path().filename().string(), day) && day >= first_day && day <= last_day)
      days.push_back(day);
  }
  std::sort(days.begin(), days.end());
  std::vector<DayCounts> out;
  for (const std::string& day : days) {
    Result<DayCounts> counts = read_day(day_path(dir, day));
    if (counts)
      out.push_back(std::move(counts).value());
    else
      warnings.push_back(counts.error().message + " (skipped)");
  }
  return out;
}

std::string day_before(const std::string& day, unsigned days) {
  std::tm parts{};
  parts.tm_year = std::stoi(day.substr(0, 4)) - 1900;
  parts.tm_mon = std::stoi(day.substr(5, 2)) - 1;
  parts.tm_mday = std::stoi(day.substr(8, 2));
  return utc_day(timegm(&parts) - static_cast<std::time_t>(days) * 86400);
}

std::string normalised(Analyzer& analyzer, std::string_view text) {
  std::vector<Token> tokens;
  analyzer.analyze(text.substr(0, 1024), 0, tokens);
  std::string out;
  for (const Token& token : tokens) {
    if (token.kind == TokenKind::kCompoundJoin) continue;
    if (!out.empty()) out += ' ';
    out += token.word;
  }
  return out;
}

}  // namespace

std::string normal_query(std::string_view text) {
  Analyzer analyzer;
  return normalised(analyzer, text);
}

struct SearchAnalytics::Impl {
  AnalyticsOptions options;
  // One analyzer for every thread's queries, behind its own lock: a thread-local one in each of
  // the server's threads would each grow a stem cache of its own.
  std::mutex analyzer_mutex;
  Analyzer analyzer;
  mutable std::mutex mutex;
  std::string today;
  QueryCounts counts;
  uint64_t today_searches = 0, today_no_results = 0;
  std::unordered_map<std::string, Sum> past;  // the kPopularDays before today
  std::vector<std::pair<std::string, uint64_t>> popular;
  std::vector<std::string> warnings;
  std::atomic<uint64_t> process_searches{0}, process_no_results{0};

  explicit Impl(const AnalyticsOptions& o) : options(o), counts(o.max_queries) {}

  std::string normal(std::string_view text) {
    std::lock_guard lock(analyzer_mutex);
    return normalised(analyzer, text);
  }

  void load_past() {
    past.clear();
    for (const DayCounts& day :
         read_days(options.dir, day_before(today, kPopularDays), day_before(today, 1), warnings)) {
      for (const auto& q : day.queries) {
        Sum& sum = past[q.query];
        sum.searches += q.certain();
        sum.found += q.certain() - std::min(q.certain(), q.no_results);
      }
    }
  }

  // Often searched and often found: past days plus today.
  void rebuild_popular() {
    std::unordered_map<std::string, Sum> all = past;
    for (const auto& q : counts.entries()) {
      Sum& sum = all[q.query];
      sum.searches += q.certain();
      sum.found += q.certain() - std::min(q.certain(), q.no_results);
    }
    popular.clear();
    for (const auto& [query, sum] : all) {
      if (sum.searches >= options.min_searches && sum.found >= options.min_searches)
        popular.emplace_back(query, sum.searches);
    }
    std::sort(popular.begin(), popular.end(), [](const auto& a, const auto& b) {
      return a.second > b.second || (a.second == b.second && a.first < b.first);
    });
    if (popular.size() > kMaxPopular) popular.resize(kMaxPopular);
  }

  Status write_today() {
    DayCounts day{today, today_searches, today_no_results, counts.entries()};
    return write_day(options.dir, day);
  }

  // Deletes day files older than keep_days.
  void prune() {
    std::string oldest = day_before(today, options.keep_days);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(options.dir, ec)) {
      std::string day;
      if (is_day_file(entry.path().filename().string(), day) && day < oldest)
        fs::remove(entry.path(), ec);
    }
  }

  // After midnight (UTC): the finished day is written and today starts from zero.
  Status roll_over(const std::string& now) {
    if (now == today) return Status::Ok();
    Status written = write_today();
    today = now;
    counts = QueryCounts(options.max_queries);
    today_searches = today_no_results = 0;
    load_past();
    rebuild_popular();
    return written;
  }
};

Result<std::unique_ptr<SearchAnalytics>> SearchAnalytics::open(const AnalyticsOptions& options) {
  std::error_code ec;
  fs::create_directories(options.dir, ec);
  if (ec || !fs::is_directory(options.dir))
    return Error{ErrorCode::kIo, options.dir + ": cannot create the analytics directory"};
  auto impl = std::make_unique<Impl>(options);
  impl->today = utc_day(std::time(nullptr));
  std::string path = day_path(options.dir, impl->today);
  if (fs::exists(path)) {
    Result<DayCounts> day = read_day(path);
    if (day) {
      impl->today_searches = day->searches;
      impl->today_no_results = day->no_results;
      for (const auto& q : day->queries) impl->counts.restore(q);
    } else {
      // Kept aside for a person to look at; today's counts start again.
      fs::rename(path, path + ".damaged", ec);
      impl->warnings.push_back(day.error().message + " (kept as " + path + ".damaged)");
    }
  }
  impl->load_past();
  impl->rebuild_popular();
  return std::unique_ptr<SearchAnalytics>(new SearchAnalytics(std::move(impl)));
}

SearchAnalytics::SearchAnalytics(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SearchAnalytics::~SearchAnalytics() = default;

std::string SearchAnalytics::normal_form(std::string_view text) const {
  return impl_->normal(text);
}

void SearchAnalytics::record(std::string_view text, bool found) {
  std::string query = impl_->normal(text);
  if (query.empty()) return;
  impl_->process_searches.fetch_add(1, std::memory_order_relaxed);
  if (!found) impl_->process_no_results.fetch_add(1, std::memory_order_relaxed);
  std::string now = utc_day(std::time(nullptr));
  std::lock_guard lock(impl_->mutex);
  if (now != impl_->today) (void)impl_->roll_over(now);  // a failed write is retried by flush()
  impl_->counts.add(query, found);
  ++impl_->today_searches;
  if (!found) ++impl_->today_no_results;
}

Status SearchAnalytics::flush() {
  std::lock_guard lock(impl_->mutex);
  Status rolled = impl_->roll_over(utc_day(std::time(nullptr)));
  Status written = impl_->write_today();
  impl_->prune();
  impl_->rebuild_popular();
  return !rolled ? rolled : written;
}

std::vector<std::string> SearchAnalytics::popular(std::string_view prefix, size_t limit) const {
  std::string start = impl_->normal(prefix);
  // A trailing space typed after a word is part of what the visitor typed.
  if (!start.empty() && !prefix.empty() && prefix.back() == ' ') start += ' ';
  std::vector<std::string> out;
  std::lock_guard lock(impl_->mutex);
  for (const auto& [query, searches] : impl_->popular) {
    if (out.size() >= limit) break;
    if (query.compare(0, start.size(), start) == 0 && query != start) out.push_back(query);
  }
  return out;
}

uint64_t SearchAnalytics::searches() const {
  return impl_->process_searches.load();
}
uint64_t SearchAnalytics::no_results() const {
  return impl_->process_no_results.load();
}

std::vector<std::string> SearchAnalytics::warnings() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->warnings;
}

Result<AnalyticsReport> read_analytics(const std::string& dir, unsigned days, unsigned min_searches,
                                       size_t top, std::vector<std::string>& warnings) {
  if (!fs::is_directory(dir)) return Error{ErrorCode::kNotFound, dir + ": no analytics here"};
  std::string today = utc_day(std::time(nullptr));
  AnalyticsReport report;
  std::unordered_map<std::string, QueryStat> queries;
  for (const DayCounts& day :
       read_days(dir, day_before(today, days > 0 ? days - 1 : 0), today, warnings)) {
    if (report.first_day.empty()) report.first_day = day.day;
    report.last_day = day.day;
    report.searches += day.searches;
    report.no_results += day.no_results;
    report.days.push_back({day.day, day.searches, day.no_results});
    for (const auto& q : day.queries) {
      QueryStat& stat = queries[q.query];
      stat.query = q.query;
      stat.searches += q.certain();
      stat.no_results += std::min(q.certain(), q.no_results);
    }
  }
  for (auto& [query, stat] : queries) {
    if (stat.searches < min_searches) continue;
    report.top.push_back(stat);
    if (stat.no_results > 0) report.top_no_results.push_back(stat);
  }
  auto by = [](uint64_t QueryStat::*field) {
    return [field](const QueryStat& a, const QueryStat& b) {
      return a.*field > b.*field || (a.*field == b.*field && a.query < b.query);
    };
  };
  std::sort(report.top.begin(), report.top.end(), by(&QueryStat::searches));
  std::sort(report.top_no_results.begin(), report.top_no_results.end(), by(&QueryStat::no_results));
  if (report.top.size() > top) report.top.resize(top);
  if (report.top_no_results.size() > top) report.top_no_results.resize(top);
  return report;
}

}  // namespace kestrel
