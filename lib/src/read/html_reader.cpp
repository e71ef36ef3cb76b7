#include "read/html_reader.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <strings.h>

#include <memory>

#include "read/text_util.h"

namespace kestrel {
namespace {

bool is_hidden_element(const xmlNode* node) {
  static constexpr const char* kHidden[] = {"script", "style",  "noscript", "template", "nav",
                                            "header", "footer", "form",     "iframe",   "svg",
                                            "aside",  "button", "select"};
  for (const char* name : kHidden) {
    if (strcasecmp(reinterpret_cast<const char*>(node->name), name) == 0) return true;
  }
  return false;
}

bool is_block_element(const xmlNode* node) {
  static constexpr const char* kBlocks[] = {
      "p",  "div",   "br",      "li",      "h1",         "h2",  "h3", "h4", "h5", "h6",
      "tr", "table", "section", "article", "blockquote", "pre", "ul", "ol", "dd", "dt"};
  for (const char* name : kBlocks) {
    if (strcasecmp(reinterpret_cast<const char*>(node->name), name) == 0) return true;
  }
  return false;
}

bool named(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE &&
         strcasecmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

// xmlFree is a function pointer variable, so it cannot be a unique_ptr deleter type itself.
struct XmlFree {
  void operator()(xmlChar* p) const { xmlFree(p); }
};

std::string text_of(const xmlNode* node) {
  std::unique_ptr<xmlChar, XmlFree> content(xmlNodeGetContent(node));
  return content ? trim(reinterpret_cast<const char*>(content.get())) : std::string();
}

struct PageParts {
  std::string title, description, first_heading, body;
};

// Depth-first walk; the depth bound keeps a hostile page of a million nested <div>s from
// exhausting the stack (libxml2 itself stops at 256 levels by default). Inside <head> only the
// title and meta description are taken; hidden elements are skipped whole.
void walk(const xmlNode* node, PageParts& page, int depth, bool collect_text) {
  if (depth > 512) return;
  for (const xmlNode* n = node; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (collect_text && n->content) page.body += reinterpret_cast<const char*>(n->content);
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) continue;
    if (named(n, "title") && page.title.empty()) page.title = text_of(n);
    if (named(n, "h1") && page.first_heading.empty()) page.first_heading = text_of(n);
    if (named(n, "meta")) {
      xmlChar* name = xmlGetProp(n, reinterpret_cast<const xmlChar*>("name"));
      if (name && strcasecmp(reinterpret_cast<const char*>(name), "description") == 0) {
        xmlChar* content = xmlGetProp(n, reinterpret_cast<const xmlChar*>("content"));
        if (content) page.description = trim(reinterpret_cast<const char*>(content));
        xmlFree(content);
      }
      xmlFree(name);
    }
    if (named(n, "head")) {
      walk(n->children, page, depth + 1, false);
    } else if (!is_hidden_element(n)) {
      walk(n->children, page, depth + 1, collect_text);
      if (is_block_element(n)) page.body += "\n\n";
    }
  }
}

}  // namespace

Result<Article> parse_html_article(std::string_view html, const std::string& origin) {
  std::string text = to_utf8(html);
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      htmlReadMemory(text.data(), static_cast<int>(text.size()), origin.c_str(), "UTF-8",
                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                         HTML_PARSE_NONET | HTML_PARSE_NOBLANKS),
      &xmlFreeDoc);
  if (!doc) return Error{ErrorCode::kParse, origin + ": not an HTML document"};
  PageParts page;
  walk(xmlDocGetRootElement(doc.get()), page, 0, true);

  Article article;
  article.origin = origin;
  article.id = slugify(file_stem(origin));
  article.body = tidy_whitespace(page.body);
  article.title = !page.title.empty() ? page.title : page.first_heading;
  if (article.title.empty()) {
    size_t end = 0;
    article.title = std::string(first_line(article.body, &end));
    article.body = trim(std::string_view(article.body).substr(end));
  }
  // The meta description leads the text: it is the page's own summary.
  if (!page.description.empty()) article.body = page.description + "\n\n" + article.body;
  article.title = tidy_whitespace(article.title);
  if (article.title.empty()) return Error{ErrorCode::kParse, origin + ": no title and no text"};
  return article;
}

}  // namespace kestrel
