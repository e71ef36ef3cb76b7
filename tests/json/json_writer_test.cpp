// The JSON writer gives what nlohmann::json::dump() gives for the same values, which the search
// responses relied on before they were written directly.
#include "json_writer.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

using namespace kestrel;

namespace {

std::string nlohmann_dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string written_string(std::string_view text) {
  std::string out;
  JsonWriter(out).string(text);
  return out;
}

std::string written_number(double x) {
  std::string out;
  JsonWriter(out).number(x);
  return out;
}

}  // namespace

TEST_CASE("json writer: strings are escaped as nlohmann escapes them", "[json]") {
  const char* texts[] = {
      "",
      "plain words",
      "quote \" and backslash \\",
      "tab\tnew line\ncarriage\rform\fback\b",
      "control \x01 \x1f and delete \x7f",
      "non-ASCII kept as it is: café, 氯胺酮, 😀",
      "<mark>HTML</mark> & 'quotes' pass through",
      "invalid UTF-8 \xff\xfe here",
      "cut short \xe2\x80",
      "overlong \xc0\xaf",
  };
  for (const char* text : texts) {
    INFO(text);
    CHECK(written_string(text) == nlohmann_dump(std::string(text)));
  }
}

TEST_CASE("json writer: numbers read back as the same values, in nlohmann's forms", "[json]") {
  // Whole doubles keep a decimal point, as nlohmann writes them.
  CHECK(written_number(3.0) == "3.0");
  CHECK(written_number(0.0) == "0.0");
  CHECK(written_number(std::numeric_limits<double>::infinity()) == "null");
  CHECK(written_number(std::nan("")) == "null");
  // nlohmann's Grisu2 sometimes writes a 17th digit where the shortest form needs 16: the values
  // are the same double either way.
  for (double x : {0.33607128012530457, 3.9475929444669324, 1e-05, 0.1, 123456.789, 2.5e+20, -7.25,
                   0.283949}) {
    INFO(x);
    CHECK(nlohmann::json::parse(written_number(x)).get<double>() == x);
  }
  std::string out;
  JsonWriter(out).number(uint64_t{18446744073709551615ull});
  CHECK(out == nlohmann_dump(18446744073709551615ull));
}

TEST_CASE("json writer: containers, keys and nulls nest as nlohmann's dump writes them", "[json]") {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("a");
  w.begin_array();
  w.number(uint64_t{1});
  w.boolean(true);
  w.null();
  w.begin_object();
  w.end_object();
  w.begin_array();
  w.end_array();
  w.string_or_null("");
  w.string_or_null("x");
  w.end_array();
  w.key("b");
  w.begin_object();
  w.key("c");
  w.boolean(false);
  w.key("d");
  w.string("e");
  w.end_object();
  w.end_object();
  nlohmann::json expected = {
      {"a", {1, true, nullptr, nlohmann::json::object(), nlohmann::json::array(), nullptr, "x"}},
      {"b", {{"c", false}, {"d", "e"}}}};
  CHECK(out == nlohmann_dump(expected));
}
