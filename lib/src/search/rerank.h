// The ranker's last step over a page's ranked documents: their features for the first
// kRerankCandidates (rerank_features.h) when explained or reordered, and the learned ranker's
// new order. Kept apart from the searcher so that its pass reads as: rank, rerank, show.
#pragma once

#include <xapian.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kestrel/analyzer.h"
#include "kestrel/result.h"
#include "search/document_cache.h"
#include "search/learned_ranker.h"
#include "search/rerank_features.h"

namespace kestrel {

// A ranked document: its id and score and, once featured, its features and (reordered by the
// learned ranker) each feature's contribution to its score.
struct RankedDocument {
  Xapian::docid id = 0;
  double score = 0;
  RerankFeatures features{};
  std::vector<float> contributions;
  bool explained = false;  // features (and contributions) are to be shown
};

// A candidate's stored title and body, as the searcher keeps them.
using StoredDocumentReader =
    std::function<Result<std::shared_ptr<const CachedDocument>>(Xapian::docid)>;

struct RerankRequest {
  const std::vector<std::string>& query_terms;  // the query's own, feedback's words not counted
  const LearnedRanker* ranker;                  // null: keep the order (features only)
  bool explain;
};

// Features the first kRerankCandidates of `list` when `request.explain` or a ranker is given, and
// reorders them by the ranker's scores (then each score is the model's). Errors: the reader's, or
// kInternal from the model.
Status rerank(std::vector<RankedDocument>& list, const RerankRequest& request,
              const Xapian::Database& db, Analyzer& analyzer, const StoredDocumentReader& read);

}  // namespace kestrel
