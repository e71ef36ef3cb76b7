#include "search_page.h"

#include <algorithm>
#include <array>
#include <map>

#include "kestrel/filter.h"
#include "kestrel/search_json.h"
#include "kestrel/url_encode.h"

namespace kestrel::http {
namespace {

// The facets as the page labels them (web/app.js's FACETS, in the same order).
constexpr std::array<std::pair<Facet, std::string_view>, 4> kFacetLabels{{
    {Facet::kCondition, "Condition"},
    {Facet::kStudy, "Study type"},
    {Facet::kRoute, "Route of administration"},
    {Facet::kSource, "Source"},
}};
// The orders the page offers (app.js's sort menu, in the same order).
constexpr std::array<std::pair<SortOrder, std::string_view>, 3> kSortLabels{{
    {SortOrder::kRelevance, "Relevance"},
    {SortOrder::kDate, "Newest first"},
    {SortOrder::kEvidence, "Strongest evidence first"},
}};
constexpr unsigned kPageSize = 10;  // app.js's PER_PAGE: a link says per_page only otherwise

std::string escaped(std::string_view text) {
  std::string out;
  append_html_escaped(text, out);
  return out;
}

// What the page's links carry (app.js keeps the same in the URL): the query, the facet
// selections, a filter expression (the year chart's span, or any), the order and the page.
struct LinkState {
  std::string q;
  FacetArray<std::vector<std::string>> filters;
  std::string filter;  // in parse_filter's syntax; empty: none
  SortOrder sort = SortOrder::kRelevance;
  unsigned per_page = kPageSize;
  unsigned page = 1;

  static LinkState of(const SearchRequest& request) {
    unsigned per_page = std::max(request.limit, 1u);
    return {request.query, request.filters, describe(request.filter),
            request.sort,  per_page,        request.offset / per_page + 1};
  }

  // "?q=...&condition=...", escaped for an attribute value; `path` before it.
  std::string href(std::string_view path = "") const {
    std::string query(path);
    auto add = [&](std::string_view name, std::string_view value) {
      query += query.size() == path.size() ? '?' : '&';
      query += name;
      query += '=';
      append_url_encoded(value, query);
    };
    if (!q.empty()) add("q", q);
    for (auto [facet, label] : kFacetLabels) {
      for (const std::string& value : filters[static_cast<size_t>(facet)]) {
        add(facet_name(facet), value);
      }
    }
    if (!filter.empty()) add("filter", filter);
    if (sort != SortOrder::kRelevance) add("sort", sort_order_names()[static_cast<size_t>(sort)]);
    if (per_page != kPageSize) add("per_page", std::to_string(per_page));
    if (page > 1) add("page", std::to_string(page));
    return escaped(query.empty() ? "/" : query);
  }

  // The same search as an Atom feed of its newest articles (atom_feed.h): every page's.
  std::string feed_href() const {
    LinkState first = *this;
    first.page = 1;
    first.sort = SortOrder::kRelevance;  // a feed is newest first whatever the page's order
    first.per_page = kPageSize;
    return first.href("/api/feed");
  }
};

// 41000 -> "41,000".
std::string with_thousands(uint64_t number) {
  std::string digits = std::to_string(number), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "2018-01-12" -> "12 January 2018"; anything else as it is (app.js's formatDate).
std::string readable_date(const std::string& iso) {
  static constexpr std::array<std::string_view, 12> kMonths{
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  bool shaped = iso.size() == 10 && iso[4] == '-' && iso[7] == '-' &&
                std::all_of(iso.begin(), iso.end(), [](char c) {
                  return c == '-' || std::isdigit(static_cast<unsigned char>(c));
                });
  if (!shaped) return iso;
  int month = std::stoi(iso.substr(5, 2)), day = std::stoi(iso.substr(8, 2));
  if (month < 1 || month > 12 || day < 1 || day > 31) return iso;
  return std::to_string(day) + " " + std::string(kMonths[month - 1]) + " " + iso.substr(0, 4);
}

bool is_web_url(const std::string& url) {
  auto starts = [&](std::string_view scheme) {
    return url.size() > scheme.size() &&
           std::equal(scheme.begin(), scheme.end(), url.begin(), [](char a, char b) {
             return a == std::tolower(static_cast<unsigned char>(b));
           });
  };
  return starts("http://") || starts("https://");
}

void render_form(const std::string& q, std::string& out) {
  out +=
      "<form class=\"ks-searchbar\" role=\"search\" action=\"/\" method=\"get\">"
      "<label for=\"ks-q\">Search the research library</label>"
      "<input class=\"ks-input\" type=\"search\" id=\"ks-q\" name=\"q\" value=\"";
  out += escaped(q);
  out +=
      "\" placeholder=\"Try “ketamine for PTSD” or “nasal spray”\">"
      "<button class=\"ks-submit\" type=\"submit\">Search</button></form>";
}

void render_hit(const Hit& hit, std::string& out) {
  out += "<li class=\"ks-hit\"><h3>";
  if (is_web_url(hit.url)) {
    out += "<a href=\"" + escaped(hit.url) + "\" rel=\"noopener\">" + escaped(hit.title) + "</a>";
  } else {
    out += escaped(hit.title);
  }
  out += "</h3>";
  std::string meta = hit.source;
  std::string date = readable_date(hit.published);
  if (!date.empty()) meta += (meta.empty() ? "" : " · ") + date;
  if (!meta.empty()) out += "<p class=\"ks-meta\">" + escaped(meta) + "</p>";
  if (std::string study = study_label(hit); !study.empty())
    out += "<p class=\"ks-study\">" + escaped(study) + "</p>";
  out += "<p class=\"ks-snippet\">";
  if (hit.snippet.page > 0)
    out += "<span class=\"ks-page\">p. " + std::to_string(hit.snippet.page) + "</span>";
  out += snippet_html(hit.snippet) + "</p>";
  // The PDF, opened at the snippet's page (the #page= open parameter of PDF viewers).
  if (std::string pdf = pdf_address(hit); !pdf.empty()) {
    std::string page = std::to_string(hit.snippet.page);
    out += "<a class=\"ks-pdf\" type=\"application/pdf\" href=\"" + escaped(pdf) +
           (hit.snippet.page > 0 ? "#page=" + page + "\">PDF, page " + page : "\">PDF") + "</a>";
  }
  if (!hit.conditions.empty() || !hit.routes.empty()) {
    out += "<ul class=\"ks-tags\" aria-label=\"Topics\">";
    for (const std::string& c : hit.conditions)
      out += "<li class=\"ks-tag\">" + escaped(c) + "</li>";
    for (const std::string& r : hit.routes) {
      out += "<li class=\"ks-tag ks-route\">" + escaped(r) + "</li>";
    }
    out += "</ul>";
  }
  // Cite: the files a reference manager imports (app.js adds copying).
  std::string base = "/api/articles/";
  append_url_encoded(hit.id, base);
  base = escaped(base + "/cite?format=");
  out +=
      "<details class=\"ks-cite\"><summary>Cite</summary><ul class=\"ks-cite-list\">"
      "<li><a download href=\"" +
      base +
      "ris\">RIS (Zotero, EndNote, Mendeley)</a></li>"
      "<li><a download href=\"" +
      base +
      "bibtex\">BibTeX</a></li>"
      "<li><a download href=\"" +
      base + "csl-json\">CSL-JSON</a></li></ul></details>";
  out += "</li>";
}

// Each facet's values as links that tick or untick them (back to page 1), children indented
// under their parent, as app.js draws its checkboxes.
void render_facets(const SearchResult& result, const LinkState& state, std::string& out) {
  out +=
      "<aside class=\"ks-facets\" aria-label=\"Filter results\"><div class=\"ks-facets-head\">"
      "<h2>Filter</h2>";
  bool filtered =
      !state.filter.empty() || std::any_of(state.filters.begin(), state.filters.end(),
                                           [](const auto& values) { return !values.empty(); });
  if (filtered) {
    LinkState cleared = state;
    cleared.filters = {};
    cleared.filter.clear();
    cleared.page = 1;
    out += "<a class=\"ks-button-link\" href=\"" + cleared.href() + "\">Clear all</a>";
  }
  out += "</div>";
  for (const auto& [facet_of_row, label] : kFacetLabels) {
    Facet facet = facet_of_row;  // named again: a lambda may not capture a structured binding
    auto found = std::find_if(result.facets.begin(), result.facets.end(),
                              [&](const FacetResult& f) { return f.facet == facet; });
    if (found == result.facets.end() || found->values.empty()) continue;
    const std::vector<std::string>& selected = state.filters[static_cast<size_t>(facet)];
    std::map<std::string, std::string> parent_of;
    for (const FacetCount& v : found->values) parent_of[v.value] = v.parent;
    out += "<details open><summary>" + escaped(label) + "</summary><ul class=\"ks-facet-links\">";
    for (const FacetCount& v : found->values) {
      size_t depth = 0;
      for (auto p = parent_of.find(v.value);
           p != parent_of.end() && !p->second.empty() && depth < 3; p = parent_of.find(p->second)) {
        if (parent_of.count(p->second)) ++depth;
      }
      bool ticked = std::find(selected.begin(), selected.end(), v.value) != selected.end();
      LinkState next = state;
      next.page = 1;
      auto& values = next.filters[static_cast<size_t>(facet)];
      if (ticked) {
        values.erase(std::remove(values.begin(), values.end(), v.value), values.end());
      } else {
        values.push_back(v.value);
      }
      out += "<li class=\"ks-facet-option";
      if (v.count == 0) out += " ks-empty";
      if (depth) out += " ks-depth-" + std::to_string(depth);
      out += "\"><a href=\"" + next.href() + "\"";
      if (ticked) out += " aria-current=\"true\"";
      out += "><span>" + std::string(ticked ? "✓ " : "") + escaped(v.value) + "</span>";
      if (ticked) out += "<span class=\"ks-visually-hidden\"> (selected: remove)</span>";
      out += "<span class=\"ks-count\">" + with_thousands(v.count) + "</span></a></li>";
    }
    out += "</ul></details>";
  }
  out += "</aside>";
}

// Previous, up to five page numbers around this one, next (app.js's renderPager).
void render_pager(uint64_t total, const LinkState& state, std::string& out) {
  uint64_t reachable = kMaxOffset / state.per_page + 1;
  auto pages = static_cast<unsigned>(
      std::min<uint64_t>((total + state.per_page - 1) / state.per_page, reachable));
  if (pages <= 1) return;
  out += "<nav class=\"ks-pager\" aria-label=\"Pages\">";
  auto link = [&](unsigned page, std::string_view text, std::string_view label) {
    if (page < 1 || page > pages) return;
    LinkState next = state;
    next.page = page;
    out += "<a href=\"" + next.href() + "\" aria-label=\"" + std::string(label) + "\"";
    if (page == state.page) out += " aria-current=\"page\"";
    out += ">" + std::string(text) + "</a>";
  };
  link(state.page - 1, "‹ Previous", "Previous page");
  unsigned first =
      std::max(1, std::min(static_cast<int>(state.page) - 2, static_cast<int>(pages) - 4));
  unsigned last = std::min(pages, first + 4);
  for (unsigned p = first; p <= last; ++p) {
    link(p, std::to_string(p), "Page " + std::to_string(p));
  }
  link(state.page + 1, "Next ›", "Next page");
  out += "</nav>";
}

// The orders as links, the current one marked: the script's sort menu without the script.
void render_sorts(const LinkState& state, std::string& out) {
  out += "<nav class=\"ks-sorts\" aria-label=\"Sort by\">Sort by:";
  for (auto [order, label] : kSortLabels) {
    if (order == state.sort) {
      out += " <span aria-current=\"true\">" + std::string(label) + "</span>";
      continue;
    }
    LinkState sorted = state;
    sorted.sort = order;
    sorted.page = 1;
    out += " <a href=\"" + sorted.href() + "\">" + std::string(label) + "</a>";
  }
  out += "</nav>";
}

void render_results(const SearchRequest& request, const SearchResult& result, std::string& out) {
  LinkState state = LinkState::of(request);
  out += "<div class=\"ks-layout\">";
  render_facets(result, state, out);
  out +=
      "<section class=\"ks-results\" id=\"kestrel-results\" aria-label=\"Search results\">"
      "<div class=\"ks-toolbar\"><p class=\"ks-status\" role=\"status\">";
  if (result.total == 0) {
    out += "No articles found";
  } else {
    out += std::string(result.exhaustive ? "" : "about ") + with_thousands(result.total) +
           (result.total == 1 ? " article" : " articles");
    if (!request.query.empty()) out += " for “" + escaped(request.query) + "”";
  }
  out += "</p><a class=\"ks-follow\" href=\"" + state.feed_href() + "\">Follow this search</a>";
  render_sorts(state, out);
  out += "</div>";
  if (result.corrected_query) {
    LinkState corrected = state;
    corrected.q = *result.corrected_query;
    corrected.page = 1;
    out += "<p class=\"ks-message\">Did you mean <a href=\"" + corrected.href() + "\">" +
           escaped(*result.corrected_query) + "</a>?</p>";
  }
  if (result.matched_any_word && result.total > 0) {
    out +=
        "<p class=\"ks-message\">No article contains all of your words, so these contain some "
        "of them.</p>";
  }
  if (result.total == 0) {
    out += "<div class=\"ks-message\"><p>";
    out += request.query.empty() ? "No articles match these filters."
                                 : "No articles match “" + escaped(request.query) + "”.";
    out +=
        "</p><p>Check the spelling, use fewer words, or try a broader term such as "
        "“depression” or “ketamine”.</p></div>";
  }
  out += "<ol class=\"ks-hits\">";
  for (const Hit& hit : result.hits) render_hit(hit, out);
  out += "</ol>";
  render_pager(result.total, state, out);
  out += "</section></div>";
}

std::string rendering(const PageSearch& search) {
  std::string out = "<div class=\"ks ks-server-rendered\">";
  render_form(search.request ? search.request->query : std::string(), out);
  if (search.request && search.result) {
    render_results(*search.request, *search.result, out);
  } else if (!search.error.empty()) {
    out +=
        "<section class=\"ks-results\" id=\"kestrel-results\" aria-label=\"Search results\">"
        "<p class=\"ks-message\" role=\"alert\">" +
        escaped(search.error) + "</p></section>";
  }
  out += "</div>";
  return out;
}

}  // namespace

std::string render_search_page(std::string_view page_template, const PageSearch& search) {
  std::string page(page_template);
  size_t mark = page.find(kServerRenderedMark);
  if (mark != std::string::npos) page.replace(mark, kServerRenderedMark.size(), rendering(search));
  const std::string& q = search.request ? search.request->query : std::string();
  size_t title = page.find("<title>");
  if (!q.empty() && title != std::string::npos) {
    page.insert(title + 7, "“" + escaped(q) + "” · ");
  }
  return page;
}

}  // namespace kestrel::http
