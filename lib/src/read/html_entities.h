// Decoding of the HTML character references that md4c reports as entities ("&amp;", "&#8217;").
#pragma once

#include <string>
#include <string_view>

namespace kestrel {

// Appends the character `entity` stands for to `out`, or the entity as written if unknown.
void append_html_entity(std::string_view entity, std::string& out);

}  // namespace kestrel
