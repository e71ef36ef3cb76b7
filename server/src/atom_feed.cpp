#include "atom_feed.h"

#include <algorithm>

#include "kestrel/search_json.h"
#include "kestrel/url_encode.h"

namespace kestrel::http {
namespace {

constexpr unsigned kDefaultFeedEntries = 20;

// XML text and attribute values: append_html_escaped's entities are XML's too, and it turns the
// control characters XML 1.0 forbids into spaces.
std::string xml(std::string_view text) {
  std::string out;
  append_html_escaped(text, out);
  return out;
}

// "2018-01-12" -> "2018-01-12T00:00:00Z"; "" for anything not a full date.
std::string rfc3339(const std::string& day) {
  bool shaped = day.size() == 10 && day[4] == '-' && day[7] == '-' &&
                std::all_of(day.begin(), day.end(),
                            [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  return shaped ? day + "T00:00:00Z" : std::string();
}

void append_entry(const Hit& hit, std::string& out) {
  std::string updated = rfc3339(hit.published);
  std::string id = "urn:kestrel:article:";
  append_url_encoded(hit.id, id);
  out += "<entry><id>" + id + "</id><title>" + xml(hit.title) + "</title><updated>" + updated +
         "</updated><published>" + updated + "</published>";
  bool linked = hit.url.rfind("http://", 0) == 0 || hit.url.rfind("https://", 0) == 0;
  if (linked) out += "<link rel=\"alternate\" type=\"text/html\" href=\"" + xml(hit.url) + "\"/>";
  if (!hit.source.empty()) out += "<author><name>" + xml(hit.source) + "</name></author>";
  for (const std::string& c : hit.conditions) {
    out += "<category scheme=\"urn:kestrel:facet:condition\" term=\"" + xml(c) + "\"/>";
  }
  for (const std::string& r : hit.routes) {
    out += "<category scheme=\"urn:kestrel:facet:route\" term=\"" + xml(r) + "\"/>";
  }
  if (!hit.study.empty())
    out += "<category scheme=\"urn:kestrel:facet:study\" term=\"" + xml(hit.study) + "\"/>";
  std::string text =
      (hit.snippet.cut_before ? "… " : "") + hit.snippet.text + (hit.snippet.cut_after ? " …" : "");
  out += linked ? "<summary type=\"text\">" + xml(text) + "</summary></entry>"
                : "<content type=\"text\">" + xml(text) + "</content></entry>";
}

}  // namespace

SearchRequest feed_request(SearchRequest request, bool per_page_given) {
  request.sort = SortOrder::kDate;
  request.offset = 0;
  request.mode = QueryMode::kFull;
  request.limit = std::min(per_page_given ? request.limit : kDefaultFeedEntries, kMaxFeedEntries);
  return request;
}

std::string atom_feed(const SearchRequest& request, const SearchResult& result,
                      const FeedSource& source) {
  std::string updated;
  for (const Hit& hit : result.hits) updated = std::max(updated, rfc3339(hit.published));
  if (updated.empty()) updated = source.updated;
  std::string title = request.query.empty() ? "New research in the library"
                                            : "New research on “" + request.query + "”";
  std::string id = "urn:kestrel:feed:";
  append_url_encoded(source.target, id);
  size_t query = source.target.find('?');
  std::string page =
      "/" + (query == std::string::npos ? std::string() : source.target.substr(query));
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>" +
      id + "</id><title>" + xml(title) + "</title><updated>" + updated +
      "</updated><author><name>The research library</name></author>"
      "<link rel=\"self\" type=\"application/atom+xml\" href=\"" +
      xml(source.target) + "\"/><link rel=\"alternate\" type=\"text/html\" href=\"" + xml(page) +
      "\"/><generator>Kestrel</generator>";
  for (const Hit& hit : result.hits) {
    if (!rfc3339(hit.published).empty()) append_entry(hit, out);
  }
  return out + "</feed>\n";
}

}  // namespace kestrel::http
