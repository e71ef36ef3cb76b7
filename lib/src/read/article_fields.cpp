#include "read/article_fields.h"

#include <algorithm>

#include "read/text_util.h"

namespace kestrel {
namespace {

constexpr size_t kMaxIdBytes = 200;

// More people than any study has had; a bigger number is a typing mistake.
constexpr size_t kMaxParticipantDigits = 8;

constexpr ArticleField kFields[] = {
    {"id", &Article::id},
    {"title", &Article::title},
    {"text", &Article::body, nullptr, false},
    {"source", &Article::source},
    {"url", &Article::url},
    {"published", &Article::published},
    {"authors", nullptr, &Article::authors},
    {"journal", &Article::journal},
    {"doi", &Article::doi},
    {"volume", &Article::volume},
    {"pages", &Article::pages},
    {"conditions", nullptr, &Article::conditions},
    {"routes", nullptr, &Article::routes},
    {"study", &Article::study},
    {"participants", &Article::participants},
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdBytes || !is_alnum(id[0])) return false;
  for (char c : id) {
    if (!is_alnum(c) && c != '.' && c != '_' && c != '~' && c != ':' && c != '#' && c != '-')
      return false;
  }
  return true;
}

// "10." then a registrant code of digits (and dots), "/", and a suffix without spaces.
bool is_doi(std::string_view s) {
  size_t slash = s.find('/');
  if (s.rfind("10.", 0) != 0 || slash == std::string_view::npos || slash < 4 ||
      slash + 1 == s.size())
    return false;
  for (size_t i = 3; i < slash; ++i)
    if (!is_digit(s[i]) && s[i] != '.') return false;
  for (char c : s)
    if (static_cast<unsigned char>(c) <= ' ') return false;
  return true;
}

// "YYYY-MM-DD" naming a day that exists (2024-02-29 does, 2023-02-29 does not).
bool is_real_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!is_digit(s[i])) return false;
  }
  auto number = [&](size_t at, size_t digits) {
    int n = 0;
    for (size_t i = at; i < at + digits; ++i) n = n * 10 + (s[i] - '0');
    return n;
  };
  int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

}  // namespace

const ArticleField* find_article_field(std::string_view name) {
  for (const ArticleField& field : kFields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

void assign_field(const ArticleField& field, std::string_view value, Article& article) {
  if (field.text == &Article::body)
    article.body = value;  // a body is kept as given
  else if (field.text)
    article.*field.text = trim(value);
  else
    (article.*field.list).push_back(trim(value));
}

std::optional<std::string> invalid_field(const ArticleField& field, const Article& article) {
  if (field.text && (article.*field.text).empty())
    return std::nullopt;  // no value: the default applies
  if (field.text == &Article::id && !is_valid_id(article.id)) {
    return "'id' must be letters, digits and . _ ~ : # - (at most " + std::to_string(kMaxIdBytes) +
           "), not '" + article.id + "'";
  }
  if (field.text == &Article::published && !is_real_date(article.published)) {
    return "'published' is not a date (YYYY-MM-DD): '" + article.published + "'";
  }
  if (field.text == &Article::doi && !is_doi(article.doi)) {
    return "'doi' must be a DOI as \"10.1234/abc\" (without https://doi.org/): '" + article.doi +
           "'";
  }
  if (field.text == &Article::participants &&
      (article.participants.size() > kMaxParticipantDigits || article.participants[0] == '0' ||
       !std::all_of(article.participants.begin(), article.participants.end(), is_digit))) {
    return "'participants' must be a whole number of people, 1 to 99999999: '" +
           article.participants + "'";
  }
  if (field.text == &Article::url && article.url.rfind("https://", 0) != 0 &&
      article.url.rfind("http://", 0) != 0) {
    return "'url' must start with http:// or https://: '" + article.url + "'";
  }
  return std::nullopt;
}

}  // namespace kestrel
