#include "request_params.h"

#include <charconv>

#include "kestrel/facets.h"
#include "kestrel/utf8.h"

namespace kestrel::http {
namespace {

Error bad(const std::string& parameter, const std::string& why) {
  return Error{ErrorCode::kInvalidArgument, "parameter '" + parameter + "' " + why};
}

// Every parameter, once: size, encoding and count, before any is interpreted.
Status check_all(const Params& params) {
  if (params.size() > kMaxParameters) {
    return Error{ErrorCode::kInvalidArgument,
                 "too many parameters (at most " + std::to_string(kMaxParameters) + ")"};
  }
  for (const auto& [name, value] : params) {
    if (!is_valid_utf8(name))
      return Error{ErrorCode::kInvalidArgument, "a parameter name is not valid UTF-8"};
    if (value.size() > kMaxParameterBytes) return bad(name, "is too long");
    if (!is_valid_utf8(value)) return bad(name, "is not valid UTF-8");
  }
  return Status::Ok();
}

Result<std::string> single(const Params& params, const std::string& name,
                           const std::string& fallback) {
  auto [first, last] = params.equal_range(name);
  if (first == last) return fallback;
  if (std::next(first) != last) return bad(name, "is given more than once");
  return first->second;
}

Result<unsigned> number(const Params& params, const std::string& name, unsigned fallback,
                        unsigned low, unsigned high) {
  Result<std::string> text = single(params, name, "");
  if (!text) return text.error();
  if (text->empty()) return fallback;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < low || value > high) {
    return bad(
        name, "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high));
  }
  return value;
}

// One of an option's names (kestrel/searcher.h); empty or absent gives the default, the first.
template <typename Enum>
Result<Enum> option(const Params& params, const std::string& name,
                    const std::vector<std::string>& names,
                    std::optional<Enum> (*from_name)(std::string_view)) {
  Result<std::string> text = single(params, name, names.front());
  if (!text) return text.error();
  if (std::optional<Enum> value = from_name(text->empty() ? names.front() : *text)) return *value;
  std::string choices;
  for (const std::string& choice : names) choices += (choices.empty() ? "" : ", ") + choice;
  return bad(name, "must be one of: " + choices);
}

}  // namespace

Result<SearchRequest> search_request_from(const Params& params) {
  if (Status ok = check_all(params); !ok) return ok.error();
  SearchRequest request;
  Result<std::string> q = single(params, "q", "");
  if (!q) return q.error();
  request.query = *q;
  for (Facet facet : kAllFacets) {
    std::string name(facet_name(facet));
    auto& values = request.filters[static_cast<size_t>(facet)];
    auto [first, last] = params.equal_range(name);
    for (auto it = first; it != last; ++it) {
      if (it->second.empty()) continue;
      if (values.size() == kMaxFilterValues)
        return bad(name, "has more than " + std::to_string(kMaxFilterValues) + " values");
      values.push_back(it->second);
    }
  }
  Result<std::string> filter = single(params, "filter", "");
  if (!filter) return filter.error();
  Result<Filter> parsed = parse_filter(*filter);
  if (!parsed) return parsed.error();  // "filter: at 1:13: ...", naming the parameter already
  request.filter = std::move(parsed).value();
  Result<SortOrder> sort = option(params, "sort", sort_order_names(), &sort_order_named);
  if (!sort) return sort.error();
  request.sort = *sort;
  Result<QueryMode> mode = option(params, "mode", query_mode_names(), &query_mode_named);
  if (!mode) return mode.error();
  request.mode = *mode;
  Result<MatchMode> match = option(params, "match", match_mode_names(), &match_mode_named);
  if (!match) return match.error();
  request.match = *match;
  Result<Ranker> ranker = option(params, "ranker", ranker_names(), &ranker_named);
  if (!ranker) return ranker.error();
  request.ranker = *ranker;
  Result<unsigned> per_page = number(params, "per_page", 10, 1, kMaxPageSize);
  if (!per_page) return per_page.error();
  // Pages beyond the deepest offset served are refused here, with the limit in the message.
  Result<unsigned> page = number(params, "page", 1, 1, kMaxOffset / *per_page + 1);
  if (!page) return page.error();
  request.limit = *per_page;
  request.offset = (*page - 1) * *per_page;
  return request;
}

Result<std::string> suggest_query_from(const Params& params) {
  if (Status ok = check_all(params); !ok) return ok.error();
  return single(params, "q", "");
}

Result<CitationFormat> citation_format_from(const Params& params) {
  if (Status ok = check_all(params); !ok) return ok.error();
  Result<std::string> name = single(params, "format", "");
  if (!name) return name.error();
  if (std::optional<CitationFormat> format = citation_format_named(*name)) return *format;
  return bad("format", "must be one of: ris, bibtex, csl-json");
}

Result<unsigned> related_limit_from(const Params& params) {
  if (Status ok = check_all(params); !ok) return ok.error();
  return number(params, "limit", 5, 1, kMaxRelated);
}

}  // namespace kestrel::http
