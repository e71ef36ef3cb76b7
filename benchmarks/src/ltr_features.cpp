// Features of each query's top candidates, for the learned-ranker experiment (issue 29): one line
// per (query, hit) in SVMlight's format with the graded judgement as the label, as XGBoost reads
// it. Features come from what a hit already carries (its score, title, body) and the query's
// terms through the same Analyzer:
//   1 score / the query's best score     2 rank (1 first)          3 share of the query's terms
//   in the body                          4 share in the title      5 log of the body's words
//   6 matched terms / smallest window holding them all (proximity)  7 log of the first match's
//   word position                        8 the query's terms       9 the raw score
//  10 BM25 of the query's own terms in the body (k1 1.2, b 0.75; document frequencies from the
//     corpus file), without the feedback's words: how much of the score is the query's own
//  11 the same over the title
//   kestrel-ltr-features INDEX CORPUS.jsonl QRELS SET:QUERIES... > features.svm
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kestrel/analyzer.h"
#include "kestrel/searcher.h"
#include "nlohmann/json.hpp"

namespace {

std::vector<std::string> terms_of(kestrel::Analyzer& analyzer, const std::string& text) {
  std::vector<kestrel::Token> tokens;
  analyzer.analyze(text, 0, tokens);
  std::vector<std::string> terms;
  for (const kestrel::Token& t : tokens)
    if (t.kind != kestrel::TokenKind::kCompoundPart) terms.push_back(t.term);
  return terms;
}

// Matched distinct query terms over the smallest window of body words holding all of them.
double proximity(const std::vector<std::string>& body, const std::set<std::string>& query,
                 size_t& first_match) {
  std::set<std::string> present;
  first_match = body.size();
  for (size_t i = 0; i < body.size(); ++i)
    if (query.count(body[i])) {
      present.insert(body[i]);
      first_match = std::min(first_match, i);
    }
  if (present.empty()) return 0;
  std::map<std::string, size_t> in_window;
  size_t best = body.size(), left = 0, covered = 0;
  for (size_t right = 0; right < body.size(); ++right) {
    if (!present.count(body[right])) continue;
    if (in_window[body[right]]++ == 0) ++covered;
    while (covered == present.size()) {
      best = std::min(best, right - left + 1);
      if (present.count(body[left]) && --in_window[body[left]] == 0) --covered;
      ++left;
    }
  }
  return static_cast<double>(present.size()) / static_cast<double>(best);
}

// Document frequencies and the mean length of the corpus the index was built from.
struct CorpusStats {
  std::map<std::string, double> df;
  double documents = 0, mean_length = 1;
};

CorpusStats corpus_stats(kestrel::Analyzer& analyzer, const std::string& path) {
  CorpusStats stats;
  std::ifstream in(path);
  double words = 0;
  for (std::string line; std::getline(in, line);) {
    auto doc = nlohmann::json::parse(line, nullptr, false);
    if (doc.is_discarded()) continue;
    std::vector<std::string> terms = terms_of(analyzer, doc.value("title", "") + " " + doc.value("text", ""));
    words += static_cast<double>(terms.size());
    for (const std::string& t : std::set<std::string>(terms.begin(), terms.end())) ++stats.df[t];
    ++stats.documents;
  }
  stats.mean_length = stats.documents > 0 ? words / stats.documents : 1;
  return stats;
}

double bm25(const std::vector<std::string>& field, const std::set<std::string>& query,
            const CorpusStats& stats, double mean_length) {
  std::map<std::string, double> tf;
  for (const std::string& t : field)
    if (query.count(t)) ++tf[t];
  double score = 0, norm = 1.2 * (0.25 + 0.75 * static_cast<double>(field.size()) / mean_length);
  for (auto& [term, f] : tf) {
    auto df = stats.df.find(term);
    double n = df == stats.df.end() ? 0 : df->second;
    score += std::log(1 + (stats.documents - n + 0.5) / (n + 0.5)) * f * 2.2 / (f + norm);
  }
  return score;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: kestrel-ltr-features INDEX CORPUS.jsonl QRELS SET:QUERIES...\n";
    return 2;
  }
  auto searcher = kestrel::Searcher::open(argv[1]);
  if (!searcher) {
    std::cerr << searcher.error().message << "\n";
    return 1;
  }
  std::map<std::pair<std::string, std::string>, int> grades;
  std::ifstream qrels(argv[3]);
  for (std::string q, zero, doc; qrels >> q >> zero >> doc;) {
    int grade = 0;
    qrels >> grade;
    grades[{q, doc}] = grade;
  }
  kestrel::Analyzer analyzer;
  CorpusStats stats = corpus_stats(analyzer, argv[2]);
  int qid = 0;
  for (int a = 4; a < argc; ++a) {
    std::string spec = argv[a];
    std::string set = spec.substr(0, spec.find(':'));
    std::ifstream queries(spec.substr(spec.find(':') + 1));
    for (std::string line; std::getline(queries, line);) {
      size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      std::string id = line.substr(0, tab);
      kestrel::SearchRequest request;
      request.query = line.substr(tab + 1);
      request.limit = 100;
      request.with_body = true;
      auto result = searcher->search(request);
      if (!result || result->hits.empty()) continue;
      ++qid;
      std::set<std::string> query;
      for (const std::string& t : terms_of(analyzer, request.query))
        if (!kestrel::Analyzer::is_stop_word(t)) query.insert(t);
      double top = result->hits[0].score > 0 ? result->hits[0].score : 1;
      for (size_t r = 0; r < result->hits.size(); ++r) {
        const kestrel::Hit& hit = result->hits[r];
        std::vector<std::string> body = terms_of(analyzer, hit.body);
        std::vector<std::string> title = terms_of(analyzer, hit.title);
        std::set<std::string> body_set(body.begin(), body.end()), title_set(title.begin(), title.end());
        double in_body = 0, in_title = 0;
        for (const std::string& t : query) {
          in_body += body_set.count(t);
          in_title += title_set.count(t);
        }
        double n = std::max<double>(1, static_cast<double>(query.size()));
        size_t first = 0;
        double near = proximity(body, query, first);
        auto grade = grades.find({id, hit.id});
        std::printf("%d qid:%d 1:%.6f 2:%zu 3:%.4f 4:%.4f 5:%.4f 6:%.4f 7:%.4f 8:%zu 9:%.6f "
                    "10:%.4f 11:%.4f # %s %s %s\n",
                    grade == grades.end() ? 0 : grade->second, qid, hit.score / top, r + 1,
                    in_body / n, in_title / n, std::log1p(static_cast<double>(body.size())), near,
                    std::log1p(static_cast<double>(first)), query.size(), hit.score,
                    bm25(body, query, stats, stats.mean_length), bm25(title, query, stats, 10),
                    set.c_str(),
                    id.c_str(), hit.id.c_str());
      }
    }
  }
  return 0;
}
