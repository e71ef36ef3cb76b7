// Markdown articles: YAML front matter (yaml-cpp) and a body converted to plain text (md4c).
#include <md4c.h>
#include <yaml-cpp/yaml.h>

#include <cstring>
#include <ctime>
#include <regex>

#include "read/html_entities.h"
#include "kestrel/article.h"
#include "read/text_util.h"

namespace kestrel {
namespace {

Error parse_error(const std::string& origin, int line, const std::string& reason) {
  std::string where = origin;
  if (line > 0) where += ":" + std::to_string(line);
  return Error{ErrorCode::kParse, where + ": " + reason};
}

// md4c calls these while walking the document; we keep the text and mark block ends.
struct PlainText {
  std::string out;

  static int enter_block(MD_BLOCKTYPE, void*, void*) { return 0; }
  static int leave_block(MD_BLOCKTYPE type, void*, void* self) {
    auto& text = static_cast<PlainText*>(self)->out;
    bool cell = type == MD_BLOCK_TD || type == MD_BLOCK_TH;
    text += cell ? " " : "\n\n";
    return 0;
  }
  static int span(MD_SPANTYPE, void*, void*) { return 0; }
  static int text(MD_TEXTTYPE type, const MD_CHAR* data, MD_SIZE size, void* self) {
    auto& text = static_cast<PlainText*>(self)->out;
    switch (type) {
      case MD_TEXT_BR:
      case MD_TEXT_SOFTBR: text += '\n'; break;
      case MD_TEXT_ENTITY: append_html_entity(std::string_view(data, size), text); break;
      case MD_TEXT_HTML:
      case MD_TEXT_NULLCHAR: break;  // inline HTML tags are markup, not text
      default: text.append(data, size);
    }
    return 0;
  }
};

std::string markdown_to_text(std::string_view markdown) {
  PlainText sink;
  MD_PARSER parser{};
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS |
                 MD_FLAG_NOHTMLBLOCKS;
  parser.enter_block = &PlainText::enter_block;
  parser.leave_block = &PlainText::leave_block;
  parser.enter_span = &PlainText::span;
  parser.leave_span = &PlainText::span;
  parser.text = &PlainText::text;
  md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &sink);
  return tidy_whitespace(sink.out);
}

bool is_real_date(const std::string& s) {
  static const std::regex kIsoDate(R"(^(\d{4})-(\d{2})-(\d{2})$)");
  std::smatch m;
  if (!std::regex_match(s, m, kIsoDate)) return false;
  int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[mo - 1] + (mo == 2 && leap ? 1 : 0);
}

// Front matter lines are counted from the file's first line, which holds the opening "---".
class FrontMatter {
 public:
  FrontMatter(const std::string& origin, int first_line) : origin_(origin), first_line_(first_line) {}

  Status apply(const YAML::Node& root, Article& article) const {
    if (!root.IsMap()) return fail(root, "front matter: expected key: value pairs");
    for (const auto& entry : root) {
      std::string key = entry.first.as<std::string>();
      const YAML::Node& value = entry.second;
      Status status;
      if (key == "id") status = scalar(value, key, article.id);
      else if (key == "title") status = scalar(value, key, article.title);
      else if (key == "source") status = scalar(value, key, article.source);
      else if (key == "url") status = scalar(value, key, article.url);
      else if (key == "published") status = scalar(value, key, article.published);
      else if (key == "authors") status = list(value, key, article.authors);
      else if (key == "conditions") status = list(value, key, article.conditions);
      else if (key == "routes") status = list(value, key, article.routes);
      else return fail(entry.first, "front matter: unknown key '" + key + "'");
      if (!status) return status;
    }
    return check(root, article);
  }

 private:
  Status check(const YAML::Node& root, const Article& article) const {
    static const std::regex kSlug(R"(^[A-Za-z0-9][A-Za-z0-9._~:#-]{0,199}$)");
    if (root["id"] && !std::regex_match(article.id, kSlug)) {
      return fail(root["id"], "front matter: 'id' must be letters, digits and . _ ~ : # - (at most "
                              "200), not '" + article.id + "'");
    }
    if (root["published"] && !is_real_date(article.published)) {
      return fail(root["published"], "front matter: 'published' is not a date (YYYY-MM-DD): '" +
                                         article.published + "'");
    }
    if (root["url"] && article.url.rfind("https://", 0) != 0 && article.url.rfind("http://", 0) != 0) {
      return fail(root["url"], "front matter: 'url' must start with http:// or https://: '" +
                                   article.url + "'");
    }
    if (root["title"] && trim(article.title).empty()) {
      return fail(root["title"], "front matter: 'title' is empty");
    }
    return Status::Ok();
  }

  Status scalar(const YAML::Node& node, const std::string& key, std::string& out) const {
    if (!node.IsScalar()) return fail(node, "front matter: '" + key + "' must be a single value");
    out = trim(node.as<std::string>());
    return Status::Ok();
  }

  // A list, or a single value taken as a list of one.
  Status list(const YAML::Node& node, const std::string& key, std::vector<std::string>& out) const {
    if (node.IsScalar()) {
      out = {trim(node.as<std::string>())};
      return Status::Ok();
    }
    if (!node.IsSequence()) return fail(node, "front matter: '" + key + "' must be a list");
    for (const auto& item : node) {
      if (!item.IsScalar()) return fail(item, "front matter: items of '" + key + "' must be text");
      out.push_back(trim(item.as<std::string>()));
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

Result<Article> parse_markdown_article(std::string_view raw, const std::string& origin) {
  std::string text = to_utf8(raw);
  std::string_view rest(text);
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);  // byte-order mark
  Article article;
  article.origin = origin;
  article.id = slugify(file_stem(origin));

  bool has_front_matter = rest.substr(0, 4) == "---\n" || rest.substr(0, 5) == "---\r\n";
  if (has_front_matter) {
    size_t yaml_begin = rest.find('\n') + 1;
    size_t close = std::string_view::npos;
    for (size_t at = yaml_begin; at < rest.size();) {
      size_t nl = rest.find('\n', at);
      std::string line = trim(rest.substr(at, nl == std::string_view::npos ? nl : nl - at));
      if (line == "---" || line == "...") {
        close = at;
        break;
      }
      if (nl == std::string_view::npos) break;
      at = nl + 1;
    }
    if (close == std::string_view::npos) {
      return parse_error(origin, 1, "front matter: no closing '---' line");
    }
    try {
      YAML::Node root = YAML::Load(std::string(rest.substr(yaml_begin, close - yaml_begin)));
      if (!root.IsNull()) {
        Status status = FrontMatter(origin, 2).apply(root, article);
        if (!status) return status.error();
      }
    } catch (const YAML::Exception& e) {
      return parse_error(origin, 2 + e.mark.line, "front matter: " + e.msg);
    }
    size_t body_begin = rest.find('\n', close);
    rest.remove_prefix(body_begin == std::string_view::npos ? rest.size() : body_begin + 1);
  }

  article.body = markdown_to_text(rest);
  if (article.title.empty()) {
    // No front matter title: the first line of the text is the title, as for a .txt file.
    size_t end = 0;
    article.title = std::string(first_line(article.body, &end));
    article.body = trim(std::string_view(article.body).substr(end));
  }
  if (article.title.empty()) return parse_error(origin, 0, "no title and no text");
  return article;
}

}  // namespace kestrel
