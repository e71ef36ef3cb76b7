// The kestrel-server program: option precedence (defaults, file, environment, command line) and
// a clean exit on SIGTERM.
#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "kestrel/analytics.h"
#include "server_fixture.h"

using namespace kestrel::testing;

namespace {

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

// kestrel-server with `args` and extra environment; its stderr is read through a pipe.
class ServerProcess {
 public:
  ServerProcess(std::vector<std::string> args, std::vector<std::string> environment) {
    // Everything the child needs is built before fork: between fork and exec only
    // async-signal-safe calls are allowed (another thread may hold the malloc lock).
    std::string program = std::string(KESTREL_BINARY_DIR) + "/bin/kestrel-server";
    std::vector<char*> argv{program.data()};
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (char** e = environ; *e; ++e) envp.push_back(*e);
    for (auto& e : environment) envp.push_back(e.data());
    envp.push_back(nullptr);
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      dup2(fds[1], STDERR_FILENO);
      close(fds[0]);
      execve(program.c_str(), argv.data(), envp.data());
      _exit(127);
    }
    close(fds[1]);
    stderr_ = fds[0];
    fcntl(stderr_, F_SETFL, O_NONBLOCK);
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(stderr_);
  }
  // Reads stderr until `needle` (or `alternative`) appears or the time is up.
  bool wait_for(const std::string& needle, int seconds = 10,
                const std::string& alternative = "\x01") {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (output_.find(needle) == std::string::npos &&
           output_.find(alternative) == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
      pollfd p{stderr_, POLLIN, 0};
      poll(&p, 1, 100);
      char buffer[4096];
      ssize_t n = read(stderr_, buffer, sizeof buffer);
      if (n > 0) output_.append(buffer, static_cast<size_t>(n));
    }
    return output_.find(needle) != std::string::npos ||
           output_.find(alternative) != std::string::npos;
  }
  // The settings the program chose: it reports them whether or not the port could be bound
  // (another test may take a port between free_port() and the program's bind).
  bool reports(const std::string& index, int port) {
    if (!wait_for("serving", 10, "cannot listen")) return false;
    INFO(output_);
    return output_.find(index + " on http://127.0.0.1:" + std::to_string(port) + "/") !=
               std::string::npos ||
           output_.find("http://127.0.0.1:" + std::to_string(port) + "/ (for " + index + ")") !=
               std::string::npos;
  }
  // Waits for the program to exit by itself.
  int exit_status() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  // Only once the program has said it is serving: before exec the child still has the test
  // binary's signal handlers.
  int terminate_and_wait() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    wait_for("stopped", 1);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  void pause() { kill(pid_, SIGSTOP); }
  void resume() { kill(pid_, SIGCONT); }
  const std::string& output() const { return output_; }

 private:
  pid_t pid_ = -1;
  int stderr_ = -1;
  std::string output_;
};

}  // namespace

TEST_CASE("server program: command line over environment over config file over defaults",
          "[server]") {
  TempDir dir;
  int file_port = free_port(), env_port = free_port();
  write_file(dir / "server.ini", "index = " + (dir / "from-file") + "\nport = " +
                                     std::to_string(file_port) + "\nrate-limit = 7\n");
  {
    ServerProcess file_only({"--config", dir / "server.ini"}, {});
    CHECK(file_only.reports(dir / "from-file", file_port));
  }
  {
    ServerProcess env_over_file({"--config", dir / "server.ini"},
                                {"KESTREL_PORT=" + std::to_string(env_port)});
    CHECK(env_over_file.reports(dir / "from-file", env_port));
  }
  {
    ServerProcess command_line_wins(
        {"--config", dir / "server.ini", "--index", clinic_index()},
        {"KESTREL_PORT=" + std::to_string(env_port), "KESTREL_INDEX=" + (dir / "from-env")});
    CHECK(command_line_wins.reports(clinic_index(), env_port));
  }
  ServerProcess bad({"--port", "99999"}, {});
  CHECK(bad.exit_status() == 2);
}

TEST_CASE("server program: SIGTERM finishes the request in flight and exits 0", "[server]") {
  int port = free_port();
  ServerProcess server({"--index", clinic_index(), "--port", std::to_string(port)}, {});
  REQUIRE(server.wait_for("serving"));
  httplib::Client client("127.0.0.1", port);
  REQUIRE(client.Get("/healthz")->status == 200);
  // A keep-alive connection is open while the signal arrives; the server still stops promptly.
  auto started = std::chrono::steady_clock::now();
  CHECK(server.terminate_and_wait() == 0);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(8));
  CHECK(server.output().find("SIGTERM received") != std::string::npos);
  CHECK(server.output().find("access method=GET path=\"/healthz\" status=200") !=
        std::string::npos);
}

TEST_CASE("server program: a burst of connections while it cannot accept is queued - not dropped",
          "[server][hardening]") {
  int port = free_port();
  ServerProcess server(
      {"--index", clinic_index(), "--port", std::to_string(port), "--no-access-log"}, {});
  REQUIRE(server.wait_for("serving"));
  // Stopped, the server stands for one whose accept thread waits for a core under load: the
  // kernel completes handshakes only while its listen queue has room (httplib's own is 5).
  server.pause();
  constexpr int kBurst = 64;
  std::vector<int> sockets;
  for (int i = 0; i < kBurst; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    sockets.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int connected = 0;
  for (int fd : sockets) {
    pollfd p{fd, POLLOUT, 0};
    int error = 0;
    socklen_t length = sizeof error;
    if (poll(&p, 1, 0) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 &&
        error == 0)
      ++connected;
  }
  CHECK(connected == kBurst);
  server.resume();
  // And each is answered once the server runs again.
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  int answered = 0;
  for (int fd : sockets) {
    fcntl(fd, F_SETFL, 0);
    timeval five_seconds{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &five_seconds, sizeof five_seconds);
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size()))
      continue;
    char status_line[16] = {};
    if (recv(fd, status_line, 12, MSG_WAITALL) == 12 && std::string(status_line) == "HTTP/1.1 200")
      ++answered;
  }
  for (int fd : sockets) close(fd);
  CHECK(answered == kBurst);
}

TEST_CASE("server program: analytics survive SIGTERM, and SIGKILL loses at most a flush interval",
          "[server]") {
  TempDir dir;
  std::string analytics = dir / "analytics";
  auto searched = [&](int port, const std::string& query, int times) {
    httplib::Client client("127.0.0.1", port);
    for (int i = 0; i < times; ++i)
      REQUIRE(client.Get(("/api/search?q=" + query).c_str())->status == 200);
  };
  auto counted = [&] {
    std::vector<std::string> warnings;
    auto report = kestrel::read_analytics(analytics, 1, 1, 10, warnings);
    REQUIRE(report.ok());
    CHECK(warnings.empty());
    return report->searches;
  };
  {
    int port = free_port();
    ServerProcess server({"--index", clinic_index(), "--port", std::to_string(port),
                          "--analytics-dir", analytics, "--analytics-flush-seconds", "3600"},
                         {});
    REQUIRE(server.wait_for("serving"));
    searched(port, "ketamine", 4);
    CHECK(server.terminate_and_wait() == 0);  // the last counts are written on the way out
  }
  CHECK(counted() == 4);
  {
    int port = free_port();
    ServerProcess server({"--index", clinic_index(), "--port", std::to_string(port),
                          "--analytics-dir", analytics, "--analytics-flush-seconds", "1"},
                         {});
    REQUIRE(server.wait_for("serving"));
    searched(port, "ptsd", 3);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // over two flush intervals
  }                                                                // SIGKILL
  CHECK(counted() == 7);
  {
    // A directory that cannot be made is a usage error, said plainly.
    write_file(dir / "file", "x");
    ServerProcess bad({"--index", clinic_index(), "--port", std::to_string(free_port()),
                       "--analytics-dir", dir / "file/analytics"},
                      {});
    CHECK(bad.exit_status() == 2);
    CHECK(bad.wait_for("cannot create the analytics directory", 2));
  }
}
