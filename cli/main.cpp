// kestrel-search: query a Kestrel index from a terminal (text or JSON), or run a batch of
// queries into a TREC run file for evaluation.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analytics_page.h"
#include "kestrel/analytics.h"
#include "kestrel/citation.h"
#include "kestrel/search_json.h"
#include "kestrel/searcher.h"

namespace {

// The snippet for a terminal: marks in bold when it is one, plain text otherwise. Control
// characters in an article's text become spaces: they must not drive the terminal.
std::string terminal_text(const kestrel::Snippet& snippet, bool bold) {
  std::string out = snippet.cut_before ? "… " : "";
  auto append = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      unsigned char c = static_cast<unsigned char>(snippet.text[i]);
      out += c < 0x20 || c == 0x7f ? ' ' : snippet.text[i];
    }
  };
  size_t cursor = 0;
  for (const kestrel::Snippet::Range& mark : snippet.marks) {
    append(cursor, mark.begin);
    out += bold ? "\033[1m" : "";
    append(mark.begin, mark.end);
    out += bold ? "\033[0m" : "";
    cursor = mark.end;
  }
  append(cursor, snippet.text.size());
  if (snippet.cut_after) out += " …";
  return out;
}

// --explain: each feature's value, and its contribution to the learned ranker's score.
void print_explanation(const kestrel::Hit& hit) {
  const std::vector<std::string>& names = kestrel::ranker_feature_names();
  for (size_t f = 0; f < hit.features.size() && f < names.size(); ++f) {
    std::printf("     %-48s %10.4f", names[f].c_str(), hit.features[f]);
    if (f < hit.contributions.size()) std::printf("   %+8.4f", hit.contributions[f]);
    std::printf("\n");
  }
  if (hit.contributions.size() > names.size())
    std::printf("     %-48s %10s   %+8.4f\n", "(the model's bias)", "", hit.contributions.back());
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

void print_text(const kestrel::SearchResult& result, const kestrel::SearchRequest& request) {
  bool tty = isatty(STDOUT_FILENO);
  if (result.corrected_query) std::printf("Did you mean: %s\n", result.corrected_query->c_str());
  if (result.matched_any_word)
    std::printf("No article has every word; showing articles with any of them.\n");
  std::printf("%s%llu result%s (%.1f ms%s)\n\n", result.exhaustive ? "" : "about ",
              static_cast<unsigned long long>(result.total), result.total == 1 ? "" : "s",
              result.took_ms,
              result.ranking == kestrel::Ranking::kBounded ? ", ranked in two stages" : "");
  unsigned n = request.offset;
  for (const auto& hit : result.hits) {
    std::printf("%u. %s%s%s\n", ++n, tty ? "\033[1m" : "", hit.title.c_str(), tty ? "\033[0m" : "");
    std::string meta = hit.source;
    if (!hit.published.empty()) meta += (meta.empty() ? "" : " · ") + hit.published;
    if (!meta.empty()) std::printf("   %s\n", meta.c_str());
    if (!hit.conditions.empty()) std::printf("   conditions: %s\n", joined(hit.conditions).c_str());
    if (!hit.routes.empty()) std::printf("   routes: %s\n", joined(hit.routes).c_str());
    if (!hit.study.empty()) std::printf("   study: %s\n", kestrel::study_label(hit).c_str());
    if (!hit.url.empty()) std::printf("   %s\n", hit.url.c_str());
    std::printf("   %s\n   [%s, score %.2f]\n", terminal_text(hit.snippet, tty).c_str(),
                hit.id.c_str(), hit.score);
    print_explanation(hit);
    std::printf("\n");
  }
  for (const auto& facet : result.facets) {
    if (facet.values.empty()) continue;
    std::printf("%s:", std::string(kestrel::facet_name(facet.facet)).c_str());
    for (const auto& v : facet.values)
      std::printf(" %s%s (%llu)%s", v.selected ? "[" : "", v.value.c_str(),
                  static_cast<unsigned long long>(v.count), v.selected ? "]" : "");
    std::printf("\n");
  }
}

// ID<TAB>QUERY lines -> TREC run lines "QID Q0 DOCID RANK SCORE kestrel".
int run_batch(kestrel::Searcher& searcher, const std::string& queries_path,
              const std::string& run_path, kestrel::SearchRequest request) {
  std::ifstream queries(queries_path);
  if (!queries) {
    std::cerr << "kestrel-search: " << queries_path << ": cannot read\n";
    return 2;
  }
  std::ofstream run(run_path);
  if (!run) {
    std::cerr << "kestrel-search: " << run_path << ": cannot write\n";
    return 2;
  }
  std::string line;
  size_t line_number = 0, count = 0;
  while (std::getline(queries, line)) {
    ++line_number;
    size_t tab = line.find('\t');
    if (line.empty()) continue;
    if (tab == std::string::npos) {
      std::cerr << "kestrel-search: " << queries_path << ":" << line_number
                << ": expected ID<TAB>QUERY\n";
      return 2;
    }
    std::string id = line.substr(0, tab);
    request.query = line.substr(tab + 1);
    auto result = searcher.search(request);
    if (!result) {
      std::cerr << "kestrel-search: " << queries_path << ":" << line_number << ": "
                << result.error().message << "\n";
      return 1;
    }
    unsigned rank = 0;
    for (const auto& hit : result->hits)
      run << id << " Q0 " << hit.id << " " << ++rank << " " << hit.score << " kestrel\n";
    ++count;
  }
  std::cerr << "kestrel-search: " << count << " queries -> " << run_path << "\n";
  return 0;
}

// What the command line says.
struct CliOptions {
  std::string index_dir = "var/index";
  std::vector<std::string> shards;  // --shard HOST:PORT, instead of --index
  std::vector<std::string> words, conditions, routes, sources, studies;
  std::string filter;  // kestrel/filter.h
  std::string sort = "relevance", match = "auto", ranking = "auto", ranker = "bm25";
  std::string ranker_model;  // --ranker-model FILE: instead of the built-in model
  bool explain = false;
  unsigned limit = 10, offset = 0;
  bool prefix = false, json = false;
  std::string queries_path, run_path;  // batch mode
  std::string related_to;              // --related ID
  std::vector<std::string> cite;       // --cite FORMAT ID
  std::string analytics_dir;           // --analytics DIR
  std::string analytics_html;          // --html FILE
  unsigned days = 30, min_searches = 3;
};

// --analytics and the options that go with it: the report of what visitors searched for.
void add_analytics_options(CLI::App& app, CliOptions& o) {
  app.add_option("--analytics", o.analytics_dir,
                 "Report what visitors searched for, from kestrel-server's --analytics-dir "
                 "(needs no index)");
  app.add_option("--html", o.analytics_html,
                 "With --analytics: write the report as one self-contained HTML page for the "
                 "staff (charts per day, top queries, and for each query that found nothing the "
                 "nearest taxonomy names and articles of --index)")
      ->needs(app.get_option("--analytics"));
  app.add_option("--days", o.days, "With --analytics: the last N days, today included")
      ->check(CLI::Range(1u, 3660u))
      ->capture_default_str();
  app.add_option("--min-searches", o.min_searches,
                 "With --analytics: show a query only once searched this often")
      ->check(CLI::Range(1u, 1000000u))
      ->capture_default_str();
}

// How hits are ordered and explained (README, "Learned ranking").
void add_ranker_options(CLI::App& app, CliOptions& o) {
  app.add_option("--ranker", o.ranker,
                 "bm25: the engine's own order; learned: its top " +
                     std::to_string(kestrel::kRerankCandidates) +
                     " reordered by the model learned from judged queries (README, 'Learned "
                     "ranking')")
      ->check(CLI::IsMember(kestrel::ranker_names()))
      ->capture_default_str();
  app.add_option("--ranker-model", o.ranker_model,
                 "The learned ranker's model file (benchmarks/ltr/run writes one), instead of "
                 "the one built in; a missing or damaged file is an error")
      ->check(CLI::ExistingFile);
  app.add_flag("--explain", o.explain,
               "Print each hit's ranking features, and with --ranker learned their "
               "contributions to its score");
}

void add_options(CLI::App& app, CliOptions& o) {
  app.description(
      "kestrel-search: search a Kestrel index.\n"
      "Query syntax: words (all required), \"a phrase\", -excluded, a OR b, title:word,\n"
      "condition:PTSD, route:intravenous, source:\"Nature.com\".");
  app.footer(
      "Exit status: 0 results printed (possibly none); 1 the search failed; 2 usage error or no "
      "index.");
  app.add_option("query", o.words, "Query words");
  app.add_option("--index", o.index_dir, "Index directory")->capture_default_str();
  app.add_option("--shard", o.shards,
                 "Instead of --index: a shard served by xapian-tcpsrv, HOST:PORT (repeat for "
                 "every shard of one kestrel-index --shards run)")
      ->allow_extra_args(false);
  // One value per occurrence, so that "--condition PTSD ketamine" leaves "ketamine" as the query.
  app.add_option("--condition", o.conditions,
                 "Only articles on this condition (repeatable: any of them)")
      ->allow_extra_args(false);
  app.add_option("--route", o.routes,
                 "Only articles with this route of administration (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--source", o.sources, "Only articles from this source (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--study", o.studies,
                 "Only articles of this study design, as the taxonomy names it: 'randomised "
                 "controlled trial', 'meta-analysis', ... (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--filter", o.filter,
                 "Only articles this expression admits, in Meilisearch's filter syntax: "
                 "'condition = PTSD AND published >= 2020', 'route IN [oral, intranasal]'")
      ->check([](const std::string& text) {
        kestrel::Result<kestrel::Filter> parsed = kestrel::parse_filter(text);
        return parsed ? std::string() : parsed.error().message;
      });
  app.add_option("--sort", o.sort,
                 "relevance, date (newest first), oldest, or evidence (strongest study design "
                 "first, then relevance)")
      ->check(CLI::IsMember(kestrel::sort_order_names()))
      ->capture_default_str();
  app.add_option("--limit", o.limit, "Hits to show (1-100; hits per query with --queries)")
      ->check(CLI::Range(1u, kestrel::kMaxPageSize))
      ->capture_default_str();
  app.add_option("--offset", o.offset, "Hits to skip")
      ->check(CLI::Range(0u, kestrel::kMaxOffset))
      ->capture_default_str();
  app.add_option("--match", o.match,
                 "auto: 'all' for queries of up to two words (a name or phrase counts as one), "
                 "'any' for longer ones; all: every word "
                 "required (any, when that finds nothing); any: any word, more matching words rank "
                 "higher, with pseudo-relevance feedback (for long natural-language queries)")
      ->check(CLI::IsMember(kestrel::match_mode_names()))
      ->capture_default_str();
  app.add_option("--ranking", o.ranking,
                 "auto: long questions on large indexes are ranked in two stages (README, "
                 "'Bounded ranking'); exact: every match scored (a reference, for evaluation); "
                 "bounded: two stages for every long question, whatever the index's size")
      ->check(CLI::IsMember(kestrel::ranking_policy_names()))
      ->capture_default_str();
  app.add_flag("--prefix", o.prefix,
               "Treat the last word as a prefix, as a search box does while typing");
  add_ranker_options(app, o);
  app.add_flag("--json", o.json, "Print one JSON object (the HTTP API's shape)");
  add_analytics_options(app, o);
  app.add_option("--cite", o.cite,
                 "Print the article with this id as a citation: --cite ris|bibtex|csl-json ID "
                 "(for Zotero, EndNote, LaTeX, pandoc)")
      ->expected(2);
  app.add_option("--related", o.related_to,
                 "The articles most like the article with this id (--limit of them, 5 by default)");
  auto* batch =
      app.add_option("--queries", o.queries_path, "Batch mode: a file of ID<TAB>QUERY lines");
  app.add_option("--run", o.run_path, "Batch mode: the TREC run file to write")->needs(batch);
  batch->needs(app.get_option("--run"));
}

kestrel::SearchRequest request_from(const CliOptions& o) {
  kestrel::SearchRequest request;
  request.filters[static_cast<size_t>(kestrel::Facet::kCondition)] = o.conditions;
  request.filters[static_cast<size_t>(kestrel::Facet::kRoute)] = o.routes;
  request.filters[static_cast<size_t>(kestrel::Facet::kSource)] = o.sources;
  request.filters[static_cast<size_t>(kestrel::Facet::kStudy)] = o.studies;
  request.filter = *kestrel::parse_filter(o.filter);  // CLI11 checked it
  request.sort = *kestrel::sort_order_named(o.sort);  // and the names
  request.mode = o.prefix ? kestrel::QueryMode::kPrefix : kestrel::QueryMode::kFull;
  request.match = *kestrel::match_mode_named(o.match);
  request.ranking = *kestrel::ranking_policy_named(o.ranking);
  request.ranker = *kestrel::ranker_named(o.ranker);
  request.explain = o.explain;
  request.limit = o.limit;
  request.offset = o.offset;
  for (const auto& w : o.words) request.query += (request.query.empty() ? "" : " ") + w;
  return request;
}

// Failure: the error on stderr, and as JSON on stdout with --json. Returns the exit status 1.
int report_failure(const kestrel::Error& error, bool json) {
  if (json) {
    std::cout << kestrel::error_json(kestrel::error_code_name(error.code), error.message).dump()
              << "\n";
  }
  std::cerr << "kestrel-search: " << error.message << "\n";
  return 1;
}

int search_once(kestrel::Searcher& searcher, const kestrel::SearchRequest& request, bool json) {
  auto result = searcher.search(request);
  if (!result) return report_failure(result.error(), json);
  if (json) {
    std::cout << nlohmann::json::parse(kestrel::search_result_json(*result, request)).dump(2)
              << "\n";
  } else {
    print_text(*result, request);
  }
  return 0;
}

// For each query that found nothing: the taxonomy names nearest it, and the articles its words
// (the last as a prefix) or else its nearest name find. Without an index, nothing (said once).
std::vector<kestrel::cli::NoResultHelp> no_result_help(const CliOptions& o,
                                                       const kestrel::AnalyticsReport& report) {
  std::vector<kestrel::cli::NoResultHelp> help;
  if (report.top_no_results.empty()) return help;
  auto searcher = kestrel::Searcher::open(kestrel::IndexSource{o.index_dir, o.shards});
  if (!searcher) {
    std::cerr << "kestrel-search: " << searcher.error().message
              << " (the report shows no nearest names or articles)\n";
    return help;
  }
  auto articles_for = [&](const std::string& text) {
    kestrel::SearchRequest request;
    request.query = text;
    request.match = kestrel::MatchMode::kAnyWord;
    request.mode = kestrel::QueryMode::kPrefix;
    request.limit = 3;
    auto result = searcher->search(request);
    return result ? result->hits : std::vector<kestrel::Hit>{};
  };
  for (const kestrel::QueryStat& stat : report.top_no_results) {
    kestrel::cli::NoResultHelp h{stat.query, {}, {}};
    if (auto names = searcher->nearest_names(stat.query)) h.names = std::move(names).value();
    h.articles = articles_for(stat.query);
    if (h.articles.empty() && !h.names.empty()) h.articles = articles_for(h.names.front().name);
    help.push_back(std::move(h));
  }
  return help;
}

// The page written beside FILE, then renamed over it: a reader never sees half a report.
int write_analytics_page(const CliOptions& o, const kestrel::AnalyticsReport& report) {
  char stamp[32];
  std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  std::string page =
      kestrel::cli::analytics_page(report, o.min_searches, no_result_help(o, report), stamp);
  std::string temporary = o.analytics_html + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << page;
    if (!out.flush()) {
      std::cerr << "kestrel-search: cannot write " << temporary << "\n";
      std::remove(temporary.c_str());
      return 1;
    }
  }
  if (std::rename(temporary.c_str(), o.analytics_html.c_str()) != 0) {
    std::cerr << "kestrel-search: cannot write " << o.analytics_html << "\n";
    std::remove(temporary.c_str());
    return 1;
  }
  std::printf("Wrote %s (%llu searches, %zu queries that found nothing).\n",
              o.analytics_html.c_str(), static_cast<unsigned long long>(report.searches),
              report.top_no_results.size());
  return 0;
}

int analytics_report(const CliOptions& o, unsigned limit) {
  std::vector<std::string> warnings;
  auto report = kestrel::read_analytics(o.analytics_dir, o.days, o.min_searches, limit, warnings);
  for (const std::string& w : warnings) std::cerr << "kestrel-search: " << w << "\n";
  if (!report) return report_failure(report.error(), o.json);
  if (!o.analytics_html.empty()) return write_analytics_page(o, *report);
  if (o.json) {
    std::cout << kestrel::analytics_json(*report, o.min_searches)
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
    return 0;
  }
  if (report->searches == 0) {
    std::printf("No searches counted in the last %u days.\n", o.days);
    return 0;
  }
  std::printf("Searches from %s to %s: %llu, of which %llu found nothing (%.1f%%).\n",
              report->first_day.c_str(), report->last_day.c_str(),
              static_cast<unsigned long long>(report->searches),
              static_cast<unsigned long long>(report->no_results),
              100.0 * double(report->no_results) / double(report->searches));
  auto print = [](const char* heading, const std::vector<kestrel::QueryStat>& stats) {
    std::printf("\n%s\n", heading);
    if (stats.empty()) std::printf("   (none yet)\n");
    unsigned n = 0;
    for (const auto& s : stats)
      std::printf("%3u. %-40s %6llu searches, %llu found nothing\n", ++n, s.query.c_str(),
                  static_cast<unsigned long long>(s.searches),
                  static_cast<unsigned long long>(s.no_results));
  };
  print("Most searched:", report->top);
  print("Most often found nothing:", report->top_no_results);
  std::printf("\nQueries searched fewer than %u times are never shown.\n", o.min_searches);
  return 0;
}

int cite_once(kestrel::Searcher& searcher, const std::vector<std::string>& cite) {
  std::optional<kestrel::CitationFormat> format = kestrel::citation_format_named(cite[0]);
  if (!format) {
    std::cerr << "kestrel-search: --cite: the format must be ris, bibtex or csl-json, not '"
              << cite[0] << "'\n";
    return 2;
  }
  auto article = searcher.article(cite[1]);
  if (!article) return report_failure(article.error(), false);
  std::cout << kestrel::citation(*article, *format);
  return 0;
}

int related_once(kestrel::Searcher& searcher, const std::string& id, unsigned limit, bool json) {
  auto related = searcher.related(id, limit);
  if (!related) return report_failure(related.error(), json);
  if (json) {
    std::cout << nlohmann::json::parse(kestrel::related_json(id, *related)).dump(2) << "\n";
    return 0;
  }
  std::printf("Articles like %s:\n\n", id.c_str());
  unsigned n = 0;
  for (const auto& hit : *related) {
    std::printf("%u. %s\n   [%s", ++n, hit.title.c_str(), hit.id.c_str());
    if (!hit.conditions.empty()) std::printf("; %s", joined(hit.conditions).c_str());
    std::printf("]\n");
  }
  if (related->empty()) std::printf("None.\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CliOptions options;
  CLI::App app;
  add_options(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (!options.analytics_dir.empty())
    return analytics_report(options, app.count("--limit") ? options.limit : 20);
  auto searcher = kestrel::Searcher::open(kestrel::IndexSource{options.index_dir, options.shards});
  if (!searcher) {
    std::cerr << "kestrel-search: " << searcher.error().message << "\n";
    return 2;
  }
  if (!options.ranker_model.empty()) {
    if (kestrel::Status loaded = searcher->load_ranker(options.ranker_model); !loaded) {
      std::cerr << "kestrel-search: " << loaded.error().message << "\n";
      return 2;
    }
  }
  if (!options.cite.empty()) return cite_once(*searcher, options.cite);
  if (!options.related_to.empty()) {
    unsigned limit = app.count("--limit") ? options.limit : 5;
    return related_once(*searcher, options.related_to, limit, options.json);
  }
  kestrel::SearchRequest request = request_from(options);
  if (!options.queries_path.empty())
    return run_batch(*searcher, options.queries_path, options.run_path, request);
  return search_once(*searcher, request, options.json);
}
