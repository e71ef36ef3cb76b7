#include "http_errors.h"

#include <nlohmann/json.hpp>

#include "kestrel/search_json.h"

namespace kestrel::http {
namespace {

const char* code_for_status(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 416:
      return "range_not_satisfiable";
    case 429:
      return "rate_limited";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal" : "error";
  }
}

const char* message_for_status(int status) {
  switch (status) {
    case 400:
      return "the request could not be understood";
    case 404:
      return "no such page or article";
    case 405:
      return "only GET, HEAD and OPTIONS are served";
    case 413:
      return "the request body is too large";
    case 414:
      return "the request URI is too long";
    case 429:
      return "too many requests; retry later";
    case 503:
      return "the service is unavailable; retry later";
    default:
      return "internal error";
  }
}

// What a caller may read of an index problem: no paths, no exception text.
const char* unavailable_message(const Error& error) {
  switch (error.code) {
    case ErrorCode::kNotFound:
      return "no search index is available yet";
    case ErrorCode::kIndexVersion:
      return "the search index is being upgraded";
    default:
      return "the search index cannot be read at the moment";
  }
}

}  // namespace

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  send_json_text(res, status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void send_json_text(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, std::string_view message) {
  send_json(
      res, status,
      error_json(code_for_status(status), message.empty() ? message_for_status(status) : message));
}

HttpError http_error_of(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
      return {400, error.message};
    case ErrorCode::kNotFound:
      return {404, "no article with this id"};
    default:
      return {503, unavailable_message(error)};
  }
}

void send_lib_error(httplib::Response& res, const Error& error) {
  HttpError http = http_error_of(error);
  if (http.status == 503) res.set_header("Retry-After", "5");
  send_error(res, http.status, http.message);
}

void send_unavailable(httplib::Response& res, const Error& error) {
  res.set_header("Retry-After", "5");
  send_error(res, 503, unavailable_message(error));
}

}  // namespace kestrel::http
