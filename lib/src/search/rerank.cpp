#include "search/rerank.h"

#include <algorithm>

#include "kestrel/searcher.h"

namespace kestrel {

Status rerank(std::vector<RankedDocument>& list, const RerankRequest& request,
              const Xapian::Database& db, Analyzer& analyzer, const StoredDocumentReader& read) {
  size_t candidates = std::min<size_t>(list.size(), kRerankCandidates);
  RerankFeatureMaker maker(db, analyzer, request.query_terms, list.empty() ? 0 : list[0].score);
  std::vector<RerankFeatures> rows;
  for (size_t r = 0; r < candidates; ++r) {
    Result<std::shared_ptr<const CachedDocument>> doc = read(list[r].id);
    if (!doc) return doc.error();
    list[r].features =
        maker.features(list[r].id, r + 1, list[r].score, (*doc)->body, (*doc)->article.title);
    list[r].explained = request.explain;
    rows.push_back(list[r].features);
  }
  if (!request.ranker) return Status::Ok();
  Result<std::vector<float>> scores = request.ranker->scores(rows);
  if (!scores) return scores.error();
  if (request.explain) {
    Result<std::vector<std::vector<float>>> parts = request.ranker->contributions(rows);
    if (!parts) return parts.error();
    for (size_t r = 0; r < candidates; ++r) list[r].contributions = (*parts)[r];
  }
  for (size_t r = 0; r < candidates; ++r) list[r].score = (*scores)[r];
  std::stable_sort(
      list.begin(), list.begin() + static_cast<long>(candidates),
      [](const RankedDocument& a, const RankedDocument& b) { return a.score > b.score; });
  return Status::Ok();
}

}  // namespace kestrel
