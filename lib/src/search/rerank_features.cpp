#include "search/rerank_features.h"

#include <algorithm>
#include <cmath>

#include "index/schema.h"
#include "kestrel/searcher.h"

namespace kestrel {
namespace {

// BM25's parameters as Robertson and Lucene set them (Xapian's defaults are k1 1, b 0.5, which the
// title field uses), and a title's assumed mean length in words (the index's mean, which the title
// field reads, came later). The model was trained with these: changing one means retraining.
constexpr double kK1 = 1.2, kB = 0.75;
constexpr double kMeanTitleWords = 10;

}  // namespace

const std::array<std::string_view, kRerankFeatureCount>& rerank_feature_names() {
  static const std::array<std::string_view, kRerankFeatureCount> kNames = {
      "score / best score",
      "rank",
      "query terms in the text (share)",
      "query terms in the title (share)",
      "log(1 + text words)",
      "matched terms / smallest window holding them",
      "log(1 + first match's word in the text)",
      "query terms",
      "score",
      "BM25 of the query's own terms in the text",
      "BM25 of the query's own terms in the title",
  };
  return kNames;
}

const std::vector<std::string>& ranker_feature_names() {
  static const std::vector<std::string> kNames(rerank_feature_names().begin(),
                                               rerank_feature_names().end());
  return kNames;
}

RerankFeatureMaker::RerankFeatureMaker(const Xapian::Database& db, Analyzer& analyzer,
                                       std::vector<std::string> query_terms, double top_score)
    : db_(db),
      analyzer_(analyzer),
      terms_(std::move(query_terms)),
      top_score_(top_score > 0 ? top_score : 1),
      documents_(static_cast<double>(db.get_doccount())),
      mean_length_(std::max(1.0, db.get_avlength())),
      any_own_title_(db.get_value_freq(schema::spec(schema::Field::kTitleLength).slot) > 0) {
  std::sort(terms_.begin(), terms_.end());
  terms_.erase(std::unique(terms_.begin(), terms_.end()), terms_.end());
  for (const std::string& term : terms_) df_.push_back(static_cast<double>(db.get_termfreq(term)));
}

double RerankFeatureMaker::bm25(double tf, double df, double length, double mean_length) const {
  if (tf <= 0) return 0;
  double idf = std::log(1 + (documents_ - df + 0.5) / (df + 0.5));
  double norm = kK1 * (1 - kB + kB * length / mean_length);
  return idf * tf * (kK1 + 1) / (tf + norm);
}

std::vector<int> RerankFeatureMaker::text_as_query_terms(Xapian::docid id, const StoredBody& body) {
  std::vector<int> sequence;
  // The title leads the text when it is a field of its own (it has a length in its slot; the
  // stored body does not hold it), as the index counts its words among the body's (kTitleWdf).
  // A title taken from the body's first sentence is in the body already: NFCorpus's are, so the
  // model learned from texts whose title words were always body words too. Without this, an
  // article naming the query only in its title looked to the model like one not naming it at all
  // (the clinic's "cocaine": body share 0, proximity 0, its best article third).
  // An index without one (NFCorpus, the passages) reads no candidate's slot.
  if (any_own_title_ && !db_.get_document(id, Xapian::DOC_ASSUME_VALID)
                             .get_value(schema::spec(schema::Field::kTitleLength).slot)
                             .empty()) {
    for (const Token& token : title_tokens_) {
      if (token.kind == TokenKind::kCompoundPart) continue;
      auto it = std::lower_bound(terms_.begin(), terms_.end(), token.term);
      sequence.push_back(
          it != terms_.end() && *it == token.term ? static_cast<int>(it - terms_.begin()) : -1);
    }
  }
  // Each body term's query term (or none), through the body's sorted term list.
  std::vector<int> query_of(body.terms.size(), -1);
  for (size_t q = 0; q < terms_.size(); ++q) {
    auto it = std::lower_bound(body.terms.begin(), body.terms.end(), terms_[q]);
    if (it != body.terms.end() && *it == terms_[q])
      query_of[static_cast<size_t>(it - body.terms.begin())] = static_cast<int>(q);
  }
  for (const BodyWord& word : body.words) sequence.push_back(query_of[word.term]);
  return sequence;
}

namespace {

// Matched query terms over the smallest window of the text holding every one it has (0: none).
double proximity(const std::vector<int>& sequence, size_t query_terms, size_t present) {
  if (present == 0) return 0;
  std::vector<size_t> in_window(query_terms, 0);
  size_t covered = 0, best = sequence.size(), left = 0;
  for (size_t right = 0; right < sequence.size(); ++right) {
    int q = sequence[right];
    if (q < 0) continue;
    if (in_window[static_cast<size_t>(q)]++ == 0) ++covered;
    while (covered == present) {
      best = std::min(best, right - left + 1);
      int l = sequence[left];
      if (l >= 0 && --in_window[static_cast<size_t>(l)] == 0) --covered;
      ++left;
    }
  }
  return static_cast<double>(present) / static_cast<double>(best);
}

}  // namespace

RerankFeatures RerankFeatureMaker::features(Xapian::docid id, size_t rank, double score,
                                            const StoredBody& body, std::string_view title) {
  size_t n = terms_.size();
  title_tokens_.clear();
  analyzer_.analyze(title, 0, title_tokens_);
  std::vector<int> sequence = text_as_query_terms(id, body);
  std::vector<double> tf(n, 0);
  size_t present = 0, first = sequence.size();
  for (size_t w = 0; w < sequence.size(); ++w) {
    if (sequence[w] < 0) continue;
    if (tf[static_cast<size_t>(sequence[w])]++ == 0) ++present;
    first = std::min(first, w);
  }
  double in_title = 0, title_bm25 = 0, body_bm25 = 0;
  double title_words = static_cast<double>(title_tokens_.size());
  double length = static_cast<double>(db_.get_doclength(id));
  for (size_t q = 0; q < n; ++q) {
    double title_tf = static_cast<double>(std::count_if(
        title_tokens_.begin(), title_tokens_.end(),
        [&](const Token& t) { return t.kind != TokenKind::kCompoundPart && t.term == terms_[q]; }));
    in_title += title_tf > 0;
    title_bm25 += bm25(title_tf, df_[q], title_words, kMeanTitleWords);
    body_bm25 += bm25(tf[q], df_[q], length, mean_length_);
  }
  double terms = std::max<double>(1, static_cast<double>(n));
  return {static_cast<float>(score / top_score_),
          static_cast<float>(rank),
          static_cast<float>(static_cast<double>(present) / terms),
          static_cast<float>(in_title / terms),
          static_cast<float>(std::log1p(static_cast<double>(sequence.size()))),
          static_cast<float>(proximity(sequence, n, present)),
          static_cast<float>(std::log1p(static_cast<double>(first))),
          static_cast<float>(n),
          static_cast<float>(score),
          static_cast<float>(body_bm25),
          static_cast<float>(title_bm25)};
}

}  // namespace kestrel
