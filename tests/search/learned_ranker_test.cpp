// The learned ranker: the model the programs are built with scores as its training script did,
// a model file is loaded or refused by name, and a search ranked by it reorders its first
// candidates consistently across pages, explaining each.
#include "search/learned_ranker.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "kestrel/searcher.h"
#include "test_support.h"

using namespace kestrel;
using namespace kestrel::testing;

namespace {

const std::string kModel = std::string(KESTREL_SOURCE_DIR) + "/lib/models/ranker.json";

// ranker.json.check: rows of features and the score the training script gave each.
std::vector<std::pair<RerankFeatures, float>> checked_rows() {
  std::ifstream in(kModel + ".check");
  std::vector<std::pair<RerankFeatures, float>> rows;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    RerankFeatures features{};
    for (float& f : features) fields >> f;
    float score = 0;
    fields >> score;
    rows.emplace_back(features, score);
  }
  return rows;
}

}  // namespace

TEST_CASE("learned ranker: the shipped model scores rows as the training script did", "[ranker]") {
  auto rows = checked_rows();
  // The training script writes its first query's candidates: kRerankCandidates of them.
  REQUIRE(rows.size() == kRerankCandidates);
  std::vector<RerankFeatures> features;
  for (const auto& row : rows) features.push_back(row.first);
  for (bool from_file : {false, true}) {
    INFO((from_file ? "lib/models/ranker.json" : "built in"));
    Result<LearnedRanker> model =
        from_file ? LearnedRanker::load(kModel) : LearnedRanker::shipped();
    REQUIRE(model.ok());
    auto scores = model->scores(features);
    REQUIRE(scores.ok());
    REQUIRE(scores->size() == rows.size());
    for (size_t i = 0; i < rows.size(); ++i)
      CHECK((*scores)[i] == Approx(rows[i].second).margin(1e-5));
    // Contributions add up to the score (SHAP), the bias last.
    auto parts = model->contributions({features[0]});
    REQUIRE(parts.ok());
    REQUIRE((*parts)[0].size() == kRerankFeatureCount + 1);
    float sum = 0;
    for (float p : (*parts)[0]) sum += p;
    CHECK(sum == Approx(rows[0].second).margin(1e-4));
  }
}

TEST_CASE("learned ranker: a missing or damaged model file is refused by name", "[ranker]") {
  TempDir dir;
  auto missing = LearnedRanker::load(dir / "none.json");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
  CHECK(missing.error().message == dir / "none.json" + ": no ranker model there");

  std::ifstream in(kModel);
  std::stringstream whole;
  whole << in.rdbuf();
  write_file(dir / "cut.json", whole.str().substr(0, whole.str().size() / 2));
  write_file(dir / "text.json", "{\"not\": \"a model\"}");
  for (const char* name : {"cut.json", "text.json"}) {
    INFO(name);
    auto damaged = LearnedRanker::load(dir / name);
    REQUIRE_FALSE(damaged.ok());
    CHECK(damaged.error().code == ErrorCode::kCorrupt);
    CHECK(damaged.error().message.rfind(dir / name + ": not a ranker model: ", 0) == 0);
    CHECK(check_ranker_model(dir / name).error().code == ErrorCode::kCorrupt);
  }
}

TEST_CASE("learned ranker: a search reorders its first candidates - pages agree - explained",
          "[ranker][search]") {
  auto searcher = Searcher::open(clinic_index());
  REQUIRE(searcher.ok());
  SearchRequest request;
  request.query = "ketamine anxiety treatment";
  request.ranker = Ranker::kLearned;
  request.limit = 12;
  request.explain = true;
  auto all = searcher->search(request);
  REQUIRE(all.ok());
  REQUIRE(all->hits.size() == 12);
  for (size_t i = 1; i < all->hits.size(); ++i) CHECK(all->hits[i - 1].score >= all->hits[i].score);
  for (const Hit& hit : all->hits) {
    CHECK(hit.features.size() == kRerankFeatureCount);
    CHECK(hit.contributions.size() == kRerankFeatureCount + 1);
  }
  request.offset = 6;
  request.limit = 6;
  auto second = searcher->search(request);
  REQUIRE(second.ok());
  REQUIRE(second->hits.size() == 6);
  for (size_t i = 0; i < 6; ++i) CHECK(second->hits[i].id == all->hits[6 + i].id);
  // The engine's own order, explained, is not reordered, and differs from the model's here.
  request.ranker = Ranker::kBm25;
  request.offset = 0;
  request.limit = 12;
  auto own = searcher->search(request);
  REQUIRE(own.ok());
  CHECK(own->hits[0].features.size() == kRerankFeatureCount);
  CHECK(own->hits[0].contributions.empty());
  CHECK(own->hits[0].features[1] == 1);  // its rank
  std::vector<std::string> a, b;
  for (const Hit& h : all->hits) a.push_back(h.id);
  for (const Hit& h : own->hits) b.push_back(h.id);
  CHECK(a != b);
}

TEST_CASE(
    "learned ranker: a title of its own counts in the text's features, as the index counts it",
    "[ranker][search]") {
  // "cocaine" is only in the title of ketamine-cocaine-use-disorder. The model learned from texts
  // whose title was their first sentence, so the title's words must count among the text's:
  // before, this article's share of the query in the text and its proximity were 0.
  auto searcher = Searcher::open(clinic_index());
  REQUIRE(searcher.ok());
  SearchRequest request;
  request.query = "cocaine";
  request.explain = true;
  auto result = searcher->search(request);
  REQUIRE(result.ok());
  auto hit = std::find_if(result->hits.begin(), result->hits.end(),
                          [](const Hit& h) { return h.id == "ketamine-cocaine-use-disorder"; });
  REQUIRE(hit != result->hits.end());
  REQUIRE(hit->features.size() == kRerankFeatureCount);
  CHECK(hit->features[2] == 1);  // query terms in the text (share)
  CHECK(hit->features[3] == 1);  // query terms in the title (share)
  CHECK(hit->features[5] > 0);   // proximity
  // The first match is the title's 16th word ("... Ketamine on Cocaine Use Disorder"), not the
  // body's end.
  CHECK(hit->features[6] == Approx(std::log1p(15.0)));
}
