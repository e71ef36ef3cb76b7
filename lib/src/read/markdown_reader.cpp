// Markdown articles: YAML front matter (front_matter.h) and a body converted to plain text (md4c).
#include <md4c.h>

#include <cstring>
#include <ctime>

#include "kestrel/article.h"
#include "read/front_matter.h"
#include "read/html_entities.h"
#include "read/reader_error.h"
#include "read/text_util.h"

namespace kestrel {
namespace {

Error parse_error(const std::string& origin, int line, const std::string& reason) {
  return reader_error(line > 0 ? origin + ":" + std::to_string(line) : origin, reason);
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
      case MD_TEXT_SOFTBR:
        text += '\n';
        break;
      case MD_TEXT_ENTITY:
        append_html_entity(std::string_view(data, size), text);
        break;
      case MD_TEXT_HTML:
      case MD_TEXT_NULLCHAR:
        break;  // inline HTML tags are markup, not text
      default:
        text.append(data, size);
    }
    return 0;
  }
};

std::string markdown_to_text(std::string_view markdown) {
  PlainText sink;
  MD_PARSER parser{};
  parser.flags =
      MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_NOHTMLBLOCKS;
  parser.enter_block = &PlainText::enter_block;
  parser.leave_block = &PlainText::leave_block;
  parser.enter_span = &PlainText::span;
  parser.leave_span = &PlainText::span;
  parser.text = &PlainText::text;
  md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &sink);
  return tidy_whitespace(sink.out);
}

}  // namespace

Result<Article> parse_markdown_article(std::string_view raw, const std::string& origin) {
  std::string text = to_utf8(raw);
  std::string_view rest(text);
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);  // byte-order mark
  Article article;
  article.origin = origin;

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
    Status applied =
        apply_front_matter(rest.substr(yaml_begin, close - yaml_begin), origin, 2, article);
    if (!applied) return applied.error();
    size_t body_begin = rest.find('\n', close);
    rest.remove_prefix(body_begin == std::string_view::npos ? rest.size() : body_begin + 1);
  }

  if (article.id.empty()) article.id = slugify(file_stem(origin));
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
