#include "meili_response.h"

#include <algorithm>
#include <cmath>

namespace kestrel::http {
namespace {

// The text with the marked ranges between the caller's tags. Not escaped: Meilisearch returns
// the document's text as it is, and InstantSearch escapes it around its own tags.
std::string with_tags(std::string_view text, const std::vector<Snippet::Range>& marks,
                      const MeiliView& view) {
  std::string out;
  size_t cursor = 0;
  for (const Snippet::Range& mark : marks) {
    if (mark.begin < cursor || mark.end > text.size()) continue;
    out.append(text.substr(cursor, mark.begin - cursor));
    out += view.pre_tag;
    out.append(text.substr(mark.begin, mark.end - mark.begin));
    out += view.post_tag;
    cursor = mark.end;
  }
  out.append(text.substr(cursor));
  return out;
}

nlohmann::json raw_value(const Hit& hit, Attribute attribute) {
  switch (attribute) {
    case Attribute::kId:
      return hit.id;
    case Attribute::kTitle:
      return hit.title;
    case Attribute::kText:
      return hit.body;
    case Attribute::kUrl:
      return hit.url;
    case Attribute::kSource:
      return hit.source;
    case Attribute::kPublished:
      return hit.published;
    case Attribute::kCondition:
      return hit.conditions;
    case Attribute::kRoute:
      return hit.routes;
    case Attribute::kStudy:
      return hit.study;
    case Attribute::kParticipants:
      return hit.participants > 0 ? nlohmann::json(hit.participants) : nlohmann::json();
  }
  return nullptr;
}

// Meilisearch leaves out the fields a document does not have.
bool is_absent(const nlohmann::json& value) {
  return value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty());
}

nlohmann::json formatted_text(const Hit& hit, const MeiliView& view) {
  size_t text = static_cast<size_t>(Attribute::kText);
  static const std::vector<Snippet::Range> kNoMarks;
  std::string out;
  if (view.crop[text] && hit.snippet.cut_before) out += view.crop_marker;
  out += with_tags(hit.snippet.text, view.highlight[text] ? hit.snippet.marks : kNoMarks, view);
  if (view.crop[text] && hit.snippet.cut_after) out += view.crop_marker;
  return out;
}

nlohmann::json hit_json(const Hit& hit, const MeiliView& view) {
  nlohmann::json out = nlohmann::json::object();
  nlohmann::json formatted = nlohmann::json::object();
  for (size_t i = 0; i < kAttributeCount; ++i) {
    auto attribute = static_cast<Attribute>(i);
    nlohmann::json value = raw_value(hit, attribute);
    // The text comes from its snippet when it is highlighted or cropped, so its body may be
    // absent (not retrieved).
    bool from_snippet = attribute == Attribute::kText && (view.highlight[i] || view.crop[i]);
    if (is_absent(value) && !from_snippet) continue;
    if (view.retrieve[i]) out[attribute_name(attribute)] = value;
    if (!view.retrieve[i] && !view.highlight[i] && !view.crop[i]) continue;
    if (from_snippet)
      value = formatted_text(hit, view);
    else if (attribute == Attribute::kTitle && view.highlight[i])
      value = with_tags(hit.title, hit.title_marks, view);
    formatted[attribute_name(attribute)] = std::move(value);
  }
  if (view.formatted()) out["_formatted"] = std::move(formatted);
  return out;
}

nlohmann::json facet_distribution(const SearchResult& result, const MeiliView& view,
                                  nlohmann::json& stats) {
  nlohmann::json distribution = nlohmann::json::object();
  for (Facet facet : view.facets) {
    nlohmann::json counts = nlohmann::json::object();
    for (const FacetResult& counted : result.facets) {
      if (counted.facet != facet) continue;
      for (const FacetCount& value : counted.values)
        if (value.count > 0) counts[value.value] = value.count;
    }
    distribution[std::string(facet_name(facet))] = std::move(counts);
  }
  if (view.published_facet) {
    nlohmann::json years = nlohmann::json::object();
    for (const SearchResult::YearCount& year : result.published_years)
      years[std::to_string(year.year)] = year.count;
    distribution["published"] = std::move(years);
    // Numeric as years: what a range slider over publication years needs, and what the filter
    // reads back ("published >= 2018").
    if (!result.published_years.empty()) {
      stats["published"] = {{"min", result.published_years.front().year},
                            {"max", result.published_years.back().year}};
    }
  }
  return distribution;
}

// Folded for matching a facet query: ASCII letters in lower case. Taxonomy names are ASCII; a
// source with accents matches when typed with them.
std::string folded(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Whether some word of `value` starts with `query` ("anx" matches "social anxiety disorder").
bool matches_facet_query(const std::string& value, const std::string& query) {
  if (query.empty()) return true;
  std::string v = folded(value), q = folded(query);
  for (size_t at = v.find(q); at != std::string::npos; at = v.find(q, at + 1)) {
    if (at == 0 || v[at - 1] == ' ' || v[at - 1] == '-' || v[at - 1] == '/') return true;
  }
  return false;
}

}  // namespace

nlohmann::json meili_search_json(const SearchResult& result, const MeiliSearch& search,
                                 bool with_index_uid) {
  const MeiliView& view = search.view;
  nlohmann::json hits = nlohmann::json::array();
  for (const Hit& hit : result.hits) hits.push_back(hit_json(hit, view));
  nlohmann::json out = nlohmann::json::object();
  if (with_index_uid) out["indexUid"] = search.index_uid;
  out["hits"] = std::move(hits);
  out["query"] = search.request.query;
  out["processingTimeMs"] = static_cast<uint64_t>(std::llround(result.took_ms));
  if (view.page_mode) {
    out["hitsPerPage"] = view.hits_per_page;
    out["page"] = view.page;
    out["totalPages"] =
        view.hits_per_page == 0 ? 0 : (result.total + view.hits_per_page - 1) / view.hits_per_page;
    out["totalHits"] = result.total;
  } else {
    out["limit"] = search.request.limit;
    out["offset"] = search.request.offset;
    out["estimatedTotalHits"] = result.total;
  }
  if (!view.facets.empty() || view.published_facet) {
    nlohmann::json stats = nlohmann::json::object();
    out["facetDistribution"] = facet_distribution(result, view, stats);
    out["facetStats"] = std::move(stats);
  }
  return out;
}

nlohmann::json meili_facet_search_json(const SearchResult& result, const MeiliFacetSearch& search) {
  constexpr size_t kMaxFacetHits = 100;  // Meilisearch's maxValuesPerFacet default
  std::vector<const FacetCount*> found;
  for (const FacetResult& counted : result.facets) {
    if (counted.facet != search.facet) continue;
    for (const FacetCount& value : counted.values)
      if (value.count > 0 && matches_facet_query(value.value, search.facet_query))
        found.push_back(&value);
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const FacetCount* a, const FacetCount* b) { return a->count > b->count; });
  if (found.size() > kMaxFacetHits) found.resize(kMaxFacetHits);
  nlohmann::json hits = nlohmann::json::array();
  for (const FacetCount* value : found)
    hits.push_back({{"value", value->value}, {"count", value->count}});
  nlohmann::json query =
      search.facet_query.empty() ? nlohmann::json(nullptr) : nlohmann::json(search.facet_query);
  return {{"facetHits", std::move(hits)},
          {"facetQuery", std::move(query)},
          {"processingTimeMs", static_cast<uint64_t>(std::llround(result.took_ms))}};
}

nlohmann::json meili_error_json(const MeiliError& error) {
  const char* type = error.status >= 500 ? "internal" : "invalid_request";
  return {{"message", error.message},
          {"code", error.code},
          {"type", type},
          {"link", "https://docs.meilisearch.com/errors#" + error.code}};
}

}  // namespace kestrel::http
