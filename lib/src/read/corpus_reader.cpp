// Walks corpus paths and hands each file to the reader for its kind.
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <cstring>
#include <unistd.h>

#include "read/html_reader.h"
#include "kestrel/article.h"
#include "read/text_util.h"

namespace kestrel {
namespace {

namespace fs = std::filesystem;

enum class FileKind { kMarkdown, kText, kHtml, kJsonLines, kGzJsonLines, kOther };

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

FileKind kind_of(const std::string& path) {
  if (ends_with(path, ".md") || ends_with(path, ".markdown")) return FileKind::kMarkdown;
  if (ends_with(path, ".txt")) return FileKind::kText;
  if (ends_with(path, ".html") || ends_with(path, ".htm")) return FileKind::kHtml;
  if (ends_with(path, ".jsonl")) return FileKind::kJsonLines;
  if (ends_with(path, ".jsonl.gz")) return FileKind::kGzJsonLines;
  return FileKind::kOther;
}

Error rejected(const std::string& where, const std::string& reason, ErrorCode code = ErrorCode::kParse) {
  return Error{code, where + ": " + reason};
}

Result<std::string> read_whole_file(const std::string& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) return rejected(path, ec.message(), ErrorCode::kIo);
  if (size > kMaxArticleBytes) {
    std::ostringstream reason;
    reason << "file is " << size / (1 << 20) << " MiB, larger than the " << (kMaxArticleBytes >> 20)
           << " MiB limit for one article";
    return rejected(path, reason.str());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return rejected(path, "cannot open: " + std::string(std::strerror(errno)), ErrorCode::kIo);
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (!in) return rejected(path, "read failed", ErrorCode::kIo);
  if (trim(text).empty()) return rejected(path, "empty file");
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
  if (article.title.empty()) return rejected(origin, "no title and no text");
  return article;
}

// One JSON object per line: id, title, text, source, url, published, authors, conditions, routes.
Result<Article> parse_json_line(std::string_view line, const std::string& file, size_t line_number) {
  std::string where = file + ":" + std::to_string(line_number);
  auto json = nlohmann::json::parse(to_utf8(line), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return rejected(where, "not valid JSON");
  if (!json.is_object()) return rejected(where, "expected a JSON object");
  Article article;
  article.origin = file;
  for (auto& item : json.items()) {
    // Named references, not a structured binding: clang 14 (the fuzzing build) cannot capture
    // those in the lambdas below.
    const std::string& key = item.key();
    auto& value = item.value();
    auto text_field = [&](std::string& out) -> Status {
      if (value.is_null()) return Status::Ok();
      if (!value.is_string()) return rejected(where, "'" + key + "' must be a string");
      out = value.get<std::string>();
      return Status::Ok();
    };
    auto list_field = [&](std::vector<std::string>& out) -> Status {
      if (value.is_string()) {
        out = {value.get<std::string>()};
        return Status::Ok();
      }
      if (!value.is_array()) return rejected(where, "'" + key + "' must be a list of strings");
      for (auto& item : value) {
        if (!item.is_string()) return rejected(where, "'" + key + "' must be a list of strings");
        out.push_back(item.get<std::string>());
      }
      return Status::Ok();
    };
    Status status;
    if (key == "id") {
      if (value.is_number_integer()) article.id = std::to_string(value.get<long long>());
      else status = text_field(article.id);
    } else if (key == "title") status = text_field(article.title);
    else if (key == "text") status = text_field(article.body);
    else if (key == "source") status = text_field(article.source);
    else if (key == "url") status = text_field(article.url);
    else if (key == "published") status = text_field(article.published);
    else if (key == "authors") status = list_field(article.authors);
    else if (key == "conditions") status = list_field(article.conditions);
    else if (key == "routes") status = list_field(article.routes);
    else return rejected(where, "unknown key '" + key + "'");
    if (!status) return status.error();
  }
  if (article.id.empty()) article.id = slugify(file_stem(file)) + "-" + std::to_string(line_number);
  if (slugify(article.id) != article.id) return rejected(where, "'id' has characters other than letters, digits and . _ ~ : # -");
  article.title = trim(article.title);
  if (article.title.empty()) {
    article.title = first_sentence(article.body);
    article.title_from_body = true;
  }
  if (article.title.empty()) return rejected(where, "no title and no text");
  if (!article.url.empty() && article.url.rfind("https://", 0) != 0 && article.url.rfind("http://", 0) != 0) {
    return rejected(where, "'url' must start with http:// or https://");
  }
  return article;
}

// Reads lines from a plain or gzipped file with one buffer, without a line length limit other
// than kMaxArticleBytes.
class LineReader {
 public:
  explicit LineReader(const std::string& path) : file_(gzopen(path.c_str(), "rb"), &gzclose) {
    if (file_) gzbuffer(file_.get(), 1 << 17);
  }
  bool ok() const { return file_ != nullptr; }
  // Bytes of the file consumed so far (compressed bytes for a .gz).
  uint64_t offset() const { return static_cast<uint64_t>(gzoffset(file_.get())); }

  // False at the end of the file. A line over the limit is returned truncated with `too_long`.
  bool next(std::string& line, bool& too_long, bool& failed) {
    line.clear();
    too_long = failed = false;
    while (true) {
      if (pos_ == end_) {
        int n = gzread(file_.get(), buffer_, sizeof buffer_);
        if (n < 0) {
          failed = true;
          return false;
        }
        if (n == 0) {
          // A truncated stream ends quietly; only gzerror tells "unexpected end of file".
          int code = Z_OK;
          gzerror(file_.get(), &code);
          if (code != Z_OK) failed = true;
          return !line.empty();
        }
        pos_ = 0;
        end_ = static_cast<size_t>(n);
      }
      const char* start = buffer_ + pos_;
      const char* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
      size_t take = nl ? static_cast<size_t>(nl - start) : end_ - pos_;
      if (line.size() + take > kMaxArticleBytes) too_long = true;
      else line.append(start, take);
      pos_ += take + (nl ? 1 : 0);
      if (nl) return true;
    }
  }

 private:
  std::unique_ptr<gzFile_s, decltype(&gzclose)> file_;
  char buffer_[1 << 16];
  size_t pos_ = 0, end_ = 0;
};

// Turns per-file offsets into corpus-wide progress for ReadCallbacks::on_input_progress.
class InputProgress {
 public:
  InputProgress(const ReadCallbacks& callbacks, uint64_t total) : callbacks_(callbacks), total_(total) {}
  void in_file(uint64_t offset) const {
    if (callbacks_.on_input_progress) callbacks_.on_input_progress(std::min(done_ + offset, total_), total_);
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

void read_json_lines(const std::string& path, const ReadCallbacks& callbacks, const InputProgress* progress) {
  auto reader = std::make_unique<LineReader>(path);
  bool had_rejections = false;
  if (!reader->ok()) {
    callbacks.on_rejected(rejected(path, "cannot open: " + std::string(std::strerror(errno)), ErrorCode::kIo));
    callbacks.on_file_done(path, true);
    return;
  }
  std::string line;
  bool too_long = false, failed = false;
  size_t line_number = 0;
  while (reader->next(line, too_long, failed)) {
    if (failed) break;  // the partial last line of a damaged stream is not an article
    ++line_number;
    if (too_long) {
      callbacks.on_rejected(rejected(path + ":" + std::to_string(line_number), "line is longer than the " +
                                         std::to_string(kMaxArticleBytes >> 20) + " MiB limit for one article"));
      had_rejections = true;
      continue;
    }
    if (trim(line).empty()) continue;
    if (progress && line_number % 256 == 0) progress->in_file(reader->offset());
    Result<Article> article = parse_json_line(line, path, line_number);
    if (article) {
      callbacks.on_article(std::move(article).value());
    } else {
      callbacks.on_rejected(article.error());
      had_rejections = true;
    }
  }
  if (failed) {
    callbacks.on_rejected(rejected(path, "truncated or corrupt compressed data after line " +
                                             std::to_string(line_number), ErrorCode::kIo));
    had_rejections = true;
  }
  callbacks.on_file_done(path, had_rejections);
}

Error not_an_article_file(const std::string& path) {
  return rejected(path, "not an article file (.md, .markdown, .txt, .html, .htm, .jsonl, .jsonl.gz)",
                  ErrorCode::kInvalidArgument);
}

Status read_one_file(const std::string& path, const ReadCallbacks& callbacks, const InputProgress* progress) {
  FileKind kind = kind_of(path);
  if (kind == FileKind::kOther) return not_an_article_file(path);
  if (kind == FileKind::kJsonLines || kind == FileKind::kGzJsonLines) {
    read_json_lines(path, callbacks, progress);
    return Status::Ok();
  }
  Result<std::string> text = read_whole_file(path);
  Result<Article> article = text.ok() ? (kind == FileKind::kMarkdown ? parse_markdown_article(*text, path)
                                        : kind == FileKind::kHtml   ? parse_html_article(*text, path)
                                                                    : parse_text_article(*text, path))
                                      : Result<Article>(text.error());
  if (article) callbacks.on_article(std::move(article).value());
  else callbacks.on_rejected(article.error());
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
  return read_one_file(path, callbacks, nullptr);
}

Status read_corpus(const std::vector<std::string>& paths, const ReadCallbacks& callbacks) {
  // The files are listed first so that progress can be told against the total size.
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      return rejected(path, "no such file or directory", ErrorCode::kNotFound);
    }
    if (!fs::is_directory(status)) {
      if (kind_of(path) == FileKind::kOther) return not_an_article_file(path);
      files.push_back(path);
      continue;
    }
    // Directory symlinks are not followed, so a symlink loop cannot trap the walk; unreadable
    // directories are reported and skipped.
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, ec), end;
    if (ec) return rejected(path, ec.message(), ErrorCode::kIo);
    for (; it != end; it.increment(ec)) {
      if (ec) {
        callbacks.on_rejected(rejected(it->path().string(), ec.message(), ErrorCode::kIo));
        ec.clear();
        continue;
      }
      std::error_code type_ec;
      if (it->is_directory(type_ec) && !it->is_symlink(type_ec) &&
          access(it->path().c_str(), R_OK | X_OK) != 0) {
        callbacks.on_rejected(rejected(it->path().string(), "directory is not readable", ErrorCode::kIo));
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(type_ec) && kind_of(it->path().string()) != FileKind::kOther) {
        found.push_back(it->path().string());
      }
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  uint64_t total = 0;
  for (const std::string& file : files) total += size_of(file);
  InputProgress progress(callbacks, total);
  for (const std::string& file : files) {
    (void)read_one_file(file, callbacks, &progress);
    progress.file_finished(size_of(file));
  }
  return Status::Ok();
}

}  // namespace kestrel
