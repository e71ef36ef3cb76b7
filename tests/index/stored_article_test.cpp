// The stored record of an article: what encode() writes, decode gives back; anything else is
// reported as corrupt, naming the field, never read as empty text.
#include "index/stored_article.h"

#include <catch2/catch.hpp>

using namespace kestrel;

TEST_CASE("stored article: encode then decode gives the record and the body back", "[index]") {
  StoredArticle article{"ptsd-trial",
                        "Ketamine \"and\" PTSD",
                        "https://example.org/a",
                        "PubMed",
                        "2021-03-04",
                        {"A. Feder"},
                        {"PTSD", "anxiety disorders"},
                        {}};
  std::string body =
      "Line one.\n\nLine two with a \\ backslash and \xE2\x80\x9Cquotes\xE2\x80\x9D.";
  std::string data = article.encode(body);
  auto decoded = decode_stored_article(data);
  REQUIRE(decoded.ok());
  CHECK(decoded->body == body);
  CHECK(decoded->article.id == article.id);
  CHECK(decoded->article.title == article.title);
  CHECK(decoded->article.url == article.url);
  CHECK(decoded->article.source == article.source);
  CHECK(decoded->article.published == article.published);
  CHECK(decoded->article.authors == article.authors);
  CHECK(decoded->article.conditions == article.conditions);
  CHECK(decoded->article.routes.empty());
}

TEST_CASE("stored article: damaged data is corrupt - naming what is wrong", "[index]") {
  std::string good = StoredArticle{"a", "T", "", "", "", {}, {}, {}}.encode("body");
  std::string no_title = good;
  no_title.replace(no_title.find("\"title\""), 7, "\"titel\"");
  std::string list_of_numbers = good;
  list_of_numbers.replace(list_of_numbers.find("\"routes\":[]"), 11, "\"routes\":[1]");
  struct Row {
    std::string data;
    const char* message;
  };
  const Row table[] = {
      {"", "stored article: no boundary between metadata and body"},
      {std::string("{\"id\":\0", 7), "stored article: metadata is not a JSON object"},
      {std::string("[]\0body", 7), "stored article: metadata is not a JSON object"},
      {no_title, "stored article: 'title' is not text"},
      {list_of_numbers, "stored article: 'routes' holds something other than text"},
  };
  for (const Row& row : table) {
    INFO(row.data);
    auto decoded = decode_stored_article(row.data);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == ErrorCode::kCorrupt);
    CHECK(decoded.error().message == row.message);
  }
}
