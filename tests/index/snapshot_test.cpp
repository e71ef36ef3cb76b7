// Snapshots: a consistent one-file copy of the published index, taken while searches and
// indexing go on, and restored as a new generation that readers move to.
#include <xapian.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "index/index_location.h"
#include "index/schema.h"
#include "kestrel/indexer.h"
#include "kestrel/searcher.h"
#include "test_support.h"

using namespace kestrel;
using namespace kestrel::testing;

namespace {

std::vector<std::string> ids_for(Searcher& searcher, const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.limit = kMaxPageSize;
  auto result = searcher.search(request);
  REQUIRE(result.ok());
  std::vector<std::string> ids;
  for (const Hit& hit : result->hits) ids.push_back(hit.id);
  return ids;
}

// `count` small articles, each naming its corpus ("first" or "second").
void write_corpus(const std::string& dir, int count, const std::string& word) {
  std::filesystem::remove_all(dir);
  for (int i = 0; i < count; ++i) {
    write_file(dir + "/a" + std::to_string(i) + ".md",
               article("id: a" + std::to_string(i) + "\ntitle: Ketamine " + word + "\n",
                       "Ketamine " + word + " study number " + std::to_string(i) + "."));
  }
}

}  // namespace

TEST_CASE("snapshot: restored elsewhere it answers as the original - and updates incrementally",
          "[indexer][snapshot]") {
  TempDir dir;
  SnapshotReport written = *write_snapshot(clinic_index(), dir / "clinic.snapshot");
  CHECK(written.documents == 17);
  CHECK(written.bytes == std::filesystem::file_size(dir / "clinic.snapshot"));
  CHECK(Xapian::Database::check(dir / "clinic.snapshot") == 0);
  // One file, nothing left beside it.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                      std::filesystem::directory_iterator()) == 1);

  Result<SnapshotReport> restored = restore_snapshot(dir / "clinic.snapshot", dir / "restored");
  REQUIRE(restored.ok());
  CHECK(restored->documents == 17);
  auto original = Searcher::open(clinic_index());
  auto copy = Searcher::open(dir / "restored");
  REQUIRE(original.ok());
  REQUIRE(copy.ok());
  for (const char* query : {"ketamine depression", "ptsd", "alcohol", ""})
    CHECK(ids_for(*original, query) == ids_for(*copy, query));
  // A restored index is an ordinary one: the next incremental run finds nothing to do.
  IndexOptions options;
  options.corpus_paths = {clinic_corpus()};
  options.index_dir = dir / "restored";
  Result<IndexReport> next = update_index(options);
  REQUIRE(next.ok());
  CHECK(next->unchanged == 17);
  CHECK_FALSE(next->wrote);
}

TEST_CASE("snapshot: a restore is published atomically - a reader moves to it by itself",
          "[indexer][snapshot]") {
  TempDir dir;
  write_corpus(dir / "c1", 30, "first");
  index_or_fail(dir / "c1", dir / "one");
  write_corpus(dir / "c2", 20, "second");
  index_or_fail(dir / "c2", dir / "two");
  REQUIRE(write_snapshot(dir / "two", dir / "two.snapshot").ok());

  auto reader = Searcher::open(dir / "one");
  REQUIRE(reader.ok());
  CHECK(ids_for(*reader, "first").size() == 30);
  Result<SnapshotReport> restored = restore_snapshot(dir / "two.snapshot", dir / "one");
  REQUIRE(restored.ok());
  CHECK(restored->revision.rfind("2.", 0) == 0);  // a new generation
  CHECK(ids_for(*reader, "first").size() == 30);  // the generation it has open still answers
  REQUIRE(reader->refresh().ok());
  CHECK(ids_for(*reader, "second").size() == 20);
  CHECK(ids_for(*reader, "first").empty());
}

TEST_CASE("snapshot: taken during reindexing - each is one whole revision", "[indexer][snapshot]") {
  TempDir dir;
  write_corpus(dir / "a", 300, "first");
  write_corpus(dir / "b", 200, "second");
  index_or_fail(dir / "a", dir / "index");
  std::atomic<bool> done{false};
  std::atomic<int> runs{0};
  // Incremental runs and rebuilds switching between the two corpora, as fast as they go.
  std::thread writer([&] {
    for (int i = 0; i < 12; ++i) {
      IndexOptions options;
      options.corpus_paths = {dir / (i % 2 ? "a" : "b")};
      options.index_dir = dir / "index";
      options.rebuild = i % 3 == 0;
      if (update_index(options).ok()) ++runs;
    }
    done = true;
  });
  int snapshots = 0;
  while (!done || snapshots < 3) {
    std::string file = dir / ("s" + std::to_string(snapshots % 2) + ".snapshot");
    Result<SnapshotReport> written = write_snapshot(dir / "index", file);
    REQUIRE(written.ok());
    ++snapshots;
    INFO(written->revision);
    CHECK(Xapian::Database::check(file) == 0);
    Xapian::Database copy(file);
    CHECK(copy.get_doccount() == written->documents);
    // One revision of one corpus: every document "first", or every one "second".
    uint64_t first = copy.get_termfreq("first"), second = copy.get_termfreq("second");
    CHECK(((first == 300 && second == 0) || (first == 0 && second == 200)));
  }
  writer.join();
  CHECK(runs == 12);
  CHECK(snapshots >= 3);
}

TEST_CASE("snapshot: refused input names the problem and changes nothing", "[indexer][snapshot]") {
  TempDir dir;
  Result<SnapshotReport> no_index = write_snapshot(dir / "nothing", dir / "x.snapshot");
  REQUIRE_FALSE(no_index.ok());
  CHECK(no_index.error().code == ErrorCode::kNotFound);
  CHECK_FALSE(std::filesystem::exists(dir / "x.snapshot"));

  Result<SnapshotReport> missing = restore_snapshot(dir / "none.snapshot", dir / "index");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
  write_file(dir / "garbage.snapshot", "not a database at all");
  Result<SnapshotReport> garbage = restore_snapshot(dir / "garbage.snapshot", dir / "index");
  REQUIRE_FALSE(garbage.ok());
  CHECK(garbage.error().code == ErrorCode::kCorrupt);
  CHECK_FALSE(std::filesystem::exists(dir / "index"));

  // A snapshot of another schema version is refused with the version in the message.
  write_corpus(dir / "c", 3, "first");
  index_or_fail(dir / "c", dir / "old");
  {
    IndexLocation location(dir / "old");
    Xapian::WritableDatabase db(location.generation_path(location.live_generation()),
                                Xapian::DB_OPEN);
    db.set_metadata(schema::meta::kSchemaVersion, "1");
    db.commit();
    Xapian::Database(location.generation_path(location.live_generation()))
        .compact(dir / "old.snapshot", Xapian::DBCOMPACT_SINGLE_FILE);
  }
  index_or_fail(dir / "c", dir / "index");
  Result<SnapshotReport> old = restore_snapshot(dir / "old.snapshot", dir / "index");
  REQUIRE_FALSE(old.ok());
  CHECK(old.error().code == ErrorCode::kIndexVersion);
  // A writer holding the index: kLocked, and the live generation is untouched.
  REQUIRE(write_snapshot(dir / "index", dir / "good.snapshot").ok());
  {
    Result<WriterLock> held = WriterLock::acquire(dir / "index");
    REQUIRE(held.ok());
    Result<SnapshotReport> locked = restore_snapshot(dir / "good.snapshot", dir / "index");
    REQUIRE_FALSE(locked.ok());
    CHECK(locked.error().code == ErrorCode::kLocked);
  }
  CHECK(IndexLocation(dir / "index").live_generation() == 1);
}
