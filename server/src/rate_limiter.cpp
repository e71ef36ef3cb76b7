#include "rate_limiter.h"

#include <algorithm>

namespace kestrel::http {

RateLimiter::RateLimiter(double per_second, double burst)
    : per_second_(per_second), burst_(std::max(burst, 1.0)) {}

double RateLimiter::admit(const std::string& client, Clock::time_point now) {
  if (per_second_ <= 0) return 0;
  std::lock_guard lock(mutex_);
  // Full buckets carry no information: dropping them once a minute bounds memory by the
  // clients of the last minute, whatever addresses an attacker cycles through.
  if (now - last_sweep_ > std::chrono::minutes(1)) {
    std::erase_if(buckets_, [&](const auto& entry) {
      double refilled =
          entry.second.tokens +
          std::chrono::duration<double>(now - entry.second.updated).count() * per_second_;
      return refilled >= burst_;
    });
    last_sweep_ = now;
  }
  auto [it, inserted] = buckets_.try_emplace(client, Bucket{burst_, now});
  Bucket& bucket = it->second;
  if (!inserted) {
    double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(burst_, bucket.tokens + std::max(elapsed, 0.0) * per_second_);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  return (1 - bucket.tokens) / per_second_;
}

}  // namespace kestrel::http
