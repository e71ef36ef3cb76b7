// The expansion words of feedback and related articles: the same words and weights as Xapian's
// own relevance-set expansion (which they replace for speed), the query's terms left out, and
// nothing stale after the index changes.
#include "search/expansion_words.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>

using namespace kestrel;

namespace {

// Body words, a prefixed term (never chosen) and two-letter terms (noise), with lengths and
// frequencies varied by a seeded generator.
Xapian::WritableDatabase random_database(unsigned seed, int documents) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::mt19937 random(seed);
  const std::vector<std::string> words = {"ketamine", "depression", "infusion",  "placebo",
                                          "trial",    "anxiety",    "dose",      "esketamine",
                                          "ptsd",     "rating",     "nasal",     "spray",
                                          "ab",       "XSjournal",  "remission", "relapse"};
  for (int d = 0; d < documents; ++d) {
    Xapian::Document doc;
    int length = 5 + static_cast<int>(random() % 60);
    for (int i = 0; i < length; ++i) {
      // Skewed: the first words are the commonest.
      size_t w = std::min(random() % words.size(), random() % words.size());
      doc.add_term(words[w]);
    }
    db.add_document(doc);
  }
  db.commit();
  return db;
}

// Xapian's expansion held to the same words, so that the weights are what is compared.
struct BodyWordsOnly : Xapian::ExpandDecider {
  bool operator()(const std::string& term) const override { return is_body_word(term); }
};

// Xapian's get_eset with the same rules, as word -> weight.
std::map<std::string, double> xapian_words(const Xapian::Database& db,
                                           const std::vector<Xapian::docid>& documents,
                                           const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::RSet rset;
  for (Xapian::docid d : documents) rset.add_document(d);
  BodyWordsOnly decider;
  Xapian::ESet eset = enquire.get_eset(100, rset, 0, &decider);
  std::map<std::string, double> out;
  for (auto it = eset.begin(); it != eset.end(); ++it) out[*it] = it.get_weight();
  return out;
}

}  // namespace

TEST_CASE("expansion words: Xapian's expansion weights, without the query's terms", "[search]") {
  size_t compared = 0;
  for (unsigned seed = 1; seed <= 20; ++seed) {
    INFO("seed " << seed);
    Xapian::WritableDatabase db = random_database(seed, 40 + static_cast<int>(seed));
    ExpansionWords words;
    std::vector<Xapian::docid> documents = {1, 3, 5 + seed % 7, 20};
    std::vector<WeightedDocument> weighted(documents.begin(), documents.end());
    Xapian::Query query(Xapian::Query::OP_OR, Xapian::Query("ketamine"), Xapian::Query("dose"));
    std::map<std::string, double> expected = xapian_words(db, documents, query);
    auto best = words.best(db, weighted, {"ketamine", "dose"}, 100);
    REQUIRE(best.size() == expected.size());
    compared += best.size();
    for (size_t i = 0; i < best.size(); ++i) {
      const auto& [word, weight] = best[i];
      INFO(word);
      REQUIRE(expected.count(word) == 1);
      CHECK(weight == Approx(expected[word]).epsilon(1e-6));
      CHECK(word != "ketamine");
      CHECK(word != "ab");
      CHECK(word != "XSjournal");
      if (i > 0) CHECK(best[i - 1].second >= weight);  // best first
    }
    // Asking twice, with what was read kept, gives the same words.
    CHECK(words.best(db, weighted, {"ketamine", "dose"}, 100) == best);
    // The first few are the best few.
    auto few = words.best(db, weighted, {"ketamine", "dose"}, 3);
    CHECK(std::vector(best.begin(), best.begin() + std::min<ptrdiff_t>(3, best.size())) == few);
  }
  CHECK(compared > 40);  // most seeds give words to compare (some give none: both agree)
}

TEST_CASE("expansion words: forgetting reads the changed index afresh", "[search]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const char* word : {"ketamine", "ketamine", "placebo", "placebo", "placebo"}) {
    Xapian::Document doc;
    doc.add_term(word);
    doc.add_term("trial");
    db.add_document(doc);
  }
  db.commit();
  ExpansionWords words;
  auto before = words.best(db, {WeightedDocument{1}}, {}, 10);
  REQUIRE_FALSE(before.empty());
  CHECK(before.front().first == "ketamine");
  // Document 1 now holds other words; what was kept about it is stale until forgotten.
  Xapian::Document replaced;
  replaced.add_term("esketamine");
  replaced.add_term("trial");
  db.replace_document(1, replaced);
  db.commit();
  words.forget();
  auto after = words.best(db, {WeightedDocument{1}}, {}, 10);
  REQUIRE_FALSE(after.empty());
  CHECK(after.front().first == "esketamine");
  for (const auto& [word, weight] : after) CHECK(word != "ketamine");
}

TEST_CASE("expansion words: a document's weight scales its words' share", "[search]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const std::vector<std::vector<std::string>> texts = {
      {"esketamine", "trial"}, {"infusion", "trial"}, {"placebo"}, {"placebo"}, {"placebo"}};
  for (const auto& words : texts) {
    Xapian::Document doc;
    for (const std::string& word : words) doc.add_term(word);
    db.add_document(doc);
  }
  db.commit();
  ExpansionWords words;
  auto weight_of = [](const auto& best, const std::string& word) {
    for (const auto& [w, weight] : best)
      if (w == word) return weight;
    return 0.0;
  };
  auto even = words.best(db, {{1, 1.0}, {2, 1.0}}, {}, 10);
  auto uneven = words.best(db, {{1, 1.0}, {2, 0.5}}, {}, 10);
  REQUIRE(weight_of(even, "infusion") > 0);
  // Only in document 2: half its share, so half its weight.
  CHECK(weight_of(uneven, "infusion") == Approx(weight_of(even, "infusion") / 2));
  // Only in document 1: unchanged.
  CHECK(weight_of(uneven, "esketamine") == Approx(weight_of(even, "esketamine")));
  // Tied when both documents count fully (word ties are ordered by the word), apart otherwise.
  CHECK(weight_of(even, "esketamine") == Approx(weight_of(even, "infusion")));
  CHECK(weight_of(uneven, "esketamine") > weight_of(uneven, "infusion"));
}

namespace {

// 3,000 documents of 200 words each, nearly all unique: far more than the bound holds.
Xapian::WritableDatabase many_words() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int d = 0; d < 3000; ++d) {
    Xapian::Document doc;
    for (int w = 0; w < 200; ++w) doc.add_term("word" + std::to_string(d * 200 + w));
    doc.add_term("common");
    db.add_document(doc);
  }
  db.commit();
  return db;
}

// The most `words` kept between calls while reading every document ten at a time; each answer
// checked.
size_t most_kept(const Xapian::Database& db, ExpansionWords& words) {
  size_t most = 0;
  for (Xapian::docid first = 1; first + 10 <= 3000; first += 10) {
    std::vector<WeightedDocument> documents;
    for (Xapian::docid d = first; d < first + 10; ++d) documents.push_back({d});
    auto best = words.best(db, documents, {}, 5);
    REQUIRE(best.size() == 5);
    CHECK(best.front().first.rfind("word", 0) == 0);  // a rare word, never "common"
    most = std::max(most, words.bytes_kept());
  }
  return most;
}

}  // namespace

TEST_CASE("expansion words: what is kept stays bounded, and answers stay right", "[search]") {
  Xapian::WritableDatabase db = many_words();
  ExpansionWords words;
  size_t most = most_kept(db, words);
  CHECK(most > 0);
  CHECK(most < 5u << 20);  // the 4 MB bound plus one call's ten documents
}

TEST_CASE("expansion words: the bound is the process's - shared out among the searchers",
          "[search]") {
  Xapian::WritableDatabase db = many_words();
  // 16 searchers (a server's threads): 32 MB / 16 = 2 MB each, not 4 MB each.
  std::vector<std::unique_ptr<ExpansionWords>> searchers;
  for (int i = 0; i < 16; ++i) searchers.push_back(std::make_unique<ExpansionWords>());
  size_t most = most_kept(db, *searchers.front());
  CHECK(most > 1u << 20);
  CHECK(most < (2u << 20) + (512u << 10));  // plus one call's ten documents
}
