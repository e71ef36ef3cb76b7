// The evaluator behind every relevance figure, checked against values worked out by hand.
#include "trec_metrics.h"

#include <catch2/catch.hpp>
#include <sstream>

using namespace kestrel::bench;

namespace {

// q1 judges d1=2, d2=1, d3=0, d4=2; q2 judges d9=1 and is missing from the run; q3 has no
// relevant document and is not counted. The run lists q1's lines out of order: ranks come from
// the scores, as in trec_eval.
const char* kQrels = "q1 0 d1 2\nq1 0 d2 1\nq1 0 d3 0\nq1 0 d4 2\nq2 0 d9 1\nq3 0 d7 0\n";
const char* kRun =
    "q1 Q0 d5 3 7.0 x\nq1 Q0 d3 1 9.0 x\nq1 Q0 d2 4 6.0 x\nq1 Q0 d1 2 8.0 x\nq3 Q0 d7 1 1.0 x\n";

}  // namespace

TEST_CASE("benchmarks: nDCG@10 - Recall@100 and AP match hand-worked values", "[benchmarks]") {
  std::istringstream qrels_text(kQrels), run_text(kRun);
  Qrels qrels = read_qrels(qrels_text);
  Run run = read_run(run_text);
  REQUIRE(run.at("q1") == std::vector<std::string>{"d3", "d1", "d5", "d2"});

  // DCG = 2/log2(3) + 1/log2(5) = 1.69254; ideal = 2/1 + 2/log2(3) + 1/log2(4) = 3.76186.
  CHECK(ndcg_at(run.at("q1"), qrels.at("q1"), 10) == Approx(1.69254 / 3.76186).epsilon(1e-4));
  // Only the first two ranks: DCG = 2/log2(3); ideal = 2 + 2/log2(3).
  CHECK(ndcg_at(run.at("q1"), qrels.at("q1"), 2) == Approx(1.26186 / 3.26186).epsilon(1e-4));
  CHECK(recall_at(run.at("q1"), qrels.at("q1"), 100) == Approx(2.0 / 3));
  CHECK(recall_at(run.at("q1"), qrels.at("q1"), 2) == Approx(1.0 / 3));
  // Relevant at ranks 2 and 4: (1/2 + 2/4) / 3 relevant.
  CHECK(average_precision_at(run.at("q1"), qrels.at("q1"), 100) == Approx(1.0 / 3));
  // d3 (grade 0) is first: no success; with d1 (grade 2, the highest) first, success.
  CHECK(success_at_1(run.at("q1"), qrels.at("q1")) == 0);
  CHECK(success_at_1({"d1", "d3"}, qrels.at("q1")) == 1);
  CHECK(success_at_1({"d2", "d1"}, qrels.at("q1")) == 0);  // relevant, but not the best grade
  CHECK(success_at_1({}, qrels.at("q1")) == 0);

  Evaluation evaluation = evaluate(run, qrels);
  CHECK(evaluation.queries == 2);
  CHECK(evaluation.per_query.at("q2").ndcg_at_10 == 0);
  CHECK(evaluation.mean.ndcg_at_10 == Approx(1.69254 / 3.76186 / 2).epsilon(1e-4));
  CHECK(evaluation.mean.recall_at_100 == Approx(1.0 / 3));
  CHECK(evaluation.mean.average_precision_at_100 == Approx(1.0 / 6));
  CHECK(evaluation.mean.success_at_1 == 0);
}

TEST_CASE("benchmarks: a perfect run scores 1 and malformed lines are named", "[benchmarks]") {
  std::istringstream qrels_text("a 0 x 2\na 0 y 1\n"), run_text("a Q0 x 1 2 t\na Q0 y 2 1 t\n");
  Evaluation evaluation = evaluate(read_run(run_text), read_qrels(qrels_text));
  CHECK(evaluation.mean.ndcg_at_10 == Approx(1.0));
  CHECK(evaluation.mean.recall_at_100 == Approx(1.0));
  CHECK(evaluation.mean.average_precision_at_100 == Approx(1.0));
  CHECK(evaluation.mean.ndcg_at_5 == Approx(1.0));
  CHECK(evaluation.mean.success_at_1 == Approx(1.0));

  std::istringstream bad("a Q0 x one 2 t\n");
  CHECK_THROWS_WITH(read_run(bad), Catch::Contains("line 1"));
}
