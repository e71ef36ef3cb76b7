// UTF-8 well-formedness, as the readers and the HTTP server check it, and the byte rules for
// counting characters and cutting text without splitting one.
#pragma once

#include <cstddef>
#include <string_view>

namespace kestrel {

// Whether `text` is well-formed UTF-8: no overlong forms, surrogates or code points above
// U+10FFFF.
bool is_valid_utf8(std::string_view text);

// Whether `byte` continues a UTF-8 sequence (10xxxxxx) rather than starting a character.
constexpr bool is_utf8_continuation(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

// The last position at or before `position` where a character starts (or the text's end):
// text.substr(0, cut) never ends inside a UTF-8 sequence.
constexpr size_t utf8_cut_point(std::string_view text, size_t position) {
  if (position >= text.size()) return text.size();
  while (position > 0 && is_utf8_continuation(text[position])) --position;
  return position;
}

}  // namespace kestrel
