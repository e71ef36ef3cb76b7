#include "index/stored_data.h"

namespace kestrel {

std::string encode_stored_data(const nlohmann::json& metadata, std::string_view body) {
  std::string data = metadata.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  data += '\0';
  data += body;
  return data;
}

StoredData decode_stored_data(const std::string& data) {
  size_t boundary = data.find('\0');
  if (boundary == std::string::npos) return {nlohmann::json(nlohmann::json::value_t::discarded), {}};
  std::string_view whole(data);
  return {nlohmann::json::parse(whole.substr(0, boundary), nullptr, false), whole.substr(boundary + 1)};
}

}  // namespace kestrel
