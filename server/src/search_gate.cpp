#include "search_gate.h"

#include <algorithm>

namespace kestrel::http {

bool SearchGate::enter(std::chrono::milliseconds patience) {
  std::unique_lock lock(mutex_);
  if (busy_ < slots_ && waiting_.empty()) {
    ++busy_;
    return true;
  }
  Waiter me;
  waiting_.push_back(&me);
  if (me.wake.wait_for(lock, patience, [&] { return me.granted; })) return true;
  // Out of patience, and not handed a slot meanwhile: leave the queue.
  waiting_.erase(std::find(waiting_.begin(), waiting_.end(), &me));
  return false;
}

void SearchGate::leave() {
  std::lock_guard lock(mutex_);
  if (waiting_.empty()) {
    --busy_;
    return;
  }
  // The slot passes to the first in line; busy_ is unchanged.
  Waiter* next = waiting_.front();
  waiting_.pop_front();
  next->granted = true;
  next->wake.notify_one();
}

}  // namespace kestrel::http
