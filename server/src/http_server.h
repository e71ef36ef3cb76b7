// The HTTP server: the JSON API, health and metrics, and the search page, over one index.
#pragma once

#include <memory>

#include "kestrel/result.h"
#include "server_options.h"

namespace kestrel::http {

class HttpServer {
 public:
  explicit HttpServer(ServerOptions options);
  ~HttpServer();

  // Starts search analytics when options.analytics_dir is set; kIo when the directory cannot be
  // made. Call before run().
  Status start_analytics();
  // Binds the listening socket; returns the port (useful with port 0), or -1 with a message on
  // stderr when the address is unusable.
  int bind();
  // Serves until stop(); returns once in-flight requests have been answered.
  void run();
  // Thread-safe and signal-thread-safe: stops accepting, lets in-flight requests finish.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kestrel::http
