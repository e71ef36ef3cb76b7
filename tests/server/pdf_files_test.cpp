// PDF articles over HTTP: a hit's page and its file's address, the file served read-only with
// ranges, and every other address under /files/ a 404 (traversal, encoded dots, symlinks, an
// article that is no PDF, a file gone).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server_fixture.h"

using namespace kestrel;
using namespace kestrel::testing;

namespace {

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The clinic's articles plus a three-page PDF trial.
struct PdfCorpus {
  TempDir dir;
  PdfCorpus() {
    std::filesystem::copy(clinic_corpus(), dir / "corpus",
                          std::filesystem::copy_options::recursive);
    make_pdf(dir / "corpus/papers/zygomatic-trial.pdf",
             "--title 'Ketamine and the zygomatic nerve: a randomised trial' --date 2022-05-01 "
             "--page 'Abstract. Ketamine was given to 30 adults.' "
             "--page 'Methods. Infusions over forty minutes.' "
             "--page 'Results. The zygomatic nerve block lasted longer with ketamine.'");
    index_or_fail(dir / "corpus", dir / "index");
  }
};

}  // namespace

TEST_CASE("pdf files: a hit says its page and its PDF's address", "[server][pdf]") {
  PdfCorpus corpus;
  TestServer server(serving(corpus.dir / "index"));
  auto client = server.client();
  auto r = client.Get("/api/search?q=zygomatic+nerve+block");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  auto hit = nlohmann::json::parse(r->body)["hits"][0];
  CHECK(hit["id"] == "zygomatic-trial");
  CHECK(hit["pdf"] == "/files/zygomatic-trial.pdf");
  CHECK(hit["page"] == 3);
  CHECK(hit["study"] == "randomised controlled trial");
  CHECK(hit["participants"] == 30);
  auto markdown = nlohmann::json::parse(client.Get("/api/search?q=ptsd")->body)["hits"][0];
  CHECK(markdown["pdf"].is_null());
  CHECK(markdown["page"].is_null());
  // The page without JavaScript links the PDF at that page.
  auto page = client.Get("/?q=zygomatic+nerve+block");
  REQUIRE(page);
  CHECK(page->body.find("<span class=\"ks-page\">p. 3</span>") != std::string::npos);
  CHECK(page->body.find("href=\"/files/zygomatic-trial.pdf#page=3\">PDF, page 3</a>") !=
        std::string::npos);
}

TEST_CASE("pdf files: the file whole and by ranges, inline, as application/pdf", "[server][pdf]") {
  PdfCorpus corpus;
  TestServer server(serving(corpus.dir / "index"));
  auto client = server.client();
  std::string file = contents(corpus.dir / "corpus/papers/zygomatic-trial.pdf");
  auto whole = client.Get("/files/zygomatic-trial.pdf");
  REQUIRE(whole);
  CHECK(whole->status == 200);
  CHECK(whole->get_header_value("Content-Type") == "application/pdf");
  CHECK(whole->get_header_value("Content-Disposition") ==
        "inline; filename=\"zygomatic-trial.pdf\"");
  CHECK(whole->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(whole->body == file);

  auto part = client.Get("/files/zygomatic-trial.pdf", {{"Range", "bytes=10-19"}});
  REQUIRE(part);
  CHECK(part->status == 206);
  CHECK(part->get_header_value("Content-Range") == "bytes 10-19/" + std::to_string(file.size()));
  CHECK(part->body == file.substr(10, 10));
  auto tail = client.Get("/files/zygomatic-trial.pdf", {{"Range", "bytes=-8"}});
  REQUIRE(tail);
  CHECK(tail->status == 206);
  CHECK(tail->body == file.substr(file.size() - 8));
  auto beyond = client.Get("/files/zygomatic-trial.pdf", {{"Range", "bytes=999999-"}});
  REQUIRE(beyond);
  CHECK(beyond->status == 416);
  CHECK(beyond->get_header_value("Content-Range") == "bytes */" + std::to_string(file.size()));
  CHECK(beyond->get_header_value_count("Content-Range") == 1);
  CHECK(beyond->body.find("range_not_satisfiable") != std::string::npos);
}

TEST_CASE("pdf files: no way out of the corpus - every other address is 404",
          "[server][pdf][hardening]") {
  PdfCorpus corpus;
  write_file(corpus.dir / "outside.pdf", "%PDF-1.4 not for the public");
  TestServer server(serving(corpus.dir / "index"));
  auto client = server.client();
  for (const char* path :
       {"/files/../../etc/passwd", "/files/..%2f..%2fetc%2fpasswd.pdf",
        "/files/%2e%2e%2f%2e%2e%2foutside.pdf", "/files/..%2Foutside.pdf",
        "/files/.%2e/outside.pdf", "/files/outside.pdf", "/files/ketamine-chronic-ptsd.pdf",
        "/files/zygomatic-trial", "/files/zygomatic-trial.PDF", "/files/zygomatic-trial.pdf/",
        "/files/zygomatic-trial.pdf.yaml", "/files/zygomatic-trial.pdf%00.txt", "/files/",
        "/files/.pdf", "/files/papers%2Fzygomatic-trial.pdf"}) {
    INFO(path);
    auto r = client.Get(path);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(r->body.find("not for the public") == std::string::npos);
    CHECK(r->body.find("root:") == std::string::npos);
  }
  // The file swapped for a symlink after indexing, or removed: not served.
  std::string pdf = corpus.dir / "corpus/papers/zygomatic-trial.pdf";
  std::filesystem::rename(pdf, corpus.dir / "moved.pdf");
  std::filesystem::create_symlink(corpus.dir / "outside.pdf", pdf);
  CHECK(client.Get("/files/zygomatic-trial.pdf")->status == 404);
  std::filesystem::remove(pdf);
  CHECK(client.Get("/files/zygomatic-trial.pdf")->status == 404);
  CHECK(client.Get("/healthz")->status == 200);
}
