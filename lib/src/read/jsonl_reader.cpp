#include "read/jsonl_reader.h"

#include <zlib.h>

#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "read/article_fields.h"
#include "read/reader_error.h"
#include "read/text_util.h"

namespace kestrel {
namespace {

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
      if (line.size() + take > kMaxArticleBytes)
        too_long = true;
      else
        line.append(start, take);
      pos_ += take + (nl ? 1 : 0);
      if (nl) return true;
    }
  }

 private:
  std::unique_ptr<gzFile_s, decltype(&gzclose)> file_;
  char buffer_[1 << 16];
  size_t pos_ = 0, end_ = 0;
};

// A JSON value as text: a string as it is, an integer in decimal (collections number their ids).
std::optional<std::string> text_of(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  return std::nullopt;
}

Status assign_json_field(const ArticleField& field, const nlohmann::json& value,
                         const std::string& where, Article& article) {
  if (value.is_null()) return Status::Ok();
  if (field.text) {
    std::optional<std::string> text = text_of(value);
    if (!text || (!value.is_string() && field.text != &Article::id)) {
      return reader_error(where, "'" + std::string(field.name) + "' must be a string");
    }
    assign_field(field, *text, article);
    return Status::Ok();
  }
  if (value.is_string()) {
    assign_field(field, value.get<std::string>(), article);
    return Status::Ok();
  }
  if (!value.is_array())
    return reader_error(where, "'" + std::string(field.name) + "' must be a list of strings");
  for (const auto& item : value) {
    if (!item.is_string())
      return reader_error(where, "'" + std::string(field.name) + "' must be a list of strings");
    assign_field(field, item.get<std::string>(), article);
  }
  return Status::Ok();
}

}  // namespace

Result<Article> parse_json_line(std::string_view line, const std::string& file,
                                size_t line_number) {
  std::string where = file + ":" + std::to_string(line_number);
  auto json = nlohmann::json::parse(to_utf8(line), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return reader_error(where, "not valid JSON");
  if (!json.is_object()) return reader_error(where, "expected a JSON object");
  Article article;
  article.origin = file;
  for (const auto& item : json.items()) {
    const ArticleField* field = find_article_field(item.key());
    if (!field) return reader_error(where, "unknown key '" + item.key() + "'");
    if (Status assigned = assign_json_field(*field, item.value(), where, article); !assigned)
      return assigned.error();
    if (auto problem = invalid_field(*field, article)) return reader_error(where, *problem);
  }
  if (article.id.empty()) article.id = slugify(file_stem(file)) + "-" + std::to_string(line_number);
  if (article.title.empty()) {
    article.title = first_sentence(article.body);
    article.title_from_body = true;
  }
  if (article.title.empty()) return reader_error(where, "no title and no text");
  return article;
}

void read_json_lines(const std::string& path, const ReadCallbacks& callbacks,
                     const std::function<void(uint64_t offset)>& on_offset) {
  auto reader = std::make_unique<LineReader>(path);
  bool had_rejections = false;
  if (!reader->ok()) {
    callbacks.on_rejected(
        reader_error(path, "cannot open: " + std::string(std::strerror(errno)), ErrorCode::kIo));
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
      callbacks.on_rejected(reader_error(path + ":" + std::to_string(line_number),
                                         "line is longer than the " +
                                             std::to_string(kMaxArticleBytes >> 20) +
                                             " MiB limit for one article"));
      had_rejections = true;
      continue;
    }
    if (trim(line).empty()) continue;
    if (on_offset && line_number % 256 == 0) on_offset(reader->offset());
    Result<Article> article = parse_json_line(line, path, line_number);
    if (article) {
      callbacks.on_article(std::move(article).value());
    } else {
      callbacks.on_rejected(article.error());
      had_rejections = true;
    }
  }
  if (failed) {
    callbacks.on_rejected(reader_error(
        path, "truncated or corrupt compressed data after line " + std::to_string(line_number),
        ErrorCode::kIo));
    had_rejections = true;
  }
  callbacks.on_file_done(path, had_rejections);
}

}  // namespace kestrel
