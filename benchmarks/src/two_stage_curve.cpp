// The curve that chooses the two-stage ranking's bound (search/two_stage.h): for each bound of a
// grid, the ranking's cost (feedback probe, expansion and the ranked top 10, no counting or
// snippets) against how much of the exhaustive top 10 it keeps, over a query file.
//   two-stage-curve INDEX QUERIES [MODE]     MODE default|any (default: default)
// Queries are taken in turn; for each, the exhaustive ranking and every bound run one after the
// other, so that the machine's drift touches all alike. Each configuration keeps its own
// ExpansionWords, as a server thread would. Prints one JSON line per bound: the latency
// percentiles over every query and over those the bound ranks in two stages, and the top-10
// overlap with the exhaustive ranking (mean, mean of the worst decile, share identical).
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "analysis/taxonomy.h"
#include "index/schema.h"
#include "jsonl_input.h"
#include "kestrel/analyzer.h"
#include "latency.h"
#include "search/query_builder.h"
#include "search/ranking.h"
#include "search/two_stage.h"
#include "search/vocabulary.h"

using namespace kestrel;

namespace {

constexpr Xapian::doccount kTop = 10;

struct Configuration {
  std::string name;
  std::optional<RankingBound> bound;  // none: exhaustive
  ExpansionWords words;
  std::vector<double> millis, bounded_millis;
  std::vector<double> overlaps;
};

std::set<Xapian::docid> ranked_top(const Xapian::Database& db, Configuration& c,
                                   const BuiltQuery& built, MatchMode match, bool& bounded) {
  const RankingBound* bound = c.bound ? &*c.bound : nullptr;
  RankedQuery ranked = ranked_query(db, c.words, built, match, QueryMode::kFull, bound);
  Xapian::MSet top;
  bounded = ranked.probe_candidates != nullptr;
  if (bound && ranked.bounded) {
    top = bounded_page(db, ranked, *bound, 0, kTop);
    bounded = true;
  } else {
    Xapian::Enquire enquire(db);
    enquire.set_query(ranked.query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    top = enquire.get_mset(0, kTop);
  }
  return {top.begin(), top.end()};
}

nlohmann::json summary(Configuration& c) {
  nlohmann::json out;
  out["bound"] = c.name;
  out["all"] = bench::percentiles_json(c.millis);
  out["bounded"] = bench::percentiles_json(c.bounded_millis);
  if (!c.overlaps.empty()) {
    std::vector<double> sorted = c.overlaps;
    std::sort(sorted.begin(), sorted.end());
    size_t decile = std::max<size_t>(1, sorted.size() / 10);
    double mean = 0, worst = 0, identical = 0;
    for (double o : sorted) mean += o, identical += o == 1.0;
    for (size_t i = 0; i < decile; ++i) worst += sorted[i];
    out["overlap_mean"] = mean / static_cast<double>(sorted.size());
    out["overlap_worst_decile"] = worst / static_cast<double>(decile);
    out["identical_share"] = identical / static_cast<double>(sorted.size());
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: two-stage-curve INDEX QUERIES [default|any]\n";
    return 2;
  }
  Xapian::Database db(argv[1]);
  MatchMode match =
      argc == 4 && std::string(argv[3]) == "any" ? MatchMode::kAnyWord : MatchMode::kAuto;
  Taxonomy taxonomy;
  if (std::string yaml = db.get_metadata(schema::meta::kTaxonomy); !yaml.empty()) {
    auto parsed = Taxonomy::parse(yaml, "stored taxonomy");
    if (!parsed) {
      std::cerr << parsed.error().message << "\n";
      return 1;
    }
    taxonomy = std::move(parsed).value();
  }
  Vocabulary vocabulary(db);
  const TitleStatistics titles =
      title_statistics({db.get_metadata(schema::meta::kTitleLengthTotal)}, db);
  Analyzer analyzer;
  std::vector<std::unique_ptr<Configuration>> grid;
  grid.push_back(std::make_unique<Configuration>());
  grid.back()->name = "exhaustive";
  const std::pair<size_t, size_t> thresholds_and_elites[] = {{8, 8},   {12, 12}, {12, 14},
                                                             {12, 16}, {14, 14}, {16, 16}};
  for (bool reuse : {false, true})
    for (auto [threshold, elite] : thresholds_and_elites)
      for (Xapian::doccount candidates : {100u, 300u, 1000u}) {
        grid.push_back(std::make_unique<Configuration>());
        grid.back()->bound = RankingBound{threshold, elite, candidates, reuse};
        grid.back()->name = std::string(reuse ? "reuse, " : "") + "above " +
                            std::to_string(threshold) + " clauses: elite " + std::to_string(elite) +
                            ", top " + std::to_string(candidates);
      }
  size_t turn = 0;
  for (const auto& query : bench::read_queries(argv[2])) {
    BuiltQuery built =
        QueryBuilder(
            db, taxonomy, analyzer, [&]() -> const Vocabulary& { return vocabulary; }, titles)
            .build(query.text, LastWord::kComplete);
    // Each query starts at another configuration, so none always runs on what another warmed.
    std::vector<std::set<Xapian::docid>> tops(grid.size());
    for (size_t i = 0; i < grid.size(); ++i) {
      size_t at = (i + turn) % grid.size();
      Configuration& c = *grid[at];
      bool bounded = false;
      auto started = std::chrono::steady_clock::now();
      tops[at] = ranked_top(db, c, built, match, bounded);
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count();
      c.millis.push_back(ms);
      if (bounded) c.bounded_millis.push_back(ms);
    }
    ++turn;
    const std::set<Xapian::docid>& exact = tops[0];
    for (size_t i = 1; i < grid.size(); ++i) {
      size_t shared = 0;
      for (Xapian::docid d : tops[i]) shared += exact.count(d);
      grid[i]->overlaps.push_back(exact.empty() ? 1.0 : double(shared) / double(exact.size()));
    }
  }
  for (auto& c : grid) std::cout << summary(*c).dump() << "\n";
  return 0;
}
