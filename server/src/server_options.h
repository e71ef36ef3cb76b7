// Everything an operator can set for kestrel-server, with the defaults.
#pragma once

#include <string>
#include <vector>

namespace kestrel::http {

struct ServerOptions {
  std::string index_dir = "var/index";
  // Instead of index_dir: the shards of one kestrel-index --shards run, "host:port" each, served
  // by xapian-tcpsrv and searched as one index.
  std::vector<std::string> shards;
  // The learned ranker's model (ranker=learned), instead of the one built in; empty: built in.
  std::string ranker_model;
  std::string bind = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0: any free port (tests)
  // Connection threads. cpp-httplib keeps a keep-alive connection on its thread until it closes,
  // so this is the number of clients served at once, not a CPU count.
  unsigned threads = 32;
  // Searches running at once (CPU-bound); further requests queue in arrival order for up to two
  // seconds, then get 503.
  unsigned max_concurrent_searches = 4;
  std::vector<std::string>
      cors_origins;  // exact origins ("https://clinic.example") allowed to call the API
  double rate_limit_per_second = 10;  // per client address; 0 turns limiting off
  double rate_limit_burst = 40;
  bool rate_limit_loopback = false;  // loopback clients (tests, a local proxy) are not limited
  // Trust X-Forwarded-For from this proxy address (e.g. 127.0.0.1 behind nginx); empty: never.
  std::string trusted_proxy;
  unsigned max_request_seconds = 10;  // a request still arriving after this is cut off
  // Memory for finished search responses of the current index revision; 0 turns the cache off.
  unsigned cache_megabytes = 32;
  bool access_log = true;
  // Search analytics (kestrel/analytics.h): off when the directory is empty.
  std::string analytics_dir;
  unsigned analytics_min_searches = 3;     // a query is shown once searched this often
  unsigned analytics_max_queries = 10000;  // distinct queries counted per day
  unsigned analytics_keep_days = 90;
  unsigned analytics_flush_seconds = 60;  // what a SIGKILL can lose
};

}  // namespace kestrel::http
