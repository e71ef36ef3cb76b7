#include "index/stored_article.h"

#include <nlohmann/json.hpp>

namespace kestrel {
namespace {

// The record's fields and their JSON names, spelled here only. Renaming one is a schema change.
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

Error corrupt(const std::string& what) {
  return Error{ErrorCode::kCorrupt, "stored article: " + what};
}

}  // namespace

std::string StoredArticle::encode(std::string_view body) const {
  nlohmann::json metadata = nlohmann::json::object();
  for (const TextField& field : kTextFields) metadata[field.name] = this->*field.member;
  for (const ListField& field : kListFields) metadata[field.name] = this->*field.member;
  std::string data = metadata.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  data += '\0';
  data += body;
  return data;
}

Result<DecodedArticle> decode_stored_article(std::string_view data) {
  size_t boundary = data.find('\0');
  if (boundary == std::string_view::npos) return corrupt("no boundary between metadata and body");
  nlohmann::json metadata =
      nlohmann::json::parse(data.substr(0, boundary), nullptr, /*allow_exceptions=*/false);
  if (!metadata.is_object()) return corrupt("metadata is not a JSON object");
  DecodedArticle decoded;
  for (const TextField& field : kTextFields) {
    auto it = metadata.find(field.name);
    if (it == metadata.end() || !it->is_string())
      return corrupt(std::string("'") + field.name + "' is not text");
    decoded.article.*field.member = it->get<std::string>();
  }
  for (const ListField& field : kListFields) {
    auto it = metadata.find(field.name);
    if (it == metadata.end() || !it->is_array())
      return corrupt(std::string("'") + field.name + "' is not a list");
    for (const auto& item : *it) {
      if (!item.is_string())
        return corrupt(std::string("'") + field.name + "' holds something other than text");
      (decoded.article.*field.member).push_back(item.get<std::string>());
    }
  }
  decoded.body = data.substr(boundary + 1);
  return decoded;
}

}  // namespace kestrel
