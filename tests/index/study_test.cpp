// The study facet: how a design is detected (the taxonomy's rules for `detect: one_value`), what a
// declaration does, the participants a text states, and the bundled articles' labels pinned.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "analysis/taxonomy.h"
#include "index/document_builder.h"
#include "index/participants.h"
#include "index/stored_article.h"
#include "kestrel/searcher.h"
#include "test_support.h"

using namespace kestrel;
using namespace kestrel::testing;

namespace {

const Taxonomy& clinic_taxonomy() {
  static const Taxonomy taxonomy = [] {
    auto loaded = Taxonomy::load(clinic_corpus() + "/taxonomy.yaml");
    REQUIRE(loaded.ok());
    return std::move(loaded).value();
  }();
  return taxonomy;
}

Result<StoredArticle> built(const Article& article) {
  DocumentBuilder builder(clinic_taxonomy(), "test");
  auto document = builder.build(article);
  if (!document) return document.error();
  return decode_stored_article(document->document.get_data());
}

struct Labels {
  std::string study;
  uint32_t participants;
  std::string detected;
};

std::map<std::string, Labels> bundled_labels() {
  std::ifstream in(std::string(KESTREL_SOURCE_DIR) + "/tests/index/study_labels.tsv");
  std::map<std::string, Labels> labels;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream row(line);
    for (std::string cell; std::getline(row, cell, '\t');) cells.push_back(cell);
    REQUIRE(cells.size() == 4);
    labels[cells[0]] = {cells[1], static_cast<uint32_t>(std::stoul(cells[2])),
                        cells[3] == "-" ? "" : cells[3]};
  }
  return labels;
}

// id -> (study, participants) of every article in the index.
std::map<std::string, std::pair<std::string, uint32_t>> indexed_studies(const std::string& index) {
  auto searcher = Searcher::open(index);
  REQUIRE(searcher.ok());
  SearchRequest request;
  request.limit = 100;
  auto result = searcher->search(request);
  REQUIRE(result.ok());
  std::map<std::string, std::pair<std::string, uint32_t>> studies;
  for (const Hit& hit : result->hits) studies[hit.id] = {hit.study, hit.participants};
  return studies;
}

}  // namespace

TEST_CASE("study: the design is the title's, else the text's most named - table", "[study]") {
  struct Row {
    const char* title;
    const char* body;
    const char* study;  // "" when none is detected
  };
  const Row table[] = {
      // The title names it.
      {"Ketamine for PTSD: a randomized controlled trial", "Patients with PTSD.",
       "randomised controlled trial"},
      {"Double-Blind, Placebo-Controlled, Dose-Ranging Trial of Ketamine", "Numerous studies.",
       "randomised controlled trial"},
      // Several in the title: the strongest.
      {"Ketamine for depression: a systematic review and meta-analysis", "We searched.",
       "meta-analysis"},
      // The title's design wins over the text's.
      {"Ketamine in OCD: a case report", "Randomised controlled trials are few; an RCT is needed.",
       "case report or series"},
      // The text: the design named most, whatever it cites once.
      {"Ketamine and alcohol",
       "Ninety drinkers were randomly assigned to three groups. This placebo-controlled design "
       "follows a cohort study by Smith.",
       "randomised controlled trial"},
      {"Remission from anorexia", "We report the case of a 29-year-old woman.",
       "case report or series"},
      {"Ketamine for anxiety", "This was an open-label study of ascending doses.",
       "non-randomised or open-label trial"},
      {"Ketamine in the clinic", "A retrospective chart review of 235 patients.",
       "cohort or observational study"},
      // A tie: the first in the taxonomy's list.
      {"Ketamine", "An open-label extension of a trial where patients were randomly assigned.",
       "randomised controlled trial"},
      // Nothing names a design.
      {"Ketamine beyond depression", "Ketamine has emerged as a rising star in medicine.", ""},
      // A cue is looked for as written: "randomised" alone is not one.
      {"Ketamine", "Non-randomised comparisons are hard to read.", ""},
  };
  for (const Row& row : table) {
    INFO(row.title << " / " << row.body);
    Article article{"a", row.title};
    article.body = row.body;
    auto stored = built(article);
    REQUIRE(stored.ok());
    CHECK(stored->study == row.study);
  }
}

TEST_CASE("study: a declared design wins - and an unknown one is refused with the nearest",
          "[study]") {
  Article article{"a", "Ketamine for PTSD: a randomized controlled trial"};
  article.body = "Forty-one patients were randomly assigned.";
  article.study = "Narrative review";
  auto stored = built(article);
  REQUIRE(stored.ok());
  CHECK(stored->study == "narrative review");  // canonical
  CHECK(stored->participants == 0);            // a review's numbers are other studies'

  article.study = "randomized controled trial";
  article.origin = "corpus/articles/a.md";
  auto refused = built(article);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message ==
        "corpus/articles/a.md: study 'randomized controled trial' is not in the taxonomy (did you "
        "mean "
        "'randomised controlled trial'?)");

  article.study = "";
  article.participants = "40";  // declared wins over the text's 41
  stored = built(article);
  REQUIRE(stored.ok());
  CHECK(stored->study == "randomised controlled trial");
  CHECK(stored->participants == 40);
}

TEST_CASE("study: cues are for texts - a query's synonyms are the names only", "[study]") {
  const Taxonomy& taxonomy = clinic_taxonomy();
  Analyzer analyzer;
  auto matches_for = [&](const std::string& text, MatchFor use) {
    std::vector<Token> tokens;
    analyzer.analyze(text, 0, tokens);
    std::vector<AliasMatch> matches;
    taxonomy.match_at(tokens, 0, text, use, matches);
    std::vector<std::string> values;
    for (const AliasMatch& m : matches)
      values.push_back(taxonomy.values(m.phrase->facet)[m.phrase->value_index].value);
    return values;
  };
  using V = std::vector<std::string>;
  CHECK(matches_for("randomly assigned", MatchFor::kText) == V{"randomised controlled trial"});
  CHECK(matches_for("randomly assigned", MatchFor::kQuery).empty());
  CHECK(matches_for("RCT", MatchFor::kQuery) == V{"randomised controlled trial"});
  CHECK(matches_for("meta-analyses", MatchFor::kQuery) == V{"meta-analysis"});
  CHECK(taxonomy.find(Facet::kStudy, "randomly assigned") == nullptr);  // not a name to filter by
}

TEST_CASE("study: the participants a text states - table", "[study]") {
  struct Row {
    const char* text;
    uint32_t participants;
  };
  const Row table[] = {
      {"41 patients were randomised to ketamine or midazolam.", 41},
      {"Seventy detoxified heroin-addicted patients were randomly assigned.", 70},
      {"Forty-one adults with PTSD took part.", 41},
      {"This crossover trial has 18 adults participants.", 18},
      {"A double-blind study in 12 patients with anxiety.", 12},
      {"Ketamine (n = 20) or placebo (n = 21).", 20},
      {"In all, N=1,200 veterans.", 1200},
      {"1,200 veterans of two wars.", 1200},
      // Numbers that count something else.
      {"We report the case of a 29 year-old woman.", 0},
      {"A 35-year-old man with OCD.", 0},
      {"0.5 mg/kg over 40 min in 2-3 months.", 0},
      {"Two groups of 35 patients each.", 35},
      {"Ketamine helps patients.", 0},
      {"n = 0 patients", 0},
      {"", 0},
  };
  Analyzer analyzer;
  for (const Row& row : table) {
    INFO(row.text);
    std::vector<Token> tokens;
    analyzer.analyze(row.text, 1000, tokens);
    CHECK(stated_participants(row.text, tokens) == row.participants);
  }
  // Only the opening is read: a number far into a paper is another study's.
  std::string late;
  for (size_t i = 0; i < kParticipantsScanTokens; ++i) late += "word ";
  late += "41 patients";
  std::vector<Token> tokens;
  analyzer.analyze(late, 0, tokens);
  CHECK(stated_participants(late, tokens) == 0);
}

TEST_CASE("study: every bundled article's design and participants, as labelled by hand",
          "[study]") {
  std::map<std::string, Labels> labels = bundled_labels();
  REQUIRE(labels.size() == 17);
  TempDir dir;
  index_or_fail(clinic_corpus(), dir / "index");
  auto studies = indexed_studies(dir / "index");
  REQUIRE(studies.size() == labels.size());
  for (const auto& [id, label] : labels) {
    INFO(id);
    CHECK(studies[id].first == label.study);
    CHECK(studies[id].second == label.participants);
  }
}

TEST_CASE("study: the detector alone on the bundled articles, as pinned", "[study]") {
  std::map<std::string, Labels> labels = bundled_labels();
  TempDir dir;
  // The corpus with every `study:` declaration removed.
  for (const auto& entry : std::filesystem::directory_iterator(clinic_corpus() + "/articles")) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    write_file(dir / ("corpus/articles/" + entry.path().filename().string()),
               std::regex_replace(text.str(), std::regex("\nstudy: [^\n]*"), ""));
  }
  std::filesystem::copy_file(clinic_corpus() + "/taxonomy.yaml", dir / "corpus/taxonomy.yaml");
  index_or_fail(dir / "corpus", dir / "index");
  auto studies = indexed_studies(dir / "index");
  size_t agree = 0;
  for (const auto& [id, label] : labels) {
    INFO(id);
    CHECK(studies[id].first == label.detected);
    agree += label.detected == label.study;
  }
  CHECK(agree == 8);  // of 17: the rest are declared
}
