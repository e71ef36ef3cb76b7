// Per-client rate limiting: a token bucket per client address.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kestrel::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // `per_second` tokens refill each second up to `burst`; per_second <= 0 turns limiting off.
  RateLimiter(double per_second, double burst);

  // Takes a token for `client`. Returns 0 when the request may proceed, else the seconds until
  // a token will be there (for Retry-After).
  double admit(const std::string& client, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  double per_second_, burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace kestrel::http
