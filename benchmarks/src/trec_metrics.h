// Standard IR effectiveness measures over TREC run and qrels files, as trec_eval computes them.
#pragma once

#include <istream>
#include <map>
#include <string>
#include <vector>

namespace kestrel::bench {

// query id -> document id -> graded relevance (0 = judged not relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;
// query id -> document ids, best first.
using Run = std::map<std::string, std::vector<std::string>>;

// "QID ITER DOCID GRADE" lines. Throws std::runtime_error naming the line when malformed.
Qrels read_qrels(std::istream& in);
// "QID Q0 DOCID RANK SCORE TAG" lines; ranked by score descending (ties: by rank), as trec_eval.
Run read_run(std::istream& in);

struct QueryScores {
  double ndcg_at_10 = 0, recall_at_100 = 0, average_precision_at_100 = 0;
  double ndcg_at_5 = 0, success_at_1 = 0;
};

// nDCG@k: gain = grade, discount log2(rank + 1), ideal from every judged document of the query.
double ndcg_at(const std::vector<std::string>& ranking,
               const std::map<std::string, int>& judgements, size_t k);
// Relevant (grade > 0) documents in the top k over all relevant ones.
double recall_at(const std::vector<std::string>& ranking,
                 const std::map<std::string, int>& judgements, size_t k);
// 1 when the first document has the query's highest grade (the article the visitor wanted is
// first), else 0.
double success_at_1(const std::vector<std::string>& ranking,
                    const std::map<std::string, int>& judgements);
// Average precision with the ranking cut at k, over all relevant documents.
double average_precision_at(const std::vector<std::string>& ranking,
                            const std::map<std::string, int>& judgements, size_t k);

struct Evaluation {
  size_t queries = 0;  // judged queries with at least one relevant document
  QueryScores mean;
  std::map<std::string, QueryScores> per_query;
};

// Means over every query in `qrels` with a relevant document; a query the run lacks scores 0.
Evaluation evaluate(const Run& run, const Qrels& qrels);

}  // namespace kestrel::bench
