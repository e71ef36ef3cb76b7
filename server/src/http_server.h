// The HTTP server: the JSON API, health and metrics, and the search page, over one index.
#pragma once

#include <memory>

#include "server_options.h"

namespace kestrel::http {

class HttpServer {
 public:
  explicit HttpServer(ServerOptions options);
  ~HttpServer();

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
