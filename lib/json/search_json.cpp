#include "kestrel/search_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "json_writer.h"
#include "kestrel/url_encode.h"

namespace kestrel {
namespace {

nlohmann::json optional_string(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

void write_strings(const std::vector<std::string>& values, JsonWriter& out) {
  out.begin_array();
  for (const std::string& value : values) out.string(value);
  out.end_array();
}

}  // namespace

void append_html_escaped(std::string_view text, std::string& out) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters other than tab and newline would only garble the page.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n')
          out += ' ';
        else
          out += c;
    }
  }
}

std::string snippet_html(const Snippet& snippet) {
  std::string out;
  out.reserve(snippet.text.size() + snippet.marks.size() * 13 + 16);
  if (snippet.cut_before) out += "… ";
  std::string_view text = snippet.text;
  size_t cursor = 0;
  for (const Snippet::Range& mark : snippet.marks) {
    append_html_escaped(text.substr(cursor, mark.begin - cursor), out);
    out += "<mark>";
    append_html_escaped(text.substr(mark.begin, mark.end - mark.begin), out);
    out += "</mark>";
    cursor = mark.end;
  }
  append_html_escaped(text.substr(cursor), out);
  if (snippet.cut_after) out += " …";
  return out;
}

std::string pdf_address(const Hit& hit) {
  if (hit.file.empty()) return {};
  std::string address = "/files/";
  append_url_encoded(hit.id, address);
  return address + ".pdf";
}

std::string study_label(const Hit& hit) {
  if (hit.study.empty()) return {};
  std::string label = hit.study;
  if (hit.participants > 0) {
    label += ", " + std::to_string(hit.participants) +
             (hit.participants == 1 ? " participant" : " participants");
  }
  return label;
}

namespace {

// A hit's fields, in sorted key order. A search's hit has a score and a snippet, a related
// article a score; an article's page has neither, but its authors and its text.
struct HitParts {
  bool score = false, snippet = false;
  const ArticleView* article = nullptr;
};

void write_hit_fields(const Hit& hit, HitParts parts, JsonWriter& out) {
  if (parts.article) {
    out.key("authors");
    write_strings(parts.article->authors, out);
  }
  out.key("conditions");
  write_strings(hit.conditions, out);
  out.key("id");
  out.string(hit.id);
  if (parts.snippet) {
    out.key("page");
    if (hit.snippet.page > 0)
      out.number(uint64_t{hit.snippet.page});
    else
      out.null();
  }
  out.key("participants");
  if (hit.participants > 0)
    out.number(uint64_t{hit.participants});
  else
    out.null();
  out.key("pdf");
  out.string_or_null(pdf_address(hit));
  out.key("published");
  out.string_or_null(hit.published);
  out.key("routes");
  write_strings(hit.routes, out);
  if (parts.score) {
    out.key("score");
    out.number(hit.score);
  }
  if (parts.snippet) {
    out.key("snippet");
    out.string(snippet_html(hit.snippet));
  }
  out.key("source");
  out.string_or_null(hit.source);
  out.key("study");
  out.string_or_null(hit.study);
  if (parts.article) {
    out.key("text");
    out.string(parts.article->body);
  }
  out.key("title");
  out.string(hit.title);
  out.key("url");
  out.string_or_null(hit.url);
}

// {"condition": [{"count", "parent", "selected", "value"}, ...], "route": [...], ...}
void write_facets(const std::vector<FacetResult>& results, JsonWriter& out) {
  out.begin_object();
  std::vector<const FacetResult*> facets;
  for (const FacetResult& facet : results) facets.push_back(&facet);
  std::sort(facets.begin(), facets.end(), [](const FacetResult* a, const FacetResult* b) {
    return facet_name(a->facet) < facet_name(b->facet);
  });
  for (const FacetResult* facet : facets) {
    out.key(facet_name(facet->facet));
    out.begin_array();
    for (const FacetCount& c : facet->values) {
      out.begin_object();
      out.key("count");
      out.number(uint64_t{c.count});
      out.key("parent");
      out.string_or_null(c.parent);
      out.key("selected");
      out.boolean(c.selected);
      out.key("value");
      out.string(c.value);
      out.end_object();
    }
    out.end_array();
  }
  out.end_object();
}

}  // namespace

std::string search_result_json(const SearchResult& result, const SearchRequest& request) {
  std::string text;
  text.reserve(1024 + result.hits.size() * 768);
  JsonWriter out(text);
  out.begin_object();
  out.key("corrected_query");
  if (result.corrected_query)
    out.string(*result.corrected_query);
  else
    out.null();
  out.key("exhaustive");
  out.boolean(result.exhaustive);
  out.key("facets");
  write_facets(result.facets, out);
  out.key("hits");
  out.begin_array();
  for (const Hit& hit : result.hits) {
    out.begin_object();
    write_hit_fields(hit, {.score = true, .snippet = true}, out);
    out.end_object();
  }
  out.end_array();
  out.key("matched_any_word");
  out.boolean(result.matched_any_word);
  out.key("page");
  out.number(uint64_t{request.limit ? request.offset / request.limit + 1 : 1});
  out.key("per_page");
  out.number(uint64_t{request.limit});
  out.key("query");
  out.string(result.query);
  out.key("ranking");
  out.string(ranking_name(result.ranking));
  out.key("took_ms");
  out.number(result.took_ms);
  out.key("total");
  out.number(uint64_t{result.total});
  out.key("years");
  out.begin_array();
  for (const SearchResult::YearCount& year : result.published_years) {
    out.begin_object();
    out.key("count");
    out.number(uint64_t{year.count});
    out.key("year");
    out.number(uint64_t(year.year));
    out.end_object();
  }
  out.end_array();
  out.end_object();
  return text;
}

std::string article_json(const ArticleView& article) {
  std::string text;
  JsonWriter out(text);
  out.begin_object();
  write_hit_fields(article.meta, {.article = &article}, out);
  out.end_object();
  return text;
}

std::string related_json(std::string_view id, const std::vector<Hit>& related) {
  std::string text;
  JsonWriter out(text);
  out.begin_object();
  out.key("id");
  out.string(id);
  out.key("related");
  out.begin_array();
  for (const Hit& hit : related) {
    out.begin_object();
    write_hit_fields(hit, {.score = true}, out);
    out.end_object();
  }
  out.end_array();
  out.end_object();
  return text;
}

nlohmann::json analytics_json(const AnalyticsReport& report, unsigned min_searches) {
  auto list = [](const std::vector<QueryStat>& stats) {
    nlohmann::json out = nlohmann::json::array();
    for (const QueryStat& s : stats)
      out.push_back({{"query", s.query}, {"searches", s.searches}, {"no_results", s.no_results}});
    return out;
  };
  return {{"first_day", optional_string(report.first_day)},
          {"last_day", optional_string(report.last_day)},
          {"searches", report.searches},
          {"no_results", report.no_results},
          {"no_result_rate",
           report.searches ? double(report.no_results) / double(report.searches) : 0.0},
          {"min_searches", min_searches},
          {"top", list(report.top)},
          {"top_no_results", list(report.top_no_results)}};
}

nlohmann::json error_json(std::string_view code, std::string_view message) {
  return {{"error", {{"code", code}, {"message", message}}}};
}

}  // namespace kestrel
