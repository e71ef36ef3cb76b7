// Bounds how many searches run at once, admitting waiters first come, first served.
//
// std::counting_semaphore is not fair: under load (wrk, 128 connections) some requests lost the
// race for a slot again and again until their wait expired, and got 503 while later arrivals
// were served. A queue keeps every wait close to (queue length / slots) x service time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace kestrel::http {

class SearchGate {
 public:
  explicit SearchGate(unsigned slots) : slots_(slots ? slots : 1) {}

  // Waits up to `patience` for a slot, in arrival order; false when the wait ran out.
  bool enter(std::chrono::milliseconds patience);
  void leave();

 private:
  struct Waiter {
    std::condition_variable wake;
    bool granted = false;
  };
  std::mutex mutex_;
  std::deque<Waiter*> waiting_;
  unsigned slots_;
  unsigned busy_ = 0;
};

// Holds a slot for a scope.
class GateSlot {
 public:
  GateSlot(SearchGate& gate, std::chrono::milliseconds patience)
      : gate_(gate), entered_(gate.enter(patience)) {}
  ~GateSlot() {
    if (entered_) gate_.leave();
  }
  GateSlot(const GateSlot&) = delete;
  GateSlot& operator=(const GateSlot&) = delete;
  explicit operator bool() const { return entered_; }

 private:
  SearchGate& gate_;
  bool entered_;
};

}  // namespace kestrel::http
