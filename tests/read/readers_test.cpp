// Reading articles: front matter, Markdown, plain text, HTML and JSON Lines, and bad input.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <map>

#include "kestrel/article.h"
#include "kestrel/utf8.h"
#include "read/jsonl_reader.h"
#include "test_support.h"

using namespace kestrel;
using kestrel::testing::TempDir;
using kestrel::testing::write_file;

namespace {

struct Collected {
  std::vector<Article> articles;
  std::vector<Error> rejected;
};

Collected read(const std::vector<std::string>& paths) {
  Collected out;
  Status status = read_corpus(
      paths, ReadCallbacks{.on_article = [&](Article&& a) { out.articles.push_back(std::move(a)); },
                           .on_rejected = [&](const Error& e) { out.rejected.push_back(e); }});
  REQUIRE(status.ok());
  return out;
}

}  // namespace

TEST_CASE("readers: Markdown front matter gives every field and a plain-text body", "[readers]") {
  auto a = parse_markdown_article(
      "---\nid: ptsd-trial\ntitle: \"Ketamine: a trial\"\nsource: PubMed\nurl: "
      "https://example.org/a\n"
      "published: 2021-03-04\nauthors: [A. Feder, B. Smith]\nconditions: [PTSD]\nroutes: IV\n"
      "journal: Am J Psychiatry\ndoi: 10.1176/appi.ajp.2020.20050596\nvolume: 178\npages: 193-202\n"
      "---\n"
      "# Heading\n\nSome **bold** text with a [link](https://x.org) &amp; an entity.\n",
      "corpus/a.md");
  REQUIRE(a.ok());
  CHECK(a->id == "ptsd-trial");
  CHECK(a->title == "Ketamine: a trial");
  CHECK(a->source == "PubMed");
  CHECK(a->published == "2021-03-04");
  CHECK(a->authors == std::vector<std::string>{"A. Feder", "B. Smith"});
  CHECK(a->conditions == std::vector<std::string>{"PTSD"});
  CHECK(a->routes == std::vector<std::string>{"IV"});
  CHECK(a->journal == "Am J Psychiatry");
  CHECK(a->doi == "10.1176/appi.ajp.2020.20050596");
  CHECK(a->volume == "178");
  CHECK(a->pages == "193-202");
  CHECK(a->body == "Heading\n\nSome bold text with a link & an entity.");
}

TEST_CASE("readers: front matter errors name the file and line", "[readers]") {
  struct Row {
    const char* text;
    const char* expected;
  };
  const Row table[] = {
      {"---\ntitle: T\ncolour: red\n---\nbody", "a.md:3: front matter: unknown key 'colour'"},
      {"---\ntitle: T\npublished: 2014-13-01\n---\nbody",
       "a.md:3: front matter: 'published' is not a date (YYYY-MM-DD): '2014-13-01'"},
      {"---\ntitle: T\nurl: javascript:alert(1)\n---\nbody",
       "a.md:3: front matter: 'url' must start with http:// or https://"},
      {"---\ntitle: T\nbody without a closing line", "a.md:1: front matter: no closing '---' line"},
      {"---\ntitle: [unclosed\n---\nbody", "a.md:"},
      {"---\nid: has space\ntitle: T\n---\nbody", "a.md:2: front matter: 'id' must be"},
  };
  for (const Row& row : table) {
    INFO(row.text);
    auto a = parse_markdown_article(row.text, "a.md");
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().code == ErrorCode::kParse);
    CHECK_THAT(a.error().message, Catch::StartsWith(row.expected));
  }
}

TEST_CASE("readers: defined behaviour for awkward files", "[readers]") {
  TempDir dir;
  write_file(dir / "no-front-matter.md", "My Title\n\nThe text.\n");
  write_file(dir / "title-only.txt", "Only a title\n");
  write_file(dir / "latin1.txt",
             "Caf\xE9 title\n\nna\xEFve \x93quoted\x94 text\n");  // Windows-1252
  write_file(dir / "empty.md", "");
  write_file(dir / "blank.txt", "  \n\n ");
  write_file(dir / "notes.yaml", "ignored: true\n");
  // A folder's README documents the corpus: skipped in a walk, whatever its case or extension.
  write_file(dir / "README.md", "# About this corpus\n\nNot an article.\n");
  write_file(dir / "sub/readme.txt", "Notes\n");
  // A 17 MiB file: over the per-article limit, rejected without being read into memory.
  {
    std::ofstream(dir / "huge.txt");
    std::filesystem::resize_file(dir / "huge.txt", 17u << 20);
  }

  Collected c = read({dir.path()});
  std::map<std::string, Article> by_id;
  for (auto& a : c.articles) by_id[a.id] = a;
  CHECK(by_id.size() == 3);
  CHECK(by_id["no-front-matter"].title == "My Title");
  CHECK(by_id["no-front-matter"].body == "The text.");
  CHECK(by_id["title-only"].title == "Only a title");
  CHECK(by_id["title-only"].body.empty());
  CHECK(by_id["latin1"].title == "Café title");
  CHECK(by_id["latin1"].body == "naïve \xE2\x80\x9Cquoted\xE2\x80\x9D text");
  REQUIRE(c.rejected.size() == 3);
  std::string all;
  for (auto& e : c.rejected) all += e.message + "\n";
  CHECK_THAT(all, Catch::Contains("empty.md: empty file"));
  CHECK_THAT(all, Catch::Contains("blank.txt: empty file"));
  CHECK_THAT(all, Catch::Contains("huge.txt: file is 17 MiB, larger than the 16 MiB limit"));
}

TEST_CASE("readers: HTML keeps title - description and visible text only", "[readers]") {
  TempDir dir;
  write_file(
      dir / "page.html",
      "<html><head><title>Ketamine &amp; PTSD</title><meta name=\"description\" content=\"A "
      "summary.\">"
      "<style>body{}</style><script>var secret = 1;</script></head><body><nav>Home | About</nav>"
      "<h1>Heading</h1><p>Visible <b>text</b>.</p><footer>Copyright</footer></body></html>");
  Collected c = read({dir / "page.html"});
  REQUIRE(c.articles.size() == 1);
  CHECK(c.articles[0].title == "Ketamine & PTSD");
  CHECK(c.articles[0].body == "A summary.\n\nHeading\n\nVisible text.");
}

TEST_CASE("readers: JSON Lines - plain and gzipped - with bad lines named", "[readers]") {
  TempDir dir;
  std::string lines =
      "{\"id\": \"a1\", \"title\": \"First\", \"text\": \"Body one.\", \"source\": \"NLM\", "
      "\"conditions\": [\"PTSD\"]}\n"
      "not json\n"
      "{\"id\": \"a2\", \"title\": \"\", \"text\": \"No title here. Second sentence.\"}\n"
      "{\"id\": \"a3\", \"colour\": \"red\", \"text\": \"x\"}\n"
      "\n";
  write_file(dir / "c.jsonl", lines);
  gzFile gz = gzopen((dir / "c.jsonl.gz").c_str(), "wb");
  gzwrite(gz, lines.data(), static_cast<unsigned>(lines.size()));
  gzclose(gz);
  for (const std::string& file : {dir / "c.jsonl", dir / "c.jsonl.gz"}) {
    INFO(file);
    Collected c = read({file});
    REQUIRE(c.articles.size() == 2);
    CHECK(c.articles[0].id == "a1");
    CHECK(c.articles[0].source == "NLM");
    CHECK(c.articles[1].title == "No title here");
    REQUIRE(c.rejected.size() == 2);
    CHECK(c.rejected[0].message == file + ":2: not valid JSON");
    CHECK(c.rejected[1].message == file + ":4: unknown key 'colour'");
  }
}

TEST_CASE("readers: a truncated gzip collection keeps what was read and says so", "[readers]") {
  TempDir dir;
  std::string lines;
  for (int i = 0; i < 2000; ++i)
    lines += "{\"id\": \"d" + std::to_string(i) + "\", \"text\": \"word " + std::to_string(i) +
             " text\"}\n";
  gzFile gz = gzopen((dir / "t.jsonl.gz").c_str(), "wb");
  gzwrite(gz, lines.data(), static_cast<unsigned>(lines.size()));
  gzclose(gz);
  std::filesystem::resize_file(dir / "t.jsonl.gz",
                               std::filesystem::file_size(dir / "t.jsonl.gz") / 2);
  Collected c = read({dir / "t.jsonl.gz"});
  CHECK(c.articles.size() > 0);
  CHECK(c.articles.size() < 2000);
  REQUIRE_FALSE(c.rejected.empty());
  CHECK_THAT(c.rejected.back().message, Catch::Contains("truncated or corrupt compressed data"));
}

TEST_CASE("readers: a missing path fails - an unreadable directory and a symlink loop are survived",
          "[readers]") {
  TempDir dir;
  Status missing = read_corpus({dir / "nope"}, ReadCallbacks{});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);

  write_file(dir / "ok/a.txt", "A title\n\nText.\n");
  std::filesystem::create_directory_symlink(dir.path(), dir / "ok/loop");
  Collected c = read({dir.path()});
  CHECK(c.articles.size() == 1);
}

TEST_CASE("readers: the clinic corpus reads cleanly: 17 articles - each with a title and text",
          "[readers]") {
  Collected c = read({kestrel::testing::clinic_corpus()});
  CHECK(c.rejected.empty());
  REQUIRE(c.articles.size() == 17);
  for (const auto& a : c.articles) {
    INFO(a.origin);
    CHECK_FALSE(a.title.empty());
    CHECK(a.body.size() > 100);
    CHECK(a.title.find("Source:") == std::string::npos);
  }
}

TEST_CASE("readers: input progress climbs to the total size of the files read", "[readers]") {
  TempDir dir;
  std::string lines;
  for (int i = 0; i < 1000; ++i)
    lines += R"({"id": "p)" + std::to_string(i) +
             R"(", "text": "passage text"})"
             "\n";
  write_file(dir / "a.jsonl", lines);
  write_file(dir / "b.md", "---\ntitle: B\n---\nbody\n");
  uint64_t expected_total = lines.size() + std::string("---\ntitle: B\n---\nbody\n").size();
  std::vector<std::pair<uint64_t, uint64_t>> reports;
  Status status = read_corpus(
      {dir.path()}, ReadCallbacks{.on_input_progress = [&](uint64_t done, uint64_t total) {
        reports.emplace_back(done, total);
      }});
  REQUIRE(status.ok());
  REQUIRE(reports.size() >= 3);  // inside the JSON Lines file, and after each file
  for (size_t i = 1; i < reports.size(); ++i) CHECK(reports[i].first >= reports[i - 1].first);
  CHECK(reports.front().first < expected_total);
  CHECK(reports.back() == std::make_pair(expected_total, expected_total));
}

TEST_CASE("readers: JSON Lines and front matter share the field rules", "[readers]") {
  struct Row {
    const char* front_matter;  // a Markdown article's front matter lines
    const char* json;          // the same declaration as a JSON Lines object
    const char* reason;        // the message after "where: " ("" for accepted)
  };
  const Row table[] = {
      {"published: 2014-13-01\n", R"j({"published": "2014-13-01"})j",
       "'published' is not a date (YYYY-MM-DD): '2014-13-01'"},
      {"published: 2023-02-29\n", R"j({"published": "2023-02-29"})j",
       "'published' is not a date (YYYY-MM-DD): '2023-02-29'"},
      {"published: 2024-02-29\n", R"j({"published": "2024-02-29"})j", ""},
      {"id: has space\n", R"j({"id": "has space"})j",
       "'id' must be letters, digits and . _ ~ : # - (at most 200), not 'has space'"},
      {"id: -leading\n", R"j({"id": "-leading"})j", "'id' must be letters"},
      {"id: PMC-12.x_y\n", R"j({"id": "PMC-12.x_y"})j", ""},
      {"url: javascript:alert(1)\n", R"j({"url": "javascript:alert(1)"})j",
       "'url' must start with http:// or https://"},
      {"url: https://example.org/a\n", R"j({"url": "https://example.org/a"})j", ""},
      {"doi: 10.1176/appi.ajp.2020.20050596\n", R"j({"doi": "10.1176/appi.ajp.2020.20050596"})j",
       ""},
      {"doi: https://doi.org/10.1176/x\n", R"j({"doi": "https://doi.org/10.1176/x"})j",
       "'doi' must be a DOI as \"10.1234/abc\" (without https://doi.org/)"},
      {"doi: 10.abc/x\n", R"j({"doi": "10.abc/x"})j", "'doi' must be a DOI"},
      {"doi: 10.1176/\n", R"j({"doi": "10.1176/"})j", "'doi' must be a DOI"},
      {"journal: Am J Psychiatry\nvolume: 178\npages: 193-202\n",
       R"j({"journal": "Am J Psychiatry", "volume": "178", "pages": "193-202"})j", ""},
      {"colour: red\n", R"j({"colour": "red"})j", "unknown key 'colour'"},
  };
  for (const Row& row : table) {
    INFO(row.json);
    auto markdown = parse_markdown_article(
        std::string("---\ntitle: T\n") + row.front_matter + "---\nbody", "a.md");
    auto json = parse_json_line(std::string(row.json).insert(1, R"("title": "T", )"), "c.jsonl", 7);
    if (std::string(row.reason).empty()) {
      CHECK(markdown.ok());
      CHECK(json.ok());
      continue;
    }
    REQUIRE_FALSE(markdown.ok());
    REQUIRE_FALSE(json.ok());
    CHECK_THAT(markdown.error().message,
               Catch::StartsWith(std::string("a.md:3: front matter: ") + row.reason));
    CHECK_THAT(json.error().message, Catch::StartsWith(std::string("c.jsonl:7: ") + row.reason));
  }
}

TEST_CASE("readers: UTF-8 is cut only where a character starts", "[readers]") {
  // a (1 byte), é (2), € (3), 😀 (4), b (1): characters start at 0, 1, 3, 6 and 10.
  const std::string text =
      "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
      "b";
  REQUIRE(is_valid_utf8(text));
  struct Row {
    size_t position, cut;
  };
  const Row table[] = {{0, 0}, {1, 1}, {2, 1}, {3, 3},   {4, 3},   {5, 3},
                       {6, 6}, {7, 6}, {9, 6}, {10, 10}, {11, 11}, {50, 11}};
  for (const Row& row : table) {
    INFO("position " << row.position);
    CHECK(utf8_cut_point(text, row.position) == row.cut);
    CHECK(is_valid_utf8(text.substr(0, utf8_cut_point(text, row.position))));
  }
  CHECK_FALSE(is_valid_utf8(text.substr(0, 2)));  // what a cut by bytes would leave
  CHECK(std::count_if(text.begin(), text.end(), [](char c) { return !is_utf8_continuation(c); }) ==
        5);
}
