// Every error response of the server, in one shape — {"error": {"code", "message"}} — and the one
// map from lib's error codes to HTTP statuses and to what a caller may read (never a path or
// exception text).
#pragma once

#include <httplib.h>

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "kestrel/result.h"

namespace kestrel::http {

void send_json(httplib::Response& res, int status, const nlohmann::json& body);
// A body already serialised (search_json.h writes the hot responses as text).
void send_json_text(httplib::Response& res, int status, std::string body);

// `message` empty: the status's standard message ("too many requests; retry later").
void send_error(httplib::Response& res, int status, std::string_view message = {});

// An error from a lib call made for this request: kInvalidArgument -> 400 with lib's message
// (it names the parameter), kNotFound -> 404 "no article with this id", anything else -> 503.
void send_lib_error(httplib::Response& res, const Error& error);

// The index cannot be served (none yet, being upgraded, unreadable): 503 with Retry-After.
void send_unavailable(httplib::Response& res, const Error& error);

// The status and message send_lib_error sends, for a response in another shape (the search
// page's HTML); a 503 also wants Retry-After.
struct HttpError {
  int status;
  std::string message;
};
HttpError http_error_of(const Error& error);

// What a request refused for want of a free search slot reads (503, Retry-After 1).
inline constexpr std::string_view kBusyMessage = "the server is busy; retry in a moment";

}  // namespace kestrel::http
