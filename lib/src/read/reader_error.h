// The readers' one way of naming what they reject: "corpus/a.md:3: reason".
#pragma once

#include <string>
#include <string_view>

#include "kestrel/result.h"

namespace kestrel {

// `where` is a path, with ":line" when a line is known.
inline Error reader_error(std::string_view where, std::string_view reason,
                          ErrorCode code = ErrorCode::kParse) {
  std::string message(where);
  message += ": ";
  message += reason;
  return Error{code, std::move(message)};
}

}  // namespace kestrel
