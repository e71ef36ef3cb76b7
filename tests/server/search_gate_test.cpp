// The bound on concurrent searches: first come, first served, and a wait that runs out.
#include "search_gate.h"

#include <catch2/catch.hpp>
#include <mutex>
#include <thread>
#include <vector>

using kestrel::http::GateSlot;
using kestrel::http::SearchGate;
using namespace std::chrono_literals;

TEST_CASE("server: searches queue for a slot in arrival order", "[server]") {
  SearchGate gate(1);
  std::mutex mutex;
  std::vector<int> admitted;
  std::vector<std::thread> waiters;
  {
    GateSlot holder(gate, 1s);
    REQUIRE(holder);
    for (int i = 0; i < 5; ++i) {
      waiters.emplace_back([&, i] {
        GateSlot slot(gate, 5s);
        std::lock_guard lock(mutex);
        admitted.push_back(slot ? i : -1);
      });
      std::this_thread::sleep_for(20ms);  // each arrives after the one before
    }
  }
  for (auto& w : waiters) w.join();
  CHECK(admitted == std::vector<int>{0, 1, 2, 3, 4});
}

TEST_CASE("server: a wait for a search slot runs out and frees its place", "[server]") {
  SearchGate gate(1);
  std::thread later;
  {
    GateSlot holder(gate, 1s);
    REQUIRE(holder);
    auto started = std::chrono::steady_clock::now();
    CHECK_FALSE(gate.enter(50ms));
    CHECK(std::chrono::steady_clock::now() - started >= 50ms);
    // The one that gave up does not block the queue for a later arrival.
    later = std::thread([&] {
      GateSlot slot(gate, 2s);
      CHECK(slot);
    });
    std::this_thread::sleep_for(20ms);
  }
  later.join();
  GateSlot after(gate, 10ms);
  CHECK(after);
}
