#include "kestrel/result.h"

namespace kestrel {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kParse:
      return "parse_error";
    case ErrorCode::kIndexVersion:
      return "index_version";
    case ErrorCode::kLocked:
      return "locked";
    case ErrorCode::kIo:
      return "io_error";
    case ErrorCode::kCorrupt:
      return "corrupt_index";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace kestrel
