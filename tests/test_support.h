// Helpers shared by the tests: temporary directories, fixture files, building an index.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "kestrel/indexer.h"

namespace kestrel::testing {

// A directory under the build tree, removed with its contents when the object dies.
class TempDir {
 public:
  TempDir() {
    std::string pattern = std::filesystem::temp_directory_path().string() + "/kestrel-test-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline void write_file(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string clinic_corpus() {
  return std::string(KESTREL_SOURCE_DIR) + "/corpus";
}

// A Markdown article with the given front matter lines and body.
inline std::string article(const std::string& front_matter, const std::string& body) {
  return "---\n" + front_matter + "---\n\n" + body + "\n";
}

inline IndexReport index_or_fail(const std::string& corpus, const std::string& index,
                                 bool rebuild = false) {
  IndexOptions options;
  options.corpus_paths = {corpus};
  options.index_dir = index;
  options.rebuild = rebuild;
  auto report = update_index(options);
  INFO((report ? std::string() : report.error().message));
  REQUIRE(report.ok());
  return *report;
}

// An index of the clinic corpus, built once per test binary and shared by its tests.
inline const std::string& clinic_index() {
  static TempDir dir;
  static std::string index = [] {
    index_or_fail(clinic_corpus(), dir / "index");
    return dir / "index";
  }();
  return index;
}

// What one of the project's programs printed on stdout, and its exit status.
struct Ran {
  int status = -1;
  std::string out;
};

// Runs build/bin/`program` with `args` (shell words, redirections included).
inline Ran run_program(const std::string& program, const std::string& args) {
  std::string command = std::string(KESTREL_BINARY_DIR) + "/bin/" + program + " " + args;
  Ran ran;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) ran.out.append(buffer, n);
  int status = pclose(pipe);
  ran.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return ran;
}

// Writes a PDF at `path` with tests/tools/make_pdf.py; `args` are its options as shell words
// ("--title 'A trial' --page 'First page' --page 'Second'").
inline void make_pdf(const std::string& path, const std::string& args) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::string command = std::string("/usr/bin/python3 ") + KESTREL_SOURCE_DIR +
                        "/tests/tools/make_pdf.py '" + path + "' " + args;
  INFO(command);
  REQUIRE(std::system(command.c_str()) == 0);
}

}  // namespace kestrel::testing
