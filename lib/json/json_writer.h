// Compact JSON written straight into a string, for the responses every search sends. Building
// nlohmann::json's tree of maps and strings and then dumping it was 19.5% of a search request on
// the clinic index (perf, distinct searches over HTTP, 2026-11-27): more than the ranked pass.
// The output is what nlohmann::json::dump() gives for the same tree, as long as the caller writes
// each object's keys in sorted order, as nlohmann's std::map keeps them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kestrel {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // An object member's name; its value follows.
  void key(std::string_view name);

  void string(std::string_view text);          // invalid UTF-8 is replaced, as nlohmann's dump does
  void string_or_null(std::string_view text);  // null when empty
  void number(uint64_t n);
  void number(double x);  // shortest round-trip form; null when not finite
  void boolean(bool b);
  void null();

 private:
  void separate();  // the comma before a value, unless it is the first in its container

  std::string& out_;
  std::vector<bool> first_;  // per open container: no value written in it yet
  bool after_key_ = false;
};

}  // namespace kestrel
