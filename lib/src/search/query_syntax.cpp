#include "search/query_syntax.h"

#include <cctype>

#include "kestrel/facets.h"

namespace kestrel {
namespace {

bool is_field_name(const std::string& name) {
  return name == "title" || facet_from_name(name).has_value();
}

std::string lower_case(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Reads the query left to right. Plain words are gathered into runs, so that multi-word synonyms
// ("nasal spray") reach the builder whole; anything else ends the run.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  std::vector<QueryItem> read() {
    size_t i = 0;
    while (i < text_.size()) {
      if (is_query_space(text_[i])) {
        ++i;
        continue;
      }
      i = read_item(i);
    }
    end_run();
    return std::move(items_);
  }

 private:
  // Reads the item at `i` (not a space); returns where the next one may start.
  size_t read_item(size_t i) {
    size_t item_begin = i;
    bool negated = false;
    if ((text_[i] == '-' || text_[i] == '+') && i + 1 < text_.size() &&
        !is_query_space(text_[i + 1])) {
      negated = text_[i] == '-';
      ++i;
    }
    if (text_[i] == '"') return read_quoted(i, ItemKind::kPhrase, negated, "");
    size_t end = i;
    while (end < text_.size() && !is_query_space(text_[end]) && text_[end] != '"') ++end;
    std::string_view word = text_.substr(i, end - i);
    if (!negated && (word == "OR" || word == "AND" || word == "NOT")) {
      end_run();
      if (word == "OR") items_.push_back(QueryItem{ItemKind::kOr});
      return end;
    }
    size_t colon = word.find(':');
    if (colon != std::string_view::npos && colon > 0) {
      std::string field = lower_case(word.substr(0, colon));
      if (is_field_name(field)) {
        // condition:"social anxiety disorder"
        if (colon + 1 == word.size() && end < text_.size() && text_[end] == '"') {
          return read_quoted(end, ItemKind::kField, negated, field);
        }
        end_run();
        items_.push_back(
            QueryItem{ItemKind::kField, negated, word.substr(colon + 1), i + colon + 1, field});
        return end;
      }
    }
    if (negated) {
      end_run();
      items_.push_back(QueryItem{ItemKind::kWords, true, word, i});
      return end;
    }
    if (!items_.empty() && items_.back().kind == ItemKind::kOr) end_run();
    if (run_begin_ == std::string_view::npos) run_begin_ = item_begin;
    run_end_ = end;
    return end;
  }

  // The quoted text starting at `quote`, as a phrase or a field's value.
  size_t read_quoted(size_t quote, ItemKind kind, bool negated, std::string field) {
    end_run();
    size_t close = text_.find('"', quote + 1);
    size_t end = close == std::string_view::npos ? text_.size() : close;
    items_.push_back(QueryItem{kind, negated, text_.substr(quote + 1, end - quote - 1), quote + 1,
                               std::move(field)});
    return close == std::string_view::npos ? text_.size() : close + 1;
  }

  void end_run() {
    if (run_begin_ == std::string_view::npos) return;
    items_.push_back(QueryItem{ItemKind::kWords, false,
                               text_.substr(run_begin_, run_end_ - run_begin_), run_begin_});
    run_begin_ = std::string_view::npos;
  }

  std::string_view text_;
  std::vector<QueryItem> items_;
  size_t run_begin_ = std::string_view::npos, run_end_ = 0;
};

}  // namespace

bool is_query_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::vector<QueryItem> read_query(std::string_view text) {
  return Reader(text).read();
}

bool ends_inside_word(std::string_view text) {
  return !text.empty() && !is_query_space(text.back()) && text.back() != '"';
}

}  // namespace kestrel
