// libFuzzer harness: the HTTP query-string handling. The input is split like a query string
// ("a=1&b=2", percent-decoded as cpp-httplib does) into the parameters the server checks.
#include <cstdint>
#include <string>

#include "request_params.h"

namespace {

std::string percent_decoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+')
      out += ' ';
    else if (s[i] == '%' && i + 2 < s.size() && isxdigit(static_cast<unsigned char>(s[i + 1])) &&
             isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view query(reinterpret_cast<const char*>(data), size);
  kestrel::http::Params params;
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    std::string_view pair =
        query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    size_t eq = pair.find('=');
    params.emplace(percent_decoded(pair.substr(0, eq)),
                   eq == std::string_view::npos ? "" : percent_decoded(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  auto request = kestrel::http::search_request_from(params);
  if (request && (request->limit < 1 || request->limit > kestrel::kMaxPageSize ||
                  request->offset > kestrel::kMaxOffset)) {
    __builtin_trap();  // a request that passed the checks must be within the bounds
  }
  (void)kestrel::http::suggest_query_from(params);
  return 0;
}
