// parse_filter: a tokenizer and a recursive-descent parser for the grammar in kestrel/filter.h.
//
//   expression := or
//   or         := and ("OR" and)*
//   and        := not ("AND" not)*
//   not        := "NOT" not | "(" expression ")" | condition
//   condition  := attribute ( operator value | value "TO" value | ["NOT"] "IN" "[" values "]"
//                           | ["NOT"] "EXISTS" | "IS" ["NOT"] ("NULL" | "EMPTY") )
#include <algorithm>
#include <cctype>
#include <optional>

#include "kestrel/filter.h"

namespace kestrel {
namespace {

enum class TokenType {
  kWord,
  kQuoted,
  kOpen,
  kClose,
  kOpenList,
  kCloseList,
  kComma,
  kCompare,
  kEnd
};

struct FilterToken {
  TokenType type;
  std::string text;  // a word, a quoted string's content (unescaped) or an operator
  size_t column;     // 1-based, for messages
};

bool is_word_char(char c) {
  return !std::isspace(static_cast<unsigned char>(c)) &&
         std::string_view("()[],=!<>'\"").find(c) == std::string_view::npos;
}

struct Failure {
  std::string message;
};

std::string at(size_t column) {
  return "at 1:" + std::to_string(column) + ": ";
}

std::vector<FilterToken> tokenize(std::string_view text) {
  std::vector<FilterToken> tokens;
  size_t i = 0;
  while (true) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t column = i + 1;
    if (i == text.size()) {
      tokens.push_back({TokenType::kEnd, "", column});
      return tokens;
    }
    char c = text[i];
    if (c == '(' || c == ')' || c == '[' || c == ']' || c == ',') {
      TokenType type = c == '('   ? TokenType::kOpen
                       : c == ')' ? TokenType::kClose
                       : c == '[' ? TokenType::kOpenList
                       : c == ']' ? TokenType::kCloseList
                                  : TokenType::kComma;
      tokens.push_back({type, std::string(1, c), column});
      ++i;
    } else if (c == '=' || c == '!' || c == '<' || c == '>') {
      std::string op(1, c);
      if (i + 1 < text.size() && text[i + 1] == '=') op += '=';
      if (op == "!") throw Failure{at(column) + "expected `!=`"};
      tokens.push_back({TokenType::kCompare, op, column});
      i += op.size();
    } else if (c == '\'' || c == '"') {
      std::string content;
      ++i;
      while (i < text.size() && text[i] != c) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;  // \" and \\ stand for themselves
        content += text[i++];
      }
      if (i == text.size()) throw Failure{at(column) + "the quote opened here is never closed"};
      ++i;
      tokens.push_back({TokenType::kQuoted, std::move(content), column});
    } else {
      size_t start = i;
      while (i < text.size() && is_word_char(text[i])) ++i;
      tokens.push_back({TokenType::kWord, std::string(text.substr(start, i - start)), column});
    }
  }
}

// The span of days a date stands for: "2020" -> 2020-01-01 .. 2020-12-31. Dates compare as
// strings, so a month's last day may be written 31 whatever the month.
struct DateSpan {
  std::string first, last;
};

std::optional<DateSpan> date_span(std::string_view text) {
  auto digits = [&](size_t from, size_t count) {
    return std::all_of(text.begin() + from, text.begin() + from + count,
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  auto in_range = [&](size_t from, int low, int high) {
    int n = (text[from] - '0') * 10 + (text[from + 1] - '0');
    return n >= low && n <= high;
  };
  std::string year(text.substr(0, 4));
  if (text.size() == 4 && digits(0, 4)) return DateSpan{year + "-01-01", year + "-12-31"};
  if (text.size() == 7 && digits(0, 4) && text[4] == '-' && digits(5, 2) && in_range(5, 1, 12)) {
    std::string month(text);
    return DateSpan{month + "-01", month + "-31"};
  }
  if (text.size() == 10 && digits(0, 4) && text[4] == '-' && digits(5, 2) && in_range(5, 1, 12) &&
      text[7] == '-' && digits(8, 2) && in_range(8, 1, 31)) {
    return DateSpan{std::string(text), std::string(text)};
  }
  return std::nullopt;
}

Filter published(std::string from, bool from_exclusive, std::string to, bool to_exclusive) {
  Filter f;
  f.op = Filter::Op::kPublished;
  f.from = std::move(from);
  f.to = std::move(to);
  f.from_exclusive = from_exclusive;
  f.to_exclusive = to_exclusive;
  return f;
}

class Parser {
 public:
  explicit Parser(std::vector<FilterToken> tokens) : tokens_(std::move(tokens)) {}

  Filter parse() {
    if (peek().type == TokenType::kEnd) return Filter{};
    Filter filter = parse_or(0);
    if (peek().type != TokenType::kEnd)
      throw Failure{at(peek().column) + "expected `AND`, `OR` or the end, found `" + peek().text +
                    "`"};
    return filter;
  }

 private:
  const FilterToken& peek() const { return tokens_[next_]; }
  const FilterToken& take() { return tokens_[next_ == tokens_.size() - 1 ? next_ : next_++]; }
  bool is_keyword(const FilterToken& token, std::string_view keyword) const {
    if (token.type != TokenType::kWord || token.text.size() != keyword.size()) return false;
    for (size_t i = 0; i < keyword.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(token.text[i])) != keyword[i]) return false;
    return true;
  }
  bool accept(std::string_view keyword) {
    if (!is_keyword(peek(), keyword)) return false;
    take();
    return true;
  }
  static std::string found(const FilterToken& token) {
    return token.type == TokenType::kEnd ? "the end" : "`" + token.text + "`";
  }
  void enter(size_t depth, size_t column) const {
    if (depth >= kMaxFilterDepth)
      throw Failure{at(column) + "nested deeper than " + std::to_string(kMaxFilterDepth) +
                    " levels"};
  }

  Filter parse_or(size_t depth) {
    std::vector<Filter> operands{parse_and(depth)};
    while (accept("OR")) operands.push_back(parse_and(depth));
    return Filter::any_of(std::move(operands));
  }

  Filter parse_and(size_t depth) {
    std::vector<Filter> operands{parse_not(depth)};
    while (accept("AND")) operands.push_back(parse_not(depth));
    return Filter::all_of(std::move(operands));
  }

  Filter parse_not(size_t depth) {
    const FilterToken& token = peek();
    if (is_keyword(token, "NOT")) {
      enter(depth, token.column);
      take();
      return Filter::negation(parse_not(depth + 1));
    }
    if (token.type == TokenType::kOpen) {
      enter(depth, token.column);
      take();
      Filter inner = parse_or(depth + 1);
      if (peek().type != TokenType::kClose)
        throw Failure{at(peek().column) + "expected `)`, found " + found(peek())};
      take();
      return inner;
    }
    return parse_condition();
  }

  Filter parse_condition() {
    const FilterToken name = take();
    if (name.type != TokenType::kWord && name.type != TokenType::kQuoted)
      throw Failure{at(name.column) + "expected an attribute, found " + found(name)};
    bool is_date = name.text == "published";
    std::optional<Facet> facet = facet_from_name(name.text);
    if (!is_date && !facet)
      throw Failure{at(name.column) + "attribute `" + name.text +
                    "` is not filterable; filterable attributes: condition, published, route, "
                    "source"};

    const FilterToken& op = peek();
    if (op.type == TokenType::kCompare) {
      take();
      const FilterToken value = take_value(op);
      if (is_date) return compare_dates(op.text, value);
      if (op.text == "=") return Filter::facet_is(*facet, value.text);
      if (op.text == "!=") return Filter::negation(Filter::facet_is(*facet, value.text));
      throw Failure{at(op.column) + "`" + name.text +
                    "` is text: compare it with =, !=, IN or EXISTS, not `" + op.text + "`"};
    }
    bool negated = accept("NOT");
    if (accept("IN")) return maybe_not(negated, in_list(name, facet));
    if (accept("EXISTS")) return maybe_not(negated, exists(facet));
    if (negated)
      throw Failure{at(peek().column) + "expected `IN` or `EXISTS` after `NOT`, found " +
                    found(peek())};
    if (accept("IS")) {
      bool is_not = accept("NOT");
      if (accept("EMPTY")) return maybe_not(!is_not, exists(facet));
      // An article's attributes are never null: IS NULL matches nothing.
      if (accept("NULL")) return is_not ? Filter{} : Filter::any_of({});
      throw Failure{at(peek().column) + "expected `NULL` or `EMPTY`, found " + found(peek())};
    }
    if (is_date && (peek().type == TokenType::kWord || peek().type == TokenType::kQuoted)) {
      DateSpan low = date_of(take());
      if (!accept("TO")) throw Failure{at(peek().column) + "expected `TO`, found " + found(peek())};
      DateSpan high = date_of(take_value(tokens_[next_ - 1]));
      return published(low.first, false, high.last, false);
    }
    throw Failure{at(op.column) +
                  "expected an operator (=, !=, >, >=, <, <=, TO, IN, EXISTS) after `" + name.text +
                  "`, found " + found(op)};
  }

  const FilterToken& take_value(const FilterToken& after) {
    const FilterToken& value = take();
    if (value.type != TokenType::kWord && value.type != TokenType::kQuoted)
      throw Failure{at(value.column) + "expected a value after `" + after.text + "`, found " +
                    found(value)};
    return value;
  }

  DateSpan date_of(const FilterToken& token) const {
    std::optional<DateSpan> span = date_span(token.text);
    if (!span)
      throw Failure{at(token.column) + "`" + token.text +
                    "` is not a date: write 2020, 2020-06 or 2020-06-15"};
    return *span;
  }

  Filter compare_dates(const std::string& op, const FilterToken& value) const {
    DateSpan span = date_of(value);
    if (op == "=") return published(span.first, false, span.last, false);
    if (op == "!=") return Filter::negation(published(span.first, false, span.last, false));
    if (op == ">") return published(span.last, true, "", false);
    if (op == ">=") return published(span.first, false, "", false);
    if (op == "<") return published("", false, span.first, true);
    return published("", false, span.last, false);  // <=
  }

  Filter in_list(const FilterToken& name, std::optional<Facet> facet) {
    if (peek().type != TokenType::kOpenList)
      throw Failure{at(peek().column) + "expected `[` after `IN`, found " + found(peek())};
    const FilterToken& open = take();
    std::vector<Filter> values;
    while (peek().type != TokenType::kCloseList) {
      const FilterToken& value = take_value(values.empty() ? open : tokens_[next_ - 1]);
      if (!facet)
        throw Failure{at(name.column) + "`published` is a date: use comparisons or TO, not IN"};
      values.push_back(Filter::facet_is(*facet, value.text));
      if (peek().type == TokenType::kComma) {
        take();
      } else if (peek().type != TokenType::kCloseList) {
        throw Failure{at(peek().column) + "expected `,` or `]`, found " + found(peek())};
      }
    }
    take();
    return Filter::any_of(std::move(values));
  }

  static Filter exists(std::optional<Facet> facet) {
    Filter f;
    f.op = facet ? Filter::Op::kFacetAny : Filter::Op::kDated;
    if (facet) f.facet = *facet;
    return f;
  }

  static Filter maybe_not(bool negated, Filter filter) {
    return negated ? Filter::negation(std::move(filter)) : filter;
  }

  std::vector<FilterToken> tokens_;
  size_t next_ = 0;
};

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

}  // namespace

Filter Filter::all_of(std::vector<Filter> operands) {
  if (operands.size() == 1) return std::move(operands[0]);
  Filter f;
  f.op = Op::kAnd;
  f.operands = std::move(operands);
  return f;
}

Filter Filter::any_of(std::vector<Filter> operands) {
  if (operands.size() == 1) return std::move(operands[0]);
  Filter f;
  f.op = Op::kOr;
  f.operands = std::move(operands);
  return f;
}

Filter Filter::negation(Filter operand) {
  Filter f;
  f.op = Op::kNot;
  f.operands.push_back(std::move(operand));
  return f;
}

Filter Filter::facet_is(Facet facet, std::string value) {
  Filter f;
  f.op = Op::kFacetIs;
  f.facet = facet;
  f.value = std::move(value);
  return f;
}

Result<Filter> parse_filter(std::string_view expression) {
  if (expression.size() > kMaxFilterBytes)
    return Error{ErrorCode::kInvalidArgument,
                 "filter: longer than " + std::to_string(kMaxFilterBytes) + " bytes"};
  try {
    return Parser(tokenize(expression)).parse();
  } catch (const Failure& failure) {
    return Error{ErrorCode::kInvalidArgument, "filter: " + failure.message};
  }
}

std::string describe(const Filter& filter) {
  switch (filter.op) {
    case Filter::Op::kAll:
      return "";
    case Filter::Op::kAnd:
    case Filter::Op::kOr: {
      if (filter.operands.empty()) return "NOTHING";
      std::string out = "(";
      for (size_t i = 0; i < filter.operands.size(); ++i) {
        if (i > 0) out += filter.op == Filter::Op::kAnd ? " AND " : " OR ";
        out += describe(filter.operands[i]);
      }
      return out + ")";
    }
    case Filter::Op::kNot:
      return "NOT " + describe(filter.operands.at(0));
    case Filter::Op::kFacetIs:
      return std::string(facet_name(filter.facet)) + " = " + quoted(filter.value);
    case Filter::Op::kFacetAny:
      return std::string(facet_name(filter.facet)) + " EXISTS";
    case Filter::Op::kDated:
      return "published EXISTS";
    case Filter::Op::kPublished: {
      std::string low =
          filter.from.empty()
              ? ""
              : "published " + std::string(filter.from_exclusive ? "> " : ">= ") + filter.from;
      std::string high =
          filter.to.empty()
              ? ""
              : "published " + std::string(filter.to_exclusive ? "< " : "<= ") + filter.to;
      if (low.empty() || high.empty()) return low + high;
      return "(" + low + " AND " + high + ")";
    }
  }
  return "";
}

}  // namespace kestrel
