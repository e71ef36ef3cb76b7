// Walks corpus paths and hands each file to the reader for its kind.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>

#include "kestrel/article.h"
#include "read/file_bytes.h"
#include "read/html_reader.h"
#include "read/jsonl_reader.h"
#include "read/pdf_reader.h"
#include "read/reader_error.h"
#include "read/text_util.h"

namespace kestrel {
namespace {

namespace fs = std::filesystem;

enum class FileKind { kMarkdown, kText, kHtml, kJsonLines, kGzJsonLines, kPdf, kOther };

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

FileKind kind_of(const std::string& path) {
  if (ends_with(path, ".md") || ends_with(path, ".markdown")) return FileKind::kMarkdown;
  if (ends_with(path, ".txt")) return FileKind::kText;
  if (ends_with(path, ".html") || ends_with(path, ".htm")) return FileKind::kHtml;
  if (ends_with(path, ".jsonl")) return FileKind::kJsonLines;
  if (ends_with(path, ".jsonl.gz")) return FileKind::kGzJsonLines;
  if (ends_with(path, ".pdf") || ends_with(path, ".PDF")) return FileKind::kPdf;
  return FileKind::kOther;
}

// A corpus folder's README (README.md, readme.txt, ...) documents the corpus; it is no article.
bool is_readme(const fs::path& path) {
  std::string stem = path.filename().string();
  stem = stem.substr(0, stem.find('.'));
  for (char& c : stem) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return stem == "README";
}

Result<std::string> read_whole_file(const std::string& path) {
  Result<std::string> text = read_file_bytes(path, kMaxArticleBytes, "one article");
  if (text && trim(*text).empty()) return reader_error(path, "empty file");
  return text;
}

Result<Article> parse_text_article(std::string_view raw, const std::string& origin) {
  std::string text = to_utf8(raw);
  Article article;
  article.origin = origin;
  article.id = slugify(file_stem(origin));
  size_t end = 0;
  article.title = std::string(first_line(text, &end));
  article.body = tidy_whitespace(std::string_view(text).substr(end));
  if (article.title.empty()) return reader_error(origin, "no title and no text");
  return article;
}

// Turns per-file offsets into corpus-wide progress for ReadCallbacks::on_input_progress.
class InputProgress {
 public:
  InputProgress(const ReadCallbacks& callbacks, uint64_t total)
      : callbacks_(callbacks), total_(total) {}
  void in_file(uint64_t offset) const {
    if (callbacks_.on_input_progress)
      callbacks_.on_input_progress(std::min(done_ + offset, total_), total_);
  }
  void file_finished(uint64_t size) {
    done_ += size;
    in_file(0);
  }

 private:
  const ReadCallbacks& callbacks_;
  uint64_t total_;
  uint64_t done_ = 0;
};

Error not_an_article_file(const std::string& path) {
  return reader_error(
      path, "not an article file (.md, .markdown, .txt, .html, .htm, .jsonl, .jsonl.gz, .pdf)",
      ErrorCode::kInvalidArgument);
}

// A file to read, and the corpus folder it was found in (its own folder when given alone).
struct CorpusFile {
  std::string path, root;
};

std::string folder_of(const std::string& path) {
  std::string parent = fs::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

// One file of a kind that holds one article.
Result<Article> read_article(const CorpusFile& file, FileKind kind) {
  const std::string& path = file.path;
  if (kind == FileKind::kPdf) return read_pdf_article(path, file.root);
  Result<std::string> text = read_whole_file(path);
  if (!text) return text.error();
  if (kind == FileKind::kMarkdown) return parse_markdown_article(*text, path);
  if (kind == FileKind::kHtml) return parse_html_article(*text, path);
  return parse_text_article(*text, path);
}

Status read_one_file(const CorpusFile& file, const ReadCallbacks& callbacks,
                     const InputProgress* progress) {
  const std::string& path = file.path;
  FileKind kind = kind_of(path);
  if (kind == FileKind::kOther) return not_an_article_file(path);
  if (kind == FileKind::kJsonLines || kind == FileKind::kGzJsonLines) {
    read_json_lines(path, callbacks, [progress](uint64_t offset) {
      if (progress) progress->in_file(offset);
    });
    return Status::Ok();
  }
  Result<Article> article = read_article(file, kind);
  if (article)
    callbacks.on_article(std::move(article).value());
  else
    callbacks.on_rejected(article.error());
  callbacks.on_file_done(path, !article.ok());
  return Status::Ok();
}

uint64_t size_of(const std::string& path) {
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  return ec ? 0 : static_cast<uint64_t>(size);
}

}  // namespace

Status read_article_file(const std::string& path, const ReadCallbacks& callbacks) {
  return read_one_file({path, folder_of(path)}, callbacks, nullptr);
}

Status read_corpus(const std::vector<std::string>& paths, const ReadCallbacks& callbacks) {
  // The files are listed first so that progress can be told against the total size.
  std::vector<CorpusFile> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      return reader_error(path, "no such file or directory", ErrorCode::kNotFound);
    }
    if (!fs::is_directory(status)) {
      if (kind_of(path) == FileKind::kOther) return not_an_article_file(path);
      files.push_back({path, folder_of(path)});
      continue;
    }
    // Directory symlinks are not followed, so a symlink loop cannot trap the walk; unreadable
    // directories are reported and skipped.
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, ec), end;
    if (ec) return reader_error(path, ec.message(), ErrorCode::kIo);
    for (; it != end; it.increment(ec)) {
      if (ec) {
        callbacks.on_rejected(reader_error(it->path().string(), ec.message(), ErrorCode::kIo));
        ec.clear();
        continue;
      }
      std::error_code type_ec;
      if (it->is_directory(type_ec) && !it->is_symlink(type_ec) &&
          access(it->path().c_str(), R_OK | X_OK) != 0) {
        callbacks.on_rejected(
            reader_error(it->path().string(), "directory is not readable", ErrorCode::kIo));
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(type_ec) && kind_of(it->path().string()) != FileKind::kOther &&
          !is_readme(it->path())) {
        found.push_back(it->path().string());
      }
    }
    std::sort(found.begin(), found.end());
    for (std::string& file : found) files.push_back({std::move(file), path});
  }
  uint64_t total = 0;
  for (const CorpusFile& file : files) total += size_of(file.path);
  InputProgress progress(callbacks, total);
  for (const CorpusFile& file : files) {
    (void)read_one_file(file, callbacks, &progress);
    progress.file_finished(size_of(file.path));
  }
  return Status::Ok();
}

}  // namespace kestrel
