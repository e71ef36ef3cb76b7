#include "trec_metrics.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace kestrel::bench {

namespace {

std::runtime_error bad_line(const char* kind, size_t number, const std::string& line) {
  return std::runtime_error(std::string(kind) + " line " + std::to_string(number) +
                            " is malformed: " + line);
}

int grade_of(const std::map<std::string, int>& judgements, const std::string& doc) {
  auto it = judgements.find(doc);
  return it == judgements.end() ? 0 : it->second;
}

size_t relevant_count(const std::map<std::string, int>& judgements) {
  return static_cast<size_t>(std::count_if(judgements.begin(), judgements.end(),
                                           [](const auto& j) { return j.second > 0; }));
}

}  // namespace

Qrels read_qrels(std::istream& in) {
  Qrels qrels;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::istringstream fields(line);
    std::string query, iteration, doc;
    int grade = 0;
    if (!(fields >> query >> iteration >> doc >> grade)) throw bad_line("qrels", number, line);
    qrels[query][doc] = grade;
  }
  return qrels;
}

Run read_run(std::istream& in) {
  struct Entry {
    std::string doc;
    long rank;
    double score;
  };
  std::map<std::string, std::vector<Entry>> entries;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::istringstream fields(line);
    std::string query, q0, doc, tag;
    Entry entry;
    if (!(fields >> query >> q0 >> doc >> entry.rank >> entry.score >> tag))
      throw bad_line("run", number, line);
    entry.doc = doc;
    entries[query].push_back(std::move(entry));
  }
  Run run;
  for (auto& [query, list] : entries) {
    std::stable_sort(list.begin(), list.end(), [](const Entry& a, const Entry& b) {
      return a.score != b.score ? a.score > b.score : a.rank < b.rank;
    });
    auto& ranking = run[query];
    for (const Entry& e : list) ranking.push_back(e.doc);
  }
  return run;
}

double ndcg_at(const std::vector<std::string>& ranking,
               const std::map<std::string, int>& judgements, size_t k) {
  double dcg = 0;
  for (size_t i = 0; i < std::min(k, ranking.size()); ++i) {
    dcg += grade_of(judgements, ranking[i]) / std::log2(static_cast<double>(i) + 2);
  }
  std::vector<int> ideal;
  for (const auto& [doc, grade] : judgements)
    if (grade > 0) ideal.push_back(grade);
  std::sort(ideal.rbegin(), ideal.rend());
  double idcg = 0;
  for (size_t i = 0; i < std::min(k, ideal.size()); ++i)
    idcg += ideal[i] / std::log2(static_cast<double>(i) + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

double recall_at(const std::vector<std::string>& ranking,
                 const std::map<std::string, int>& judgements, size_t k) {
  size_t relevant = relevant_count(judgements);
  if (relevant == 0) return 0;
  size_t found = 0;
  for (size_t i = 0; i < std::min(k, ranking.size()); ++i)
    found += grade_of(judgements, ranking[i]) > 0;
  return static_cast<double>(found) / static_cast<double>(relevant);
}

double average_precision_at(const std::vector<std::string>& ranking,
                            const std::map<std::string, int>& judgements, size_t k) {
  size_t relevant = relevant_count(judgements);
  if (relevant == 0) return 0;
  double sum = 0;
  size_t found = 0;
  for (size_t i = 0; i < std::min(k, ranking.size()); ++i) {
    if (grade_of(judgements, ranking[i]) > 0)
      sum += static_cast<double>(++found) / static_cast<double>(i + 1);
  }
  return sum / static_cast<double>(relevant);
}

double success_at_1(const std::vector<std::string>& ranking,
                    const std::map<std::string, int>& judgements) {
  int best = 0;
  for (const auto& [document, grade] : judgements) best = std::max(best, grade);
  return best > 0 && !ranking.empty() && grade_of(judgements, ranking[0]) == best ? 1 : 0;
}

Evaluation evaluate(const Run& run, const Qrels& qrels) {
  static const std::vector<std::string> kNothing;
  Evaluation result;
  for (const auto& [query, judgements] : qrels) {
    if (relevant_count(judgements) == 0) continue;
    auto it = run.find(query);
    const auto& ranking = it == run.end() ? kNothing : it->second;
    QueryScores scores{ndcg_at(ranking, judgements, 10), recall_at(ranking, judgements, 100),
                       average_precision_at(ranking, judgements, 100),
                       ndcg_at(ranking, judgements, 5), success_at_1(ranking, judgements)};
    result.per_query[query] = scores;
    result.mean.ndcg_at_10 += scores.ndcg_at_10;
    result.mean.recall_at_100 += scores.recall_at_100;
    result.mean.average_precision_at_100 += scores.average_precision_at_100;
    result.mean.ndcg_at_5 += scores.ndcg_at_5;
    result.mean.success_at_1 += scores.success_at_1;
    ++result.queries;
  }
  if (result.queries) {
    double n = static_cast<double>(result.queries);
    result.mean.ndcg_at_10 /= n;
    result.mean.recall_at_100 /= n;
    result.mean.average_precision_at_100 /= n;
    result.mean.ndcg_at_5 /= n;
    result.mean.success_at_1 /= n;
  }
  return result;
}

}  // namespace kestrel::bench
