#include "index/stored_article.h"

#include "index/record_codec.h"

namespace kestrel {
namespace {

// The record: a format byte, then the text fields in this order, then each list as a count and
// its items, then the participants; every text length-prefixed (record_codec.h). Reordering is a
// schema change. Format 1 (schema 3) lacked the study, the file and the participants.
constexpr char kFormat = 2;

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
                                     {"published", &StoredArticle::published},
                                     {"journal", &StoredArticle::journal},
                                     {"doi", &StoredArticle::doi},
                                     {"volume", &StoredArticle::volume},
                                     {"pages", &StoredArticle::pages},
                                     {"study", &StoredArticle::study},
                                     {"file", &StoredArticle::file}};
constexpr ListField kListFields[] = {{"authors", &StoredArticle::authors},
                                     {"conditions", &StoredArticle::conditions},
                                     {"routes", &StoredArticle::routes}};

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
  record::put_number(participants, data);
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
  if (!in.number(decoded.participants)) return corrupt("'participants' cut short");
  if (!in.at_end()) return corrupt("bytes after the last field");
  return decoded;
}

}  // namespace kestrel
