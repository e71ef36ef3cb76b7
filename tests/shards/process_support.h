// Helpers for tests that run stock Xapian servers (xapian-tcpsrv, xapian-replicate-server,
// xapian-replicate) as child processes on loopback ports.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace kestrel::testing {

// A loopback port nothing listens on now.
inline unsigned free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

inline bool accepts(unsigned port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

inline void wait_for_port(unsigned port) {
  for (int i = 0; i < 250 && !accepts(port); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(accepts(port));
}

// A program run in its own process group (so that stopping it also ends the children it forks
// per connection), quiet, and killed when the object dies.
class ChildProcess {
 public:
  explicit ChildProcess(std::vector<std::string> argv) : argv_(std::move(argv)) { start(); }
  ~ChildProcess() { stop(); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void start() {
    pid_ = fork();
    if (pid_ == 0) {
      setpgid(0, 0);
      // Quiet: the servers report every connection a test breaks off on purpose.
      if (!std::freopen("/dev/null", "w", stdout) || !std::freopen("/dev/null", "w", stderr))
        _exit(127);
      std::vector<char*> args;
      for (std::string& a : argv_) args.push_back(a.data());
      args.push_back(nullptr);
      execvp(args[0], args.data());
      _exit(127);
    }
    setpgid(pid_, pid_);
  }
  void stop() {
    if (pid_ <= 0) return;
    kill(-pid_, SIGCONT);
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  void pause() { kill(-pid_, SIGSTOP); }
  void resume() { kill(-pid_, SIGCONT); }

 private:
  std::vector<std::string> argv_;
  pid_t pid_ = -1;
};

}  // namespace kestrel::testing
