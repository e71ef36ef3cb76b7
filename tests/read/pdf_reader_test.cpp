// PDF articles: what is read from a PDF and its sidecar, and every kind of bad PDF rejected by
// name with its reason. The PDFs are written by tests/tools/make_pdf.py (and encrypted by qpdf).
#include "read/pdf_reader.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "test_support.h"

using namespace kestrel;
using namespace kestrel::testing;

namespace {

Result<Article> read_pdf(const TempDir& dir, const std::string& name) {
  return read_pdf_article(dir / name, dir.path());
}

}  // namespace

TEST_CASE("pdf: pages, title, authors, date and DOI from the file", "[read][pdf]") {
  TempDir dir;
  make_pdf(dir / "trial.pdf",
           "--title 'Ketamine for PTSD: a randomised controlled trial' "
           "--author 'Jane Doe, John Roe' --date 2021-03-04 "
           "--page 'Abstract. Forty-one veterans took part. doi: 10.1176/appi.ajp.2020.20050596.' "
           "--page 'Results on the second page.' --page 'Discussion on the third page.'");
  auto article = read_pdf(dir, "trial.pdf");
  REQUIRE(article.ok());
  CHECK(article->id == "trial");
  CHECK(article->title == "Ketamine for PTSD: a randomised controlled trial");
  CHECK_FALSE(article->title_from_body);
  CHECK(article->authors == std::vector<std::string>{"Jane Doe", "John Roe"});
  CHECK(article->published == "2021-03-04");
  CHECK(article->doi == "10.1176/appi.ajp.2020.20050596");
  CHECK(std::count(article->body.begin(), article->body.end(), kPageBreak) == 2);
  CHECK(article->body.find("Results on the second page.") > article->body.find(kPageBreak));
  CHECK(article->file == std::filesystem::canonical(dir / "trial.pdf").string());
}

TEST_CASE("pdf: without a title in its information, XMP's, else the first line", "[read][pdf]") {
  TempDir dir;
  make_pdf(dir / "xmp.pdf", "--xmp-title 'Esketamine spray in practice' --page 'Body text.'");
  auto xmp = read_pdf(dir, "xmp.pdf");
  REQUIRE(xmp.ok());
  CHECK(xmp->title == "Esketamine spray in practice");

  make_pdf(dir / "bare.pdf",
           "--title 'Microsoft Word - draft7.docx' --author 'Doe, Jane' "
           "--page 'Ketamine and the brain\nA first paragraph of the paper.'");
  auto bare = read_pdf(dir, "bare.pdf");
  REQUIRE(bare.ok());
  CHECK(bare->title == "Ketamine and the brain");
  CHECK(bare->title_from_body);
  CHECK(bare->authors == std::vector<std::string>{"Doe, Jane"});  // one name, not two
  CHECK(bare->doi.empty());
}

TEST_CASE("pdf: a sidecar NAME.pdf.yaml overrides and adds fields", "[read][pdf]") {
  TempDir dir;
  make_pdf(dir / "paper.pdf", "--title 'Old title' --author 'A. Author' --page 'Text.'");
  write_file(
      dir / "paper.pdf.yaml",
      "title: Ketamine in OCD\nauthors: [C. Rodriguez, H. Simpson]\n"
      "conditions: [OCD]\nstudy: randomised controlled trial\njournal: Neuropsychopharmacology\n");
  auto article = read_pdf(dir, "paper.pdf");
  REQUIRE(article.ok());
  CHECK(article->title == "Ketamine in OCD");
  CHECK(article->authors == std::vector<std::string>{"C. Rodriguez", "H. Simpson"});
  CHECK(article->conditions == std::vector<std::string>{"OCD"});
  CHECK(article->study == "randomised controlled trial");
  CHECK(article->journal == "Neuropsychopharmacology");

  write_file(dir / "paper.pdf.yaml", "title: Fine\npublished: 2021-13-01\n");
  auto bad = read_pdf(dir, "paper.pdf");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == dir / "paper.pdf.yaml" +
                                   ":2: front matter: 'published' is not a date (YYYY-MM-DD): "
                                   "'2021-13-01'");
}

TEST_CASE("pdf: bad PDFs are rejected by name with the reason - table", "[read][pdf]") {
  TempDir dir;
  struct Row {
    const char* name;
    const char* make;  // make_pdf.py options; "" writes the text below instead
    const char* reason;
  };
  const Row table[] = {
      {"encrypted.pdf", "--page 'secret' --encrypt", "encrypted PDF: it needs a password to read"},
      {"scan.pdf", "--image-only --page x --page y",
       "no text in the PDF (a scanned image?): 2 page(s)"},
      {"truncated.pdf", "--page 'cut short' --truncate",
       "damaged or truncated PDF: poppler cannot open it"},
      {"hostile.pdf", "--nested 500000", "no text in the PDF (a scanned image?): 1 page(s)"},
      {"fake.pdf", "", "not a PDF (no %PDF- header)"},
  };
  for (const Row& row : table) {
    INFO(row.name);
    if (*row.make)
      make_pdf(dir / row.name, row.make);
    else
      write_file(dir / row.name, "<html>not a PDF at all</html>");
    auto article = read_pdf(dir, row.name);
    REQUIRE_FALSE(article.ok());
    CHECK(article.error().code == ErrorCode::kParse);
    CHECK(article.error().message == dir / row.name + ": " + row.reason);
  }
}

TEST_CASE("pdf: a link to a PDF outside the corpus is refused", "[read][pdf]") {
  TempDir dir;
  make_pdf(dir / "elsewhere/secret.pdf", "--title Secret --page 'Text.'");
  std::filesystem::create_directories(dir / "corpus");
  std::filesystem::create_symlink(dir / "elsewhere/secret.pdf", dir / "corpus/link.pdf");
  auto article = read_pdf_article(dir / "corpus/link.pdf", dir / "corpus");
  REQUIRE_FALSE(article.ok());
  CHECK(article.error().message.find("a link to a file outside the corpus") != std::string::npos);
  // A link inside the corpus is fine: the file it names is the corpus's.
  std::filesystem::create_directories(dir / "corpus/papers");
  std::filesystem::copy_file(dir / "elsewhere/secret.pdf", dir / "corpus/papers/real.pdf");
  std::filesystem::create_symlink(dir / "corpus/papers/real.pdf", dir / "corpus/alias.pdf");
  auto inside = read_pdf_article(dir / "corpus/alias.pdf", dir / "corpus");
  REQUIRE(inside.ok());
  CHECK(inside->file == std::filesystem::canonical(dir / "corpus/papers/real.pdf").string());
  // A corpus folder that is gone is named as such, not taken for a link out of it.
  auto gone = read_pdf_article(dir / "corpus/alias.pdf", dir / "no-such-folder");
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().code == ErrorCode::kIo);
  CHECK(gone.error().message.rfind(dir / "no-such-folder: ", 0) == 0);
}
