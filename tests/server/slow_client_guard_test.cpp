// The slowloris watchdog on its own: which connections it cuts, on a plain socket pair in this
// process (the guard looks at the process's own sockets), with no HTTP server in between.
#include "slow_client_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <string>

using kestrel::http::SlowClientGuard;
using namespace std::chrono_literals;

namespace {

// A listening socket on a loopback port the system picks, and one accepted connection to it:
// `server` plays the pool thread's end of the connection, `client` the visitor's.
struct Connection {
  int listener = -1, client = -1, server = -1;
  int port = 0;

  Connection() {
    listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(listen(listener, 4) == 0);
    socklen_t length = sizeof address;
    REQUIRE(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port = ntohs(address.sin_port);
    client = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    server = accept(listener, nullptr, nullptr);
    REQUIRE(server >= 0);
  }
  ~Connection() {
    for (int fd : {client, server, listener}) close(fd);
  }

  void client_sends(const std::string& bytes) const {
    REQUIRE(send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(bytes.size()));
  }
  std::string server_reads() const {
    char buffer[256];
    ssize_t n = recv(server, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
  }
  // True once the guard has shut the server's end down: the client then reads end of stream.
  bool cut_within(std::chrono::milliseconds wait) const {
    pollfd readable{client, POLLIN, 0};
    if (poll(&readable, 1, static_cast<int>(wait.count())) <= 0) return false;
    char byte;
    ssize_t n = recv(client, &byte, 1, MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);  // end, or reset
  }
};

// The client sends the start of a request, which the server's thread reads, then one more byte
// every 200 ms, which the thread reads too if it keeps up. True once the guard has cut it off;
// false after 8 s (the tests' limit is 1 s).
bool trickle_until_cut(const Connection& connection, bool thread_keeps_up) {
  connection.client_sends("GET /healthz HTTP/1.1\r\n");
  REQUIRE(connection.server_reads() == "GET /healthz HTTP/1.1\r\n");
  for (int i = 0; i < 40; ++i) {
    connection.client_sends("X");
    if (thread_keeps_up) connection.server_reads();
    if (connection.cut_within(200ms)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("slow client guard: a request still arriving after the limit is cut off", "[server]") {
  Connection connection;
  SlowClientGuard guard(connection.port, 1s, nullptr);
  CHECK(trickle_until_cut(connection, /*thread_keeps_up=*/true));
  CHECK(guard.cut_off() == 1);
}

TEST_CASE("slow client guard: the clock runs on while the connection's thread lags behind",
          "[server]") {
  // Under load, the thread that owns a connection may not have read the last bytes when the
  // guard looks. That is still the same slow request: it must be cut, not get a fresh clock at
  // every look (before, a trickle into a lagging thread was never cut).
  Connection connection;
  SlowClientGuard guard(connection.port, 1s, nullptr);
  CHECK(trickle_until_cut(connection, /*thread_keeps_up=*/false));
  CHECK(guard.cut_off() == 1);
}

TEST_CASE("slow client guard: a connection waiting for a thread is never cut", "[server]") {
  // Its whole request arrived and nothing of it was read: it waits in the server's queue, and
  // the delay is the server's, not the client's.
  Connection connection;
  SlowClientGuard guard(connection.port, 1s, nullptr);
  connection.client_sends("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK_FALSE(connection.cut_within(3500ms));
  CHECK(guard.cut_off() == 0);
}
