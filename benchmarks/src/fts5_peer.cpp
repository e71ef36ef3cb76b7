// The SQLite FTS5 peer: the same documents and queries through FTS5 (porter unicode61, bm25()),
// so that Kestrel's figures are ratios measured in the same run.
//   fts5-peer index DB FILE...          builds DB; prints {"documents", "seconds", "text_bytes"}
//   fts5-peer run DB QUERIES OUT LIMIT  writes a TREC run
//   fts5-peer latency DB QUERIES MODE   MODE plain|prefix; prints latency percentiles (ms)
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "jsonl_input.h"
#include "latency.h"

namespace {

using Clock = std::chrono::steady_clock;
using kestrel::bench::Query;

class Db {
 public:
  explicit Db(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db_));
  }
  ~Db() { sqlite3_close(db_); }
  void exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      throw std::runtime_error(text);
    }
  }
  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sqlite3_errmsg(db_));
    }
    return statement;
  }

 private:
  sqlite3* db_ = nullptr;
};

// "why deep-fried foods" -> "\"why\" OR \"deep\" OR \"fried\" OR \"foods\"": every word, any may
// match, as BM25 baselines run (FTS5's own syntax would AND the words and choke on punctuation).
std::string to_match_expression(const std::string& text, bool last_is_prefix) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80)) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  std::string expression;
  for (size_t i = 0; i < words.size(); ++i) {
    if (!expression.empty()) expression += " OR ";
    expression += "\"" + words[i] + "\"";
    if (last_is_prefix && i + 1 == words.size()) expression += " *";
  }
  return expression;
}

int index_command(const std::string& path, const std::vector<std::string>& inputs) {
  std::filesystem::remove(path);
  auto started = Clock::now();
  Db db(path);
  db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  db.exec(
      "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='porter "
      "unicode61')");
  db.exec("BEGIN");
  sqlite3_stmt* insert = db.prepare("INSERT INTO docs(id, title, body) VALUES (?, ?, ?)");
  size_t documents = 0, text_bytes = 0;
  for (const auto& input : inputs) {
    documents +=
        kestrel::bench::for_each_document(input, [&](const kestrel::bench::InputDocument& doc) {
          sqlite3_bind_text(insert, 1, doc.id.data(), static_cast<int>(doc.id.size()),
                            SQLITE_STATIC);
          sqlite3_bind_text(insert, 2, doc.title.data(), static_cast<int>(doc.title.size()),
                            SQLITE_STATIC);
          sqlite3_bind_text(insert, 3, doc.text.data(), static_cast<int>(doc.text.size()),
                            SQLITE_STATIC);
          if (sqlite3_step(insert) != SQLITE_DONE)
            throw std::runtime_error("insert failed for " + doc.id);
          sqlite3_reset(insert);
          text_bytes += doc.title.size() + doc.text.size();
        });
  }
  sqlite3_finalize(insert);
  db.exec("COMMIT");
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::cout << nlohmann::json{{"documents", documents},
                              {"seconds", seconds},
                              {"text_bytes", text_bytes}}
                   .dump()
            << "\n";
  return 0;
}

// The top `limit` ids for a query, best first; bm25() is lower-is-better in FTS5.
std::vector<std::pair<std::string, double>> search(sqlite3_stmt* statement,
                                                   const std::string& expression) {
  std::vector<std::pair<std::string, double>> hits;
  if (expression.empty()) return hits;
  sqlite3_bind_text(statement, 1, expression.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    hits.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)),
                      -sqlite3_column_double(statement, 1));
  }
  sqlite3_reset(statement);
  return hits;
}

int run_command(const std::string& path, const std::string& queries_path,
                const std::string& out_path, int limit) {
  Db db(path);
  sqlite3_stmt* statement =
      db.prepare("SELECT id, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT " +
                 std::to_string(limit));
  std::ofstream out(out_path);
  for (const Query& query : kestrel::bench::read_queries(queries_path)) {
    auto hits = search(statement, to_match_expression(query.text, false));
    for (size_t i = 0; i < hits.size(); ++i) {
      out << query.id << " Q0 " << hits[i].first << " " << i + 1 << " " << hits[i].second
          << " fts5\n";
    }
  }
  sqlite3_finalize(statement);
  return 0;
}

int latency_command(const std::string& path, const std::string& queries_path,
                    const std::string& mode) {
  Db db(path);
  sqlite3_stmt* statement =
      db.prepare("SELECT id, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10");
  std::vector<double> millis;
  for (const Query& query : kestrel::bench::read_queries(queries_path)) {
    auto started = Clock::now();
    search(statement, to_match_expression(query.text, mode == "prefix"));
    millis.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
  }
  sqlite3_finalize(statement);
  std::cout << kestrel::bench::percentiles_json(millis).dump() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() >= 3 && args[0] == "index")
      return index_command(args[1], {args.begin() + 2, args.end()});
    if (args.size() == 5 && args[0] == "run")
      return run_command(args[1], args[2], args[3], std::stoi(args[4]));
    if (args.size() == 4 && args[0] == "latency") return latency_command(args[1], args[2], args[3]);
  } catch (const std::exception& e) {
    std::cerr << "fts5-peer: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: fts5-peer index DB FILE... | run DB QUERIES OUT LIMIT | latency DB QUERIES "
               "plain|prefix\n";
  return 2;
}
