// The stored record of an article: what encode() writes, decode gives back; anything else is
// reported as corrupt, naming the field, never read as empty text.
#include "index/stored_article.h"

#include <catch2/catch.hpp>

using namespace kestrel;

TEST_CASE("stored article: encode then decode gives the record back", "[index]") {
  StoredArticle article{"ptsd-trial",
                        "Ketamine \"and\" PTSD",
                        "https://example.org/a",
                        "PubMed",
                        "2021-03-04",
                        {"A. Feder"},
                        {"PTSD", "anxiety disorders"},
                        {}};
  std::string data = article.encode();
  auto decoded = decode_stored_article(data);
  REQUIRE(decoded.ok());
  CHECK(decoded->id == article.id);
  CHECK(decoded->title == article.title);
  CHECK(decoded->url == article.url);
  CHECK(decoded->source == article.source);
  CHECK(decoded->published == article.published);
  CHECK(decoded->authors == article.authors);
  CHECK(decoded->conditions == article.conditions);
  CHECK(decoded->routes.empty());
  CHECK(decoded->journal.empty());
  CHECK(decoded->doi.empty());
  CHECK(decoded->study.empty());
  CHECK(decoded->participants == 0);
}

TEST_CASE("stored article: the citation fields, the study design and its participants", "[index]") {
  StoredArticle cited{"a", "T", "", "", "", {"A. Author"}, {"PTSD"}, {}};
  cited.journal = "Am J Psychiatry";
  cited.doi = "10.1176/appi.ajp.2020.20050596";
  cited.volume = "178";
  cited.pages = "193-202";
  cited.study = "randomised controlled trial";
  cited.participants = 300'000;  // more than one varint byte
  auto decoded = decode_stored_article(cited.encode());
  REQUIRE(decoded.ok());
  CHECK(decoded->journal == cited.journal);
  CHECK(decoded->doi == cited.doi);
  CHECK(decoded->volume == cited.volume);
  CHECK(decoded->pages == cited.pages);
  CHECK(decoded->study == cited.study);
  CHECK(decoded->participants == 300'000u);
  CHECK(decoded->conditions == cited.conditions);
  auto extra = decode_stored_article(cited.encode() + "x");
  REQUIRE_FALSE(extra.ok());
  CHECK(extra.error().message == "stored article: bytes after the last field");
}

TEST_CASE("stored article: damaged data is corrupt - naming what is wrong", "[index]") {
  const std::string good =
      StoredArticle{"a", "T", "", "", "", {"A. Author"}, {"PTSD"}, {}}.encode();
  std::string long_title = good;
  long_title[3] = '\x7f';  // the title's length, now beyond the record
  struct Row {
    std::string data;
    const char* message;
  };
  const Row table[] = {
      {"", "stored article: unknown format"},
      {"{\"id\":\"a\"}", "stored article: unknown format"},
      {good.substr(0, 1), "stored article: 'id' cut short"},
      {long_title, "stored article: 'title' cut short"},
      {good.substr(0, good.size() - 4), "stored article: 'conditions' cut short"},
      {good.substr(0, good.size() - 1), "stored article: 'participants' cut short"},
      {std::string(1, '\x01') + good.substr(1), "stored article: unknown format"},  // schema 3
  };
  for (const Row& row : table) {
    INFO(row.message);
    auto decoded = decode_stored_article(row.data);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == ErrorCode::kCorrupt);
    CHECK(decoded.error().message == row.message);
  }
}
