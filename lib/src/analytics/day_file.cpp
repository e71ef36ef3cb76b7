#include "analytics/day_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace kestrel {
namespace {

constexpr int kFormat = 1;

Error corrupt(const std::string& path, const std::string& what) {
  return Error{ErrorCode::kCorrupt, path + ": " + what};
}

// Writes `data` to `path` and flushes it to the disk.
Status write_synced(const std::string& path, const std::string& data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Error{ErrorCode::kIo, path + ": " + std::strerror(errno)};
  size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string why = std::strerror(errno);
      ::close(fd);
      return Error{ErrorCode::kIo, path + ": " + why};
    }
    written += static_cast<size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  std::string why = synced ? "" : std::strerror(errno);
  ::close(fd);
  if (!synced) return Error{ErrorCode::kIo, path + ": " + why};
  return Status::Ok();
}

}  // namespace

std::string utc_day(std::time_t when) {
  std::tm parts{};
  gmtime_r(&when, &parts);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &parts);
  return day;
}

std::string day_path(const std::string& dir, const std::string& day) {
  return dir + "/" + day + ".json";
}

bool is_day_file(const std::string& name, std::string& day) {
  if (name.size() != 15 || name.compare(10, 5, ".json") != 0) return false;
  for (size_t i = 0; i < 10; ++i) {
    bool dash = i == 4 || i == 7;
    if (dash ? name[i] != '-' : (name[i] < '0' || name[i] > '9')) return false;
  }
  day = name.substr(0, 10);
  return true;
}

Status write_day(const std::string& dir, const DayCounts& counts) {
  nlohmann::json queries = nlohmann::json::array();
  for (const auto& q : counts.queries)
    queries.push_back(nlohmann::json::array({q.query, q.searches, q.error, q.no_results}));
  nlohmann::json file = {{"format", kFormat},
                         {"day", counts.day},
                         {"searches", counts.searches},
                         {"no_results", counts.no_results},
                         {"queries", std::move(queries)}};
  std::string path = day_path(dir, counts.day);
  std::string temporary = path + ".tmp";
  Status written = write_synced(
      temporary, file.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  if (!written) return written;
  if (std::rename(temporary.c_str(), path.c_str()) != 0)
    return Error{ErrorCode::kIo, path + ": " + std::strerror(errno)};
  return Status::Ok();
}

Result<DayCounts> read_day(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kIo, path + ": cannot be read"};
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json file = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!file.is_object()) return corrupt(path, "not a JSON object (truncated or damaged)");
  if (file.value("format", 0) != kFormat) return corrupt(path, "unknown format");
  DayCounts counts;
  auto number = [&](const char* key, uint64_t& out) {
    auto it = file.find(key);
    if (it == file.end() || !it->is_number_unsigned()) return false;
    out = it->get<uint64_t>();
    return true;
  };
  auto day = file.find("day");
  if (day == file.end() || !day->is_string()) return corrupt(path, "no day");
  counts.day = day->get<std::string>();
  if (!number("searches", counts.searches) || !number("no_results", counts.no_results))
    return corrupt(path, "no search counts");
  auto queries = file.find("queries");
  if (queries == file.end() || !queries->is_array()) return corrupt(path, "no query list");
  for (const auto& q : *queries) {
    if (!q.is_array() || q.size() != 4 || !q[0].is_string() || !q[1].is_number_unsigned() ||
        !q[2].is_number_unsigned() || !q[3].is_number_unsigned())
      return corrupt(path, "a query entry is not [text, searches, error, no_results]");
    counts.queries.push_back(QueryCounts::Entry{q[0].get<std::string>(), q[1].get<uint64_t>(),
                                                q[2].get<uint64_t>(), q[3].get<uint64_t>()});
  }
  return counts;
}

}  // namespace kestrel
