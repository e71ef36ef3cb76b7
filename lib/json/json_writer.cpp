#include "json_writer.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "kestrel/utf8.h"

namespace kestrel {

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (first_.empty()) return;
  if (!first_.back()) out_ += ',';
  first_.back() = false;
}

void JsonWriter::begin_object() {
  separate();
  out_ += '{';
  first_.push_back(true);
}

void JsonWriter::end_object() {
  out_ += '}';
  first_.pop_back();
}

void JsonWriter::begin_array() {
  separate();
  out_ += '[';
  first_.push_back(true);
}

void JsonWriter::end_array() {
  out_ += ']';
  first_.pop_back();
}

void JsonWriter::key(std::string_view name) {
  string(name);
  out_ += ':';
  after_key_ = true;
}

void JsonWriter::string(std::string_view text) {
  separate();
  // Malformed text is rare (a visitor's query): nlohmann's own replacement handles it.
  if (!is_valid_utf8(text)) {
    out_ += nlohmann::json(std::string(text))
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  size_t plain = 0;  // start of the run of bytes copied as they are
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_.append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default:
        out_ += "\\u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 0xF];
    }
  }
  out_.append(text.data() + plain, text.size() - plain);
  out_ += '"';
}

void JsonWriter::string_or_null(std::string_view text) {
  if (text.empty())
    null();
  else
    string(text);
}

void JsonWriter::number(uint64_t n) {
  separate();
  char buffer[24];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, n);
  out_.append(buffer, end);
}

void JsonWriter::number(double x) {
  if (!std::isfinite(x)) return null();
  separate();
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, x);
  std::string_view written(buffer, static_cast<size_t>(end - buffer));
  out_ += written;
  // A whole number stays recognisably a double, as nlohmann writes it ("3.0").
  if (written.find_first_of(".e") == std::string_view::npos) out_ += ".0";
}

void JsonWriter::boolean(bool b) {
  separate();
  out_ += b ? "true" : "false";
}

void JsonWriter::null() {
  separate();
  out_ += "null";
}

}  // namespace kestrel
