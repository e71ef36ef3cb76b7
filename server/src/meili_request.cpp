#include "meili_request.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>

#include "kestrel/filter.h"
#include "kestrel/utf8.h"

namespace kestrel::http {
namespace {

constexpr std::array<const char*, kAttributeCount> kAttributeNames = {
    "id",        "title",     "text",  "url",   "source",
    "published", "condition", "route", "study", "participants"};
constexpr size_t kMaxFilterStrings = 100;  // expressions in an array filter
constexpr size_t kMaxTagBytes = 256;       // highlight tags and the crop marker
constexpr unsigned kMaxCropLength = 1000;

MeiliError invalid(const std::string& code, std::string message) {
  return MeiliError{400, code, std::move(message)};
}

// "invalid_search_" + the field in snake case: hitsPerPage -> invalid_search_hits_per_page.
std::string code_for(std::string_view field) {
  std::string code = "invalid_search_";
  for (char c : field) {
    if (c >= 'A' && c <= 'Z') {
      code += '_';
      code += static_cast<char>(c - 'A' + 'a');
    } else {
      code += c;
    }
  }
  return code;
}

std::optional<Attribute> attribute_named(std::string_view name) {
  for (size_t i = 0; i < kAttributeCount; ++i)
    if (name == kAttributeNames[i]) return static_cast<Attribute>(i);
  return std::nullopt;
}

// Reads one body field into the search; returns an error, or nullopt when it is fine.
using FieldReader = std::function<std::optional<MeiliError>(const nlohmann::json&, MeiliSearch&)>;

std::optional<MeiliError> expect_type(bool ok, std::string_view field, const char* what) {
  if (ok) return std::nullopt;
  return invalid(code_for(field),
                 "Invalid value type at `." + std::string(field) + "`: expected " + what);
}

// A whole number in [low, high], or an error naming the field.
std::optional<MeiliError> read_count(const nlohmann::json& value, std::string_view field,
                                     uint64_t low, uint64_t high, unsigned& out) {
  if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<int64_t>() >= 0))
    return invalid(code_for(field), "Invalid value type at `." + std::string(field) +
                                        "`: expected a positive integer");
  uint64_t n = value.get<uint64_t>();
  if (n < low || n > high)
    return invalid(code_for(field), "`." + std::string(field) + "` must be from " +
                                        std::to_string(low) + " to " + std::to_string(high) +
                                        " (Kestrel's limit)");
  out = static_cast<unsigned>(n);
  return std::nullopt;
}

// An array of strings, or null (nullopt and no error).
std::optional<MeiliError> read_strings(const nlohmann::json& value, std::string_view field,
                                       std::optional<std::vector<std::string>>& out) {
  if (value.is_null()) return std::nullopt;
  if (!value.is_array()) return expect_type(false, field, "an array of strings");
  std::vector<std::string> strings;
  for (const auto& item : value) {
    if (!item.is_string()) return expect_type(false, field, "an array of strings");
    strings.push_back(item.get<std::string>());
  }
  out = std::move(strings);
  return std::nullopt;
}

// Marks the named attributes ("*" is all of them); unknown names are ignored, as Meilisearch
// ignores attributes no document has. With `lengths`, "text:20" sets the crop length.
std::optional<MeiliError> read_attributes(const nlohmann::json& value, std::string_view field,
                                          std::array<bool, kAttributeCount>& marked,
                                          unsigned* crop_length) {
  std::optional<std::vector<std::string>> names;
  if (auto error = read_strings(value, field, names)) return error;
  if (!names) return std::nullopt;
  marked.fill(false);
  for (std::string name : *names) {
    size_t colon = name.find(':');
    if (crop_length && colon != std::string::npos) {
      std::string_view digits = std::string_view(name).substr(colon + 1);
      unsigned length = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
      if (ec != std::errc() || end != digits.data() + digits.size() || length < 1 ||
          length > kMaxCropLength)
        return invalid(code_for(field), "`" + name + "`: a crop length is 1 to " +
                                            std::to_string(kMaxCropLength) + " words");
      name.resize(colon);
      if (name == "text" || name == "*") *crop_length = length;
    }
    if (name == "*") marked.fill(true);
    if (std::optional<Attribute> attribute = attribute_named(name))
      marked[static_cast<size_t>(*attribute)] = true;
  }
  return std::nullopt;
}

std::optional<MeiliError> read_tag(const nlohmann::json& value, std::string_view field,
                                   std::string& out) {
  if (auto error = expect_type(value.is_string(), field, "a string")) return error;
  out = value.get<std::string>();
  if (out.size() > kMaxTagBytes)
    return invalid(code_for(field), "`." + std::string(field) + "` is longer than " +
                                        std::to_string(kMaxTagBytes) + " bytes");
  return std::nullopt;
}

Result<Filter> one_filter(const nlohmann::json& value) {
  if (!value.is_string())
    return Error{ErrorCode::kInvalidArgument,
                 "Invalid value type at `.filter`: expected a string, an array of strings or an "
                 "array of arrays of strings"};
  return parse_filter(value.get<std::string>());
}

// A string expression, or arrays: the outer array ANDs, an inner array ORs (how InstantSearch's
// adapter sends disjunctive facet refinements).
std::optional<MeiliError> read_filter(const nlohmann::json& value, Filter& out) {
  auto fail = [](const Error& error) { return invalid("invalid_search_filter", error.message); };
  if (value.is_null()) return std::nullopt;
  if (!value.is_array()) {
    Result<Filter> filter = one_filter(value);
    if (!filter) return fail(filter.error());
    out = std::move(filter).value();
    return std::nullopt;
  }
  size_t strings = 0;
  std::vector<Filter> all;
  for (const auto& item : value) {
    std::vector<Filter> any;
    for (const auto& alternative : item.is_array() ? item : nlohmann::json::array({item})) {
      if (++strings > kMaxFilterStrings)
        return invalid("invalid_search_filter",
                       "filter: more than " + std::to_string(kMaxFilterStrings) + " expressions");
      Result<Filter> filter = one_filter(alternative);
      if (!filter) return fail(filter.error());
      any.push_back(std::move(filter).value());
    }
    all.push_back(Filter::any_of(std::move(any)));
  }
  out = all.empty() ? Filter{} : Filter::all_of(std::move(all));
  return std::nullopt;
}

std::optional<MeiliError> read_facets(const nlohmann::json& value, MeiliView& view) {
  std::optional<std::vector<std::string>> names;
  if (auto error = read_strings(value, "facets", names)) return error;
  view.facets.clear();
  view.published_facet = false;
  for (const std::string& name : names.value_or(std::vector<std::string>{})) {
    if (name == "*") {
      view.facets.assign(kAllFacets.begin(), kAllFacets.end());
      view.published_facet = true;
    } else if (std::optional<Facet> facet = facet_from_name(name)) {
      if (std::find(view.facets.begin(), view.facets.end(), *facet) == view.facets.end())
        view.facets.push_back(*facet);
    } else if (name == "published") {
      view.published_facet = true;
    } else {
      return invalid("invalid_search_facets",
                     "Attribute `" + name +
                         "` is not filterable. Available filterable attributes are: `condition, "
                         "published, route, source`.");
    }
  }
  return std::nullopt;
}

std::optional<MeiliError> read_sort(const nlohmann::json& value, SearchRequest& request) {
  std::optional<std::vector<std::string>> rules;
  if (auto error = read_strings(value, "sort", rules)) return error;
  request.sort = SortOrder::kRelevance;
  if (!rules || rules->empty()) return std::nullopt;
  if (rules->size() > 1)
    return invalid("invalid_search_sort",
                   "Kestrel sorts by one rule: `published:asc` or "
                   "`published:desc`");
  const std::string& rule = rules->front();
  if (rule == "published:desc") {
    request.sort = SortOrder::kDate;
  } else if (rule == "published:asc") {
    request.sort = SortOrder::kDateOldest;
  } else {
    return invalid("invalid_search_sort",
                   "Attribute `" + rule.substr(0, rule.find(':')) +
                       "` is not sortable, or the rule is not `attribute:asc` or `attribute:desc`. "
                       "Available sortable attributes are: `published`.");
  }
  return std::nullopt;
}

std::optional<MeiliError> read_matching_strategy(const nlohmann::json& value,
                                                 SearchRequest& request) {
  if (auto error = expect_type(value.is_string(), "matchingStrategy", "a string")) return error;
  // "last" drops words from the end until something matches: Kestrel's default comes nearest
  // (every word for short queries, any word, ranked, when none has them all or for questions).
  static const std::map<std::string, MatchMode> kStrategies = {{"last", MatchMode::kAuto},
                                                               {"all", MatchMode::kAllWords},
                                                               {"frequency", MatchMode::kAnyWord}};
  auto it = kStrategies.find(value.get<std::string>());
  if (it == kStrategies.end())
    return invalid("invalid_search_matching_strategy",
                   "Unknown value `" + value.get<std::string>() +
                       "` at `.matchingStrategy`: expected one of `last`, `all`, `frequency`");
  request.match = it->second;
  return std::nullopt;
}

// Accepted only as false: Kestrel computes none of these.
std::optional<MeiliError> read_unsupported_flag(const nlohmann::json& value,
                                                std::string_view field) {
  if (auto error = expect_type(value.is_boolean(), field, "a boolean")) return error;
  if (!value.get<bool>()) return std::nullopt;
  return invalid(code_for(field), "`" + std::string(field) + "` is not supported by Kestrel");
}

const std::map<std::string, FieldReader, std::less<>>& field_readers() {
  static const std::map<std::string, FieldReader, std::less<>> kReaders = {
      {"q",
       [](const nlohmann::json& v, MeiliSearch& s) -> std::optional<MeiliError> {
         if (v.is_null()) return std::nullopt;
         if (auto error = expect_type(v.is_string(), "q", "a string")) return error;
         s.request.query = v.get<std::string>();
         if (s.request.query.size() > kMaxParameterBytes)
           return invalid("invalid_search_q",
                          "`.q` is longer than " + std::to_string(kMaxParameterBytes) + " bytes");
         return std::nullopt;
       }},
      {"filter",
       [](const nlohmann::json& v, MeiliSearch& s) { return read_filter(v, s.request.filter); }},
      {"facets", [](const nlohmann::json& v, MeiliSearch& s) { return read_facets(v, s.view); }},
      {"limit",
       [](const nlohmann::json& v, MeiliSearch& s) {
         return read_count(v, "limit", 0, kMaxPageSize, s.request.limit);
       }},
      {"offset",
       [](const nlohmann::json& v, MeiliSearch& s) {
         return read_count(v, "offset", 0, kMaxOffset, s.request.offset);
       }},
      {"page",
       [](const nlohmann::json& v, MeiliSearch& s) {
         s.view.page_mode = true;
         return read_count(v, "page", 1, kMaxOffset + 1, s.view.page);
       }},
      {"hitsPerPage",
       [](const nlohmann::json& v, MeiliSearch& s) {
         s.view.page_mode = true;
         return read_count(v, "hitsPerPage", 0, kMaxPageSize, s.view.hits_per_page);
       }},
      {"sort", [](const nlohmann::json& v, MeiliSearch& s) { return read_sort(v, s.request); }},
      {"attributesToRetrieve",
       [](const nlohmann::json& v, MeiliSearch& s) {
         return read_attributes(v, "attributesToRetrieve", s.view.retrieve, nullptr);
       }},
      {"attributesToHighlight",
       [](const nlohmann::json& v, MeiliSearch& s) {
         return read_attributes(v, "attributesToHighlight", s.view.highlight, nullptr);
       }},
      {"attributesToCrop",
       [](const nlohmann::json& v, MeiliSearch& s) {
         return read_attributes(v, "attributesToCrop", s.view.crop, &s.view.crop_length);
       }},
      {"cropLength",
       [](const nlohmann::json& v, MeiliSearch& s) {
         return read_count(v, "cropLength", 1, kMaxCropLength, s.view.crop_length);
       }},
      {"highlightPreTag",
       [](const nlohmann::json& v, MeiliSearch& s) {
         return read_tag(v, "highlightPreTag", s.view.pre_tag);
       }},
      {"highlightPostTag",
       [](const nlohmann::json& v, MeiliSearch& s) {
         return read_tag(v, "highlightPostTag", s.view.post_tag);
       }},
      {"cropMarker", [](const nlohmann::json& v,
                        MeiliSearch& s) { return read_tag(v, "cropMarker", s.view.crop_marker); }},
      {"matchingStrategy", [](const nlohmann::json& v,
                              MeiliSearch& s) { return read_matching_strategy(v, s.request); }},
      {"showMatchesPosition",
       [](const nlohmann::json& v, MeiliSearch&) {
         return read_unsupported_flag(v, "showMatchesPosition");
       }},
      {"showRankingScore",
       [](const nlohmann::json& v, MeiliSearch&) {
         return read_unsupported_flag(v, "showRankingScore");
       }},
      {"showRankingScoreDetails",
       [](const nlohmann::json& v, MeiliSearch&) {
         return read_unsupported_flag(v, "showRankingScoreDetails");
       }},
  };
  return kReaders;
}

// Fields of Meilisearch's API that Kestrel does not have: refused by name, not as unknown.
bool is_unsupported_feature(std::string_view field) {
  static const std::vector<std::string_view> kFeatures = {
      "hybrid",  "vector",          "distinct",   "attributesToSearchOn", "rankingScoreThreshold",
      "locales", "retrieveVectors", "federation", "federationOptions"};
  return std::find(kFeatures.begin(), kFeatures.end(), field) != kFeatures.end();
}

std::string known_fields(bool in_multi) {
  std::string out;
  for (const auto& [name, reader] : field_readers())
    out += (out.empty() ? "`" : ", `") + name + "`";
  return in_multi ? "`indexUid`, " + out : out;
}

}  // namespace

const char* attribute_name(Attribute attribute) {
  return kAttributeNames[static_cast<size_t>(attribute)];
}

bool MeiliView::formatted() const {
  for (size_t i = 0; i < kAttributeCount; ++i)
    if (highlight[i] || crop[i]) return true;
  return false;
}

MeiliParsed meili_search_from(const nlohmann::json& body, bool in_multi) {
  if (!body.is_object())
    return invalid("bad_request", "Invalid value type: expected an object, found " +
                                      std::string(body.type_name()));
  MeiliSearch search;
  search.request.limit = 20;
  search.view.retrieve.fill(true);
  if (in_multi) {
    auto uid = body.find("indexUid");
    if (uid == body.end()) return invalid("missing_index_uid", "Missing field `indexUid`");
    if (!uid->is_string())
      return invalid("invalid_index_uid", "Invalid value type at `.indexUid`: expected a string");
    search.index_uid = uid->get<std::string>();
  }
  for (const auto& [field, value] : body.items()) {
    if (in_multi && field == "indexUid") continue;
    auto reader = field_readers().find(field);
    if (reader == field_readers().end()) {
      if (is_unsupported_feature(field))
        return invalid(code_for(field), "`" + field + "` is not supported by Kestrel");
      return invalid("bad_request",
                     "Unknown field `" + field + "`: expected one of " + known_fields(in_multi));
    }
    if (std::optional<MeiliError> error = reader->second(value, search)) return *error;
  }
  MeiliView& view = search.view;
  SearchRequest& request = search.request;
  if (view.page_mode) {
    uint64_t offset = uint64_t{view.page - 1} * view.hits_per_page;
    if (offset > kMaxOffset)
      return invalid("invalid_search_page",
                     "results beyond the first " + std::to_string(kMaxOffset) + " are not served");
    request.offset = static_cast<unsigned>(offset);
    request.limit = view.hits_per_page;
  }
  // What the hits need from the engine: the body only when text is shown, the whole body marked
  // only when it is highlighted and not cropped.
  size_t text = static_cast<size_t>(Attribute::kText);
  request.with_body = view.retrieve[text];
  request.snippet_words = view.crop[text]        ? view.crop_length
                          : view.highlight[text] ? kWholeBody
                                                 : kSnippetWords;
  request.mark_titles = view.highlight[static_cast<size_t>(Attribute::kTitle)];
  return search;
}

std::variant<MeiliFacetSearch, MeiliError> meili_facet_search_from(const nlohmann::json& body) {
  if (!body.is_object())
    return invalid("bad_request", "Invalid value type: expected an object, found " +
                                      std::string(body.type_name()));
  MeiliFacetSearch out;
  nlohmann::json search_fields = nlohmann::json::object();
  bool named = false;
  for (const auto& [field, value] : body.items()) {
    if (field == "facetName") {
      std::optional<Facet> facet =
          value.is_string() ? facet_from_name(value.get<std::string>()) : std::nullopt;
      if (!facet)
        return invalid("invalid_facet_search_facet_name",
                       "Attribute `" +
                           (value.is_string() ? value.get<std::string>() : value.dump()) +
                           "` is not facet-searchable. Available facet-searchable attributes are: "
                           "`condition, route, source`.");
      out.facet = *facet;
      named = true;
    } else if (field == "facetQuery") {
      if (!value.is_null() && !value.is_string())
        return invalid("invalid_facet_search_facet_query",
                       "Invalid value type at `.facetQuery`: expected a string");
      if (value.is_string()) out.facet_query = value.get<std::string>();
      if (out.facet_query.size() > kMaxParameterBytes)
        return invalid("invalid_facet_search_facet_query", "`.facetQuery` is too long");
    } else if (field != "exhaustiveFacetCount") {
      // The search's own parameters, checked as a search checks them. InstantSearch's adapter
      // sends the whole search (highlighting, paging, ...); only q, filter and matchingStrategy
      // change which values are found.
      search_fields[field] = value;
    }
  }
  if (!named) return invalid("missing_facet_search_facet_name", "Missing field `facetName`");
  MeiliParsed search = meili_search_from(search_fields, false);
  if (auto* error = std::get_if<MeiliError>(&search)) return *error;
  out.search = std::get<MeiliSearch>(std::move(search));
  out.search.request.limit = 0;
  out.search.view.facets = {out.facet};
  return out;
}

std::variant<nlohmann::json, MeiliError> meili_body_from(const Params& params) {
  static const std::vector<std::string_view> kLists = {"facets", "sort", "attributesToRetrieve",
                                                       "attributesToHighlight", "attributesToCrop"};
  static const std::vector<std::string_view> kNumbers = {"limit", "offset", "page", "hitsPerPage",
                                                         "cropLength"};
  static const std::vector<std::string_view> kFlags = {"showMatchesPosition", "showRankingScore"};
  if (params.size() > kMaxParameters)
    return invalid("bad_request",
                   "too many parameters (at most " + std::to_string(kMaxParameters) + ")");
  nlohmann::json body = nlohmann::json::object();
  auto has = [](const auto& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (const auto& [name, value] : params) {
    if (!is_valid_utf8(name) || !is_valid_utf8(value) || value.size() > kMaxParameterBytes)
      return invalid("bad_request", "a parameter is too long or not UTF-8");
    if (body.contains(name))
      return invalid("bad_request", "parameter `" + name + "` is given more than once");
    if (has(kLists, name)) {
      nlohmann::json list = nlohmann::json::array();
      for (size_t start = 0; start <= value.size();) {
        size_t comma = std::min(value.find(',', start), value.size());
        if (comma > start) list.push_back(value.substr(start, comma - start));
        start = comma + 1;
      }
      body[name] = std::move(list);
    } else if (has(kNumbers, name)) {
      uint64_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size())
        return invalid(code_for(name), "`" + name + "` must be a whole number");
      body[name] = n;
    } else if (has(kFlags, name)) {
      body[name] = value == "true";
    } else if (name == "q" || name == "filter" || name == "highlightPreTag" ||
               name == "highlightPostTag" || name == "cropMarker" || name == "matchingStrategy") {
      body[name] = value;
    }
    // Anything else (a cache-busting "_=") is ignored, as /api/search ignores it.
  }
  return body;
}

}  // namespace kestrel::http
