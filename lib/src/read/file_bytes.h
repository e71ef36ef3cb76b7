// Reading one corpus file whole, within a size limit: every reader's way in, so that a file too
// large, missing or unreadable is reported alike ("x.pdf: file is 70 MiB, larger than the 64 MiB
// limit for one PDF").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kestrel/result.h"

namespace kestrel {

// The bytes of `path`. kParse when it is larger than `max_bytes` (`what` says of what the limit
// is: "one article"), kIo when it cannot be read; the message names the path.
Result<std::string> read_file_bytes(const std::string& path, size_t max_bytes,
                                    std::string_view what);

}  // namespace kestrel
