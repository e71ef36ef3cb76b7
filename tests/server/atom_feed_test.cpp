// A search as an Atom feed: what each entry carries, which hits become entries, the cap on its
// length, and that nothing from an article becomes markup.
#include "atom_feed.h"

#include <catch2/catch.hpp>

using namespace kestrel;
using namespace kestrel::http;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Hit hit(const std::string& id, const std::string& title, const std::string& published,
        const std::string& url) {
  Hit h;
  h.id = id;
  h.title = title;
  h.published = published;
  h.url = url;
  h.source = "PubMed";
  h.conditions = {"PTSD"};
  h.snippet.text = "ketamine eased PTSD";
  h.snippet.cut_after = true;
  return h;
}

}  // namespace

TEST_CASE("atom feed: newest first, dated articles only, never more than 50", "[server][feed]") {
  SearchRequest asked;
  asked.sort = SortOrder::kRelevance;
  asked.offset = 30;
  asked.limit = 100;
  SearchRequest feed = feed_request(asked, /*per_page_given=*/true);
  CHECK(feed.sort == SortOrder::kDate);
  CHECK(feed.offset == 0);
  CHECK(feed.limit == kMaxFeedEntries);
  CHECK(feed_request(asked, /*per_page_given=*/false).limit == 20);
  asked.limit = 5;
  CHECK(feed_request(asked, true).limit == 5);

  SearchRequest request;
  request.query = "ptsd";
  SearchResult result;
  result.hits = {hit("a 1", "Newer", "2021-03-04", "https://example.org/a"),
                 hit("b", "Older", "2019-01-02", ""), hit("c", "Undated", "", "")};
  std::string xml = atom_feed(request, result, {"/api/feed?q=ptsd", "2026-12-07T00:00:00Z"});
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed "
                  "xmlns=\"http://www.w3.org/2005/Atom\">",
                  0) == 0);
  CHECK(has(xml, "<id>urn:kestrel:feed:%2Fapi%2Ffeed%3Fq%3Dptsd</id>"));
  CHECK(has(xml, "<title>New research on “ptsd”</title>"));
  CHECK(has(xml, "<updated>2021-03-04T00:00:00Z</updated><author>"));  // the newest entry's
  CHECK(has(xml, "<link rel=\"self\" type=\"application/atom+xml\" href=\"/api/feed?q=ptsd\"/>"));
  CHECK(has(xml, "<link rel=\"alternate\" type=\"text/html\" href=\"/?q=ptsd\"/>"));
  CHECK(has(xml, "<entry><id>urn:kestrel:article:a%201</id><title>Newer</title>"));
  CHECK(has(xml, "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/a\"/>"));
  CHECK(has(xml, "<summary type=\"text\">ketamine eased PTSD …</summary>"));
  // Without a web address the text is the entry's content (Atom wants a link or content).
  CHECK(has(xml, "<title>Older</title><updated>2019-01-02T00:00:00Z</updated>"));
  CHECK(has(xml, "<content type=\"text\">ketamine eased PTSD …</content>"));
  CHECK(has(xml, "<category scheme=\"urn:kestrel:facet:condition\" term=\"PTSD\"/>"));
  CHECK_FALSE(has(xml, "Undated"));

  SearchResult none;
  std::string empty = atom_feed(request, none, {"/api/feed?q=ptsd", "2026-12-07T00:00:00Z"});
  CHECK(has(empty, "<updated>2026-12-07T00:00:00Z</updated>"));
  CHECK_FALSE(has(empty, "<entry>"));
}

TEST_CASE("atom feed: article text and queries are escaped", "[server][feed]") {
  SearchRequest request;
  request.query = "</title><script>x</script>";
  SearchResult result;
  result.hits = {hit("x\"y", "<b>Bold</b> & \"quoted\"", "2020-01-01", "https://e.org/?a=1&b=2")};
  result.hits[0].snippet.text = "a <img src=x onerror=alert(1)> b\x01";
  std::string xml = atom_feed(request, result, {"/api/feed?q=%3C", "2026-12-07T00:00:00Z"});
  CHECK_FALSE(has(xml, "<script>"));
  CHECK_FALSE(has(xml, "<b>"));
  CHECK_FALSE(has(xml, "<img"));
  CHECK_FALSE(has(xml, "\x01"));
  CHECK(has(xml, "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;"));
  CHECK(has(xml, "href=\"https://e.org/?a=1&amp;b=2\""));
  CHECK(has(xml, "urn:kestrel:article:x%22y"));
}
