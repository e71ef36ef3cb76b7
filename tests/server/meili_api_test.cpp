// The Meilisearch-compatible API end to end over a real socket: every parameter, the answers
// checked against /api/search for the same query, and every error in Meilisearch's shape.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "server_fixture.h"

using namespace kestrel;
using namespace kestrel::testing;
using nlohmann::json;

namespace {

TestServer& shared_server() {
  static TestServer server([] {
    auto options = serving(clinic_index());
    options.cors_origins = {"https://clinic.example"};
    return options;
  }());
  return server;
}

json post(const std::string& path, const json& body, int expected_status = 200) {
  auto r = shared_server().client().Post(path, body.dump(), "application/json");
  REQUIRE(r);
  INFO(path << " " << body.dump() << " -> " << r->body);
  CHECK(r->status == expected_status);
  return json::parse(r->body);
}

json search(const json& body) {
  return post("/indexes/articles/search", body);
}

json api_search(const httplib::Params& params) {
  auto r = shared_server().client().Get("/api/search", params, httplib::Headers{});
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return json::parse(r->body);
}

std::vector<std::string> hit_ids(const json& hits) {
  std::vector<std::string> ids;
  for (const auto& hit : hits) ids.push_back(hit["id"]);
  return ids;
}

// /api/search's counts of one facet as {value: count}, zero counts left out.
std::map<std::string, uint64_t> api_counts(const json& result, const std::string& facet) {
  std::map<std::string, uint64_t> counts;
  for (const auto& value : result["facets"][facet])
    if (value["count"].get<uint64_t>() > 0) counts[value["value"]] = value["count"];
  return counts;
}

std::map<std::string, uint64_t> meili_counts(const json& result, const std::string& facet) {
  return result["facetDistribution"][facet].get<std::map<std::string, uint64_t>>();
}

void check_meili_error(const json& body, const std::string& code, const std::string& mentions) {
  INFO(body.dump());
  CHECK(body["code"] == code);
  CHECK(body["type"] == "invalid_request");
  CHECK(body["link"] == "https://docs.meilisearch.com/errors#" + code);
  CHECK_THAT(body["message"].get<std::string>(), Catch::Contains(mentions));
  CHECK_FALSE(body.contains("error"));
}

}  // namespace

TEST_CASE("meili: search ranks and counts as /api/search does for the same query",
          "[server][meili]") {
  struct Row {
    const char* q;
    const char* filter;  // Meilisearch filter syntax, also given to /api/search as filter=
  };
  const Row table[] = {{"ketamine depression", ""},
                       {"ptsd", ""},
                       {"does ketamine help people with alcohol problems", ""},
                       {"", "condition = PTSD OR route = intravenous"},
                       {"ketamine", "condition IN ['social anxiety disorder', OCD]"},
                       {"ketamine", "NOT condition = 'substance use disorders'"}};
  for (const Row& row : table) {
    INFO(row.q << " | " << row.filter);
    json meili = search({{"q", row.q},
                         {"filter", row.filter},
                         {"facets", {"condition", "route", "source"}},
                         {"limit", 10}});
    json api = api_search(httplib::Params{{"q", row.q}, {"filter", row.filter}});
    CHECK(meili["estimatedTotalHits"] == api["total"]);
    CHECK(hit_ids(meili["hits"]) == hit_ids(api["hits"]));
    for (const char* facet : {"condition", "route", "source"})
      CHECK(meili_counts(meili, facet) == api_counts(api, facet));
    CHECK(meili["query"] == row.q);
    CHECK(meili["processingTimeMs"].is_number_unsigned());
    CHECK(meili["limit"] == 10);
    CHECK(meili["offset"] == 0);
    CHECK(meili["facetStats"] == json::object());
  }
}

TEST_CASE("meili: multi-search as InstantSearch sends it gives the page's disjunctive counts",
          "[server][meili]") {
  // Two condition values ticked: the main query filters by both (inner array: OR); the adapter
  // asks for the condition counts without the condition filter.
  json ticked = json::array({json::array({"\"condition\"=\"PTSD\"", "\"condition\"=\"OCD\""})});
  json body = {
      {"queries",
       {{{"indexUid", "articles"},
         {"q", "ketamine"},
         {"facets", {"condition", "route"}},
         {"filter", ticked},
         {"attributesToHighlight", {"*"}},
         {"highlightPreTag", "__ais-highlight__"},
         {"highlightPostTag", "__/ais-highlight__"},
         {"limit", 21},
         {"offset", 0}},
        {{"indexUid", "articles"}, {"q", "ketamine"}, {"facets", {"condition"}}, {"limit", 0}}}}};
  json results = post("/multi-search", body)["results"];
  REQUIRE(results.size() == 2);
  json page = api_search(
      {{"q", "ketamine"}, {"condition", "PTSD"}, {"condition", "OCD"}, {"per_page", "21"}});
  CHECK(results[0]["indexUid"] == "articles");
  CHECK(results[0]["estimatedTotalHits"] == page["total"]);
  CHECK(hit_ids(results[0]["hits"]) == hit_ids(page["hits"]));
  CHECK(meili_counts(results[0], "route") == api_counts(page, "route"));
  // The page's condition counts ignore the condition selection: the second query's.
  CHECK(meili_counts(results[1], "condition") == api_counts(page, "condition"));
  CHECK(results[1]["hits"].empty());
  CHECK(results[1]["estimatedTotalHits"] == api_search({{"q", "ketamine"}})["total"]);
  for (const auto& hit : results[0]["hits"]) {
    std::string title = hit["_formatted"]["title"];
    CHECK(title.find("__ais-highlight__") != std::string::npos);
    CHECK(title.find("<mark>") == std::string::npos);
  }
}

TEST_CASE("meili: limit and offset - page and hitsPerPage", "[server][meili]") {
  json all = search({{"limit", 100}});
  REQUIRE(all["hits"].size() == 17);
  const std::vector<std::string> ids = hit_ids(all["hits"]);
  json second = search({{"limit", 5}, {"offset", 5}});
  CHECK(second["estimatedTotalHits"] == 17);
  CHECK(hit_ids(second["hits"]) == std::vector<std::string>(ids.begin() + 5, ids.begin() + 10));
  json page = search({{"hitsPerPage", 5}, {"page", 4}});
  CHECK(page["totalHits"] == 17);
  CHECK(page["totalPages"] == 4);
  CHECK(page["page"] == 4);
  CHECK(page["hitsPerPage"] == 5);
  CHECK(hit_ids(page["hits"]) == std::vector<std::string>(ids.begin() + 15, ids.end()));
  CHECK_FALSE(page.contains("estimatedTotalHits"));
  CHECK_FALSE(page.contains("limit"));
  json counts_only = search({{"hitsPerPage", 0}, {"facets", {"route"}}});
  CHECK(counts_only["hits"].empty());
  CHECK(counts_only["totalPages"] == 0);
  CHECK(counts_only["totalHits"] == 17);
  CHECK_FALSE(counts_only["facetDistribution"]["route"].empty());
  json defaults = search(json::object());
  CHECK(defaults["limit"] == 20);
  CHECK(defaults["hits"].size() == 17);
}

TEST_CASE("meili: sort by published - both directions", "[server][meili]") {
  json newest = search({{"sort", {"published:desc"}}, {"attributesToRetrieve", {"published"}}});
  CHECK(newest["hits"][0]["published"] == "2018-01-12");
  json oldest = search({{"sort", {"published:asc"}}, {"attributesToRetrieve", {"published"}}});
  // Articles without a date come last in both directions, as Meilisearch places them.
  CHECK(oldest["hits"][0]["published"] == "2018-01-12");
  CHECK_FALSE(oldest["hits"].back().contains("published"));
  CHECK_FALSE(newest["hits"].back().contains("published"));
  CHECK(search({{"sort", json::array()}})["hits"].size() == 17);
}

TEST_CASE("meili: attributes to retrieve - highlight with the caller's tags - crop",
          "[server][meili]") {
  json only_ids = search({{"q", "ptsd"}, {"attributesToRetrieve", {"id", "nothing-such"}}});
  for (const auto& hit : only_ids["hits"]) {
    CHECK(hit.size() == 1);
    CHECK(hit.contains("id"));
  }
  // An article with a source and a route but no URL (which one ranks first is not the point).
  json everything =
      search({{"q", "ptsd"}, {"filter", "source = \"Psychiatry Online\" AND condition = PTSD"}});
  REQUIRE(everything["hits"].size() == 1);
  const json& first = everything["hits"][0];
  CHECK(first["id"] == "ketamine-chronic-ptsd");
  for (const char* attribute : {"id", "title", "text", "source", "condition", "route"})
    CHECK(first.contains(attribute));
  CHECK_FALSE(first.contains("url"));  // this article has none: left out, as Meilisearch does
  CHECK_FALSE(first.contains("_formatted"));
  CHECK(first["condition"].is_array());
  // The article's text as written, as /api/articles/{id} gives it.
  auto article =
      shared_server().client().Get(("/api/articles/" + std::string(first["id"])).c_str());
  REQUIRE(article);
  CHECK(first["text"] == json::parse(article->body)["text"]);

  json cropped = search({{"q", "ketamine ptsd"},
                         {"limit", 3},
                         {"attributesToRetrieve", {"id"}},
                         {"attributesToHighlight", {"title", "text"}},
                         {"attributesToCrop", {"text"}},
                         {"cropLength", 12},
                         {"cropMarker", "[...]"},
                         {"highlightPreTag", "<b class=\"hit\">"},
                         {"highlightPostTag", "</b>"}});
  for (const auto& hit : cropped["hits"]) {
    INFO(hit.dump());
    CHECK_FALSE(hit.contains("title"));  // not retrieved, only formatted
    std::string text = hit["_formatted"]["text"];
    CHECK(text.find("<b class=\"hit\">") != std::string::npos);
    CHECK(text.find("<mark>") == std::string::npos);
    CHECK((text.starts_with("[...]") || text.ends_with("[...]")));
    std::string plain = text;
    for (const char* tag : {"<b class=\"hit\">", "</b>", "[...]"})
      for (size_t at; (at = plain.find(tag)) != std::string::npos;)
        plain.erase(at, std::string_view(tag).size());
    CHECK(std::count(plain.begin(), plain.end(), ' ') <= 12);
    CHECK(std::string(hit["_formatted"]["title"]).find("<b class=\"hit\">") != std::string::npos);
  }
  // "text:5" sets text's own crop length; without highlighting, no tags.
  json short_crop = search({{"q", "ketamine"}, {"limit", 1}, {"attributesToCrop", {"text:5"}}});
  std::string text = short_crop["hits"][0]["_formatted"]["text"];
  CHECK(text.find("<em>") == std::string::npos);
  CHECK(std::count(text.begin(), text.end(), ' ') <= 5);
  // Highlighted without a crop: the whole text, every match marked, with Meilisearch's default
  // tags.
  json whole = search({{"q", "ketamine"}, {"limit", 1}, {"attributesToHighlight", {"text"}}});
  std::string marked = whole["hits"][0]["_formatted"]["text"];
  CHECK(marked.size() > std::string(whole["hits"][0]["text"]).size());
  // Every "ketamine" in the text is marked (the text, lower-cased, counted by hand).
  std::string raw = whole["hits"][0]["text"];
  std::transform(raw.begin(), raw.end(), raw.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  size_t mentions = 0;
  for (size_t at = raw.find("ketamine"); at != std::string::npos; at = raw.find("ketamine", at + 1))
    ++mentions;
  size_t marks = 0;
  for (size_t at = marked.find("<em>"); at != std::string::npos; at = marked.find("<em>", at + 1))
    ++marks;
  CHECK(mentions >= 1);
  CHECK(marks == mentions);
}

TEST_CASE("meili: facets - the published years with facetStats - facet search", "[server][meili]") {
  json years = search({{"facets", {"published"}}, {"limit", 0}});
  CHECK(years["facetDistribution"]["published"] == json({{"2018", 1}}));
  CHECK(years["facetStats"]["published"] == json({{"min", 2018}, {"max", 2018}}));
  // The range a slider sends back, as numbers.
  json in_range = search({{"filter", {"\"published\">=2018", "\"published\"<=2018"}}});
  CHECK(in_range["estimatedTotalHits"] == 1);
  json star = search({{"facets", {"*"}}, {"limit", 0}});
  for (const char* facet : {"condition", "route", "source", "published"})
    CHECK(star["facetDistribution"].contains(facet));

  json found = post("/indexes/articles/facet-search",
                    {{"facetName", "condition"}, {"facetQuery", "ANX"}, {"q", "ketamine"}});
  json counts = search({{"q", "ketamine"}, {"facets", {"condition"}}, {"limit", 0}});
  REQUIRE(found["facetHits"].size() >= 2);
  for (const auto& hit : found["facetHits"]) {
    std::string value = hit["value"];
    CHECK(value.find("anx") != std::string::npos);
    CHECK(hit["count"] == counts["facetDistribution"]["condition"][value]);
  }
  CHECK(found["facetQuery"] == "ANX");
  json filtered = post("/indexes/articles/facet-search",
                       {{"facetName", "route"}, {"filter", "condition = PTSD"}});
  CHECK(filtered["facetHits"] == json::array({{{"value", "intravenous"}, {"count", 2}}}));
  CHECK(filtered["facetQuery"].is_null());
}

TEST_CASE("meili: GET search - matching strategy - health - version - index", "[server][meili]") {
  auto client = shared_server().client();
  auto got = client.Get(
      "/indexes/articles/search?q=ketamine%20ptsd&limit=3&attributesToRetrieve=id,title&"
      "facets=condition,route&filter=route%20%3D%20intravenous&_=123");
  REQUIRE(got);
  REQUIRE(got->status == 200);
  json j = json::parse(got->body);
  json same = search({{"q", "ketamine ptsd"},
                      {"limit", 3},
                      {"attributesToRetrieve", {"id", "title"}},
                      {"facets", {"condition", "route"}},
                      {"filter", "route = intravenous"}});
  j.erase("processingTimeMs");
  same.erase("processingTimeMs");
  CHECK(j == same);
  CHECK(json::parse(client.Get("/indexes/articles/search?hitsPerPage=2")->body)["hits"].size() ==
        2);

  // "all" needs every word: fewer matches than "frequency", which takes any word.
  json all_words = search({{"q", "ketamine alcohol"}, {"matchingStrategy", "all"}});
  json any_word = search({{"q", "ketamine alcohol"}, {"matchingStrategy", "frequency"}});
  CHECK(any_word["estimatedTotalHits"] > all_words["estimatedTotalHits"]);

  CHECK(json::parse(client.Get("/health")->body) == json({{"status", "available"}}));
  CHECK(json::parse(client.Get("/version")->body)["pkgVersion"].is_string());
  CHECK(json::parse(client.Get("/indexes/articles")->body) ==
        json({{"uid", "articles"}, {"primaryKey", "id"}}));
}

TEST_CASE("meili: errors in Meilisearch's shape - 400 for bad input, 404 for an unknown index",
          "[server][meili][hardening]") {
  struct Row {
    const char* path;
    std::string body;
    int status;
    const char* code;
    const char* mentions;
  };
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  std::string eleven = R"({"queries": [{"indexUid": "articles"})";
  for (int i = 1; i < 11; ++i) eleven += R"(, {"indexUid": "articles"})";
  eleven += "]}";
  const Row table[] = {
      {"/indexes/articles/search", R"({"filter": "condition ="})", 400, "invalid_search_filter",
       "at 1:12: expected a value after `=`"},
      {"/indexes/articles/search", R"({"filter": "title = x"})", 400, "invalid_search_filter",
       "attribute `title` is not filterable"},
      {"/indexes/articles/search", R"({"filter": [["condition = a", 3]]})", 400,
       "invalid_search_filter", "expected a string"},
      {"/indexes/articles/search", R"({"filter": {"condition": "PTSD"}})", 400,
       "invalid_search_filter", "expected a string"},
      {"/indexes/movies/search", "{}", 404, "index_not_found", "Index `movies` not found"},
      {"/indexes/articles/search", R"({"q": 5})", 400, "invalid_search_q", "expected a string"},
      {"/indexes/articles/search", R"({"q": ")" + std::string(3000, 'a') + "\"}", 400,
       "invalid_search_q", "longer than 2048 bytes"},
      {"/indexes/articles/search", R"({"limit": -1})", 400, "invalid_search_limit",
       "expected a positive integer"},
      {"/indexes/articles/search", R"({"limit": 1.5})", 400, "invalid_search_limit",
       "expected a positive integer"},
      {"/indexes/articles/search", R"({"limit": 101})", 400, "invalid_search_limit",
       "from 0 to 100"},
      {"/indexes/articles/search", R"({"limit": 99999999999999999999})", 400,
       "invalid_search_limit", ""},
      {"/indexes/articles/search", R"({"offset": 10001})", 400, "invalid_search_offset", ""},
      {"/indexes/articles/search", R"({"page": 0})", 400, "invalid_search_page", ""},
      {"/indexes/articles/search", R"({"page": 10000, "hitsPerPage": 100})", 400,
       "invalid_search_page", "beyond the first 10000"},
      {"/indexes/articles/search", R"({"hitsPerPage": "10"})", 400, "invalid_search_hits_per_page",
       ""},
      {"/indexes/articles/search", R"({"facets": ["title"]})", 400, "invalid_search_facets",
       "Attribute `title` is not filterable"},
      {"/indexes/articles/search", R"({"facets": "condition"})", 400, "invalid_search_facets",
       "an array of strings"},
      {"/indexes/articles/search", R"({"sort": ["title:asc"]})", 400, "invalid_search_sort",
       "Attribute `title` is not sortable"},
      {"/indexes/articles/search", R"({"sort": ["published"]})", 400, "invalid_search_sort", ""},
      {"/indexes/articles/search", R"({"sort": ["published:asc", "published:desc"]})", 400,
       "invalid_search_sort", "one rule"},
      {"/indexes/articles/search", R"({"attributesToCrop": ["text:0"]})", 400,
       "invalid_search_attributes_to_crop", "1 to 1000 words"},
      {"/indexes/articles/search", R"({"cropLength": 0})", 400, "invalid_search_crop_length", ""},
      {"/indexes/articles/search", R"({"highlightPreTag": 1})", 400,
       "invalid_search_highlight_pre_tag", ""},
      {"/indexes/articles/search", R"({"cropMarker": ")" + std::string(300, '.') + "\"}", 400,
       "invalid_search_crop_marker", "longer than 256 bytes"},
      {"/indexes/articles/search", R"({"matchingStrategy": "best"})", 400,
       "invalid_search_matching_strategy", "`last`, `all`, `frequency`"},
      {"/indexes/articles/search", R"({"showRankingScore": true})", 400,
       "invalid_search_show_ranking_score", "not supported by Kestrel"},
      {"/indexes/articles/search", R"({"hybrid": {"embedder": "x"}})", 400, "invalid_search_hybrid",
       "not supported by Kestrel"},
      {"/indexes/articles/search", R"({"qq": "x"})", 400, "bad_request", "Unknown field `qq`"},
      {"/indexes/articles/search", R"({"indexUid": "articles"})", 400, "bad_request",
       "Unknown field `indexUid`"},
      {"/indexes/articles/search", "[]", 400, "bad_request", "expected an object"},
      {"/indexes/articles/search", "{\"q\": ", 400, "malformed_payload", ""},
      {"/indexes/articles/search", "{\"q\": \"\xff\xfe\"}", 400, "malformed_payload", ""},
      {"/indexes/articles/search", "", 400, "missing_payload", ""},
      {"/indexes/articles/search", deep, 400, "bad_request", "expected an object"},
      {"/multi-search", "{}", 400, "bad_request", "Missing field `queries`"},
      {"/multi-search", R"({"queries": [{"q": "x"}]})", 400, "missing_index_uid",
       "Inside `.queries[0]`: Missing field `indexUid`"},
      {"/multi-search", R"({"queries": [{"indexUid": "articles"}, {"indexUid": "x"}]})", 404,
       "index_not_found", "Inside `.queries[1]`: Index `x` not found"},
      {"/multi-search", R"({"queries": [{"indexUid": "articles", "limit": "a"}]})", 400,
       "invalid_search_limit", "Inside `.queries[0]`"},
      {"/multi-search", R"({"queries": [], "federation": {}})", 400,
       "invalid_multi_search_federation", "not supported by Kestrel"},
      {"/multi-search", eleven, 400, "bad_request", "at most 10 queries"},
      {"/indexes/articles/facet-search", R"({"facetQuery": "a"})", 400,
       "missing_facet_search_facet_name", ""},
      {"/indexes/articles/facet-search", R"({"facetName": "title"})", 400,
       "invalid_facet_search_facet_name", "not facet-searchable"},
      {"/indexes/articles/facet-search", R"({"facetName": "route", "facetQuery": 1})", 400,
       "invalid_facet_search_facet_query", ""},
      {"/indexes/articles/facet-search", R"({"facetName": "route", "qq": 1})", 400, "bad_request",
       "Unknown field `qq`"},
      {"/indexes/articles/facet-search", R"({"facetName": "route", "limit": "all"})", 400,
       "invalid_search_limit", ""},
      {"/indexes/articles/facet-search", R"({"facetName": "route", "filter": "x ="})", 400,
       "invalid_search_filter", ""},
  };
  auto client = shared_server().client();
  for (const Row& row : table) {
    INFO(row.path << " " << row.body.substr(0, 200));
    auto r = client.Post(row.path, row.body, "application/json");
    REQUIRE(r);
    CHECK(r->status == row.status);
    check_meili_error(json::parse(r->body), row.code, row.mentions);
  }
  // Not JSON by its Content-Type: 415.
  auto form = client.Post("/indexes/articles/search", "q=x", "application/x-www-form-urlencoded");
  REQUIRE(form);
  CHECK(form->status == 415);
  check_meili_error(json::parse(form->body), "invalid_content_type", "application/json");
  // GET's numbers are checked too.
  auto bad_get = client.Get("/indexes/articles/search?limit=ten");
  REQUIRE(bad_get);
  CHECK(bad_get->status == 400);
  check_meili_error(json::parse(bad_get->body), "invalid_search_limit", "whole number");
  // Read-only: nothing changes the index over HTTP.
  auto deleted = client.Delete("/indexes/articles");
  REQUIRE(deleted);
  CHECK(deleted->status == 405);
  check_meili_error(json::parse(deleted->body), "method_not_allowed", "read-only");
  auto added = client.Post("/indexes/articles/documents", "[]", "application/json");
  REQUIRE(added);
  CHECK(added->status == 405);
  // Too large a body: Meilisearch's own code for it.
  auto huge = client.Post("/multi-search", std::string(100000, ' '), "application/json");
  REQUIRE(huge);
  CHECK(huge->status == 413);
  check_meili_error(json::parse(huge->body), "payload_too_large", "");
  CHECK(client.Get("/health")->status == 200);  // still serving
}

TEST_CASE("meili: CORS preflight allows the client's headers for configured origins only",
          "[server][meili]") {
  auto client = shared_server().client();
  httplib::Request preflight;
  preflight.method = "OPTIONS";
  preflight.path = "/multi-search";
  preflight.headers = {{"Origin", "https://clinic.example"},
                       {"Access-Control-Request-Method", "POST"},
                       {"Access-Control-Request-Headers", "content-type,x-meilisearch-client"}};
  auto allowed = client.send(preflight);
  REQUIRE(allowed);
  CHECK(allowed->status == 204);
  CHECK(allowed->get_header_value("Access-Control-Allow-Origin") == "https://clinic.example");
  CHECK(allowed->get_header_value("Access-Control-Allow-Methods") == "GET, POST, HEAD, OPTIONS");
  CHECK(allowed->get_header_value("Access-Control-Allow-Headers") ==
        "Content-Type, X-Meilisearch-Client, Authorization");
  preflight.headers = {{"Origin", "https://evil.example"},
                       {"Access-Control-Request-Method", "POST"}};
  auto refused = client.send(preflight);
  REQUIRE(refused);
  CHECK_FALSE(refused->has_header("Access-Control-Allow-Origin"));
  CHECK_FALSE(refused->has_header("Access-Control-Allow-Headers"));
  auto answer = client.Post("/multi-search", {{"Origin", "https://clinic.example"}},
                            R"({"queries": []})", "application/json");
  REQUIRE(answer);
  CHECK(answer->status == 200);
  CHECK(answer->get_header_value("Access-Control-Allow-Origin") == "https://clinic.example");
  CHECK(json::parse(answer->body) == json({{"results", json::array()}}));
}

TEST_CASE("meili: the server's rate limit applies - answered in Meilisearch's shape",
          "[server][meili][hardening]") {
  auto options = serving(clinic_index());
  options.rate_limit_loopback = true;
  options.rate_limit_per_second = 0.5;
  options.rate_limit_burst = 2;
  TestServer server(options);
  auto client = server.client();
  std::string body = R"({"queries": [{"indexUid": "articles", "q": "ptsd"}]})";
  CHECK(client.Post("/multi-search", body, "application/json")->status == 200);
  CHECK(client.Post("/multi-search", body, "application/json")->status == 200);
  auto limited = client.Post("/multi-search", body, "application/json");
  REQUIRE(limited);
  CHECK(limited->status == 429);
  check_meili_error(json::parse(limited->body), "rate_limited", "retry later");
}
