#include "read/front_matter.h"

#include <yaml-cpp/yaml.h>

#include "read/article_fields.h"
#include "read/reader_error.h"

namespace kestrel {
namespace {

Error parse_error(const std::string& origin, int line, const std::string& reason) {
  return reader_error(line > 0 ? origin + ":" + std::to_string(line) : origin, reason);
}

// Front matter lines are counted from the file's first line, which holds the opening "---".
class FrontMatter {
 public:
  FrontMatter(const std::string& origin, int first_line)
      : origin_(origin), first_line_(first_line) {}

  Status apply(const YAML::Node& root, Article& article) const {
    if (!root.IsMap()) return fail(root, "front matter: expected key: value pairs");
    for (const auto& entry : root) {
      std::string key = entry.first.as<std::string>();
      const ArticleField* field = find_article_field(key);
      if (!field || !field->in_front_matter)
        return fail(entry.first, "front matter: unknown key '" + key + "'");
      if (Status assigned = assign(*field, entry.second, article); !assigned) return assigned;
      if (auto problem = invalid_field(*field, article))
        return fail(entry.second, "front matter: " + *problem);
    }
    if (root["title"] && article.title.empty())
      return fail(root["title"], "front matter: 'title' is empty");
    return Status::Ok();
  }

 private:
  // A single value, or for a list field a list (a single value is a list of one).
  Status assign(const ArticleField& field, const YAML::Node& node, Article& article) const {
    std::string key(field.name);
    if (node.IsScalar()) {
      assign_field(field, node.as<std::string>(), article);
      return Status::Ok();
    }
    if (field.text) return fail(node, "front matter: '" + key + "' must be a single value");
    if (!node.IsSequence()) return fail(node, "front matter: '" + key + "' must be a list");
    for (const auto& item : node) {
      if (!item.IsScalar()) return fail(item, "front matter: items of '" + key + "' must be text");
      assign_field(field, item.as<std::string>(), article);
    }
    return Status::Ok();
  }

  Error fail(const YAML::Node& node, const std::string& reason) const {
    return parse_error(origin_, first_line_ + node.Mark().line, reason);
  }

  const std::string& origin_;
  int first_line_;
};

}  // namespace

Status apply_front_matter(std::string_view yaml, const std::string& origin, int first_line,
                          Article& article) {
  try {
    YAML::Node root = YAML::Load(std::string(yaml));
    if (root.IsNull()) return Status::Ok();
    return FrontMatter(origin, first_line).apply(root, article);
  } catch (const YAML::Exception& e) {
    return parse_error(origin, first_line + e.mark.line, "front matter: " + e.msg);
  }
}

}  // namespace kestrel
