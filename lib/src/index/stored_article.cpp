#include "index/stored_article.h"

#include "index/record_codec.h"

namespace kestrel {
namespace {

// The record: a format byte, then the text fields in this order, then each list as a count and
// its items, then the citation fields when an article has any, every text length-prefixed
// (record_codec.h). Reordering is a schema change; the citation fields came later, so a record
// without them (every article indexed before) reads as an article without them.
constexpr char kFormat = 1;

struct TextField {
  const char* name;
  std::string StoredArticle::*member;
};
struct ListField {
  const char* name;
  std::vector<std::string> StoredArticle::*member;
};
constexpr TextField kTextFields[] = {{"id", &StoredArticle::id},
                                     {"title", &StoredArticle::title},
                                     {"url", &StoredArticle::url},
                                     {"source", &StoredArticle::source},
                                     {"published", &StoredArticle::published}};
constexpr ListField kListFields[] = {{"authors", &StoredArticle::authors},
                                     {"conditions", &StoredArticle::conditions},
                                     {"routes", &StoredArticle::routes}};
constexpr TextField kCitationFields[] = {{"journal", &StoredArticle::journal},
                                         {"doi", &StoredArticle::doi},
                                         {"volume", &StoredArticle::volume},
                                         {"pages", &StoredArticle::pages}};

Error corrupt(const std::string& what) {
  return Error{ErrorCode::kCorrupt, "stored article: " + what};
}

}  // namespace

std::string StoredArticle::encode() const {
  std::string data(1, kFormat);
  for (const TextField& field : kTextFields) record::put_bytes(this->*field.member, data);
  for (const ListField& field : kListFields) {
    record::put_number((this->*field.member).size(), data);
    for (const std::string& item : this->*field.member) record::put_bytes(item, data);
  }
  bool cited = false;
  for (const TextField& field : kCitationFields) cited = cited || !(this->*field.member).empty();
  if (cited) {
    for (const TextField& field : kCitationFields) record::put_bytes(this->*field.member, data);
  }
  return data;
}

Result<StoredArticle> decode_stored_article(std::string_view data) {
  record::Reader in(data);
  char format = 0;
  if (!in.byte(format) || format != kFormat) return corrupt("unknown format");
  StoredArticle decoded;
  std::string_view text;
  for (const TextField& field : kTextFields) {
    if (!in.bytes(text)) return corrupt(std::string("'") + field.name + "' cut short");
    (decoded.*field.member).assign(text);
  }
  for (const ListField& field : kListFields) {
    uint32_t count = 0;
    if (!in.number(count)) return corrupt(std::string("'") + field.name + "' cut short");
    for (uint32_t i = 0; i < count; ++i) {
      if (!in.bytes(text)) return corrupt(std::string("'") + field.name + "' cut short");
      (decoded.*field.member).emplace_back(text);
    }
  }
  if (!in.at_end()) {
    for (const TextField& field : kCitationFields) {
      if (!in.bytes(text)) return corrupt(std::string("'") + field.name + "' cut short");
      (decoded.*field.member).assign(text);
    }
  }
  if (!in.at_end()) return corrupt("bytes after the last field");
  return decoded;
}

}  // namespace kestrel
