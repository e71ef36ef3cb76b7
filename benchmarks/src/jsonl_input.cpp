#include "jsonl_input.h"

#include <zlib.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace kestrel::bench {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

size_t for_each_document(const std::string& path,
                         const std::function<void(const InputDocument&)>& each) {
  std::unique_ptr<gzFile_s, decltype(&gzclose)> file(gzopen(path.c_str(), "rb"), &gzclose);
  if (!file) throw std::runtime_error("cannot open " + path);
  gzbuffer(file.get(), 1 << 17);
  const bool tab_separated = !ends_with(path, ".jsonl") && !ends_with(path, ".jsonl.gz");
  std::string line;
  std::vector<char> buffer(1 << 20);
  size_t count = 0;
  InputDocument doc;
  auto handle = [&] {
    if (line.empty()) return;
    if (tab_separated) {
      size_t tab = line.find('\t');
      doc.id = line.substr(0, tab);
      doc.title.clear();
      doc.text = tab == std::string::npos ? "" : line.substr(tab + 1);
    } else {
      auto j = nlohmann::json::parse(line);
      doc.id = j.value("id", "");
      doc.title = j.value("title", "");
      doc.text = j.value("text", "");
    }
    each(doc);
    ++count;
    line.clear();
  };
  while (gzgets(file.get(), buffer.data(), static_cast<int>(buffer.size()))) {
    line += buffer.data();
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      handle();
    }
  }
  handle();
  return count;
}

std::vector<Query> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<Query> queries;
  std::string line;
  while (std::getline(in, line)) {
    size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    queries.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return queries;
}

}  // namespace kestrel::bench
