// Features of each query's top candidates for the learned ranker (issue 29), as the searcher
// computes them (SearchRequest::explain; lib/src/search/rerank_features.h names them): one line
// per (query, hit) in SVMlight's format with the graded judgement as the label, as XGBoost
// reads it, and "# SET QUERY DOCUMENT" after each.
//   kestrel-ltr-features INDEX QRELS SET:QUERIES... > features.svm
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "kestrel/searcher.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: kestrel-ltr-features INDEX QRELS SET:QUERIES...\n";
    return 2;
  }
  auto searcher = kestrel::Searcher::open(argv[1]);
  if (!searcher) {
    std::cerr << searcher.error().message << "\n";
    return 1;
  }
  std::map<std::pair<std::string, std::string>, int> grades;
  std::ifstream qrels(argv[2]);
  for (std::string q, zero, doc; qrels >> q >> zero >> doc;) {
    int grade = 0;
    qrels >> grade;
    grades[{q, doc}] = grade;
  }
  int qid = 0;
  for (int a = 3; a < argc; ++a) {
    std::string spec = argv[a];
    std::string set = spec.substr(0, spec.find(':'));
    std::ifstream queries(spec.substr(spec.find(':') + 1));
    for (std::string line; std::getline(queries, line);) {
      size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      std::string id = line.substr(0, tab);
      kestrel::SearchRequest request;
      request.query = line.substr(tab + 1);
      request.limit = kestrel::kRerankCandidates;
      request.explain = true;
      auto result = searcher->search(request);
      if (!result) {
        std::cerr << id << ": " << result.error().message << "\n";
        return 1;
      }
      if (result->hits.empty()) continue;
      ++qid;
      for (const kestrel::Hit& hit : result->hits) {
        auto grade = grades.find({id, hit.id});
        std::printf("%d qid:%d", grade == grades.end() ? 0 : grade->second, qid);
        for (size_t f = 0; f < hit.features.size(); ++f)
          std::printf(" %zu:%.9g", f + 1, hit.features[f]);
        std::printf(" # %s %s %s\n", set.c_str(), id.c_str(), hit.id.c_str());
      }
    }
  }
  return 0;
}
