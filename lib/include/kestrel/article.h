// An article as read from the corpus, and the readers that produce it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kestrel/result.h"

namespace kestrel {

struct Article {
  std::string id;  // stable slug; defaults to the file name without extension
  std::string title;
  // The source had no title and `title` is the body's first sentence: shown, but not weighted
  // as a title, since its words are already counted in the body.
  bool title_from_body = false;
  std::string body;       // plain text: Markdown and HTML are converted, no markup remains
  std::string source;     // as written; the indexer resolves it through the taxonomy
  std::string url;        // empty, or an http(s) URL
  std::string published;  // empty, or an ISO date "YYYY-MM-DD"
  std::vector<std::string> authors;
  // Where it was published, for citing it (each may be empty): the journal's name, the DOI
  // ("10.1176/appi.ajp.2020.20010018", without "https://doi.org/"), the volume and the pages.
  std::string journal, doi, volume, pages;
  std::vector<std::string> conditions;  // declared in front matter, as written
  std::vector<std::string> routes;
  // The study design ("randomised controlled trial", a taxonomy value) and the number of people
  // it studied ("41"), when declared; the indexer detects them in the text otherwise.
  std::string study, participants;
  std::string origin;  // the file it came from: "corpus/articles/x.md"
  // A PDF's canonical path, which the server serves read-only (/files/ID.pdf); empty for the
  // other kinds, whose text is the article.
  std::string file;
};

// Separates the pages of a body that has pages (a PDF's), so that a passage's page can be told
// (Snippet::page).
inline constexpr char kPageBreak = '\f';

// An article larger than this is rejected (a 50 MB "article" is a mistake, not a text to index).
inline constexpr size_t kMaxArticleBytes = 16u << 20;

// What the readers call as they go; set what you need by name (ReadCallbacks{.on_article = ...}).
struct ReadCallbacks {
  std::function<void(Article&&)> on_article = [](Article&&) {};
  // A file or line that could not be read: the message names it ("path:line: reason").
  std::function<void(const Error&)> on_rejected = [](const Error&) {};
  // A file that was read completely, with or without rejections; lets the indexer tell which
  // files' articles are known in full.
  std::function<void(const std::string& origin, bool had_rejections)> on_file_done =
      [](const std::string&, bool) {};
  // How far the reading has got, in bytes of the input files as stored (compressed bytes for
  // .gz), out of the total size of all files to read; drives a progress ETA. May be empty.
  std::function<void(uint64_t done, uint64_t total)> on_input_progress;
};

// Reads every article under `paths`: a directory (walked recursively; *.md, *.markdown, *.txt,
// *.html, *.htm, *.jsonl, *.jsonl.gz; other files, README files (README.md, readme.txt, ...)
// and directory symlinks skipped), or a file of one of those kinds. A bad file is reported through
// on_rejected and the others are still read. Fails only when a path does not exist or is of an
// unknown kind. Text that is not valid UTF-8 is read as Windows-1252, as browsers do.
Status read_corpus(const std::vector<std::string>& paths, const ReadCallbacks& callbacks);

// Reads one file of one of the kinds above; for tests and the readers' fuzzers.
Status read_article_file(const std::string& path, const ReadCallbacks& callbacks);

// Parses Markdown with optional YAML front matter, as read_corpus does for a .md file. `origin`
// names the text in messages and gives the default id.
Result<Article> parse_markdown_article(std::string_view text, const std::string& origin);

}  // namespace kestrel
