#include "read/pdf_reader.h"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "index/record_codec.h"
#include "read/file_bytes.h"
#include "read/front_matter.h"
#include "read/pdf_text.h"
#include "read/reader_error.h"
#include "read/text_util.h"

namespace kestrel {
namespace {

namespace fs = std::filesystem;

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define KESTREL_SANITIZED 1  // clang's way of saying so
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || defined(KESTREL_SANITIZED)
constexpr bool kLimitAddressSpace = false;  // the sanitizers' shadow memory needs terabytes
#else
constexpr bool kLimitAddressSpace = true;
#endif

// The child's answer on its pipe: a status byte, then the error or the PdfText's fields.
std::string encode(const Result<PdfText>& read) {
  std::string out(1, read.ok() ? 'T' : 'E');
  if (!read.ok()) {
    record::put_bytes(read.error().message, out);
    return out;
  }
  for (const std::string* field : {&read->title, &read->author, &read->created})
    record::put_bytes(*field, out);
  record::put_number(read->pages.size(), out);
  for (const std::string& page : read->pages) record::put_bytes(page, out);
  return out;
}

Result<PdfText> decode(std::string_view data) {
  record::Reader in(data);
  char status = 0;
  std::string_view text;
  auto cut = [] { return Error{ErrorCode::kParse, "the PDF reader's answer was cut short"}; };
  if (!in.byte(status)) return cut();
  if (status == 'E') {
    if (!in.bytes(text)) return cut();
    return Error{ErrorCode::kParse, std::string(text)};
  }
  PdfText pdf;
  for (std::string* field : {&pdf.title, &pdf.author, &pdf.created}) {
    if (!in.bytes(text)) return cut();
    field->assign(text);
  }
  uint32_t pages = 0;
  if (!in.number(pages)) return cut();
  for (uint32_t i = 0; i < pages; ++i) {
    if (!in.bytes(text)) return cut();
    pdf.pages.emplace_back(text);
  }
  return pdf;
}

[[noreturn]] void child(const std::string& data, int out) {
  if (kLimitAddressSpace) {
    rlimit memory{kPdfMemoryLimitBytes, kPdfMemoryLimitBytes};
    setrlimit(RLIMIT_AS, &memory);
  }
  rlimit cpu{kPdfTimeLimitSeconds, kPdfTimeLimitSeconds + 1};
  setrlimit(RLIMIT_CPU, &cpu);
  std::string answer;
  try {
    answer = encode(read_pdf_text(data));
  } catch (...) {  // std::bad_alloc at the memory limit
    answer = encode(Error{
        ErrorCode::kParse,
        "the PDF needs more than " + std::to_string(kPdfMemoryLimitBytes >> 20) + " MiB to read"});
  }
  for (size_t done = 0; done < answer.size();) {
    ssize_t n = write(out, answer.data() + done, answer.size() - done);
    if (n <= 0) _exit(1);
    done += static_cast<size_t>(n);
  }
  _exit(0);
}

// Reads the child's whole answer within the time limit; false on timeout.
bool read_answer(int in, std::string& answer) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kPdfTimeLimitSeconds);
  char buffer[1 << 16];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fd{in, POLLIN, 0};
    int ready = poll(&fd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    ssize_t n = read(in, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;  // the child closed its end
    answer.append(buffer, static_cast<size_t>(n));
  }
}

// read_pdf_text in a child process, bounded in memory and time; a crash is a rejection too.
Result<PdfText> read_bounded(const std::string& data) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0)
    return Error{ErrorCode::kIo, std::string("cannot start the PDF reader: ") + strerror(errno)};
  pid_t pid = fork();
  if (pid < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return Error{ErrorCode::kIo, std::string("cannot start the PDF reader: ") + strerror(errno)};
  }
  if (pid == 0) {
    close(pipe_fds[0]);
    child(data, pipe_fds[1]);
  }
  close(pipe_fds[1]);
  std::string answer;
  bool in_time = read_answer(pipe_fds[0], answer);
  close(pipe_fds[0]);
  if (!in_time) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!in_time)
    return Error{ErrorCode::kParse,
                 "reading it took longer than " + std::to_string(kPdfTimeLimitSeconds) + " s"};
  if (WIFSIGNALED(status)) {
    int signal = WTERMSIG(status);
    return Error{ErrorCode::kParse,
                 signal == SIGXCPU ? "reading it took more than " +
                                         std::to_string(kPdfTimeLimitSeconds) + " s of CPU"
                                   : "the PDF reader failed on it (signal " +
                                         std::to_string(signal) + ": " + strsignal(signal) + ")"};
  }
  return decode(answer);
}

// "Jane Doe, John Roe" or "Doe J; Roe J" -> each author; "Doe, Jane" stays one.
std::vector<std::string> split_authors(const std::string& text) {
  std::vector<std::string> parts;
  auto split = [](const std::string& s, char by) {
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, by);)
      if (!trim(item).empty()) out.push_back(trim(item));
    return out;
  };
  for (const std::string& group : split(text, ';')) {
    std::vector<std::string> names = split(group, ',');
    bool whole_names = names.size() > 1 && std::all_of(names.begin(), names.end(), [](auto& n) {
                         return n.find(' ') != std::string::npos;
                       });
    if (whole_names)
      parts.insert(parts.end(), names.begin(), names.end());
    else
      parts.push_back(group);
  }
  return parts;
}

// The first DOI in `text` ("10.1176/appi.ajp.2020.20010018"), without trailing punctuation.
std::string find_doi(std::string_view text) {
  for (size_t at = text.find("10."); at != std::string_view::npos; at = text.find("10.", at + 1)) {
    if (at > 0 && std::isalnum(static_cast<unsigned char>(text[at - 1]))) continue;
    size_t i = at + 3, digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++digits;
    if (digits < 4 || digits > 9 || i >= text.size() || text[i] != '/') continue;
    size_t end = i + 1;
    while (end < text.size() && static_cast<unsigned char>(text[end]) > ' ' && text[end] != '"' &&
           text[end] != '<' && text[end] != '>')
      ++end;
    while (end > i + 1 && std::strchr(".,;:)]}'", text[end - 1])) --end;
    if (end > i + 1) return std::string(text.substr(at, end - at));
  }
  return {};
}

// A title the producing program made up, not the article's.
bool is_placeholder_title(const std::string& title, const std::string& path) {
  std::string lower;
  for (char c : title) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.empty() || lower == "untitled" || lower.rfind("microsoft word - ", 0) == 0 ||
         lower == fs::path(path).filename().string() || lower == file_stem(path);
}

Article article_from(const PdfText& pdf, const std::string& path) {
  Article article;
  article.origin = path;
  article.id = slugify(file_stem(path));
  for (const std::string& page : pdf.pages) {
    if (!article.body.empty()) article.body += kPageBreak;
    article.body += tidy_whitespace(page);
  }
  if (!is_placeholder_title(trim(pdf.title), path)) {
    article.title = trim(pdf.title);
  } else {
    // The first line of the first page with text: a paper's title, shown but not weighted.
    article.title = std::string(first_line(trim(article.body)));
    article.title_from_body = true;
  }
  article.authors = split_authors(pdf.author);
  article.published = pdf.created;
  article.doi = find_doi(std::string_view(article.body).substr(0, 20000));
  return article;
}

// NAME.pdf.yaml: its fields replace what the PDF says (a list replaces the list).
Status apply_sidecar(const std::string& pdf_path, Article& article) {
  std::string sidecar = pdf_path + ".yaml";
  std::error_code ec;
  if (!fs::exists(sidecar, ec)) return Status::Ok();
  Result<std::string> text = read_file_bytes(sidecar, kMaxArticleBytes, "a sidecar");
  if (!text) return text.error();
  Article declared;
  if (Status applied = apply_front_matter(*text, sidecar, 1, declared); !applied) return applied;
  for (auto field : {&Article::id, &Article::title, &Article::source, &Article::url,
                     &Article::published, &Article::journal, &Article::doi, &Article::volume,
                     &Article::pages, &Article::study, &Article::participants}) {
    if (!(declared.*field).empty()) article.*field = declared.*field;
  }
  if (!declared.title.empty()) article.title_from_body = false;
  for (auto list : {&Article::authors, &Article::conditions, &Article::routes}) {
    if (!(declared.*list).empty()) article.*list = declared.*list;
  }
  return Status::Ok();
}

}  // namespace

Result<Article> read_pdf_article(const std::string& path, const std::string& root) {
  std::error_code ec;
  std::string canonical = fs::canonical(path, ec).string();
  if (ec) return reader_error(path, ec.message(), ErrorCode::kIo);
  std::string folder = fs::canonical(root, ec).string();
  if (ec) return reader_error(root, ec.message(), ErrorCode::kIo);
  if (canonical.rfind(folder + "/", 0) != 0)
    return reader_error(path, "a link to a file outside the corpus (" + canonical +
                                  "): not indexed, so that it is never served");
  Result<std::string> data = read_file_bytes(path, kMaxPdfBytes, "one PDF");
  if (!data) return data.error();
  Result<PdfText> pdf = read_bounded(*data);
  if (!pdf) return reader_error(path, pdf.error().message, pdf.error().code);
  Article article = article_from(*pdf, path);
  if (Status sidecar = apply_sidecar(path, article); !sidecar) return sidecar.error();
  article.file = canonical;
  return article;
}

}  // namespace kestrel
