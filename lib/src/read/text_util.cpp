#include "read/text_util.h"

#include <cstdint>

namespace kestrel {
namespace {

// Windows-1252's 0x80-0x9F; the other bytes are Latin-1.
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size(), i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else
      return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if (!is_utf8_continuation(static_cast<char>(s[i + k]))) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string to_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80)
      out += ch;
    else if (c < 0xA0)
      append_utf8(out, kCp1252High[c - 0x80]);
    else
      append_utf8(out, c);
  }
  return out;
}

std::string tidy_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  int pending_newlines = 0;
  bool pending_space = false;
  for (char c : text) {
    if (c == '\n') {
      ++pending_newlines;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = true;
    } else {
      if (!out.empty()) {
        if (pending_newlines >= 2)
          out += "\n\n";
        else if (pending_newlines == 1)
          out += '\n';
        else if (pending_space)
          out += ' ';
      }
      pending_newlines = 0;
      pending_space = false;
      out += c;
    }
  }
  return out;
}

std::string trim(std::string_view text) {
  size_t b = text.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(b, e - b + 1));
}

std::string_view first_line(std::string_view text, size_t* end_of_line) {
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    size_t stop = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(at, stop - at);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      if (end_of_line) *end_of_line = stop;
      size_t b = line.find_first_not_of(" \t\r");
      size_t e = line.find_last_not_of(" \t\r");
      return line.substr(b, e - b + 1);
    }
    at = stop + 1;
  }
  if (end_of_line) *end_of_line = text.size();
  return {};
}

std::string file_stem(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  for (const char* ext :
       {".jsonl.gz", ".markdown", ".jsonl", ".html", ".htm", ".md", ".txt", ".pdf", ".PDF"}) {
    std::string_view e(ext);
    if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0) {
      return name.substr(0, name.size() - e.size());
    }
  }
  return name;
}

}  // namespace kestrel

namespace kestrel {

std::string slugify(std::string_view name) {
  std::string out;
  bool dash = false;
  for (char c : name) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '~' || c == ':' || c == '#' || c == '-';
    if (keep) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += c;
    } else {
      dash = true;
    }
  }
  if (out.size() > 200) out.resize(200);
  return out;
}

std::string first_sentence(std::string_view text) {
  constexpr size_t kMaxTitleBytes = 150;
  std::string_view line = first_line(text);
  size_t stop = line.find(". ");
  if (stop != std::string_view::npos) line = line.substr(0, stop);
  if (line.size() > kMaxTitleBytes) {
    size_t space = line.rfind(' ', kMaxTitleBytes);
    // Never cut a UTF-8 sequence in two.
    line = line.substr(
        0, space == std::string_view::npos ? utf8_cut_point(line, kMaxTitleBytes) : space);
    return std::string(line) + "…";
  }
  return std::string(line);
}

}  // namespace kestrel
