// UTF-8 well-formedness, as the readers and the HTTP server check it.
#pragma once

#include <string_view>

namespace kestrel {

// Whether `text` is well-formed UTF-8: no overlong forms, surrogates or code points above
// U+10FFFF.
bool is_valid_utf8(std::string_view text);

}  // namespace kestrel
