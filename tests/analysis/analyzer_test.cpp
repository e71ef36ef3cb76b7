// Table-driven tests of the one analysis pipeline: input text -> the terms it yields.
#include "kestrel/analyzer.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace {

using kestrel::Analyzer;
using kestrel::Token;
using kestrel::TokenKind;

// "term@position" for each token; compound joins are marked with '+'.
std::string describe(const std::string& text) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  analyzer.analyze(text, 0, tokens);
  std::string out;
  for (const Token& t : tokens) {
    if (!out.empty()) out += ' ';
    if (t.kind == TokenKind::kCompoundJoin) out += '+';
    out += t.term + "@" + std::to_string(t.position);
  }
  return out;
}

std::vector<std::string> terms_of(const std::string& text) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  analyzer.analyze(text, 0, tokens);
  std::vector<std::string> terms;
  for (const Token& t : tokens) terms.push_back(t.term);
  return terms;
}

}  // namespace

TEST_CASE("analysis: text yields the expected terms and positions", "[analysis]") {
  struct Row {
    const char* text;
    const char* expected;
  };
  const Row table[] = {
      {"Ketamine infusions", "ketamin@0 infus@1"},
      {"KETAMINE Ketamine ketamine", "ketamin@0 ketamin@1 ketamin@2"},
      // accents and case are folded away
      {"Dahlén Schiöth", "dahlen@0 schioth@1"},
      {"Généralisé", "general@0"},
      // hyphenated and slashed compounds: the parts, then the join at the last part's position
      {"post-traumatic stress", "post@0 traumat@1 +posttraumat@1 stress@2"},
      {"0.5 mg/kg", "0.5@0 mg@1 kg@2 +mgkg@2"},
      // a number range is not a compound
      {"2-3 months", "2@0 3@1 month@2"},
      // abbreviations stay whole
      {"PTSD IV OCD", "ptsd@0 iv@1 ocd@2"},
      // possessives and typographic apostrophes
      {"ketamine's effects", "ketamin@0 effect@1"},
      {"ketamine\xE2\x80\x99s effects", "ketamin@0 effect@1"},
      {"patients' outcomes", "patient@0 outcom@1"},
      // British and American spellings meet
      {"generalised generalized", "general@0 general@1"},
      {"randomised randomized randomisation", "random@0 random@1 random@2"},
      {"behavioural behavioral", "behavior@0 behavior@1"},
      {"anaesthetic anesthetic", "anesthet@0 anesthet@1"},
      {"analysed analyzed", "analyz@0 analyz@1"},
      {"signalling signaling", "signal@0 signal@1"},
      {"tumours tumors", "tumor@0 tumor@1"},
      // "-ise" words that are American too keep their spelling
      {"exercise otherwise", "exercis@0 otherwis@1"},
      // numbers with separators
      {"1,000 participants", "1000@0 particip@1"},
      // punctuation only, empty
      {"!!! ... ---", ""},
      {"", ""},
  };
  for (const Row& row : table) {
    INFO("text: " << row.text);
    CHECK(describe(row.text) == row.expected);
  }
}

TEST_CASE("analysis: byte offsets point at the original words", "[analysis]") {
  Analyzer analyzer;
  std::vector<Token> tokens;
  std::string text = "Über Ketamine\xE2\x80\x99s use";
  analyzer.analyze(text, 10, tokens);
  REQUIRE(tokens.size() == 3);
  CHECK(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin) == "Über");
  CHECK(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin) == "Ketamine\xE2\x80\x99s");
  CHECK(tokens[0].position == 10);
  CHECK(tokens[2].position == 12);
}

TEST_CASE("analysis: invalid UTF-8 and very long words do not break the stream", "[analysis]") {
  CHECK(terms_of("ket\xFF\xFE"
                 "amine dose") == std::vector<std::string>{"ket", "amin", "dose"});
  std::string long_word(200, 'x');
  CHECK(terms_of("a " + long_word + " dose") == std::vector<std::string>{"a", "dose"});
}

TEST_CASE("analysis: spelling variants of one word index to the same term", "[analysis]") {
  // A word written one way in an article is found when typed another way in a query.
  const std::pair<const char*, const char*> pairs[] = {
      {"post-traumatic", "Post-Traumatic"},
      {"PTSD", "ptsd"},
      {"generalised", "generalized"},
      {"behavioural", "behavioral"},
      {"haemorrhage", "hemorrhage"},
      {"paediatric", "pediatric"},
      {"oesophageal", "esophageal"},
      {"Ketamine’s", "ketamine's"},
      {"ﬁbre", "fiber"},
      {"organisation", "organization"},
  };
  for (const auto& [written, typed] : pairs) {
    INFO(written << " vs " << typed);
    CHECK(terms_of(written) == terms_of(typed));
  }
}

TEST_CASE("analysis: stop words are recognised", "[analysis]") {
  CHECK(Analyzer::is_stop_word("the"));
  CHECK(Analyzer::is_stop_word("of"));
  CHECK_FALSE(Analyzer::is_stop_word("ketamine"));
}
