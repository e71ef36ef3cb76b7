// kestrel-index: builds or updates a Kestrel index from the corpus. Safe to run from cron.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "kestrel/indexer.h"

namespace {

// Exit statuses, documented in --help and README.
enum ExitStatus : int {
  kSuccess = 0,
  kSomeRejected = 1,
  kUsageError = 2,
  kIndexLocked = 3,
  kFailure = 4,
};

constexpr const char* kExitStatusHelp =
    "Exit status: 0 success; 1 success, but some articles were rejected (each named on stderr);\n"
    "2 usage or configuration error (bad option, missing corpus, bad taxonomy, index needs\n"
    "--rebuild, or --strict with rejected articles); 3 another kestrel-index holds the index;\n"
    "4 I/O failure (the published index is left as it was).";

int exit_status_for(kestrel::ErrorCode code) {
  switch (code) {
    case kestrel::ErrorCode::kLocked:
      return kIndexLocked;
    case kestrel::ErrorCode::kIo:
    case kestrel::ErrorCode::kCorrupt:
    case kestrel::ErrorCode::kInternal:
      return kFailure;
    default:
      return kUsageError;
  }
}

nlohmann::json report_json(const kestrel::IndexReport& r, const std::string& index_dir) {
  nlohmann::json rejected = nlohmann::json::array();
  for (const auto& e : r.rejected) rejected.push_back(e.message);
  return {{"index", index_dir},
          {"revision", r.revision},
          {"added", r.added},
          {"updated", r.updated},
          {"removed", r.removed},
          {"unchanged", r.unchanged},
          {"rejected", r.rejected.size()},
          {"rejections", rejected},
          {"warnings", r.warnings},
          {"documents", r.documents},
          {"rebuilt", r.rebuilt},
          {"wrote", r.wrote},
          {"seconds", r.seconds},
          {"merge_seconds", r.merge_seconds},
          {"documents_per_second",
           r.seconds > 0 ? (r.added + r.updated + r.unchanged) / r.seconds : 0.0},
          {"text_mb_per_second", r.seconds > 0 ? r.text_bytes / 1e6 / r.seconds : 0.0}};
}

int print_stats(const std::string& index_dir, bool json) {
  auto stats = kestrel::index_stats(index_dir);
  if (!stats) {
    std::cerr << "kestrel-index: " << stats.error().message << "\n";
    return exit_status_for(stats.error().code);
  }
  if (json) {
    nlohmann::json facets = nlohmann::json::object();
    for (const auto& [name, counts] : stats->facets) {
      for (const auto& c : counts) facets[name].push_back({{"value", c.value}, {"count", c.count}});
    }
    std::cout << nlohmann::json{{"index", stats->index_dir},
                                {"revision", stats->revision},
                                {"documents", stats->documents},
                                {"terms", stats->terms},
                                {"disk_bytes", stats->disk_bytes},
                                {"build_time", stats->build_time},
                                {"schema_version", stats->schema_version},
                                {"analyzer_version", stats->analyzer_version},
                                {"facets", facets}}
                     .dump(2)
              << "\n";
    return kSuccess;
  }
  std::printf("index       %s (revision %s, schema %d, analyzer %d)\n", stats->index_dir.c_str(),
              stats->revision.c_str(), stats->schema_version, stats->analyzer_version);
  std::printf("documents   %llu\nterms       %llu\ndisk        %.1f MB\nlast build  %s\n",
              static_cast<unsigned long long>(stats->documents),
              static_cast<unsigned long long>(stats->terms), stats->disk_bytes / 1e6,
              stats->build_time.c_str());
  for (const auto& [name, counts] : stats->facets) {
    std::printf("%s (%zu values)\n", name.c_str(), counts.size());
    for (size_t i = 0; i < counts.size() && i < 30; ++i) {
      std::printf("  %6llu  %s\n", static_cast<unsigned long long>(counts[i].count),
                  counts[i].value.c_str());
    }
  }
  return kSuccess;
}

// "[#####.....]  42%  12,345 articles  1,234/s  ETA 0:37" on one rewritten line, at most
// five times a second and only after the first second.
class ProgressLine {
 public:
  void show(const kestrel::IndexProgress& p) {
    auto now = std::chrono::steady_clock::now();
    double elapsed = std::chrono::duration<double>(now - started_).count();
    if (elapsed < 1.0 || now - last_shown_ < std::chrono::milliseconds(200)) return;
    last_shown_ = now;
    shown_ = true;
    double fraction = p.input_total
                          ? static_cast<double>(p.input_done) / static_cast<double>(p.input_total)
                          : 0.0;
    constexpr int kWidth = 24;
    int filled = static_cast<int>(fraction * kWidth);
    std::string bar = std::string(static_cast<size_t>(filled), '#') +
                      std::string(static_cast<size_t>(kWidth - filled), '.');
    std::string eta = "?";
    if (fraction > 0.01) {
      auto remaining = static_cast<long>(elapsed * (1.0 - fraction) / fraction);
      eta = std::to_string(remaining / 60) + ":" + (remaining % 60 < 10 ? "0" : "") +
            std::to_string(remaining % 60);
    }
    std::fprintf(stderr, "\r[%s] %3.0f%%  %llu articles  %.0f/s  %.1f MB/s  ETA %s   ", bar.c_str(),
                 fraction * 100, static_cast<unsigned long long>(p.articles_read),
                 p.articles_read / elapsed, p.bytes_read / 1e6 / elapsed, eta.c_str());
  }
  // Ends the line so that the summary starts on its own.
  void finish() {
    if (shown_) std::fputs("\n", stderr);
  }

 private:
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_shown_{};
  bool shown_ = false;
};

// Rejections and warnings on stderr, then the one-line summary (or one JSON object) on stdout.
void print_report(const kestrel::IndexReport& report, const kestrel::IndexOptions& options,
                  bool json) {
  for (const auto& rejection : report.rejected)
    std::cerr << "rejected: " << rejection.message << "\n";
  for (const auto& warning : report.warnings) std::cerr << "warning: " << warning << "\n";
  if (json) {
    std::cout << report_json(report, options.index_dir).dump() << "\n";
  } else if (options.check_only) {
    std::printf("checked %llu valid articles, %zu rejected, %.2f s\n",
                static_cast<unsigned long long>(report.documents), report.rejected.size(),
                report.seconds);
  } else {
    auto j = report_json(report, options.index_dir);
    std::printf(
        "%s revision %s: %llu added, %llu updated, %llu removed, %llu unchanged, %zu rejected; "
        "%llu documents; %.0f documents/s, %.1f MB/s, %.2f s\n",
        options.index_dir.c_str(), report.revision.c_str(),
        static_cast<unsigned long long>(report.added),
        static_cast<unsigned long long>(report.updated),
        static_cast<unsigned long long>(report.removed),
        static_cast<unsigned long long>(report.unchanged), report.rejected.size(),
        static_cast<unsigned long long>(report.documents), j["documents_per_second"].get<double>(),
        j["text_mb_per_second"].get<double>(), report.seconds);
  }
}

int fail(const kestrel::Error& error, bool json) {
  if (json) {
    std::cout << nlohmann::json{{"error",
                                 {{"code", kestrel::error_code_name(error.code)},
                                  {"message", error.message}}}}
                     .dump()
              << "\n";
  }
  std::cerr << "kestrel-index: " << error.message << "\n";
  return exit_status_for(error.code);
}

// --snapshot FILE and --restore FILE.
int run_snapshot(const std::string& snapshot, const std::string& restore,
                 const std::string& index_dir, bool json) {
  bool writing = !snapshot.empty();
  auto result = writing ? kestrel::write_snapshot(index_dir, snapshot)
                        : kestrel::restore_snapshot(restore, index_dir);
  if (!result) return fail(result.error(), json);
  const std::string& file = writing ? snapshot : restore;
  if (json) {
    std::cout << nlohmann::json{{writing ? "snapshot" : "restored", file},
                                {"index", index_dir},
                                {"revision", result->revision},
                                {"documents", result->documents},
                                {"bytes", result->bytes},
                                {"seconds", result->seconds}}
                     .dump()
              << "\n";
  } else {
    std::printf("%s %s: %llu documents, revision %s, %.1f MB, %.2f s\n",
                writing ? "snapshot written to" : "published from", file.c_str(),
                static_cast<unsigned long long>(result->documents), result->revision.c_str(),
                static_cast<double>(result->bytes) / 1e6, result->seconds);
  }
  return kSuccess;
}

// --shards N: one run per shard, DIR/shard-1 ... DIR/shard-N, each its own index. A file that
// cannot be read is every shard's rejection: it is printed once. Stops at the first failure.
int run_sharded(kestrel::IndexOptions options, unsigned shards, bool json) {
  const std::string root = options.index_dir;
  std::set<std::string> printed;
  int status = kSuccess;
  for (unsigned k = 1; k <= shards; ++k) {
    options.index_dir = root + "/shard-" + std::to_string(k);
    options.shard = k;
    options.shard_count = shards;
    auto result = kestrel::update_index(options);
    if (!result) return fail(result.error(), json);
    std::erase_if(result->rejected,
                  [&](const kestrel::Error& e) { return !printed.insert(e.message).second; });
    print_report(*result, options, json);
    if (!result->rejected.empty()) status = kSomeRejected;
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  kestrel::IndexOptions options;
  bool json = false, stats = false;
  std::string snapshot, restore;
  unsigned shards = 0;
  CLI::App app{
      "kestrel-index: build or update a Kestrel search index from a corpus.\n"
      "Incremental by default: unchanged articles are skipped, changed ones replaced,\n"
      "vanished ones removed. Readers never see a half-written index."};
  app.footer(kExitStatusHelp);
  app.add_option("--corpus", options.corpus_paths,
                 "Directories, article files or .jsonl/.jsonl.gz collections")
      ->capture_default_str();
  app.add_option("--index", options.index_dir, "Index directory")->capture_default_str();
  app.add_option("--taxonomy", options.taxonomy_path,
                 "Facet taxonomy (default: <first corpus directory>/taxonomy.yaml if present)");
  app.add_flag("--rebuild", options.rebuild, "Build a new index from scratch");
  app.add_flag("--strict", options.strict, "Fail, writing nothing, if any article is rejected");
  app.add_flag("--check", options.check_only, "Validate the corpus; write nothing");
  app.add_flag("--stats", stats, "Print what the index holds and exit");
  app.add_flag("--json", json, "Print the summary as one JSON object");
  auto* snapshot_option = app.add_option(
      "--snapshot", snapshot,
      "Write a consistent one-file copy of the published index to FILE and exit (safe while "
      "the server answers and the indexer runs)");
  app.add_option("--restore", restore,
                 "Publish the snapshot FILE as the index's new generation and exit")
      ->excludes(snapshot_option);
  app.add_option("--threads", options.threads, "Indexing threads for a rebuild (0: one per core)")
      ->capture_default_str();
  app.add_option("--flush-documents", options.flush_documents,
                 "Documents buffered per thread before writing (bounds memory)")
      ->capture_default_str()
      ->check(CLI::Range(100u, 10'000'000u));
  app.add_option("--flush-megabytes", options.flush_megabytes,
                 "MB of article text buffered per thread before writing (bounds memory)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 4096u));
  app.add_option("--shards", shards,
                 "Split the index into N shards, INDEX/shard-1 ... INDEX/shard-N (each served by "
                 "xapian-tcpsrv; kestrel-server --shard searches them as one)")
      ->check(CLI::Range(1u, 64u))
      ->excludes(snapshot_option);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kSuccess : kUsageError;
  }
  if (stats) return print_stats(options.index_dir, json);
  if (!snapshot.empty() || !restore.empty())
    return run_snapshot(snapshot, restore, options.index_dir, json);

  // A progress line on a terminal, once the run has lasted a second; nothing for cron.
  ProgressLine progress;
  if (isatty(STDERR_FILENO) && !json) {
    options.on_progress = [&](const kestrel::IndexProgress& p) { progress.show(p); };
  }
  if (shards > 0) {
    int status = run_sharded(options, shards, json);
    progress.finish();
    return status;
  }
  auto result = kestrel::update_index(options);
  progress.finish();
  if (!result) return fail(result.error(), json);
  const kestrel::IndexReport& report = *result;
  print_report(report, options, json);
  return report.rejected.empty() ? kSuccess : kSomeRejected;
}
