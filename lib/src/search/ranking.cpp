#include "search/ranking.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>
#include <vector>

namespace kestrel {
namespace {

// What the best expansion word weighs against one of the query's own words. RM3 gives each of a
// q-word query's words 1/q of the query and the expansion words a fixed share, so the expansion
// counts more beside a longer query. 0.2 * sqrt(clauses) in place of a fixed 0.3 moved NFCorpus
// dev nDCG@10 / Recall@100 (default mode, an index built on one thread, 2026-11-27): titles
// 0.3290 / 0.3076 -> 0.3300 / 0.3101, nontopic 0.3120 -> 0.3125, vid-titles 0.3078 -> 0.3107,
// vid-desc 0.3362 -> 0.3442; the clinic's success@1 0.816 and nDCG@5 0.904 -> 0.905. On four
// rebuilds of that index (docids in another order, so ties fall otherwise) titles gained the
// same 0.0010 each time, from 0.3285-0.3293 to 0.3295-0.3303. The grid: exponent 0.5, 0.75
// or 1 times 0.1-0.25 gave titles 0.3257-0.3303, and every cell with exponent 0.5 beat the
// fixed weight on vid-desc (0.3406-0.3452); 0.17-0.23 at 0.5 gave titles 0.3294-0.3303.
double feedback_weight(size_t clauses) {
  return 0.2 * std::sqrt(static_cast<double>(std::max<size_t>(clauses, 1)));
}

// Pseudo-relevance feedback, RM3-style: the best body words of the query's top documents join
// it, each at feedback_weight() times its expansion weight relative to the best word's, OR'ed.
// Weighting each word by its expansion weight instead of giving all ten the same 0.3 moved
// NFCorpus dev titles nDCG@10 0.3162 -> 0.3209, as relevance models weigh their terms. 10
// documents and 10 words are the middle of the earlier grid (5-20 documents and words), kept
// rather than refitted; with the weight above, 5, 10 or 20 documents times 10, 15 or 20 words
// gave titles 0.3193-0.3303, 10 and 10 the best. Empty when the query matches or ranks nothing
// (browsing, a filter alone).
class Feedback {
 public:
  Feedback(const Xapian::Database& db, ExpansionWords& words, const Xapian::Query& probe)
      : db_(db), words_(words), probe_(probe) {
    constexpr Xapian::doccount kFeedbackDocuments = 10;
    // The documents tied with the last one taken come too: which of them ranks first depends
    // on docids, which differ between one index and its shards, and the expansion must not.
    constexpr Xapian::doccount kTieRoom = 10;
    if (probe.empty()) return;
    Xapian::Enquire enquire(db);
    enquire.set_query(probe);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    Xapian::MSet top = enquire.get_mset(0, kFeedbackDocuments + kTieRoom);
    if (top.empty() || top.begin().get_weight() <= 0) return;
    double last_weight = 0;
    for (auto it = top.begin(); it != top.end(); ++it) {
      if (documents_.size() >= kFeedbackDocuments && it.get_weight() != last_weight) break;
      // Each document's words count by its score against the best one's, as a relevance
      // model weighs its documents by their likelihood: NFCorpus dev nDCG@10 rose on all four
      // query sets (titles 0.3238 -> 0.3260, nontopic 0.3035 -> 0.3059, vid-titles 0.2973 ->
      // 0.3000, vid-desc 0.3263 -> 0.3309) and the clinic's success@1 0.737 -> 0.763; titles
      // Recall@100 fell 0.3111 -> 0.3085. Squaring the ratio, or exp(4 (ratio - 1)), did less.
      documents_.push_back({*it, it.get_weight() / top.begin().get_weight()});
      last_weight = it.get_weight();
    }
  }

  bool found_documents() const { return !documents_.empty(); }

  // `clauses`: the query's, which the expansion words join.
  Xapian::Query expansion(size_t clauses) const {
    constexpr size_t kFeedbackTerms = 10;
    if (documents_.empty()) return {};
    // The probe's own terms are not expansion words, as in Xapian's get_eset.
    std::unordered_set<std::string> own(probe_.get_terms_begin(), probe_.get_terms_end());
    std::vector<std::pair<std::string, double>> best =
        words_.best(db_, documents_, own, kFeedbackTerms);
    if (best.empty() || best.front().second <= 0) return {};
    const double best_word_weight = feedback_weight(clauses);
    std::vector<Xapian::Query> terms;
    for (const auto& [word, weight] : best) {
      terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(word),
                         best_word_weight * weight / best.front().second);
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

 private:
  const Xapian::Database& db_;
  ExpansionWords& words_;
  Xapian::Query probe_;
  std::vector<WeightedDocument> documents_;
};

Xapian::Query either(const Xapian::Query& a, const Xapian::Query& b) {
  if (b.empty()) return a;
  return Xapian::Query(Xapian::Query::OP_OR, a, b);
}

// Any word, expanded from its own top documents.
Xapian::Query any_word_with_feedback(const Xapian::Database& db, ExpansionWords& words,
                                     const BuiltQuery& built) {
  return either(built.any_word, Feedback(db, words, built.any_word).expansion(built.clauses));
}

// Short queries rank all-words matches first and match any word: each word's weight counts
// once more where every word is present. On NFCorpus dev titles queries of up to two clauses
// (168 of 324) this beat all words alone (0.307 -> 0.349 nDCG@10 with the feedback below),
// and any word alone (0.340); 0.3 for a lone word's share was the best of 0.1-1.0 (all within
// 0.002 on titles).
constexpr double kLoneWordShare = 0.3;

}  // namespace

RankedQuery ranked_query(const Xapian::Database& db, ExpansionWords& words, const BuiltQuery& built,
                         MatchMode match, QueryMode mode) {
  RankedQuery strict{built.all_words, false, true};
  if (built.clauses == 0) return strict;  // browsing: nothing to rank
  bool is_short = built.clauses <= kShortQueryClauses;
  bool typing = mode == QueryMode::kPrefix;
  switch (match) {
    case MatchMode::kAllWords:
      return strict;
    case MatchMode::kAnyWord:
      return {typing ? built.any_word : any_word_with_feedback(db, words, built)};
    case MatchMode::kAuto:
      break;
  }
  // Syntax (quotes, fields, OR, exclusions) is taken as written; as-you-type requests skip the
  // feedback probe, whose cost every keystroke would pay.
  if (built.uses_operators || typing) return is_short ? strict : RankedQuery{built.any_word};
  if (!is_short) return {any_word_with_feedback(db, words, built)};
  Feedback all_words_top(db, words, built.all_words);
  if (built.clauses == 1) return {either(built.all_words, all_words_top.expansion(1))};
  if (!all_words_top.found_documents()) return {any_word_with_feedback(db, words, built), true};
  Xapian::Query all_first(
      Xapian::Query::OP_OR, built.all_words,
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, built.any_word, kLoneWordShare));
  return {either(all_first, all_words_top.expansion(built.clauses))};
}

}  // namespace kestrel
