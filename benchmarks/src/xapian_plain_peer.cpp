// The "default Xapian application" peer: TermGenerator + WritableDatabase with no tuning (default
// flush threshold, one thread, English stemmer, positions), QueryParser + Enquire for queries.
// It shows what Kestrel's own work on top of Xapian costs or saves.
//   xapian-plain-peer index DB FILE...       prints {"documents", "seconds", "text_bytes"}
//   xapian-plain-peer latency DB QUERIES MODE   MODE plain|prefix
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "jsonl_input.h"
#include "latency.h"

namespace {

using Clock = std::chrono::steady_clock;

int index_command(const std::string& path, const std::vector<std::string>& inputs) {
  std::filesystem::remove_all(path);
  auto started = Clock::now();
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  size_t documents = 0, text_bytes = 0;
  for (const auto& input : inputs) {
    documents += kestrel::bench::for_each_document(
        input, [&](const kestrel::bench::InputDocument& input_doc) {
          Xapian::Document doc;
          generator.set_document(doc);
          generator.index_text(input_doc.title, 1, "S");
          generator.index_text(input_doc.title);
          generator.increase_termpos();
          generator.index_text(input_doc.text);
          doc.set_data(input_doc.title + "\n" + input_doc.text);
          doc.add_boolean_term("Q" + input_doc.id);
          db.add_document(doc);
          text_bytes += input_doc.title.size() + input_doc.text.size();
        });
  }
  db.commit();
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::cout << nlohmann::json{{"documents", documents},
                              {"seconds", seconds},
                              {"text_bytes", text_bytes}}
                   .dump()
            << "\n";
  return 0;
}

int latency_command(const std::string& path, const std::string& queries_path,
                    const std::string& mode) {
  Xapian::Database db(path);
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_database(db);
  unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                   (mode == "prefix" ? Xapian::QueryParser::FLAG_PARTIAL : 0);
  std::vector<double> millis;
  for (const auto& query : kestrel::bench::read_queries(queries_path)) {
    auto started = Clock::now();
    try {
      Xapian::Enquire enquire(db);
      enquire.set_query(parser.parse_query(query.text, flags));
      Xapian::MSet mset = enquire.get_mset(0, 10);
      for (auto it = mset.begin(); it != mset.end(); ++it) (void)it.get_document().get_data();
    } catch (const Xapian::QueryParserError&) {
      // A query the default parser rejects counts with the time it took to reject it.
    }
    millis.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
  }
  std::cout << kestrel::bench::percentiles_json(millis).dump() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() >= 3 && args[0] == "index")
      return index_command(args[1], {args.begin() + 2, args.end()});
    if (args.size() == 4 && args[0] == "latency") return latency_command(args[1], args[2], args[3]);
  } catch (const std::exception& e) {
    std::cerr << "xapian-plain-peer: " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "xapian-plain-peer: " << e.get_description() << "\n";
    return 1;
  }
  std::cerr << "usage: xapian-plain-peer index DB FILE... | latency DB QUERIES plain|prefix\n";
  return 2;
}
