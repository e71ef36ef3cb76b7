// What the matcher is asked for a query (ranking.h): how much the feedback's words weigh beside
// the query's own.
#include "search/ranking.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <regex>

using namespace kestrel;

namespace {

// Twelve documents on one topic (the words t0..t15 and the feedback's words feedbackword0..3) among
// sixty on others, so that the topic's words have weight and feedback has words to offer.
Xapian::WritableDatabase topic_database() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int d = 0; d < 72; ++d) {
    Xapian::Document doc;
    if (d < 12) {
      for (int t = 0; t < 16; ++t) doc.add_term("t" + std::to_string(t));
      for (int f = 0; f <= d % 4; ++f) doc.add_term("feedbackword" + std::to_string(f), 2);
    } else {
      doc.add_term("other" + std::to_string(d % 7));
      doc.add_term("filler");
    }
    db.add_document(doc);
  }
  db.commit();
  return db;
}

// The query's first `clauses` topic words, as the query builder would give them.
BuiltQuery question_of(size_t clauses) {
  std::vector<Xapian::Query> words;
  for (size_t t = 0; t < clauses; ++t) words.emplace_back("t" + std::to_string(t));
  BuiltQuery built;
  built.all_words = Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
  built.any_word = Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end());
  built.any_word_clauses = words;
  built.clauses = clauses;
  return built;
}

// The largest weight factor on a feedback word in `query` ("0.4 * feedbackword0").
double feedback_factor(const Xapian::Query& query) {
  std::string description = query.get_description();
  static const std::regex scaled(R"(([0-9.]+) \* feedbackword)");
  double largest = 0;
  for (std::sregex_iterator it(description.begin(), description.end(), scaled), end; it != end;
       ++it)
    largest = std::max(largest, std::stod((*it)[1]));
  return largest;
}

}  // namespace

TEST_CASE("ranking: the feedback's words weigh more beside a longer query - 0.2 x sqrt(clauses)",
          "[search]") {
  Xapian::WritableDatabase db = topic_database();
  ExpansionWords words;
  struct Row {
    size_t clauses;
    MatchMode match;
    double best_word_factor;
  };
  const Row table[] = {
      {1, MatchMode::kAuto, 0.2},     // a word: every word's top documents
      {1, MatchMode::kAnyWord, 0.2},  //
      {2, MatchMode::kAuto, 0.2 * std::sqrt(2.0)},
      {4, MatchMode::kAnyWord, 0.4},   //
      {4, MatchMode::kAuto, 0.4},      // a question: any word
      {9, MatchMode::kAuto, 0.6},      //
      {16, MatchMode::kAnyWord, 0.8},  // a description
  };
  for (const Row& row : table) {
    INFO(row.clauses << " clauses, match " << static_cast<int>(row.match));
    RankedQuery ranked =
        ranked_query(db, words, question_of(row.clauses), row.match, QueryMode::kFull, nullptr);
    CHECK(feedback_factor(ranked.query) == Approx(row.best_word_factor).epsilon(1e-6));
  }
  // Every word required, or a word still being typed: no feedback at all.
  CHECK(feedback_factor(
            ranked_query(db, words, question_of(4), MatchMode::kAllWords, QueryMode::kFull, nullptr)
                .query) == 0);
  CHECK(feedback_factor(
            ranked_query(db, words, question_of(4), MatchMode::kAuto, QueryMode::kPrefix, nullptr)
                .query) == 0);
}
