// The learned ranker: a LambdaMART model (XGBoost, trained by benchmarks/ltr/) that reorders a
// search's top candidates from their features (rerank_features.h). Loaded once per Searcher;
// not thread-safe (XGBoost's booster is used by one thread at a time, as the Searcher is).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kestrel/result.h"
#include "search/rerank_features.h"

namespace kestrel {

class LearnedRanker {
 public:
  // kNotFound when `path` does not exist; kCorrupt, naming the file, when XGBoost cannot read
  // it or it is not a model of kRerankFeatureCount features.
  static Result<LearnedRanker> load(const std::string& path);
  // The model this program was built with (lib/models/ranker.json, compiled in).
  static Result<LearnedRanker> shipped();

  LearnedRanker(LearnedRanker&&) noexcept;
  LearnedRanker& operator=(LearnedRanker&&) noexcept;
  ~LearnedRanker();

  // One score per row, higher first; kInternal when XGBoost fails.
  Result<std::vector<float>> scores(const std::vector<RerankFeatures>& rows) const;
  // Each row's features' contributions to its score (SHAP values), then the bias: for --explain.
  Result<std::vector<std::vector<float>>> contributions(
      const std::vector<RerankFeatures>& rows) const;

 private:
  struct Booster;
  explicit LearnedRanker(std::unique_ptr<Booster> booster);
  // `read` loads the model into the new booster; `name` names it in messages.
  template <typename Read>
  static Result<LearnedRanker> make(const std::string& name, Read read);
  Result<std::vector<float>> predict(const std::vector<RerankFeatures>& rows, int mask) const;
  std::unique_ptr<Booster> booster_;
};

}  // namespace kestrel
