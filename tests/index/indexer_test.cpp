// The indexer: incremental updates, idempotence, one writer, version checks, atomic publishing.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <random>

#include "index/index_location.h"
#include "index/schema.h"
#include "kestrel/searcher.h"
#include "test_support.h"

using namespace kestrel;
using namespace kestrel::testing;

namespace {

std::string note(const std::string& id, const std::string& title, const std::string& body) {
  return article("id: " + id + "\ntitle: " + title + "\n", body);
}

uint64_t total_for(const std::string& index, const std::string& query) {
  auto searcher = Searcher::open(index);
  REQUIRE(searcher.ok());
  SearchRequest request;
  request.query = query;
  auto result = searcher->search(request);
  REQUIRE(result.ok());
  return result->total;
}

}  // namespace

TEST_CASE("indexer: the clinic corpus indexes with its facets", "[indexer]") {
  TempDir dir;
  IndexReport report = index_or_fail(clinic_corpus(), dir / "index");
  CHECK(report.added == 17);
  CHECK(report.rejected.empty());
  auto stats = index_stats(dir / "index");
  REQUIRE(stats.ok());
  CHECK(stats->documents == 17);
  std::map<std::string, std::map<std::string, uint64_t>> facets;
  for (auto& [name, counts] : stats->facets)
    for (auto& c : counts) facets[name][c.value] = c.count;
  CHECK(facets["condition"]["PTSD"] >= 3);
  CHECK(facets["condition"]["OCD"] == 2);
  // Parents include their children: every social anxiety article is an anxiety disorders one.
  CHECK(facets["condition"]["anxiety disorders"] >= facets["condition"]["social anxiety disorder"]);
  CHECK(facets["source"]["National Library of Medicine"] == 6);
  CHECK(facets["route"]["intravenous"] >= 4);
}

TEST_CASE("indexer: incremental add - change and delete - an unchanged re-run writes nothing",
          "[indexer]") {
  TempDir dir;
  write_file(dir / "c/a.md", note("a", "Alpha", "ketamine alpha text"));
  write_file(dir / "c/b.md", note("b", "Beta", "ketamine beta text"));
  IndexReport first = index_or_fail(dir / "c", dir / "index");
  CHECK(first.added == 2);

  IndexReport again = index_or_fail(dir / "c", dir / "index");
  CHECK(again.unchanged == 2);
  CHECK_FALSE(again.wrote);
  CHECK(again.revision == first.revision);

  write_file(dir / "c/b.md", note("b", "Beta", "ketamine gamma text"));
  write_file(dir / "c/d.md", note("d", "Delta", "ketamine delta text"));
  std::filesystem::remove(dir / "c/a.md");
  IndexReport changed = index_or_fail(dir / "c", dir / "index");
  CHECK(changed.added == 1);
  CHECK(changed.updated == 1);
  CHECK(changed.removed == 1);
  CHECK(changed.unchanged == 0);
  CHECK(changed.documents == 2);
  CHECK(total_for(dir / "index", "gamma") == 1);
  CHECK(total_for(dir / "index", "beta") == 1);  // the title still says Beta
  CHECK(total_for(dir / "index", "alpha") == 0);
}

TEST_CASE("indexer: the titles' summed length follows adds, changes and removals as a rebuild's",
          "[indexer]") {
  // The title field's mean length (search/title_field.h) comes from this sum, written at every
  // change: an incremental run must leave what a rebuild of the same corpus writes.
  auto total = [](const std::string& index) {
    return Xapian::Database(index).get_metadata(schema::meta::kTitleLengthTotal);
  };
  TempDir dir;
  write_file(dir / "c/a.md", note("a", "Alpha", "ketamine alpha text"));
  write_file(dir / "c/b.md", note("b", "Beta Two", "ketamine beta text"));
  index_or_fail(dir / "c", dir / "index");
  CHECK(total(dir / "index") == "3");
  write_file(dir / "c/b.md", note("b", "Beta Two Three", "ketamine beta text"));
  write_file(dir / "c/d.md", note("d", "Delta", "ketamine delta text"));
  std::filesystem::remove(dir / "c/a.md");
  IndexReport changed = index_or_fail(dir / "c", dir / "index");
  CHECK(changed.added + changed.updated + changed.removed == 3);
  CHECK(total(dir / "index") == "4");
  index_or_fail(dir / "c", dir / "rebuilt");
  CHECK(total(dir / "rebuilt") == "4");
}

TEST_CASE("indexer: a rejected article does not stop the others - and its old version is kept",
          "[indexer]") {
  TempDir dir;
  write_file(dir / "c/a.md", note("a", "Alpha", "alpha text"));
  write_file(dir / "c/b.md", note("b", "Beta", "beta text"));
  index_or_fail(dir / "c", dir / "index");
  write_file(dir / "c/a.md", "---\ntitle: Alpha\nbogus: 1\n---\nalpha edited");
  write_file(dir / "c/c.md", note("c", "Gamma", "gamma text"));
  IndexReport report = index_or_fail(dir / "c", dir / "index");
  REQUIRE(report.rejected.size() == 1);
  CHECK_THAT(report.rejected[0].message,
             Catch::Contains("a.md:3: front matter: unknown key 'bogus'"));
  CHECK(report.added == 1);
  CHECK(report.removed == 0);  // a.md is broken, not gone
  CHECK(total_for(dir / "index", "alpha") == 1);

  SECTION("--strict fails and writes nothing") {
    write_file(dir / "c/d.md", note("d", "Zebrafish", "zebrafish text"));
    IndexOptions options;
    options.corpus_paths = {dir / "c"};
    options.index_dir = dir / "index";
    options.strict = true;
    auto strict = update_index(options);
    REQUIRE_FALSE(strict.ok());
    CHECK(strict.error().code == ErrorCode::kInvalidArgument);
    CHECK(total_for(dir / "index", "zebrafish") == 0);
  }
}

TEST_CASE("indexer: duplicate ids are rejected naming both files", "[indexer]") {
  TempDir dir;
  write_file(dir / "c/a.md", note("same", "Alpha", "alpha"));
  write_file(dir / "c/b.md", note("same", "Beta", "beta"));
  IndexReport report = index_or_fail(dir / "c", dir / "index");
  CHECK(report.added == 1);
  REQUIRE(report.rejected.size() == 1);
  CHECK_THAT(report.rejected[0].message,
             Catch::Contains("duplicate id 'same'") && Catch::Contains("a.md"));
}

TEST_CASE("indexer: a second writer is refused at once and touches nothing", "[indexer]") {
  TempDir dir;
  write_file(dir / "c/a.md", note("a", "Alpha", "alpha"));
  auto lock = WriterLock::acquire(dir / "index");
  REQUIRE(lock.ok());
  IndexOptions options;
  options.corpus_paths = {dir / "c"};
  options.index_dir = dir / "index";
  auto report = update_index(options);
  REQUIRE_FALSE(report.ok());
  CHECK(report.error().code == ErrorCode::kLocked);
  CHECK(IndexLocation(dir / "index").live_generation() == 0);
}

TEST_CASE("indexer: an index of another schema version is refused with the fix", "[indexer]") {
  TempDir dir;
  write_file(dir / "c/a.md", note("a", "Alpha", "alpha"));
  index_or_fail(dir / "c", dir / "index");
  IndexLocation location(dir / "index");
  {
    Xapian::WritableDatabase db(location.generation_path(location.live_generation()),
                                Xapian::DB_OPEN);
    db.set_metadata(schema::meta::kSchemaVersion, "0");
    db.commit();
  }
  IndexOptions options;
  options.corpus_paths = {dir / "c"};
  options.index_dir = dir / "index";
  auto report = update_index(options);
  REQUIRE_FALSE(report.ok());
  CHECK(report.error().code == ErrorCode::kIndexVersion);
  CHECK_THAT(report.error().message, Catch::Contains("kestrel-index --rebuild"));
  auto searcher = Searcher::open(dir / "index");
  REQUIRE_FALSE(searcher.ok());
  CHECK(searcher.error().code == ErrorCode::kIndexVersion);
  options.rebuild = true;
  CHECK(update_index(options).ok());
  CHECK(Searcher::open(dir / "index").ok());
}

TEST_CASE("indexer: a reader opened before a rebuild keeps answering - then sees the new revision",
          "[indexer]") {
  TempDir dir;
  write_file(dir / "c/a.md", note("a", "Alpha", "ketamine alpha"));
  index_or_fail(dir / "c", dir / "index");
  auto reader = Searcher::open(dir / "index");
  REQUIRE(reader.ok());
  std::string before = reader->info().revision;

  write_file(dir / "c/b.md", note("b", "Beta", "ketamine beta"));
  index_or_fail(dir / "c", dir / "index", /*rebuild=*/true);
  index_or_fail(dir / "c", dir / "index", /*rebuild=*/true);  // two generations on

  SearchRequest request;
  request.query = "ketamine";
  auto old_result = reader->search(request);
  REQUIRE(old_result.ok());
  CHECK(old_result->total == 1);
  auto switched = reader->refresh();
  REQUIRE(switched.ok());
  CHECK(*switched);
  CHECK(reader->info().revision != before);
  auto new_result = reader->search(request);
  REQUIRE(new_result.ok());
  CHECK(new_result->total == 2);
  CHECK_FALSE(*reader->refresh());
}

TEST_CASE("indexer: killed with SIGKILL at random points - the index stays at a whole revision",
          "[indexer][hardening]") {
  TempDir dir;
  for (int i = 0; i < 400; ++i) {
    write_file(dir / ("c/a" + std::to_string(i) + ".md"),
               note("a" + std::to_string(i), "Article " + std::to_string(i),
                    "ketamine infusion study number " + std::to_string(i) + std::string(2000, ' ') +
                        "padding words here"));
  }
  index_or_fail(dir / "c", dir / "index");
  CHECK(total_for(dir / "index", "ketamine") == 400);
  std::mt19937 random(42);
  for (int trial = 0; trial < 5; ++trial) {
    // Change every article, then kill the indexer somewhere in the middle of writing them.
    for (int i = 0; i < 400; ++i) {
      write_file(dir / ("c/a" + std::to_string(i) + ".md"),
                 note("a" + std::to_string(i), "Article " + std::to_string(i),
                      "ketamine trial" + std::to_string(trial) + " edit"));
    }
    pid_t child = fork();
    if (child == 0) {
      IndexOptions options;
      options.corpus_paths = {dir / "c"};
      options.index_dir = dir / "index";
      options.rebuild = trial % 2 == 1;
      _exit(update_index(options).ok() ? 0 : 1);
    }
    usleep(std::uniform_int_distribution<int>(1000, 60000)(random));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    // Whatever was interrupted, a reader sees all 400 articles of one revision or the other.
    uint64_t old_version = total_for(dir / "index", "trial" + std::to_string(trial - 1)) +
                           (trial == 0 ? total_for(dir / "index", "padding") : 0);
    uint64_t new_version = total_for(dir / "index", "trial" + std::to_string(trial));
    INFO("trial " << trial << ": old " << old_version << ", new " << new_version);
    CHECK(((old_version == 400 && new_version == 0) || (old_version == 0 && new_version == 400)));
    // And the next run completes.
    IndexReport next = index_or_fail(dir / "c", dir / "index");
    CHECK(next.documents == 400);
    CHECK(total_for(dir / "index", "trial" + std::to_string(trial)) == 400);
  }
}

TEST_CASE(
    "indexer: a full disk fails the run with a clear message - the published index is untouched",
    "[indexer][hardening]") {
  // A file-size limit makes every write past it fail with EFBIG, as a full disk fails with
  // ENOSPC, without needing a small file system: the same code paths, in an unprivileged test.
  TempDir dir;
  for (int i = 0; i < 50; ++i) {
    write_file(dir / ("c/a" + std::to_string(i) + ".md"),
               note("a" + std::to_string(i), "Article " + std::to_string(i), "ketamine first"));
  }
  index_or_fail(dir / "c", dir / "index");
  // Incompressible text (random words), so the index cannot fit under the limit.
  std::mt19937 random(7);
  for (int i = 0; i < 300; ++i) {
    std::string words;
    for (int w = 0; w < 700; ++w) {
      for (int c = 0; c < 6; ++c) words += static_cast<char>('a' + random() % 26);
      words += ' ';
    }
    write_file(
        dir / ("c/a" + std::to_string(i) + ".md"),
        note("a" + std::to_string(i), "Article " + std::to_string(i), "ketamine second " + words));
  }
  for (bool rebuild : {false, true}) {
    int pipe_fds[2];
    REQUIRE(pipe(pipe_fds) == 0);
    std::string program = std::string(KESTREL_BINARY_DIR) + "/bin/kestrel-index";
    std::string corpus = dir / "c", index = dir / "index";
    std::vector<char*> argv{program.data(), const_cast<char*>("--corpus"), corpus.data(),
                            const_cast<char*>("--index"), index.data()};
    if (rebuild) argv.push_back(const_cast<char*>("--rebuild"));
    argv.push_back(nullptr);
    pid_t child = fork();
    if (child == 0) {
      dup2(pipe_fds[1], STDERR_FILENO);
      close(pipe_fds[0]);
      signal(SIGXFSZ, SIG_IGN);  // writes past the limit then fail with EFBIG instead of killing
      rlimit limit{256 * 1024, 256 * 1024};
      setrlimit(RLIMIT_FSIZE, &limit);
      execv(program.c_str(), argv.data());
      _exit(127);
    }
    close(pipe_fds[1]);
    std::string output;
    char buffer[4096];
    for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
      output.append(buffer, static_cast<size_t>(n));
    close(pipe_fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    INFO("rebuild " << rebuild << ": " << output);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 4);  // the documented status for an I/O failure
    CHECK(output.find("kestrel-index: ") != std::string::npos);
    CHECK(output.find("File too large") != std::string::npos);  // the system's reason is passed on
    CHECK(std::count(output.begin(), output.end(), '\n') <= 3);
    // Readers still see the whole first revision.
    CHECK(total_for(dir / "index", "first") == 50);
    CHECK(total_for(dir / "index", "second") == 0);
  }
  // With room again, the next run completes.
  IndexReport next = index_or_fail(dir / "c", dir / "index");
  CHECK(next.documents == 300);
  CHECK(total_for(dir / "index", "second") == 300);
}

TEST_CASE(
    "indexer: a source the taxonomy lacks is a new facet value with a warning - a condition is "
    "checked",
    "[indexer]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "c");
  std::filesystem::copy_file(clinic_corpus() + "/taxonomy.yaml", dir / "c/taxonomy.yaml");
  write_file(dir / "c/a.md",
             article("title: Ketamine A\nsource: BMJ Open\n", "Ketamine and depression."));
  write_file(dir / "c/b.md",
             article("title: Ketamine B\nsource: BMJ Open\n", "Ketamine and anxiety."));
  write_file(dir / "c/c.md", article("title: Ketamine C\nconditions: [PTDS]\n", "Ketamine."));
  write_file(dir / "c/d.md", article("title: Ketamine D\nroutes: [intranasl]\n", "Ketamine."));
  write_file(dir / "c/e.md", article("title: Ketamine E\nconditions: [gout]\n", "Ketamine."));
  IndexOptions options;
  options.corpus_paths = {dir / "c"};
  options.index_dir = dir / "index";
  auto report = update_index(options);
  REQUIRE(report.ok());
  CHECK(report->added == 2);
  REQUIRE(report->warnings.size() == 1);
  CHECK(report->warnings[0] ==
        "new source 'BMJ Open' (not in the taxonomy): 2 articles, first in " + dir / "c/a.md");
  REQUIRE(report->rejected.size() == 3);
  std::string all;
  for (const auto& e : report->rejected) all += e.message + "\n";
  CHECK_THAT(
      all, Catch::Contains("c.md: condition 'PTDS' is not in the taxonomy (did you mean 'PTSD'?)"));
  CHECK_THAT(all,
             Catch::Contains(
                 "d.md: route 'intranasl' is not in the taxonomy (did you mean 'intranasal'?)"));
  CHECK_THAT(all,
             Catch::Contains("e.md: condition 'gout' is not in the taxonomy\n"));  // nothing near
  auto stats = index_stats(dir / "index");
  REQUIRE(stats.ok());
  for (auto& [name, counts] : stats->facets) {
    if (name != "source") continue;
    REQUIRE(counts.size() == 1);
    CHECK(counts[0].value == "BMJ Open");
    CHECK(counts[0].count == 2);
  }
}

TEST_CASE("indexer: a rebuild numbers documents alike every time - equal scores keep their order",
          "[indexer]") {
  // Forty articles with the same title and text score alike, and Xapian orders equal scores by
  // docid. Article k of the reading order goes to shard k mod threads, and the shards are
  // compacted in turn: with two threads the even articles come first, then the odd ones, on
  // every rebuild. (From one shared queue, whichever thread was free took the next article.)
  TempDir dir;
  std::string lines;
  std::vector<std::string> evens_then_odds(40);
  for (int i = 0; i < 40; ++i) {
    std::string id = "twin-" + std::to_string(100 + i);
    lines += "{\"id\": \"" + id + "\", \"title\": \"Twin\", \"text\": \"identical twin words\"}\n";
    evens_then_odds[i % 2 ? 20 + i / 2 : i / 2] = id;
  }
  for (int i = 0; i < 40; ++i)
    lines += "{\"id\": \"other-" + std::to_string(i) +
             "\", \"title\": \"Other\", \"text\": "
             "\"unrelated text\"}\n";
  write_file(dir / "c/all.jsonl", lines);
  for (int rebuild = 0; rebuild < 5; ++rebuild) {
    INFO("rebuild " << rebuild);
    IndexOptions options;
    options.corpus_paths = {dir / "c"};
    options.index_dir = dir / "index";
    options.rebuild = true;
    options.threads = 2;
    REQUIRE(update_index(options).ok());
    auto searcher = Searcher::open(dir / "index");
    REQUIRE(searcher.ok());
    SearchRequest request;
    request.query = "identical twin";
    request.limit = 40;
    auto result = searcher->search(request);
    REQUIRE(result.ok());
    REQUIRE(result->hits.size() == 40);
    std::vector<std::string> order;
    for (const Hit& hit : result->hits) {
      CHECK(hit.score == result->hits[0].score);
      order.push_back(hit.id);
    }
    CHECK(order == evens_then_odds);
  }
}
