// kestrel-trec-eval RUN QRELS [QUERIES]: nDCG@10, Recall@100, MAP@100, nDCG@5 and success@1 of a
// TREC run, as JSON.
// With QUERIES (ID<TAB>TEXT lines), only the judged queries of that set count: NFCorpus's
// smaller query sets cover part of the judged queries.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "jsonl_input.h"
#include "trec_metrics.h"

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: kestrel-trec-eval RUN QRELS [QUERIES]\n";
    return 2;
  }
  std::ifstream run_file(argv[1]), qrels_file(argv[2]);
  if (!run_file || !qrels_file) {
    std::cerr << "kestrel-trec-eval: cannot open " << (run_file ? argv[2] : argv[1]) << "\n";
    return 2;
  }
  try {
    kestrel::bench::Qrels qrels = kestrel::bench::read_qrels(qrels_file);
    if (argc == 4) {
      kestrel::bench::Qrels asked;
      for (const auto& query : kestrel::bench::read_queries(argv[3])) {
        if (auto it = qrels.find(query.id); it != qrels.end()) asked.insert(*it);
      }
      qrels = std::move(asked);
    }
    auto evaluation = kestrel::bench::evaluate(kestrel::bench::read_run(run_file), qrels);
    std::cout << nlohmann::json{{"queries", evaluation.queries},
                                {"ndcg@10", evaluation.mean.ndcg_at_10},
                                {"recall@100", evaluation.mean.recall_at_100},
                                {"map@100", evaluation.mean.average_precision_at_100},
                                {"ndcg@5", evaluation.mean.ndcg_at_5},
                                {"success@1", evaluation.mean.success_at_1}}
                     .dump()
              << "\n";
  } catch (const std::exception& e) {
    std::cerr << "kestrel-trec-eval: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
