// libFuzzer harness: any bytes as a PDF article, read as the indexer reads one (poppler in a child
// process bounded in memory and time). A rejection is fine; a crash, a hang or an escaping
// exception of the indexer's side is not. The seeds are written by fuzz/run with
// tests/tools/make_pdf.py (test PDFs are made, not downloaded).
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "read/pdf_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string dir = [] {
    std::string d = std::filesystem::temp_directory_path().string() + "/kestrel-pdf-fuzz-" +
                    std::to_string(getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  std::string path = dir + "/a.pdf";
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  (void)kestrel::read_pdf_article(path, dir);
  return 0;
}
