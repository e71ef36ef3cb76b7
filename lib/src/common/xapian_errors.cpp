#include "common/xapian_errors.h"

#include <cstring>

namespace kestrel {

// Xapian::Error has no virtual functions, so the class is told by get_type(), not dynamic_cast.
Error from_xapian(const Xapian::Error& e, const std::string& where) {
  std::string_view type = e.get_type();
  std::string message = where + ": " + e.get_msg();
  // The system's reason ("No space left on device", "File too large") is what an operator needs.
  if (const char* reason = e.get_error_string(); reason && *reason)
    message += " (" + std::string(reason) + ")";
  if (type == "DatabaseLockError")
    return Error{ErrorCode::kLocked, where + ": the index is locked by another writer"};
  if (type == "DatabaseNotFoundError" || type == "DatabaseOpeningError") {
    return Error{ErrorCode::kNotFound,
                 where + ": no index here (run kestrel-index): " + e.get_msg()};
  }
  if (type == "DatabaseCorruptError") return Error{ErrorCode::kCorrupt, message};
  if (type == "DatabaseVersionError")
    return Error{ErrorCode::kIndexVersion, message + ": run kestrel-index --rebuild"};
  if (type.find("Database") == 0) return Error{ErrorCode::kIo, message};
  // A shard that is down, unreachable or too slow (xapian-tcpsrv).
  if (type.find("Network") == 0) return Error{ErrorCode::kIo, message};
  if (type == "QueryParserError" || type == "InvalidArgumentError")
    return Error{ErrorCode::kInvalidArgument, message};
  return Error{ErrorCode::kInternal, std::string(type) + ": " + message};
}

}  // namespace kestrel
