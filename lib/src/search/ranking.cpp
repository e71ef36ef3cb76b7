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

// The documents feedback reads: the probe's best kFeedbackDocuments. The documents tied with
// the last one taken come too (up to kTieRoom more): which of them ranks first depends on docids,
// which differ between one index and its shards, and the expansion must not.
constexpr Xapian::doccount kFeedbackDocuments = 10;
constexpr Xapian::doccount kTieRoom = 10;

Xapian::MSet probe_top(const Xapian::Database& db, const Xapian::Query& probe) {
  Xapian::Enquire enquire(db);
  enquire.set_query(probe);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  return enquire.get_mset(0, kFeedbackDocuments + kTieRoom);
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
  // `top`: the probe's best documents (probe_top, or its two-stage equivalent).
  Feedback(const Xapian::Database& db, ExpansionWords& words, const Xapian::Query& probe,
           const Xapian::MSet& top)
      : db_(db), words_(words), probe_(probe) {
    if (probe.empty() || top.empty() || top.begin().get_weight() <= 0) return;
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
  Feedback(const Xapian::Database& db, ExpansionWords& words, const Xapian::Query& probe)
      : Feedback(db, words, probe, probe.empty() ? Xapian::MSet() : probe_top(db, probe)) {}

  bool found_documents() const { return !documents_.empty(); }

  // The expansion words, each weighted, to be OR'ed with the query. `clauses`: the query's.
  std::vector<Xapian::Query> expansion_terms(size_t clauses) const {
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
    return terms;
  }

  // The same words OR'ed; empty when there are none.
  Xapian::Query expansion(size_t clauses) const {
    std::vector<Xapian::Query> terms = expansion_terms(clauses);
    if (terms.empty()) return {};
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

 private:
  const Xapian::Database& db_;
  ExpansionWords& words_;
  Xapian::Query probe_;
  std::vector<WeightedDocument> documents_;
};

RankedQuery plain(Xapian::Query query) {
  RankedQuery ranked;
  ranked.query = std::move(query);
  return ranked;
}

Xapian::Query either(const Xapian::Query& a, const Xapian::Query& b) {
  if (b.empty()) return a;
  return Xapian::Query(Xapian::Query::OP_OR, a, b);
}

// Any word, expanded from its own top documents: the expansion words join the clauses, and are
// excluded where the query's words are. The probe is ranked in two stages when `bound` bounds it.
RankedQuery any_word_with_feedback(const Xapian::Database& db, ExpansionWords& words,
                                   const BuiltQuery& built, const RankingBound* bound) {
  RankedQuery ranked = any_word_query(built, bound);
  Disjunction& query = ranked.disjunction;
  Xapian::MSet top;
  if (ranked.bounded) {
    ranked.probe_candidates =
        stage_one_candidates(db, query, bound->elite_clauses, bound->candidates);
    top = stage_two_mset(db, built.any_word, ranked.probe_candidates, 0,
                         kFeedbackDocuments + kTieRoom);
  } else {
    top = probe_top(db, built.any_word);
  }
  for (Xapian::Query& term :
       Feedback(db, words, built.any_word, top).expansion_terms(built.clauses))
    query.clauses.push_back(std::move(term));
  ranked.query = query.exact();
  return ranked;
}

// Short queries rank all-words matches first and match any word: each word's weight counts
// once more where every word is present. On NFCorpus dev titles queries of up to two clauses
// (168 of 324) this beat all words alone (0.307 -> 0.349 nDCG@10 with the feedback below),
// and any word alone (0.340); 0.3 for a lone word's share was the best of 0.1-1.0 (all within
// 0.002 on titles).
constexpr double kLoneWordShare = 0.3;

}  // namespace

RankedQuery any_word_query(const BuiltQuery& built, const RankingBound* bound) {
  RankedQuery ranked = plain(built.any_word);
  ranked.disjunction = Disjunction{built.any_word_clauses, built.excluded, {}};
  // Counted before any feedback words join: on 250k passages, bounding questions of 6-14 words
  // because their feedback words took them past 14 clauses made them slower, not faster (p99
  // 17.9 -> 24.0 ms in the default mode; stage 1 over most of the clauses, stage 2 and an
  // unranked count cost more than one pruned pass), while 15+ words went 81 -> 21 ms.
  ranked.bounded = bound != nullptr && is_bounded(ranked.disjunction, *bound);
  return ranked;
}

RankedQuery ranked_query(const Xapian::Database& db, ExpansionWords& words, const BuiltQuery& built,
                         MatchMode match, QueryMode mode, const RankingBound* bound) {
  RankedQuery strict = plain(built.all_words);
  strict.strict_all_words = true;
  if (built.clauses == 0) return strict;  // browsing: nothing to rank
  bool is_short = built.clauses <= kShortQueryClauses;
  bool typing = mode == QueryMode::kPrefix;
  switch (match) {
    case MatchMode::kAllWords:
      return strict;
    case MatchMode::kAnyWord:
      return typing ? any_word_query(built, bound)
                    : any_word_with_feedback(db, words, built, bound);
    case MatchMode::kAuto:
      break;
  }
  // Syntax (quotes, fields, OR, exclusions) is taken as written; as-you-type requests skip the
  // feedback probe, whose cost every keystroke would pay.
  if (built.uses_operators || typing) return is_short ? strict : any_word_query(built, bound);
  if (!is_short) return any_word_with_feedback(db, words, built, bound);
  Feedback all_words_top(db, words, built.all_words);
  if (built.clauses == 1) return plain(either(built.all_words, all_words_top.expansion(1)));
  if (!all_words_top.found_documents()) {
    RankedQuery any = any_word_with_feedback(db, words, built, bound);
    any.matched_any_word = true;
    return any;
  }
  Xapian::Query all_first(
      Xapian::Query::OP_OR, built.all_words,
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, built.any_word, kLoneWordShare));
  return plain(either(all_first, all_words_top.expansion(built.clauses)));
}

Xapian::MSet bounded_page(const Xapian::Database& db, const RankedQuery& ranked,
                          const RankingBound& bound, Xapian::doccount first,
                          Xapian::doccount count) {
  const Disjunction& query = ranked.disjunction;
  if (bound.reuse_probe_candidates && ranked.probe_candidates && query.filter.empty() &&
      first + count <= ranked.probe_candidates->size())
    return stage_two_mset(db, query.exact(), ranked.probe_candidates, first, count);
  return two_stage_mset(db, query, bound, first, count);
}

}  // namespace kestrel
