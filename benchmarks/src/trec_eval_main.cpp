// kestrel-trec-eval RUN QRELS: nDCG@10, Recall@100 and MAP@100 of a TREC run, as JSON.
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "trec_metrics.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: kestrel-trec-eval RUN QRELS\n";
    return 2;
  }
  std::ifstream run_file(argv[1]), qrels_file(argv[2]);
  if (!run_file || !qrels_file) {
    std::cerr << "kestrel-trec-eval: cannot open " << (run_file ? argv[2] : argv[1]) << "\n";
    return 2;
  }
  try {
    auto evaluation = kestrel::bench::evaluate(kestrel::bench::read_run(run_file), kestrel::bench::read_qrels(qrels_file));
    std::cout << nlohmann::json{{"queries", evaluation.queries},
                                {"ndcg@10", evaluation.mean.ndcg_at_10},
                                {"recall@100", evaluation.mean.recall_at_100},
                                {"map@100", evaluation.mean.average_precision_at_100}}
                     .dump()
              << "\n";
  } catch (const std::exception& e) {
    std::cerr << "kestrel-trec-eval: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
