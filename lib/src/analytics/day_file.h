// One day's search counts on disk: DIR/YYYY-MM-DD.json. Written to a temporary file beside it,
// flushed to disk, then renamed over the old one, so a crash leaves the previous version or the
// new one, never half of either.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "analytics/query_counts.h"
#include "kestrel/result.h"

namespace kestrel {

struct DayCounts {
  std::string day;  // YYYY-MM-DD, UTC
  uint64_t searches = 0, no_results = 0;
  std::vector<QueryCounts::Entry> queries;  // most searched first
};

// "YYYY-MM-DD" of `when`, in UTC.
std::string utc_day(std::time_t when);

// DIR/DAY.json
std::string day_path(const std::string& dir, const std::string& day);

// Whether `name` is a day file's name (YYYY-MM-DD.json); sets `day`.
bool is_day_file(const std::string& name, std::string& day);

Status write_day(const std::string& dir, const DayCounts& counts);

// kCorrupt, naming the file and what is wrong, when it is not a day file write_day wrote
// (truncated, edited, another format); kIo when it cannot be read.
Result<DayCounts> read_day(const std::string& path);

}  // namespace kestrel
