#include "search/ranking.h"

#include <vector>

#include "search/body_words.h"

namespace kestrel {
namespace {

// The query's top documents, or none when it matches nothing or ranks nothing (browsing, a
// filter alone).
Xapian::RSet top_documents(const Xapian::Query& query, Xapian::Enquire& enquire) {
  // 10 documents: the middle of a 5-20 grid (benchmarks/RESULTS.md).
  constexpr Xapian::doccount kFeedbackDocuments = 10;
  // The documents tied with the last one taken come too: which of them ranks first depends on
  // docids, which differ between one index and its shards, and the expansion must not.
  constexpr Xapian::doccount kTieRoom = 10;
  Xapian::RSet feedback;
  if (query.empty()) return feedback;
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  Xapian::MSet top = enquire.get_mset(0, kFeedbackDocuments + kTieRoom);
  if (top.empty() || top.begin().get_weight() <= 0) return feedback;
  double last_weight = 0;
  for (auto it = top.begin(); it != top.end(); ++it) {
    if (feedback.size() >= kFeedbackDocuments && it.get_weight() != last_weight) break;
    feedback.add_document(*it);
    last_weight = it.get_weight();
  }
  return feedback;
}

// Pseudo-relevance feedback (RM3-style query expansion): the best body words of `feedback`'s
// documents, each at kFeedbackWeight times its expansion weight relative to the best word's,
// OR'ed; empty without documents. Weighting each word by its expansion weight instead of
// giving all ten the same 0.3 moved NFCorpus dev titles nDCG@10 0.3162 -> 0.3209 (any word
// 0.3146 -> 0.3175), as relevance models weigh their terms. 10 words at 0.3 are the middle of
// the earlier grid (5-20 words, 0.2-0.5), kept rather than refitted.
Xapian::Query expansion(Xapian::Enquire& enquire, const Xapian::RSet& feedback) {
  constexpr Xapian::termcount kFeedbackTerms = 10;
  constexpr double kFeedbackWeight = 0.3;
  if (feedback.empty()) return {};
  std::vector<std::pair<std::string, double>> words =
      best_body_words(enquire, feedback, kFeedbackTerms);
  if (words.empty() || words.front().second <= 0) return {};
  std::vector<Xapian::Query> terms;
  for (const auto& [word, weight] : words) {
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(word),
                       kFeedbackWeight * weight / words.front().second);
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query either(const Xapian::Query& a, const Xapian::Query& b) {
  if (b.empty()) return a;
  return Xapian::Query(Xapian::Query::OP_OR, a, b);
}

// Any word, expanded from its own top documents.
Xapian::Query any_word_with_feedback(Xapian::Database& db, const BuiltQuery& built) {
  Xapian::Enquire enquire(db);
  return either(built.any_word, expansion(enquire, top_documents(built.any_word, enquire)));
}

// Short queries rank all-words matches first and match any word: each word's weight counts
// once more where every word is present. On NFCorpus dev titles queries of up to two clauses
// (168 of 324) this beat all words alone (0.307 -> 0.349 nDCG@10 with the feedback below),
// and any word alone (0.340); 0.3 for a lone word's share was the best of 0.1-1.0 (all within
// 0.002 on titles).
constexpr double kLoneWordShare = 0.3;

}  // namespace

RankedQuery ranked_query(Xapian::Database& db, const BuiltQuery& built, MatchMode match,
                         QueryMode mode) {
  RankedQuery strict{built.all_words, false, true};
  if (built.clauses == 0) return strict;  // browsing: nothing to rank
  bool is_short = built.clauses <= kShortQueryClauses;
  bool typing = mode == QueryMode::kPrefix;
  switch (match) {
    case MatchMode::kAllWords:
      return strict;
    case MatchMode::kAnyWord:
      return {typing ? built.any_word : any_word_with_feedback(db, built)};
    case MatchMode::kAuto:
      break;
  }
  // Syntax (quotes, fields, OR, exclusions) is taken as written; as-you-type requests skip the
  // feedback probe, whose cost every keystroke would pay.
  if (built.uses_operators || typing) return is_short ? strict : RankedQuery{built.any_word};
  if (!is_short) return {any_word_with_feedback(db, built)};
  Xapian::Enquire enquire(db);
  Xapian::RSet all_words_top = top_documents(built.all_words, enquire);
  if (built.clauses == 1) return {either(built.all_words, expansion(enquire, all_words_top))};
  if (all_words_top.empty()) return {any_word_with_feedback(db, built), true};
  Xapian::Query all_first(
      Xapian::Query::OP_OR, built.all_words,
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, built.any_word, kLoneWordShare));
  return {either(all_first, expansion(enquire, all_words_top))};
}

}  // namespace kestrel
