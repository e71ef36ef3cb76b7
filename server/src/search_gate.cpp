#include "search_gate.h"

#include <algorithm>

namespace kestrel::http {

bool SearchGate::enter(std::chrono::milliseconds patience) {
  std::unique_lock lock(mutex_);
  const int me = 0;  // its address identifies this waiter in the queue
  waiting_.push_back(&me);
  bool admitted = changed_.wait_for(lock, patience, [&] { return waiting_.front() == &me && busy_ < slots_; });
  waiting_.erase(std::find(waiting_.begin(), waiting_.end(), &me));
  if (admitted) ++busy_;
  // The next in line may now be at the front, or a slot may be free for it.
  changed_.notify_all();
  return admitted;
}

void SearchGate::leave() {
  {
    std::lock_guard lock(mutex_);
    --busy_;
  }
  changed_.notify_all();
}

}  // namespace kestrel::http
