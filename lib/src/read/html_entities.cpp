#include "read/html_entities.h"

#include <cstdlib>
#include <utility>

namespace kestrel {
namespace {

void append_code_point(unsigned long cp, std::string& out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The named references that occur in prose; others are kept as written.
constexpr std::pair<std::string_view, unsigned long> kNamed[] = {
    {"&amp;", '&'},       {"&lt;", '<'},       {"&gt;", '>'},       {"&quot;", '"'},
    {"&apos;", '\''},     {"&nbsp;", 0xA0},    {"&ndash;", 0x2013}, {"&mdash;", 0x2014},
    {"&lsquo;", 0x2018},  {"&rsquo;", 0x2019}, {"&ldquo;", 0x201C}, {"&rdquo;", 0x201D},
    {"&hellip;", 0x2026}, {"&copy;", 0xA9},    {"&reg;", 0xAE},     {"&deg;", 0xB0},
    {"&plusmn;", 0xB1},   {"&micro;", 0xB5},   {"&middot;", 0xB7},  {"&times;", 0xD7},
    {"&alpha;", 0x3B1},   {"&beta;", 0x3B2},   {"&ge;", 0x2265},    {"&le;", 0x2264},
};

}  // namespace

void append_html_entity(std::string_view entity, std::string& out) {
  if (entity.size() > 3 && entity[1] == '#') {
    bool hex = entity[2] == 'x' || entity[2] == 'X';
    std::string digits(entity.substr(hex ? 3 : 2, entity.size() - (hex ? 4 : 3)));
    append_code_point(std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10), out);
    return;
  }
  for (const auto& [name, cp] : kNamed) {
    if (name == entity) {
      append_code_point(cp, out);
      return;
    }
  }
  out.append(entity);
}

}  // namespace kestrel
