// Cuts off clients that take too long to send a request.
//
// cpp-httplib gives each connection a pool thread until it closes, and its read timeout applies
// to each read, not to the whole request: a client that sends one byte a second would hold a
// thread for hours (slowloris). httplib offers no hook on its sockets, so a watchdog looks at the
// process's own TCP sockets once a second instead: a server-side connection whose client has
// sent something since the server last answered, and that has waited longer than the limit for
// its request to complete, is shut down, which ends the read and frees the thread. A connection
// still queued for a thread (its bytes unread) is never cut: the wait is the server's.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace kestrel::http {

class SlowClientGuard {
 public:
  // Watches established connections to local `port`; `limit` is the longest a request may take
  // to arrive in full. `on_cut` is called (on the watchdog thread) for each connection cut off.
  SlowClientGuard(int port, std::chrono::seconds limit, std::function<void()> on_cut);
  ~SlowClientGuard();
  SlowClientGuard(const SlowClientGuard&) = delete;
  SlowClientGuard& operator=(const SlowClientGuard&) = delete;

  uint64_t cut_off() const { return cut_off_; }

 private:
  void watch();
  void sweep();

  int port_;
  std::chrono::seconds limit_;
  std::function<void()> on_cut_;
  std::atomic<uint64_t> cut_off_{0};
  // Socket inode -> when it was first seen with nothing left unread: a connection that never
  // got an answer is timed from there.
  std::unordered_map<uint64_t, std::chrono::steady_clock::time_point> first_seen_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kestrel::http
