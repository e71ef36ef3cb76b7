// Search analytics: counts per normal form, the privacy threshold, bounded memory and files,
// restarts, damaged files.
#include "kestrel/analytics.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "analytics/day_file.h"
#include "analytics/query_counts.h"
#include "test_support.h"

using namespace kestrel;
using kestrel::testing::TempDir;
using kestrel::testing::write_file;
namespace fs = std::filesystem;

namespace {

size_t day_files(const std::string& dir) {
  size_t n = 0;
  std::string day;
  for (const auto& entry : fs::directory_iterator(dir))
    if (is_day_file(entry.path().filename().string(), day)) ++n;
  return n;
}

AnalyticsReport report_of(const std::string& dir, std::vector<std::string>* warnings = nullptr) {
  std::vector<std::string> ignored;
  auto report = read_analytics(dir, 7, 3, 100, warnings ? *warnings : ignored);
  REQUIRE(report.ok());
  return std::move(report).value();
}

}  // namespace

TEST_CASE("analytics: queries are counted in the analyzer's normal form", "[analytics]") {
  struct Row {
    const char* typed;
    const char* normal;
  };
  const Row table[] = {
      {"PTSD", "ptsd"},
      {"  ptsd ", "ptsd"},
      {"Ketamine, PTSD!", "ketamine ptsd"},
      {"post-traumatic stress", "post traumatic stress"},
      {"G\xC3\xA9n\xC3\xA9ralis\xC3\xA9", "generalise"},
      {"???", ""},
  };
  for (const Row& row : table) {
    INFO(row.typed);
    CHECK(normal_query(row.typed) == row.normal);
  }
}

TEST_CASE("analytics: Space-Saving keeps the heavy queries within its capacity", "[analytics]") {
  QueryCounts counts(100);
  std::mt19937 random(7);
  // 100,000 distinct random queries, each searched once, with two heavy ones among them.
  for (int i = 0; i < 100000; ++i) {
    counts.add("q" + std::to_string(random()), true);
    if (i % 40 == 0) counts.add("ketamine", true);       // 2,500 searches
    if (i % 80 == 0) counts.add("nothing here", false);  // 1,250 searches, none found
  }
  CHECK(counts.size() == 100);
  auto entries = counts.entries();
  REQUIRE(entries.size() == 100);
  // Space-Saving keeps every query searched more than total / capacity (1,038) times, and its
  // count is off by at most that much, upwards only.
  auto find = [&](const std::string& q) {
    return std::find_if(entries.begin(), entries.end(),
                        [&](const auto& e) { return e.query == q; });
  };
  REQUIRE(find("ketamine") != entries.end());
  CHECK(find("ketamine")->certain() <= 2500);
  CHECK(find("ketamine")->searches >= 2500);
  CHECK(find("ketamine")->error <= 1038);
  REQUIRE(find("nothing here") != entries.end());
  CHECK(find("nothing here")->searches >= 1250);
  CHECK(find("nothing here")->no_results <= 1250);
  // A query searched once may inherit a high count, but is certain of one search only.
  for (const auto& e : entries) {
    if (e.query != "ketamine" && e.query != "nothing here") CHECK(e.certain() == 1);
  }
  CHECK(std::is_sorted(entries.begin(), entries.end(),
                       [](const auto& a, const auto& b) { return a.searches > b.searches; }));
}

TEST_CASE("analytics: a burst of searches, the threshold, and a restart", "[analytics]") {
  TempDir dir;
  AnalyticsOptions options{dir / "a", 3, 1000, 90};
  {
    auto analytics = SearchAnalytics::open(options);
    REQUIRE(analytics.ok());
    for (int i = 0; i < 5; ++i) (*analytics)->record("Ketamine PTSD", true);
    for (int i = 0; i < 3; ++i) (*analytics)->record(" ketamine,  ptsd", true);
    for (int i = 0; i < 4; ++i) (*analytics)->record("esketamine nasal", false);
    (*analytics)->record("my name and my rare symptom", true);  // once: never shown
    (*analytics)->record("twice", false);
    (*analytics)->record("twice", false);
    (*analytics)->record("", true);  // nothing to count
    CHECK((*analytics)->searches() == 15);
    CHECK((*analytics)->no_results() == 6);
    REQUIRE((*analytics)->flush().ok());
  }
  CHECK(day_files(dir / "a") == 1);
  AnalyticsReport report = report_of(dir / "a");
  CHECK(report.searches == 15);
  CHECK(report.no_results == 6);
  REQUIRE(report.top.size() == 2);
  CHECK(report.top[0].query == "ketamine ptsd");
  CHECK(report.top[0].searches == 8);
  CHECK(report.top[1].query == "esketamine nasal");
  REQUIRE(report.top_no_results.size() == 1);
  CHECK(report.top_no_results[0].query == "esketamine nasal");
  CHECK(report.top_no_results[0].no_results == 4);

  // A restart continues today's counts.
  auto again = SearchAnalytics::open(options);
  REQUIRE(again.ok());
  (*again)->record("twice", false);
  REQUIRE((*again)->flush().ok());
  report = report_of(dir / "a");
  CHECK(report.searches == 16);
  REQUIRE(report.top.size() == 3);
  CHECK(report.top_no_results[0].query == "esketamine nasal");
  CHECK(report.top_no_results[1].query == "twice");
  CHECK(report.top_no_results[1].no_results == 3);
}

TEST_CASE("analytics: popular queries that found results complete what is typed", "[analytics]") {
  TempDir dir;
  auto analytics = SearchAnalytics::open(AnalyticsOptions{dir / "a", 3, 1000, 90});
  REQUIRE(analytics.ok());
  for (int i = 0; i < 6; ++i) (*analytics)->record("ketamine ptsd", true);
  for (int i = 0; i < 4; ++i) (*analytics)->record("ketamine ocd", true);
  for (int i = 0; i < 9; ++i) (*analytics)->record("ketamine nasal spray", false);  // finds nothing
  for (int i = 0; i < 2; ++i) (*analytics)->record("ketamine depression", true);    // too rare
  REQUIRE((*analytics)->flush().ok());
  CHECK((*analytics)->popular("Ket", 8) ==
        std::vector<std::string>{"ketamine ptsd", "ketamine ocd"});
  CHECK((*analytics)->popular("ketamine o", 8) == std::vector<std::string>{"ketamine ocd"});
  CHECK((*analytics)->popular("ketamine ptsd", 8).empty());  // nothing to complete
  CHECK((*analytics)->popular("ocd", 8).empty());
}

TEST_CASE("analytics: damaged files are reported and skipped, old days deleted", "[analytics]") {
  TempDir dir;
  std::string a = dir / "a";
  fs::create_directories(a);
  std::string today = utc_day(std::time(nullptr));
  std::string yesterday = utc_day(std::time(nullptr) - 86400);
  REQUIRE(write_day(a, DayCounts{yesterday, 7, 1, {{"ketamine", 7, 0, 1}}}).ok());
  // Today's file cut off in the middle of a write by something other than Kestrel.
  write_file(day_path(a, today), "{\"format\":1,\"day\":\"" + today + "\",\"searches\":4");
  // Files far older than keep_days.
  for (int d = 100; d < 105; ++d)
    REQUIRE(write_day(a, DayCounts{utc_day(std::time(nullptr) - d * 86400), 1, 0, {}}).ok());

  auto analytics = SearchAnalytics::open(AnalyticsOptions{a, 3, 1000, 90});
  REQUIRE(analytics.ok());
  REQUIRE((*analytics)->warnings().size() == 1);
  CHECK_THAT((*analytics)->warnings()[0],
             Catch::Contains("not a JSON object") && Catch::Contains(".damaged"));
  CHECK(fs::exists(day_path(a, today) + ".damaged"));
  (*analytics)->record("ketamine", true);
  REQUIRE((*analytics)->flush().ok());
  CHECK(day_files(a) == 2);  // yesterday and today; the old ones are gone

  // A damaged day in the period is named and skipped; the others still count.
  write_file(day_path(a, yesterday), "[]");
  std::vector<std::string> warnings;
  AnalyticsReport report = report_of(a, &warnings);
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Catch::Contains(yesterday) && Catch::Contains("skipped"));
  CHECK(report.searches == 1);
  CHECK(read_analytics(dir / "none", 7, 3, 10, warnings).error().code == ErrorCode::kNotFound);
}

TEST_CASE("analytics: 100,000 distinct random queries stay within the memory and file bounds",
          "[analytics]") {
  TempDir dir;
  auto analytics = SearchAnalytics::open(AnalyticsOptions{dir / "a", 3, 500, 90});
  REQUIRE(analytics.ok());
  std::mt19937 random(11);
  for (int i = 0; i < 100000; ++i) {
    (*analytics)->record("symptom " + std::to_string(random()), i % 2 == 0);
    if (i % 10000 == 0) REQUIRE((*analytics)->flush().ok());
  }
  REQUIRE((*analytics)->flush().ok());
  CHECK(day_files(dir / "a") == 1);
  Result<DayCounts> today = read_day(day_path(dir / "a", utc_day(std::time(nullptr))));
  REQUIRE(today.ok());
  CHECK(today->searches == 100000);
  CHECK(today->queries.size() == 500);  // the summary's capacity, not one entry per query
  CHECK(fs::file_size(day_path(dir / "a", utc_day(std::time(nullptr)))) < 64 * 1024);
  // None of them was searched three times, so none is ever shown.
  AnalyticsReport report = report_of(dir / "a");
  CHECK(report.top.empty());
  CHECK(report.top_no_results.empty());
  CHECK((*analytics)->popular("symptom", 8).empty());
}
