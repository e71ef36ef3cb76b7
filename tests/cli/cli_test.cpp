// kestrel-search as staff use it: text and JSON output, TREC runs, exit statuses.
#include <catch2/catch.hpp>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "kestrel/analytics.h"
#include "test_support.h"

using namespace kestrel::testing;

namespace {

// kestrel-search with `args` (shell words), stderr folded into stdout.
Ran run_search(const std::string& args) {
  return run_program("kestrel-search", args + " 2>&1");
}

}  // namespace

TEST_CASE("cli: --json prints the API's shape and parses", "[cli]") {
  Ran ran = run_search("--index " + clinic_index() + " --json --limit 3 --condition PTSD ketamine");
  REQUIRE(ran.status == 0);
  auto j = nlohmann::json::parse(ran.out);
  CHECK(j["query"] == "ketamine");
  CHECK(j["corrected_query"].is_null());
  CHECK(j["total"].get<int>() > 0);
  CHECK(j["took_ms"].is_number());
  REQUIRE(j["hits"].size() == 3);
  for (const auto& hit : j["hits"]) {
    for (const char* key : {"id", "title", "url", "source", "published", "conditions", "routes",
                            "study", "participants", "score", "snippet"}) {
      CHECK(hit.contains(key));
    }
    CHECK(std::find(hit["conditions"].begin(), hit["conditions"].end(), "PTSD") !=
          hit["conditions"].end());
  }
  REQUIRE(j["facets"].contains("condition"));
  CHECK(j["facets"]["condition"][0].contains("value"));
  CHECK(j["facets"]["condition"][0].contains("count"));
}

TEST_CASE("cli: --study filters by design - the study facet - the evidence order", "[cli]") {
  Ran ran = run_search("--index " + clinic_index() +
                       " --json --limit 20 --study 'randomised controlled trial' ketamine");
  REQUIRE(ran.status == 0);
  auto j = nlohmann::json::parse(ran.out);
  CHECK(j["total"] == 7);  // tests/index/study_labels.tsv
  for (const auto& hit : j["hits"]) CHECK(hit["study"] == "randomised controlled trial");
  REQUIRE(j["facets"].contains("study"));
  CHECK(j["facets"]["study"].size() >= 5);  // each design's count ignores the study filter

  ran = run_search("--index " + clinic_index() + " --sort evidence --limit 17 ketamine");
  REQUIRE(ran.status == 0);
  CHECK(ran.out.find("1. Efficacy of Ketamine in the Treatment of Substance Use Disorders") !=
        std::string::npos);
  CHECK(ran.out.find("study: randomised controlled trial, 18 participants") != std::string::npos);

  ran = run_search("--index " + clinic_index() + " --study 'no such design' ketamine");
  REQUIRE(ran.status == 0);
  CHECK(ran.out.find("0 results") != std::string::npos);
}

TEST_CASE("cli: --ranker learned - --explain - a damaged --ranker-model stops it",
          "[cli][ranker]") {
  Ran ran =
      run_search("--index " + clinic_index() + " --ranker learned --explain --limit 2 anxiety");
  REQUIRE(ran.status == 0);
  CHECK(ran.out.find("BM25 of the query's own terms in the text") != std::string::npos);
  CHECK(ran.out.find("(the model's bias)") != std::string::npos);
  TempDir dir;
  write_file(dir / "model.json", "{\"learner\": 1}");
  Ran damaged = run_search("--index " + clinic_index() + " --ranker-model " + (dir / "model.json") +
                           " anxiety");
  CHECK(damaged.status == 2);
  CHECK(damaged.out.find(dir / "model.json" + ": not a ranker model") != std::string::npos);
  Ran missing = run_search("--index " + clinic_index() + " --ranker-model " + (dir / "none.json") +
                           " anxiety");
  CHECK(missing.status == 2);
  CHECK(missing.out.find("none.json") != std::string::npos);
}

TEST_CASE("cli: text output numbers hits - says did you mean - and stays plain when piped",
          "[cli]") {
  Ran ran = run_search("--index " + clinic_index() + " ketamine depresion");
  REQUIRE(ran.status == 0);
  CHECK(ran.out.find("Did you mean: ketamine depression") != std::string::npos);
  CHECK(ran.out.find("\n1. ") != std::string::npos);
  CHECK(ran.out.find("condition:") != std::string::npos);
  CHECK(ran.out.find('\033') == std::string::npos);
  CHECK(ran.out.find("<mark>") == std::string::npos);
}

TEST_CASE("cli: --related lists the articles most like one, in text or JSON", "[cli]") {
  Ran text = run_search("--index " + clinic_index() + " --related ketamine-refractory-ocd");
  REQUIRE(text.status == 0);
  CHECK(text.out.find("Articles like ketamine-refractory-ocd:") == 0);
  CHECK(text.out.find("\n1. Randomised Controlled Crossover Trial of Ketamine in "
                      "Obsessive-Compulsive Disorder") != std::string::npos);
  CHECK(text.out.find("\n5. ") != std::string::npos);  // five by default
  CHECK(text.out.find("\n6. ") == std::string::npos);

  Ran json = run_search("--index " + clinic_index() +
                        " --related ketamine-refractory-ocd --json --limit 2");
  REQUIRE(json.status == 0);
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["id"] == "ketamine-refractory-ocd");
  REQUIRE(j["related"].size() == 2);
  CHECK(j["related"][0]["id"] == "ketamine-ocd-crossover-trial");

  Ran missing = run_search("--index " + clinic_index() + " --related no-such-article");
  CHECK(missing.status == 1);
  CHECK(missing.out == "kestrel-search: no article with id 'no-such-article'\n");
}

TEST_CASE("cli: --analytics reports top queries and no-result queries above the threshold",
          "[cli]") {
  TempDir dir;
  {
    auto analytics = kestrel::SearchAnalytics::open({dir / "a", 3, 1000, 90});
    REQUIRE(analytics.ok());
    for (int i = 0; i < 6; ++i) (*analytics)->record("ketamine ptsd", true);
    for (int i = 0; i < 3; ++i) (*analytics)->record("nasal spray", false);
    (*analytics)->record("a rare private question", false);
    REQUIRE((*analytics)->flush().ok());
  }
  Ran text = run_search("--analytics " + (dir / "a") + " --days 7");
  REQUIRE(text.status == 0);
  CHECK(text.out.find("10, of which 4 found nothing (40.0%)") != std::string::npos);
  CHECK(text.out.find("  1. ketamine ptsd") != std::string::npos);
  CHECK(text.out.find("  2. nasal spray") != std::string::npos);
  CHECK(text.out.find("private") == std::string::npos);
  CHECK(text.out.find("fewer than 3 times are never shown") != std::string::npos);

  Ran json = run_search("--analytics " + (dir / "a") + " --json");
  REQUIRE(json.status == 0);
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["searches"] == 10);
  CHECK(j["no_results"] == 4);
  REQUIRE(j["top"].size() == 2);
  REQUIRE(j["top_no_results"].size() == 1);
  CHECK(j["top_no_results"][0]["query"] == "nasal spray");

  Ran missing = run_search("--analytics " + (dir / "none"));
  CHECK(missing.status == 1);
  CHECK(missing.out.find("no analytics here") != std::string::npos);
}

TEST_CASE("cli: --analytics --html writes the staff's page - charts per day - nearest names",
          "[cli][analytics]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "a");
  // Three days of a server's day files (written as the server writes them, format 1), ending
  // today so that --days keeps them. Each entry: [query, searches, error, no_results].
  std::time_t now = std::time(nullptr);
  auto day = [&](int back) {
    std::time_t t = now - back * 86400;
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", std::gmtime(&t));
    return std::string(text);
  };
  const char* entries[] = {
      R"([["ketamine ptsd", 6, 0, 0], ["esketamine", 4, 0, 4], ["one private question", 1, 0, 1]])",
      R"([["ketamine ptsd", 3, 0, 0], ["esketamine", 2, 0, 2]])",
      R"([["nasal spray", 5, 0, 0], ["xyzzyplugh", 3, 0, 3]])"};
  const int searches[] = {11, 5, 8}, no_results[] = {5, 2, 3};
  for (int i = 0; i < 3; ++i) {
    write_file(dir / ("a/" + day(2 - i) + ".json"),
               R"({"format": 1, "day": ")" + day(2 - i) + R"(", "searches": )" +
                   std::to_string(searches[i]) + R"(, "no_results": )" +
                   std::to_string(no_results[i]) + R"(, "queries": )" + entries[i] + "}\n");
  }
  Ran ran = run_search("--analytics " + (dir / "a") + " --html " + (dir / "report.html") +
                       " --index " + clinic_index());
  INFO(ran.out);
  REQUIRE(ran.status == 0);
  CHECK(ran.out.find("24 searches, 2 queries that found nothing") != std::string::npos);
  std::ifstream in(dir / "report.html");
  std::stringstream page;
  page << in.rdbuf();
  std::string html = page.str();
  auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t at = html.find(what); at != std::string::npos; at = html.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(html.rfind("<!doctype html>", 0) == 0);
  CHECK(count("<svg class=\"chart\"") == 2);  // searches, and the no-result share, per day
  CHECK(count("<rect ") == 6);                // a bar per day in each
  CHECK(html.find("24 searches, 10 of which found nothing (41.7%)") != std::string::npos);
  CHECK(html.find(day(0) + ": 8</title>") != std::string::npos);
  CHECK(html.find(day(0) + ": 37.5%</title>") != std::string::npos);
  // The threshold: a query searched once never appears.
  CHECK(html.find("private") == std::string::npos);
  // A query that found nothing, beside the name that comes nearest it.
  CHECK(html.find("esketamine spray (an alias of intranasal)") != std::string::npos);
  // Self-contained: nothing fetched, nothing run.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("http") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "report.html.tmp"));

  Ran without = run_search("--html " + (dir / "x.html"));
  CHECK(without.status == 2);  // --html needs --analytics
}

TEST_CASE("cli: --queries --run writes a TREC run file", "[cli]") {
  TempDir dir;
  write_file(dir / "queries.tsv",
             "q1\tketamine ptsd\nq2\tesketamine nasal spray\nq3\txyzzyplugh\n");
  Ran ran = run_search("--index " + clinic_index() + " --queries " + (dir / "queries.tsv") +
                       " --run " + (dir / "out.run") + " --limit 2");
  REQUIRE(ran.status == 0);
  std::ifstream run(dir / "out.run");
  std::string line;
  std::map<std::string, int> per_query;
  std::regex trec(R"(^(q[0-9]) Q0 (\S+) ([0-9]+) (-?[0-9.e+-]+) kestrel$)");
  while (std::getline(run, line)) {
    std::smatch m;
    INFO(line);
    REQUIRE(std::regex_match(line, m, trec));
    CHECK(std::stoi(m[3]) == ++per_query[m[1]]);  // ranks count up from 1
  }
  CHECK(per_query["q1"] == 2);
  CHECK(per_query["q2"] >= 1);
  CHECK(per_query.count("q3") == 0);  // nothing found, nothing written
}

TEST_CASE("cli: errors print one line and exit non-zero", "[cli]") {
  TempDir dir;
  Ran missing = run_search("--index " + (dir / "nothing") + " ketamine");
  CHECK(missing.status == 2);
  CHECK(missing.out.find("no index") != std::string::npos);
  CHECK(std::count(missing.out.begin(), missing.out.end(), '\n') == 1);

  CHECK(run_search("--index " + clinic_index() + " --sort sideways ketamine").status == 2);
  CHECK(run_search("--index " + clinic_index() + " --limit 1000 ketamine").status == 2);
  CHECK(run_search("--index " + clinic_index() + " --no-such-option").status == 2);
  Ran bad_facet =
      run_search("--index " + clinic_index() + " --json --condition NotACondition ketamine");
  CHECK(bad_facet.status == 0);  // an unknown value filters to nothing rather than failing
  CHECK(nlohmann::json::parse(bad_facet.out)["total"] == 0);
}

TEST_CASE("cli: --filter takes Meilisearch's filter syntax and names a fault", "[cli]") {
  Ran both = run_search("--index " + clinic_index() +
                        " --json --limit 100 --filter 'condition IN [PTSD, OCD] AND NOT route = "
                        "intravenous'");
  REQUIRE(both.status == 0);
  auto j = nlohmann::json::parse(both.out);
  REQUIRE(j["total"].get<int>() > 0);
  for (const auto& hit : j["hits"]) {
    bool ptsd_or_ocd = false;
    for (const auto& c : hit["conditions"]) ptsd_or_ocd |= c == "PTSD" || c == "OCD";
    CHECK(ptsd_or_ocd);
    for (const auto& r : hit["routes"]) CHECK(r != "intravenous");
  }
  Ran bad = run_search("--index " + clinic_index() + " --filter 'condition = ' ketamine");
  CHECK(bad.status == 2);
  CHECK_THAT(bad.out, Catch::Contains("at 1:13: expected a value after `=`"));
}
