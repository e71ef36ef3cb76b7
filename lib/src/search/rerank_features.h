// What the learned ranker (learned_ranker.h) knows of a candidate: eleven features computed from
// what a search already has (the candidate's score and rank, its stored body's words and terms,
// its title, the index's term statistics), in one order shared by the model's training
// (benchmarks/ltr/) and by searching. Changing a feature or its order means retraining the model.
// "The text" is the article's words as the index counts them: its title when that is a field of
// its own, then its body.
#pragma once

#include <xapian.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "index/stored_body.h"
#include "kestrel/analyzer.h"

namespace kestrel {

inline constexpr size_t kRerankFeatureCount = 11;
using RerankFeatures = std::array<float, kRerankFeatureCount>;

// The features' names, in order, for --explain and the training data's documentation.
const std::array<std::string_view, kRerankFeatureCount>& rerank_feature_names();

// One query's side of the features: its own terms (its clauses', without the feedback's words)
// and the candidates' best score. Not thread-safe (uses `analyzer`).
class RerankFeatureMaker {
 public:
  RerankFeatureMaker(const Xapian::Database& db, Analyzer& analyzer,
                     std::vector<std::string> query_terms, double top_score);

  // The features of the candidate `id` at `rank` (1 first) with `score`, whose stored body is
  // `body` and title `title`.
  RerankFeatures features(Xapian::docid id, size_t rank, double score, const StoredBody& body,
                          std::string_view title);

 private:
  double bm25(double tf, double df, double length, double mean_length) const;
  // The candidate's text as a sequence of query terms (the index in terms_ of each word's term,
  // or -1): its title when that is a field of its own, then its body. Uses title_tokens_.
  std::vector<int> text_as_query_terms(Xapian::docid id, const StoredBody& body);

  const Xapian::Database& db_;
  Analyzer& analyzer_;
  std::vector<std::string> terms_;  // distinct, sorted
  std::vector<double> df_;          // each term's document frequency
  double top_score_, documents_, mean_length_;
  bool any_own_title_;  // some article of the index has a title of its own
  std::vector<Token> title_tokens_;
};

}  // namespace kestrel
