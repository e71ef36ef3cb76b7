// Filter expressions (kestrel/filter.h) as tables: text -> the filter read (describe()), text ->
// the error, hostile text; then what they match, checked against a brute-force reading of the
// same filters over every article of a small dated corpus.
#include "kestrel/filter.h"

#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <set>

#include "kestrel/searcher.h"
#include "test_support.h"

using namespace kestrel;
using namespace kestrel::testing;

TEST_CASE("filter syntax: text -> filter", "[search][filter]") {
  struct Row {
    const char* text;
    const char* filter;
  };
  const Row table[] = {
      {"", ""},
      {"   ", ""},
      {"condition = PTSD", "condition = \"PTSD\""},
      {"condition=PTSD", "condition = \"PTSD\""},
      {"\"condition\"=\"PTSD\"", "condition = \"PTSD\""},  // as instant-meilisearch sends it
      {"'route' = 'nasal spray'", "route = \"nasal spray\""},
      {"source = \"Say \\\"hi\\\" \\\\ there\"", "source = \"Say \\\"hi\\\" \\\\ there\""},
      {"route != oral", "NOT route = \"oral\""},
      {"condition IN [PTSD, OCD]", "(condition = \"PTSD\" OR condition = \"OCD\")"},
      {"condition IN [PTSD, OCD,]", "(condition = \"PTSD\" OR condition = \"OCD\")"},
      {"condition IN [PTSD]", "condition = \"PTSD\""},
      {"condition IN []", "NOTHING"},
      {"condition NOT IN [PTSD, 'social anxiety disorder']",
       "NOT (condition = \"PTSD\" OR condition = \"social anxiety disorder\")"},
      {"condition in [ptsd] and route = oral", "(condition = \"ptsd\" AND route = \"oral\")"},
      {"a_b", nullptr},  // an attribute alone: see the error table
      {"route EXISTS", "route EXISTS"},
      {"route NOT EXISTS", "NOT route EXISTS"},
      {"route IS EMPTY", "NOT route EXISTS"},
      {"route IS NOT EMPTY", "route EXISTS"},
      {"route IS NULL", "NOTHING"},
      {"route IS NOT NULL", ""},
      {"published EXISTS", "published EXISTS"},
      // Dates: a partial date is its whole span.
      {"published = 2020", "(published >= 2020-01-01 AND published <= 2020-12-31)"},
      {"published = 2020-02", "(published >= 2020-02-01 AND published <= 2020-02-31)"},
      {"published = 2020-02-29", "(published >= 2020-02-29 AND published <= 2020-02-29)"},
      {"published > 2020", "published > 2020-12-31"},
      {"published >= 2020", "published >= 2020-01-01"},
      {"published < 2020", "published < 2020-01-01"},
      {"published <= 2020-06", "published <= 2020-06-31"},
      {"published != 2020", "NOT (published >= 2020-01-01 AND published <= 2020-12-31)"},
      {"published 2018 TO 2020-06", "(published >= 2018-01-01 AND published <= 2020-06-31)"},
      {"\"published\">=2018", "published >= 2018-01-01"},  // a numericFilter, as sent
      {"published >= '2018-03-04'", "published >= 2018-03-04"},
      // Precedence: NOT, then AND, then OR; parentheses override.
      {"condition = a OR condition = b AND route = c",
       "(condition = \"a\" OR (condition = \"b\" AND route = \"c\"))"},
      {"(condition = a OR condition = b) AND route = c",
       "((condition = \"a\" OR condition = \"b\") AND route = \"c\")"},
      {"NOT condition = a AND route = c", "(NOT condition = \"a\" AND route = \"c\")"},
      {"NOT (condition = a AND route = c)", "NOT (condition = \"a\" AND route = \"c\")"},
      {"NOT NOT condition = a", "NOT NOT condition = \"a\""},
      {"((((condition = a))))", "condition = \"a\""},
      {"condition = a AND route = b AND source = c",
       "(condition = \"a\" AND route = \"b\" AND source = \"c\")"},
      // Keywords in any case; quoted, they are values.
      {"condition = \"AND\"", "condition = \"AND\""},
      {"condition = x or condition = y", "(condition = \"x\" OR condition = \"y\")"},
      // UTF-8 passes through.
      {"source = Médecine", "source = \"Médecine\""},
  };
  for (const Row& row : table) {
    if (!row.filter) continue;
    INFO(row.text);
    Result<Filter> parsed = parse_filter(row.text);
    REQUIRE(parsed.ok());
    CHECK(describe(*parsed) == row.filter);
  }
}

TEST_CASE("filter syntax: malformed text -> an error naming the place and the fault",
          "[search][filter]") {
  struct Row {
    const char* text;
    const char* message;
  };
  const Row table[] = {
      {"condition",
       "at 1:10: expected an operator (=, !=, >, >=, <, <=, TO, IN, EXISTS) after "
       "`condition`, found the end"},
      {"a_b",
       "at 1:1: attribute `a_b` is not filterable; filterable attributes: condition, "
       "published, route, source"},
      {"title = x", "attribute `title` is not filterable"},
      {"_geoRadius(45.4, 9.1, 2000)", "attribute `_geoRadius` is not filterable"},
      {"condition =", "at 1:12: expected a value after `=`, found the end"},
      {"condition = (", "at 1:13: expected a value after `=`, found `(`"},
      {"condition = a AND", "at 1:18: expected an attribute, found the end"},
      {"condition = a route = b", "at 1:15: expected `AND`, `OR` or the end, found `route`"},
      {"(condition = a", "at 1:15: expected `)`, found the end"},
      {"condition = a)", "at 1:14: expected `AND`, `OR` or the end, found `)`"},
      {"condition = \"PTSD", "at 1:13: the quote opened here is never closed"},
      {"condition ! PTSD", "at 1:11: expected `!=`"},
      {"condition > PTSD", "`condition` is text: compare it with =, !=, IN or EXISTS, not `>`"},
      {"condition IN PTSD", "expected `[` after `IN`, found `PTSD`"},
      {"condition IN [PTSD OCD]", "expected `,` or `]`, found `OCD`"},
      {"condition IN [PTSD,", "expected a value after `,`, found the end"},
      {"condition NOT = x", "expected `IN` or `EXISTS` after `NOT`, found `=`"},
      {"condition IS x", "expected `NULL` or `EMPTY`, found `x`"},
      {"condition 1 TO 2", "expected an operator"},
      {"published > yesterday", "`yesterday` is not a date: write 2020, 2020-06 or 2020-06-15"},
      {"published > 1577836800", "`1577836800` is not a date"},
      {"published = 2020-13", "`2020-13` is not a date"},
      {"published = 2020-01-32", "`2020-01-32` is not a date"},
      {"published = 20", "`20` is not a date"},
      {"published 2018 2020", "expected `TO`, found `2020`"},
      {"published 2018 TO", "expected a value after `TO`, found the end"},
      {"published IN [2018]", "`published` is a date: use comparisons or TO, not IN"},
      {"NOT", "expected an attribute, found the end"},
      {"()", "expected an attribute, found `)`"},
      {"= x", "expected an attribute, found `=`"},
  };
  for (const Row& row : table) {
    INFO(row.text);
    Result<Filter> parsed = parse_filter(row.text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == ErrorCode::kInvalidArgument);
    CHECK_THAT(parsed.error().message,
               Catch::StartsWith("filter: ") && Catch::Contains(row.message));
  }
}

TEST_CASE("filter syntax: hostile text is refused in bounded time and stack", "[search][filter]") {
  // Nesting past the bound, by parentheses and by NOTs: an error, never a deep recursion.
  std::string deep(100000, '(');
  CHECK_THAT(parse_filter(deep).error().message, Catch::Contains("longer than 8192 bytes"));
  std::string nested = std::string(kMaxFilterDepth + 1, '(') + "condition = a" +
                       std::string(kMaxFilterDepth + 1, ')');
  CHECK_THAT(parse_filter(nested).error().message, Catch::Contains("nested deeper than 32"));
  std::string nots;
  for (size_t i = 0; i <= kMaxFilterDepth; ++i) nots += "NOT ";
  CHECK_THAT(parse_filter(nots + "condition = a").error().message,
             Catch::Contains("nested deeper than 32"));
  std::string fits =
      std::string(kMaxFilterDepth, '(') + "condition = a" + std::string(kMaxFilterDepth, ')');
  CHECK(parse_filter(fits).ok());
  // Every byte value, alone and after a valid prefix: a result or an error, never a throw.
  for (int c = 0; c < 256; ++c) {
    std::string one(1, static_cast<char>(c));
    (void)parse_filter(one);
    (void)parse_filter("condition = " + one);
    (void)parse_filter("condition IN [" + one);
  }
  CHECK_FALSE(parse_filter(std::string("condition = \"\\")).ok());
  CHECK(parse_filter(std::string("source = \"a\0b\"", 14)).ok());
}

namespace {

// A corpus of dated articles with known facets: the brute-force side of the comparison.
struct DatedArticle {
  std::string id, published;
  std::vector<std::string> conditions, routes;
};

const std::vector<DatedArticle>& dated_articles() {
  static const std::vector<DatedArticle> articles = {
      {"a", "2016-05-01", {"PTSD"}, {"intravenous"}},
      {"b", "2018-01-01", {"OCD"}, {"oral"}},
      {"c", "2018-12-31", {"PTSD", "OCD"}, {}},
      {"d", "2019-06-15", {"depression"}, {"intranasal", "oral"}},
      {"e", "2020-02-29", {"alcohol use disorder"}, {"intravenous"}},
      {"f", "2020-12-31", {"PTSD"}, {"intranasal"}},
      {"g", "2021-01-01", {"OCD"}, {}},
      {"h", "", {"depression"}, {"oral"}},
  };
  return articles;
}

Searcher& dated_searcher() {
  static TempDir dir;
  static Searcher searcher = [] {
    std::filesystem::create_directories(dir / "c");
    std::filesystem::copy_file(clinic_corpus() + "/taxonomy.yaml", dir / "c/taxonomy.yaml");
    auto list = [](const std::vector<std::string>& values) {
      std::string out = "[";
      for (const auto& v : values) out += (out.size() > 1 ? ", " : "") + v;
      return out + "]";
    };
    for (const DatedArticle& a : dated_articles()) {
      std::string front = "title: Ketamine " + a.id + "\nconditions: " + list(a.conditions) + "\n";
      if (!a.routes.empty()) front += "routes: " + list(a.routes) + "\n";
      if (!a.published.empty()) front += "published: " + a.published + "\n";
      write_file(dir / ("c/" + a.id + ".md"), article(front, "Ketamine for " + a.id + "."));
    }
    index_or_fail(dir / "c", dir / "index");
    auto opened = Searcher::open(dir / "index");
    REQUIRE(opened.ok());
    return std::move(opened).value();
  }();
  return searcher;
}

std::set<std::string> matched(const std::string& expression) {
  Result<Filter> filter = parse_filter(expression);
  REQUIRE(filter.ok());
  SearchRequest request;
  request.filter = *filter;
  request.limit = kMaxPageSize;
  Result<SearchResult> result = dated_searcher().search(request);
  REQUIRE(result.ok());
  std::set<std::string> ids;
  for (const Hit& hit : result->hits) ids.insert(hit.id);
  CHECK(result->total == ids.size());
  return ids;
}

std::set<std::string> brute(const std::function<bool(const DatedArticle&)>& predicate) {
  std::set<std::string> ids;
  for (const DatedArticle& a : dated_articles())
    if (predicate(a)) ids.insert(a.id);
  return ids;
}

bool has(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

TEST_CASE("filter: matches what a brute-force reading of the filter admits", "[search][filter]") {
  using A = DatedArticle;
  struct Row {
    const char* expression;
    std::function<bool(const A&)> admits;
  };
  const Row table[] = {
      {"", [](const A&) { return true; }},
      {"condition = PTSD", [](const A& a) { return has(a.conditions, "PTSD"); }},
      {"condition = ptsd", [](const A& a) { return has(a.conditions, "PTSD"); }},  // any case
      {"condition = 'post-traumatic stress disorder'",                             // an alias
       [](const A& a) { return has(a.conditions, "PTSD"); }},
      {"condition = gout", [](const A&) { return false; }},  // unknown: nothing, no error
      {"condition != PTSD", [](const A& a) { return !has(a.conditions, "PTSD"); }},
      {"condition IN [PTSD, OCD]",
       [](const A& a) { return has(a.conditions, "PTSD") || has(a.conditions, "OCD"); }},
      {"condition NOT IN [PTSD, OCD]",
       [](const A& a) { return !has(a.conditions, "PTSD") && !has(a.conditions, "OCD"); }},
      {"condition = PTSD AND condition = OCD",
       [](const A& a) { return has(a.conditions, "PTSD") && has(a.conditions, "OCD"); }},
      {"condition = depression OR route = intravenous AND condition = PTSD",
       [](const A& a) {
         return has(a.conditions, "depression") ||
                (has(a.routes, "intravenous") && has(a.conditions, "PTSD"));
       }},
      {"NOT (condition = depression OR route = oral)",
       [](const A& a) { return !has(a.conditions, "depression") && !has(a.routes, "oral"); }},
      {"route EXISTS", [](const A& a) { return !a.routes.empty(); }},
      {"route NOT EXISTS", [](const A& a) { return a.routes.empty(); }},
      {"route IS EMPTY", [](const A& a) { return a.routes.empty(); }},
      {"route IS NULL", [](const A&) { return false; }},
      {"published EXISTS", [](const A& a) { return !a.published.empty(); }},
      {"published = 2018", [](const A& a) { return a.published.starts_with("2018"); }},
      {"published = 2020-02", [](const A& a) { return a.published.starts_with("2020-02"); }},
      {"published = 2020-02-29", [](const A& a) { return a.published == "2020-02-29"; }},
      {"published != 2018",
       [](const A& a) { return !a.published.starts_with("2018"); }},  // undated too
      {"published > 2018", [](const A& a) { return a.published >= "2019"; }},
      {"published > 2018-12-31", [](const A& a) { return a.published >= "2019"; }},
      {"published >= 2018", [](const A& a) { return a.published >= "2018"; }},
      {"published < 2018", [](const A& a) { return !a.published.empty() && a.published < "2018"; }},
      {"published < 2018-12-31",
       [](const A& a) { return !a.published.empty() && a.published < "2018-12-31"; }},
      {"published <= 2018",
       [](const A& a) { return !a.published.empty() && a.published < "2019"; }},
      {"published 2018 TO 2020",
       [](const A& a) { return a.published >= "2018" && a.published < "2021"; }},
      {"published >= 2018 AND published <= 2020 AND condition = PTSD",
       [](const A& a) {
         return a.published >= "2018" && a.published < "2021" && has(a.conditions, "PTSD");
       }},
  };
  for (const Row& row : table) {
    INFO(row.expression);
    CHECK(matched(row.expression) == brute(row.admits));
  }
}

TEST_CASE("filter: restricts the facet counts too, while selections stay disjunctive",
          "[search][filter]") {
  SearchRequest request;
  request.filter = *parse_filter("published >= 2019");
  request.filters[static_cast<size_t>(Facet::kRoute)] = {"oral"};
  Result<SearchResult> result = dated_searcher().search(request);
  REQUIRE(result.ok());
  CHECK(result->total == 1);  // d
  std::map<std::string, uint64_t> routes, conditions;
  for (const FacetResult& facet : result->facets) {
    for (const FacetCount& v : facet.values) {
      if (facet.facet == Facet::kRoute) routes[v.value] = v.count;
      if (facet.facet == Facet::kCondition) conditions[v.value] = v.count;
    }
  }
  // The route selection is ignored for route counts, the filter is not: d, e, f, g.
  CHECK(routes ==
        std::map<std::string, uint64_t>{{"intranasal", 2}, {"oral", 1}, {"intravenous", 1}});
  // Other facets count within both: d alone.
  CHECK(conditions == std::map<std::string, uint64_t>{{"depression", 1}});
}

TEST_CASE("filter: a parent value filters its children's articles too", "[search][filter]") {
  SearchRequest by_filter;
  by_filter.filter = *parse_filter("condition = 'anxiety disorders'");
  SearchRequest by_selection;
  by_selection.filters[static_cast<size_t>(Facet::kCondition)] = {"anxiety disorders"};
  Result<Searcher> clinic = Searcher::open(clinic_index());
  REQUIRE(clinic.ok());
  Result<SearchResult> a = clinic->search(by_filter), b = clinic->search(by_selection);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->total == b->total);
  CHECK(a->total > 1);
}

TEST_CASE("search: oldest first - a page of counts only - hits with their body and marked titles",
          "[search]") {
  SearchRequest request;
  request.sort = SortOrder::kDateOldest;
  request.filter = *parse_filter("published EXISTS");
  Result<SearchResult> oldest = dated_searcher().search(request);
  REQUIRE(oldest.ok());
  REQUIRE(oldest->hits.size() == 7);
  for (size_t i = 1; i < oldest->hits.size(); ++i)
    CHECK(oldest->hits[i - 1].published <= oldest->hits[i].published);
  CHECK(oldest->hits.front().id == "a");
  // Without the filter the undated article comes last, after every date, on whatever page.
  request.filter = {};
  for (unsigned offset = 0; offset < 8; ++offset) {
    request.offset = offset;
    request.limit = 3;
    Result<SearchResult> page = dated_searcher().search(request);
    REQUIRE(page.ok());
    CHECK(page->total == 8);
    const char* expected[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    for (size_t i = 0; i < page->hits.size(); ++i) CHECK(page->hits[i].id == expected[offset + i]);
    CHECK(page->hits.size() == std::min<size_t>(3, 8 - offset));
  }

  request = {};
  request.limit = 0;
  Result<SearchResult> counts = dated_searcher().search(request);
  REQUIRE(counts.ok());
  CHECK(counts->hits.empty());
  CHECK(counts->total == 8);
  CHECK_FALSE(counts->facets.empty());
  // By year, ascending, the undated article left out; within a filter, only its matches.
  std::vector<std::pair<int, uint64_t>> years;
  for (const auto& y : counts->published_years) years.emplace_back(y.year, y.count);
  CHECK(years == std::vector<std::pair<int, uint64_t>>{
                     {2016, 1}, {2018, 2}, {2019, 1}, {2020, 2}, {2021, 1}});
  request.filter = *parse_filter("condition = PTSD");
  Result<SearchResult> ptsd_years = dated_searcher().search(request);
  REQUIRE(ptsd_years.ok());
  years.clear();
  for (const auto& y : ptsd_years->published_years) years.emplace_back(y.year, y.count);
  CHECK(years == std::vector<std::pair<int, uint64_t>>{{2016, 1}, {2018, 1}, {2020, 1}});

  Result<Searcher> clinic = Searcher::open(clinic_index());
  REQUIRE(clinic.ok());
  request = {};
  request.query = "ketamine depression";
  request.limit = 3;
  request.snippet_words = 8;
  Result<SearchResult> short_snippets = clinic->search(request);
  REQUIRE(short_snippets.ok());
  request.snippet_words = kWholeBody;
  request.with_body = true;
  request.mark_titles = true;
  Result<SearchResult> whole = clinic->search(request);
  REQUIRE(whole.ok());
  REQUIRE(whole->hits.size() == 3);
  // (An article that says the words once, or only in its title, has no more marks in its body.)
  size_t whole_marks = 0, short_marks = 0;
  for (size_t i = 0; i < 3; ++i) {
    const Hit& hit = whole->hits[i];
    INFO(hit.id);
    size_t words = 1 + std::count(short_snippets->hits[i].snippet.text.begin(),
                                  short_snippets->hits[i].snippet.text.end(), ' ');
    CHECK(words <= 8);
    CHECK(short_snippets->hits[i].snippet.cut_after);
    // The whole body, marked throughout; the body as written beside it.
    CHECK_FALSE(hit.snippet.cut_before);
    CHECK(hit.snippet.marks.size() >= short_snippets->hits[i].snippet.marks.size());
    whole_marks += hit.snippet.marks.size();
    short_marks += short_snippets->hits[i].snippet.marks.size();
    CHECK(hit.body.size() >= hit.snippet.text.size());
    std::string flat = hit.body;  // the snippet reads line breaks as spaces
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    CHECK(flat.find(hit.snippet.text.substr(0, 40)) != std::string::npos);
    // Title marks cover the query's words, in any form ("Ketamine", "Depressive").
    REQUIRE_FALSE(hit.title_marks.empty());
    for (const Snippet::Range& mark : hit.title_marks) {
      std::string word = hit.title.substr(mark.begin, mark.end - mark.begin);
      for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      CHECK((word.starts_with("ketamin") || word.starts_with("depress")));
    }
  }
  CHECK(whole_marks > short_marks);
  CHECK(short_snippets->hits[0].title_marks.empty());  // only when asked
  CHECK(short_snippets->hits[0].body.empty());
}
