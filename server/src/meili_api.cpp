#include "meili_api.h"

#include <nlohmann/json.hpp>

#include "http_errors.h"
#include "meili_request.h"
#include "meili_response.h"

namespace kestrel::http {
namespace {

// Queries in one /multi-search: InstantSearch sends one, plus one per refined disjunctive facet.
constexpr size_t kMaxMultiSearchQueries = 10;

void send_meili_error(httplib::Response& res, const MeiliError& error) {
  send_json(res, error.status, meili_error_json(error));
}

MeiliError index_not_found(const std::string& uid) {
  return MeiliError{
      404, "index_not_found",
      "Index `" + uid + "` not found. Kestrel serves one index: `" + kMeiliIndexUid + "`."};
}

// The request's JSON body, or the error Meilisearch gives for a missing, mistyped or malformed one.
std::variant<nlohmann::json, MeiliError> json_body(const httplib::Request& req) {
  if (req.get_header_value("Content-Type").find("application/json") == std::string::npos)
    return MeiliError{415, "invalid_content_type",
                      "The Content-Type `" + req.get_header_value("Content-Type") +
                          "` is invalid. Accepted values for the Content-Type header are: "
                          "`application/json`"};
  if (req.body.empty()) return MeiliError{400, "missing_payload", "A json payload is missing."};
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded())
    return MeiliError{400, "malformed_payload",
                      "The json payload provided is malformed: not valid JSON (or not UTF-8)."};
  return body;
}

// Runs one parsed search; a lib error becomes the response (400 for a bad argument, else 503).
std::optional<SearchResult> run_search(Searcher& searcher, const MeiliSearch& search,
                                       httplib::Response& res) {
  Result<SearchResult> result = searcher.search(search.request);
  if (result) return std::move(result).value();
  if (result.error().code == ErrorCode::kInvalidArgument)
    send_meili_error(res, MeiliError{400, "bad_request", result.error().message});
  else
    send_lib_error(res, result.error());
  return std::nullopt;
}

}  // namespace

bool MeiliApi::serves(std::string_view path) {
  return path == "/multi-search" || path.rfind("/indexes", 0) == 0 || path == "/health" ||
         path == "/version";
}

void MeiliApi::reshape_error(const httplib::Request& req, httplib::Response& res) {
  if (res.status < 400 || !serves(req.path)) return;
  nlohmann::json body = nlohmann::json::parse(res.body, nullptr, false);
  if (body.is_discarded() || !body.contains("error") || !body["error"].is_object()) return;
  MeiliError error{res.status, body["error"].value("code", "internal"),
                   body["error"].value("message", "")};
  res.set_content(meili_error_json(error).dump(), "application/json; charset=utf-8");
}

void MeiliApi::add_routes(httplib::Server& server) {
  auto handle = [this](void (MeiliApi::*handler)(const httplib::Request&, httplib::Response&)) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      (this->*handler)(req, res);
    };
  };
  server.Post("/multi-search", handle(&MeiliApi::multi_search));
  server.Post(R"(/indexes/([^/]+)/search)", handle(&MeiliApi::search));
  server.Get(R"(/indexes/([^/]+)/search)", handle(&MeiliApi::search));
  server.Post(R"(/indexes/([^/]+)/facet-search)", handle(&MeiliApi::facet_search));
  server.Get(R"(/indexes/([^/]+))", handle(&MeiliApi::index));
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, {{"status", "available"}});
  });
  server.Get("/version", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, {{"pkgVersion", KESTREL_VERSION}, {"engine", "kestrel"}});
  });
}

void MeiliApi::multi_search(const httplib::Request& req, httplib::Response& res) {
  auto body = json_body(req);
  if (auto* error = std::get_if<MeiliError>(&body)) return send_meili_error(res, *error);
  const nlohmann::json& json = std::get<nlohmann::json>(body);
  if (!json.is_object() || !json.contains("queries") || !json["queries"].is_array())
    return send_meili_error(res, {400, "bad_request", "Missing field `queries` (an array)"});
  for (const auto& [field, value] : json.items()) {
    if (field != "queries")
      return send_meili_error(
          res, {400, field == "federation" ? "invalid_multi_search_federation" : "bad_request",
                "`" + field + "` is not supported by Kestrel: expected only `queries`"});
  }
  const nlohmann::json& queries = json["queries"];
  if (queries.size() > kMaxMultiSearchQueries)
    return send_meili_error(res, {400, "bad_request",
                                  "at most " + std::to_string(kMaxMultiSearchQueries) +
                                      " queries in one multi-search"});
  std::vector<MeiliSearch> searches;
  for (size_t i = 0; i < queries.size(); ++i) {
    MeiliParsed parsed = meili_search_from(queries[i], true);
    if (auto* error = std::get_if<MeiliError>(&parsed)) {
      error->message = "Inside `.queries[" + std::to_string(i) + "]`: " + error->message;
      return send_meili_error(res, *error);
    }
    searches.push_back(std::get<MeiliSearch>(std::move(parsed)));
    if (searches.back().index_uid != kMeiliIndexUid) {
      MeiliError error = index_not_found(searches.back().index_uid);
      error.message = "Inside `.queries[" + std::to_string(i) + "]`: " + error.message;
      return send_meili_error(res, error);
    }
  }
  run_(res, [&](Searcher& searcher) {
    nlohmann::json results = nlohmann::json::array();
    for (const MeiliSearch& search : searches) {
      std::optional<SearchResult> result = run_search(searcher, search, res);
      if (!result) return;
      results.push_back(meili_search_json(*result, search, true));
    }
    res.set_header("Cache-Control", "no-cache");
    send_json(res, 200, {{"results", std::move(results)}});
  });
}

void MeiliApi::search(const httplib::Request& req, httplib::Response& res) {
  std::string uid = req.matches[1];
  if (uid != kMeiliIndexUid) return send_meili_error(res, index_not_found(uid));
  auto body = req.method == "POST" ? json_body(req) : meili_body_from(req.params);
  if (auto* error = std::get_if<MeiliError>(&body)) return send_meili_error(res, *error);
  MeiliParsed parsed = meili_search_from(std::get<nlohmann::json>(body), false);
  if (auto* error = std::get_if<MeiliError>(&parsed)) return send_meili_error(res, *error);
  const MeiliSearch& search = std::get<MeiliSearch>(parsed);
  run_(res, [&](Searcher& searcher) {
    std::optional<SearchResult> result = run_search(searcher, search, res);
    if (!result) return;
    res.set_header("Cache-Control", "no-cache");
    send_json(res, 200, meili_search_json(*result, search, false));
  });
}

void MeiliApi::facet_search(const httplib::Request& req, httplib::Response& res) {
  std::string uid = req.matches[1];
  if (uid != kMeiliIndexUid) return send_meili_error(res, index_not_found(uid));
  auto body = json_body(req);
  if (auto* error = std::get_if<MeiliError>(&body)) return send_meili_error(res, *error);
  auto parsed = meili_facet_search_from(std::get<nlohmann::json>(body));
  if (auto* error = std::get_if<MeiliError>(&parsed)) return send_meili_error(res, *error);
  const MeiliFacetSearch& facet_search = std::get<MeiliFacetSearch>(parsed);
  run_(res, [&](Searcher& searcher) {
    std::optional<SearchResult> result = run_search(searcher, facet_search.search, res);
    if (!result) return;
    send_json(res, 200, meili_facet_search_json(*result, facet_search));
  });
}

void MeiliApi::index(const httplib::Request& req, httplib::Response& res) {
  std::string uid = req.matches[1];
  if (uid != kMeiliIndexUid) return send_meili_error(res, index_not_found(uid));
  send_json(res, 200, {{"uid", kMeiliIndexUid}, {"primaryKey", "id"}});
}

}  // namespace kestrel::http
