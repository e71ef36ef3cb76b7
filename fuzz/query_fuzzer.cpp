// libFuzzer harness: any bytes as a query, in every mode, and as a suggestion prefix, against a
// small index; and any bytes through the analyzer. Nothing may crash, hang or throw out of lib.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "kestrel/analyzer.h"
#include "kestrel/indexer.h"
#include "kestrel/searcher.h"

namespace {

kestrel::Searcher& searcher() {
  static kestrel::Searcher instance = [] {
    std::string dir = std::filesystem::temp_directory_path().string() + "/kestrel-fuzz-" +
                      std::to_string(getpid());
    std::filesystem::create_directories(dir + "/corpus");
    std::ofstream(dir + "/corpus/a.md")
        << "---\ntitle: Ketamine for PTSD\nconditions: [PTSD]\nroutes: [intravenous]\n---\n"
           "Intravenous ketamine infusions reduced post-traumatic stress disorder symptoms.\n";
    std::ofstream(dir + "/corpus/b.md")
        << "---\ntitle: Esketamine nasal spray\n---\nIntranasal esketamine for "
           "treatment-resistant depression and suicidal ideation.\n";
    std::filesystem::copy_file(KESTREL_SOURCE_DIR "/corpus/taxonomy.yaml",
                               dir + "/corpus/taxonomy.yaml",
                               std::filesystem::copy_options::overwrite_existing);
    kestrel::IndexOptions options;
    options.corpus_paths = {dir + "/corpus"};
    options.index_dir = dir + "/index";
    options.rebuild = true;
    if (!kestrel::update_index(options)) std::abort();
    auto opened = kestrel::Searcher::open(options.index_dir);
    if (!opened) std::abort();
    return std::move(opened).value();
  }();
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  static kestrel::Analyzer analyzer;
  std::vector<kestrel::Token> tokens;
  analyzer.analyze(text, 0, tokens);
  for (auto mode : {kestrel::QueryMode::kFull, kestrel::QueryMode::kPrefix}) {
    for (auto match : {kestrel::MatchMode::kAllWords, kestrel::MatchMode::kAnyWord}) {
      kestrel::SearchRequest request;
      request.query = text;
      request.mode = mode;
      request.match = match;
      request.filters[0] = {text.substr(0, 40)};
      (void)searcher().search(request);
    }
  }
  (void)searcher().suggest(text, 8);
  (void)searcher().article(text);
  return 0;
}
