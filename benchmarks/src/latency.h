// Latency percentiles, reported the same way for every engine.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <vector>

namespace kestrel::bench {

// {"queries", "p50_ms", "p95_ms", "p99_ms", "mean_ms"} of the given samples (milliseconds).
// With KESTREL_LATENCY_SAMPLES set to a path, the samples are also written there, one a line.
nlohmann::json percentiles_json(std::vector<double> millis);

}  // namespace kestrel::bench
