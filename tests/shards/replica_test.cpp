// Read replicas on loopback: the master index served by stock xapian-replicate-server, a replica
// pulled by stock xapian-replicate, kestrel-server on the replica. An article the indexer adds,
// removes or rebuilds on the master reaches the replica's server within 10 s, and no request fails
// meanwhile: changesets are applied under the server's readers, and a rebuild's new generation
// arrives as a full copy that the replication client switches to with its own stub.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "process_support.h"
#include "server_fixture.h"
#include "test_support.h"

using namespace kestrel;
using namespace kestrel::testing;
using Clock = std::chrono::steady_clock;

namespace {

// Seconds until `q` finds `expected` articles on the server, or -1 after 15 s. Each server thread
// checks for a newer revision every 100 ms, so one answer may come from a thread 100 ms behind:
// the count must hold for three answers over 300 ms.
double seconds_until(TestServer& server, const std::string& q, uint64_t expected) {
  auto started = Clock::now();
  auto client = server.client();
  Clock::time_point first = started;  // of the answers in a row
  int in_a_row = 0;
  while (Clock::now() - started < std::chrono::seconds(15)) {
    auto r = client.Get(("/api/search?match=all&q=" + q).c_str());
    bool holds = r && r->status == 200 && nlohmann::json::parse(r->body)["total"] == expected;
    if (!holds) {
      in_a_row = 0;
    } else {
      if (in_a_row == 0) first = Clock::now();
      if (++in_a_row == 3) return std::chrono::duration<double>(first - started).count();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  return -1;
}

void index_master(const TempDir& dir, bool rebuild) {
  IndexOptions options;
  options.corpus_paths = {dir / "corpus"};
  options.index_dir = dir / "master";
  options.rebuild = rebuild;
  auto report = update_index(options);
  INFO((report ? "" : report.error().message));
  REQUIRE(report.ok());
}

}  // namespace

TEST_CASE("replicas: a replica's server follows the master's runs within 10 s - no failed request",
          "[replicas]") {
  TempDir dir;
  std::filesystem::copy(clinic_corpus(), dir / "corpus", std::filesystem::copy_options::recursive);
  // The indexer keeps changesets for replicas (deploy/kestrel-index.service sets this too).
  setenv("XAPIAN_MAX_CHANGESETS", "100", 1);
  index_master(dir, false);
  unsigned port = free_port();
  ChildProcess master({"xapian-replicate-server", "--port", std::to_string(port), dir / "master"});
  wait_for_port(port);
  // Every second, as deploy/kestrel-replica.service does every five.
  ChildProcess replicate({"xapian-replicate", "--host", "127.0.0.1", "--port", std::to_string(port),
                          "--master", "live", "--interval", "1", "--reader-time", "2", "--quiet",
                          dir / "replica"});
  for (int i = 0; i < 100 && !std::filesystem::exists(dir / "replica/XAPIANDB"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(std::filesystem::exists(dir / "replica/XAPIANDB"));

  auto options = serving(dir / "replica");
  options.cache_megabytes = 0;
  TestServer server(options);
  REQUIRE(server.client().Get("/healthz")->status == 200);
  std::atomic<bool> done{false};
  std::atomic<int> ok{0}, failed{0};
  std::thread visitor([&] {
    auto client = server.client();
    for (int i = 0; !done; ++i) {
      auto r = client.Get(i % 2 ? "/api/search?q=ketamine" : "/api/search?q=ptsd&match=any");
      (r && r->status == 200 ? ok : failed)++;
    }
  });

  // Runs the indexer on the master; the seconds until the replica's server finds `expected`
  // articles about kestrelzebra, which must be under 10.
  auto followed = [&](bool rebuild, int expected) {
    index_master(dir, rebuild);
    double seconds = seconds_until(server, "kestrelzebra", expected);
    CHECK(seconds >= 0);
    CHECK(seconds < 10);
    return seconds;
  };
  // An incremental run adds an article: a changeset.
  write_file(dir / "corpus/articles/kestrelzebra-1.md",
             article("title: Kestrelzebra one\n", "Kestrelzebra ketamine study."));
  double added = followed(false, 1);
  // A rebuild publishes a new generation: a full copy, then the replica's stub moves.
  write_file(dir / "corpus/articles/kestrelzebra-2.md",
             article("title: Kestrelzebra two\n", "Kestrelzebra again."));
  double rebuilt = followed(true, 2);
  // And an incremental run on the new generation removes one.
  std::filesystem::remove(dir / "corpus/articles/kestrelzebra-1.md");
  double removed = followed(false, 1);

  done = true;
  visitor.join();
  unsetenv("XAPIAN_MAX_CHANGESETS");
  INFO("added in " << added << " s, rebuilt in " << rebuilt << " s, removed in " << removed
                   << " s; " << ok << " requests answered");
  CHECK(failed == 0);
  CHECK(ok > 50);
  auto health = nlohmann::json::parse(server.client().Get("/healthz")->body);
  CHECK(health["documents"] == 18);
  CHECK(health["revision"].get<std::string>().rfind("replica.", 0) == 0);
}
