#include "kestrel/search_json.h"

#include <nlohmann/json.hpp>

namespace kestrel {
namespace {

nlohmann::json optional_string(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
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

nlohmann::json hit_json(const Hit& hit) {
  return {{"id", hit.id},
          {"title", hit.title},
          {"url", optional_string(hit.url)},
          {"source", optional_string(hit.source)},
          {"published", optional_string(hit.published)},
          {"conditions", hit.conditions},
          {"routes", hit.routes},
          {"score", hit.score},
          {"snippet", snippet_html(hit.snippet)}};
}

nlohmann::json search_result_json(const SearchResult& result, const SearchRequest& request) {
  nlohmann::json hits = nlohmann::json::array();
  for (const Hit& hit : result.hits) hits.push_back(hit_json(hit));
  nlohmann::json facets = nlohmann::json::object();
  for (const FacetResult& facet : result.facets) {
    nlohmann::json values = nlohmann::json::array();
    for (const FacetCount& c : facet.values) {
      values.push_back({{"value", c.value},
                        {"count", c.count},
                        {"selected", c.selected},
                        {"parent", optional_string(c.parent)}});
    }
    facets[std::string(facet_name(facet.facet))] = std::move(values);
  }
  return {{"query", result.query},
          {"corrected_query", result.corrected_query ? nlohmann::json(*result.corrected_query)
                                                     : nlohmann::json(nullptr)},
          {"matched_any_word", result.matched_any_word},
          {"total", result.total},
          {"exhaustive", result.exhaustive},
          {"page", request.offset / request.limit + 1},
          {"per_page", request.limit},
          {"took_ms", result.took_ms},
          {"hits", std::move(hits)},
          {"facets", std::move(facets)}};
}

nlohmann::json article_json(const ArticleView& article) {
  nlohmann::json j = hit_json(article.meta);
  j.erase("score");
  j.erase("snippet");
  j["authors"] = article.authors;
  j["text"] = article.body;
  return j;
}

nlohmann::json related_json(std::string_view id, const std::vector<Hit>& related) {
  nlohmann::json hits = nlohmann::json::array();
  for (const Hit& hit : related) {
    nlohmann::json j = hit_json(hit);
    j.erase("snippet");
    hits.push_back(std::move(j));
  }
  return {{"id", id}, {"related", std::move(hits)}};
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
