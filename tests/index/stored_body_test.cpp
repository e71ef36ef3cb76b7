// The stored body: the text with its words' byte ranges and terms, as the analyzer made them at
// index time; compounds keep their join; damage is reported as corrupt, never read past.
#include "index/stored_body.h"

#include <catch2/catch.hpp>

using namespace kestrel;

namespace {

std::string term_of(const StoredBody& body, uint32_t index) {
  return std::string(body.terms.at(index));
}

std::string encoded(std::string_view text) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  analyzer.analyze(text, 1000, tokens);
  return encode_stored_body(text, tokens);
}

}  // namespace

TEST_CASE("stored body: words keep their offsets and terms, compounds their join", "[index]") {
  const std::string text =
      "Post-traumatic stress:\nketamine infusions \xE2\x80\x9Cworked\xE2\x80\x9D.";
  std::string record = encoded(text);
  StoredBody body;
  REQUIRE(decode_stored_body(record, 1000, body).ok());
  CHECK(body.text == text);
  CHECK(std::is_sorted(body.terms.begin(), body.terms.end()));
  REQUIRE(body.words.size() == 6);
  std::vector<std::string> words, terms;
  for (const BodyWord& w : body.words) {
    words.push_back(text.substr(w.begin, w.end - w.begin));
    terms.push_back(term_of(body, w.term));
  }
  CHECK(words ==
        std::vector<std::string>{"Post", "traumatic", "stress", "ketamine", "infusions", "worked"});
  CHECK(terms == std::vector<std::string>{"post", "traumat", "stress", "ketamin", "infus", "work"});
  REQUIRE(body.joins.size() == 1);
  CHECK(body.joins[0].first_word == 0);
  CHECK(body.joins[0].parts == 2);
  CHECK(term_of(body, body.joins[0].term) == "posttraumat");
  CHECK_FALSE(body.words_cut);
}

TEST_CASE("stored body: decoding stops after max_words and says so", "[index]") {
  std::string record = encoded("one two three four five");
  StoredBody body;
  REQUIRE(decode_stored_body(record, 2, body).ok());
  CHECK(body.words.size() == 2);
  CHECK(body.words_cut);
  // The buffers are reused: decoding again replaces, never appends.
  REQUIRE(decode_stored_body(encoded("six"), 10, body).ok());
  CHECK(body.words.size() == 1);
  CHECK(body.terms.size() == 1);
  CHECK_FALSE(body.words_cut);
}

TEST_CASE("stored body: an empty body and damaged records", "[index]") {
  StoredBody body;
  REQUIRE(decode_stored_body(encoded(""), 10, body).ok());
  CHECK(body.words.empty());
  CHECK(body.text.empty());

  std::string good = encoded("ketamine helps");
  std::string bad_term = good;
  bad_term.back() = '\x7f';  // the last word's term index, now out of range
  struct Row {
    std::string record;
    const char* message;
  };
  const Row table[] = {
      {"", "stored body: unknown format"},
      {"\x02", "stored body: unknown format"},
      {good.substr(0, 5), "stored body: text cut short"},
      {good.substr(0, good.size() - 1), "stored body: words cut short"},
      {bad_term, "stored body: a word's term is out of range"},
  };
  for (const Row& row : table) {
    INFO(row.message);
    Status status = decode_stored_body(row.record, 1000, body);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == ErrorCode::kCorrupt);
    CHECK(status.error().message == row.message);
  }
}
