// kestrel-server: the clinic's search API and page over HTTP.
#include <malloc.h>
#include <pthread.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "http_server.h"
#include "kestrel/searcher.h"

namespace {

// Environment variables and the options they set.
constexpr std::pair<const char*, const char*> kEnvironment[] = {
    {"KESTREL_INDEX", "--index"},
    {"KESTREL_SHARDS", "--shard"},
    {"KESTREL_BIND", "--bind"},
    {"KESTREL_PORT", "--port"},
    {"KESTREL_THREADS", "--threads"},
    {"KESTREL_MAX_CONCURRENT_SEARCHES", "--max-concurrent-searches"},
    {"KESTREL_CORS_ORIGINS", "--cors-origin"},
    {"KESTREL_RATE_LIMIT", "--rate-limit"},
    {"KESTREL_RATE_BURST", "--rate-burst"},
    {"KESTREL_TRUSTED_PROXY", "--trusted-proxy"},
    {"KESTREL_MAX_REQUEST_SECONDS", "--max-request-seconds"},
    {"KESTREL_CACHE_MEGABYTES", "--cache-megabytes"},
    {"KESTREL_ANALYTICS_DIR", "--analytics-dir"},
};

bool given_on_command_line(const std::vector<std::string>& args, const std::string& option) {
  for (const auto& a : args) {
    if (a == option || a.rfind(option + "=", 0) == 0) return true;
  }
  return false;
}

// CLI11 lets a config file win over the environment; the documented order is defaults, file,
// environment, command line. So each variable that is set becomes a command-line option, unless
// the command line already gives that option; CLI11 then reads the file only for what is left.
std::vector<std::string> with_environment(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<std::string> from_environment;
  for (const auto& [variable, option] : kEnvironment) {
    const char* value = std::getenv(variable);
    if (!value || given_on_command_line(args, option)) continue;
    from_environment.push_back(std::string(option) + "=" + value);
  }
  args.insert(args.begin(), from_environment.begin(), from_environment.end());
  return args;
}

// Signals go to one thread that stops the server; the serving threads never see them.
sigset_t block_stop_signals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return stop_signals;
}

// Every option, with its help text, range and default, bound to `options`.
// What is served: the index or its shards, and the learned ranker's model.
void add_index_options(CLI::App& app, kestrel::http::ServerOptions& options) {
  app.add_option("--index", options.index_dir, "Index directory")->capture_default_str();
  app.add_option("--shard", options.shards,
                 "Instead of --index: a shard served by xapian-tcpsrv, HOST:PORT (repeat for "
                 "every shard of one kestrel-index --shards run)")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--ranker-model", options.ranker_model,
                 "The learned ranker's model file (ranker=learned; benchmarks/ltr/run writes "
                 "one), instead of the one built in; a missing or damaged file stops the start");
}

void add_options(CLI::App& app, kestrel::http::ServerOptions& options) {
  app.description(
      "kestrel-server: the Kestrel search API and search page over HTTP.\n"
      "Every option can also come from the --config file (KEY = value lines, named as the long\n"
      "options) or from the environment (KESTREL_INDEX, KESTREL_SHARDS (comma-separated), "
      "KESTREL_BIND, KESTREL_PORT, "
      "KESTREL_THREADS,\n"
      "KESTREL_MAX_CONCURRENT_SEARCHES, KESTREL_CORS_ORIGINS (comma-separated), "
      "KESTREL_RATE_LIMIT,\n"
      "KESTREL_RATE_BURST, KESTREL_TRUSTED_PROXY, KESTREL_MAX_REQUEST_SECONDS, "
      "KESTREL_CACHE_MEGABYTES, KESTREL_ANALYTICS_DIR).\n"
      "The command line wins over the environment,\n"
      "which wins over the file, which wins over the defaults.");
  app.footer(
      "Exit status: 0 stopped by SIGTERM/SIGINT after finishing in-flight requests; 2 usage "
      "error\n(or an analytics directory that cannot be made);\n"
      "3 the address could not be bound.");
  app.set_config("--config", "", "Read options from this file");
  add_index_options(app, options);
  app.add_option("--bind", options.bind, "Address to listen on")->capture_default_str();
  app.add_option("--port", options.port, "Port (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--threads", options.threads, "Connection threads (clients served at once)")
      ->check(CLI::Range(2u, 1024u))
      ->capture_default_str();
  app.add_option("--max-concurrent-searches", options.max_concurrent_searches,
                 "Searches running at once")
      ->check(CLI::Range(1u, 1024u))
      ->capture_default_str();
  app.add_option("--cors-origin", options.cors_origins,
                 "Origin allowed to call the API from a browser (repeatable)")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--rate-limit", options.rate_limit_per_second,
                 "Requests per second per client (0: off)")
      ->check(CLI::Range(0.0, 1e6))
      ->capture_default_str();
  app.add_option("--rate-burst", options.rate_limit_burst, "Requests a client may make at once")
      ->check(CLI::Range(1.0, 1e6))
      ->capture_default_str();
  app.add_flag("--rate-limit-loopback", options.rate_limit_loopback,
               "Rate-limit loopback clients too");
  app.add_option("--max-request-seconds", options.max_request_seconds,
                 "Cut off a client still sending its request after this long (slow clients)")
      ->check(CLI::Range(1u, 3600u))
      ->capture_default_str();
  app.add_option("--cache-megabytes", options.cache_megabytes,
                 "Memory for repeated searches' responses, dropped when a new index revision is "
                 "published (0: off)")
      ->check(CLI::Range(0u, 65536u))
      ->capture_default_str();
  app.add_option("--trusted-proxy", options.trusted_proxy,
                 "Take the client address from X-Forwarded-For when the peer is this address");
  app.add_option("--analytics-dir", options.analytics_dir,
                 "Count what visitors search for, per day, in this directory (off when unset; "
                 "nothing per visitor is kept: see the README)");
  app.add_option("--analytics-min-searches", options.analytics_min_searches,
                 "A query is shown (reports, suggestions) once searched this often")
      ->check(CLI::Range(1u, 1000000u))
      ->capture_default_str();
  app.add_option("--analytics-max-queries", options.analytics_max_queries,
                 "Distinct queries counted per day (memory bound)")
      ->check(CLI::Range(10u, 10000000u))
      ->capture_default_str();
  app.add_option("--analytics-keep-days", options.analytics_keep_days,
                 "Days of analytics kept on disk")
      ->check(CLI::Range(1u, 3660u))
      ->capture_default_str();
  app.add_option("--analytics-flush-seconds", options.analytics_flush_seconds,
                 "How often the counts are written (what a crash can lose)")
      ->check(CLI::Range(1u, 3600u))
      ->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  kestrel::http::ServerOptions options;
  CLI::App app;
  add_options(app, options);
  bool quiet = false;
  app.add_flag("--no-access-log", quiet, "Do not log one line per request");
  try {
    std::vector<std::string> args = with_environment(argc, argv);
    std::reverse(args.begin(), args.end());  // CLI11 takes a vector in reverse order
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  options.access_log = !quiet;

  sigset_t stop_signals = block_stop_signals();
  // glibc gives busy threads malloc arenas of their own (up to 8 per core), and freed memory in one
  // arena is not reused by another: with 96 threads browsing and searching for 240 s while the
  // index was republished every 3 s, resident memory grew 17% while the heap in use grew only by
  // its first-reloads step (benchmarks/soak). The searches are CPU-bound on the cores anyway, so
  // one arena per core costs no parallelism.
  mallopt(M_ARENA_MAX, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  if (!options.ranker_model.empty()) {
    if (kestrel::Status model = kestrel::check_ranker_model(options.ranker_model); !model) {
      std::fprintf(stderr, "kestrel-server: %s\n", model.error().message.c_str());
      return 2;
    }
  }
  kestrel::http::HttpServer server(options);
  if (kestrel::Status analytics = server.start_analytics(); !analytics) {
    std::fprintf(stderr, "kestrel-server: %s\n", analytics.error().message.c_str());
    return 2;
  }
  std::string serving = options.index_dir;
  if (!options.shards.empty()) {
    serving = "shards";
    for (const std::string& shard : options.shards) serving += " " + shard;
  }
  int port = server.bind();
  if (port < 0) {
    std::fprintf(stderr, "kestrel-server: cannot listen on http://%s:%d/ (for %s)\n",
                 options.bind.c_str(), options.port, serving.c_str());
    return 3;
  }
  std::fprintf(stderr, "kestrel-server: serving %s on http://%s:%d/\n", serving.c_str(),
               options.bind.c_str(), port);
  std::thread signal_waiter([&] {
    int received = 0;
    sigwait(&stop_signals, &received);
    std::fprintf(stderr, "kestrel-server: %s received, finishing in-flight requests\n",
                 received == SIGTERM ? "SIGTERM" : "SIGINT");
    server.stop();
  });
  server.run();
  // run() returned: either stopped by the signal thread, or the listener failed; make sure the
  // signal thread ends either way.
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  std::fprintf(stderr, "kestrel-server: stopped\n");
  return 0;
}
