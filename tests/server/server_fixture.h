// A kestrel-http server on an ephemeral loopback port, run in-process for the duration of a test.
#pragma once

#include <httplib.h>

#include <thread>

#include "http_server.h"
#include "test_support.h"

namespace kestrel::testing {

class TestServer {
 public:
  explicit TestServer(http::ServerOptions options)
      : server_(with_test_defaults(std::move(options))) {
    REQUIRE(server_.start_analytics().ok());
    port_ = server_.bind();
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.run(); });
  }
  ~TestServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    return c;
  }

 private:
  static http::ServerOptions with_test_defaults(http::ServerOptions options) {
    options.bind = "127.0.0.1";
    options.port = 0;
    options.access_log = false;
    return options;
  }
  http::HttpServer server_;
  int port_ = -1;
  std::thread thread_;
};

inline http::ServerOptions serving(const std::string& index) {
  http::ServerOptions options;
  options.index_dir = index;
  return options;
}

}  // namespace kestrel::testing
