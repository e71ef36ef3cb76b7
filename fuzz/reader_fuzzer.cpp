// libFuzzer harness: any bytes as an article file of each kind the corpus reader accepts
// (Markdown with front matter, HTML, plain text, JSON Lines). Rejections are fine; crashes,
// hangs and escaping exceptions are not.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "kestrel/article.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)kestrel::parse_markdown_article(text, "fuzz.md");
  static const std::string dir = [] {
    std::string d = std::filesystem::temp_directory_path().string() + "/kestrel-reader-fuzz-" +
                    std::to_string(getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  kestrel::ReadCallbacks ignore;
  for (const char* name : {"/a.html", "/a.txt", "/a.jsonl"}) {
    std::string path = dir + name;
    std::ofstream(path, std::ios::binary)
        .write(text.data(), static_cast<std::streamsize>(text.size()));
    (void)kestrel::read_article_file(path, ignore);
  }
  return 0;
}
