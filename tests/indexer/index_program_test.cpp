// kestrel-index as cron and operators run it: the JSON summary, exit statuses, --strict, --check
// and --stats, through the program rather than the library.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace kestrel::testing;
using nlohmann::json;

namespace {

// kestrel-index with `args`; stdout only, as a cron job would log it.
Ran run_index(const std::string& args) {
  return run_program("kestrel-index", args + " 2>/dev/null");
}

std::string paths(const TempDir& dir) {
  return "--corpus " + (dir / "corpus") + " --index " + (dir / "index") + " --taxonomy " +
         clinic_corpus() + "/taxonomy.yaml";
}

}  // namespace

TEST_CASE("index program: --json summary parses - exit statuses 0 and 1 - --strict writes nothing",
          "[indexer]") {
  TempDir dir;
  write_file(dir / "corpus/a.md",
             article("title: Ketamine and PTSD\n", "Ketamine infusions for PTSD."));
  write_file(dir / "corpus/b.md", article("title: Ketamine and OCD\n", "Ketamine for OCD."));

  Ran first = run_index(paths(dir) + " --json");
  REQUIRE(first.status == 0);
  json summary = json::parse(first.out);
  CHECK(summary["added"] == 2);
  CHECK(summary["rejected"] == 0);
  CHECK(summary["wrote"] == true);
  for (const char* key : {"revision", "updated", "removed", "unchanged", "documents", "seconds",
                          "documents_per_second"}) {
    CHECK(summary.contains(key));
  }

  Ran again = run_index(paths(dir) + " --json");
  REQUIRE(again.status == 0);
  json unchanged = json::parse(again.out);
  CHECK(unchanged["unchanged"] == 2);
  CHECK(unchanged["wrote"] == false);
  CHECK(unchanged["revision"] == summary["revision"]);

  // A broken article: --strict fails (2) and leaves the index as it was...
  write_file(dir / "corpus/c.md", "---\ntitle: [unclosed\n---\nbody\n");
  write_file(dir / "corpus/b.md",
             article("title: Ketamine and OCD, revised\n", "Ketamine for OCD, revised."));
  Ran strict = run_index(paths(dir) + " --json --strict");
  CHECK(strict.status == 2);
  CHECK(json::parse(strict.out).contains("error"));
  Ran stats = run_index("--index " + (dir / "index") + " --stats --json");
  REQUIRE(stats.status == 0);
  CHECK(json::parse(stats.out)["revision"] == summary["revision"]);

  // ...without it the others are indexed (1) and the broken one is named.
  Ran lenient = run_index(paths(dir) + " --json");
  CHECK(lenient.status == 1);
  json partial = json::parse(lenient.out);
  CHECK(partial["updated"] == 1);
  CHECK(partial["rejected"] == 1);
  REQUIRE(partial["rejections"].size() == 1);
  CHECK(partial["rejections"][0].get<std::string>().find("c.md") != std::string::npos);

  // --check reads everything and writes nothing.
  write_file(dir / "corpus/d.md",
             article("title: Ketamine and anxiety\n", "Ketamine for anxiety."));
  Ran check = run_index(paths(dir) + " --check --json");
  CHECK(check.status == 1);
  Ran after_check = run_index("--index " + (dir / "index") + " --stats --json");
  CHECK(json::parse(after_check.out)["documents"] == 2);
}

TEST_CASE("index program: PDFs beside Markdown - the bad ones named with their reason, exit 1",
          "[indexer][pdf]") {
  TempDir dir;
  write_file(dir / "corpus/a.md", article("title: Ketamine and PTSD\n", "Ketamine for PTSD."));
  make_pdf(dir / "corpus/trial.pdf", "--title 'A ketamine trial' --page 'One.' --page 'Two.'");
  write_file(dir / "corpus/trial.pdf.yaml", "conditions: [PTSD]\n");
  make_pdf(dir / "corpus/locked.pdf", "--page 'secret' --encrypt");
  make_pdf(dir / "corpus/scan.pdf", "--image-only --page x");
  Ran ran = run_index(paths(dir) + " --json");
  CHECK(ran.status == 1);
  json summary = json::parse(ran.out);
  CHECK(summary["added"] == 2);
  CHECK(summary["rejected"] == 2);
  std::string rejections = summary["rejections"].dump();
  CHECK(rejections.find("locked.pdf: encrypted PDF") != std::string::npos);
  CHECK(rejections.find("scan.pdf: no text in the PDF") != std::string::npos);
  // The sidecar is metadata, not an article of its own.
  CHECK(rejections.find("yaml") == std::string::npos);
  Ran stats = run_index("--index " + (dir / "index") + " --stats --json");
  CHECK(json::parse(stats.out)["documents"] == 2);
}

TEST_CASE("index program: usage errors exit 2 - a held lock exits 3", "[indexer]") {
  TempDir dir;
  write_file(dir / "corpus/a.md", article("title: Ketamine\n", "Ketamine."));
  CHECK(run_index(paths(dir) + " --no-such-option").status == 2);
  CHECK(run_index("--corpus " + (dir / "missing") + " --index " + (dir / "index")).status == 2);
  REQUIRE(run_index(paths(dir)).status == 0);

  // Another writer holds the lock: refused at once, nothing touched.
  int lock = open((dir / "index/.lock").c_str(), O_RDWR | O_CREAT, 0644);
  REQUIRE(lock >= 0);
  REQUIRE(flock(lock, LOCK_EX | LOCK_NB) == 0);
  write_file(dir / "corpus/b.md", article("title: Ketamine again\n", "More ketamine."));
  CHECK(run_index(paths(dir)).status == 3);
  close(lock);
  Ran stats = run_index("--index " + (dir / "index") + " --stats --json");
  CHECK(json::parse(stats.out)["documents"] == 1);
}

TEST_CASE("index program: --snapshot and --restore - with their summaries and exit statuses",
          "[indexer][snapshot]") {
  TempDir dir;
  write_file(dir / "corpus/a.md", article("title: Ketamine\n", "Ketamine."));
  REQUIRE(run_index(paths(dir)).status == 0);
  Ran snapshot =
      run_index("--index " + (dir / "index") + " --snapshot " + (dir / "i.snap") + " --json");
  REQUIRE(snapshot.status == 0);
  json written = json::parse(snapshot.out);
  CHECK(written["documents"] == 1);
  CHECK(written["snapshot"] == dir / "i.snap");
  Ran restore = run_index("--index " + (dir / "copy") + " --restore " + (dir / "i.snap"));
  REQUIRE(restore.status == 0);
  CHECK_THAT(restore.out, Catch::Contains("published from " + (dir / "i.snap") + ": 1 documents"));
  Ran stats = run_index("--index " + (dir / "copy") + " --stats --json");
  CHECK(json::parse(stats.out)["documents"] == 1);
  // No index to copy: 2, as a missing corpus; not a snapshot: 4; both options at once: 2.
  CHECK(run_index("--index " + (dir / "none") + " --snapshot " + (dir / "n.snap")).status == 2);
  write_file(dir / "bad.snap", "garbage");
  CHECK(run_index("--index " + (dir / "copy") + " --restore " + (dir / "bad.snap")).status == 4);
  CHECK(run_index("--index " + (dir / "copy") + " --snapshot x --restore y").status == 2);
}
