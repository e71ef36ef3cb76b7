#include "read/file_bytes.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "read/reader_error.h"

namespace kestrel {

Result<std::string> read_file_bytes(const std::string& path, size_t max_bytes,
                                    std::string_view what) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return reader_error(path, ec.message(), ErrorCode::kIo);
  if (size > max_bytes) {
    return reader_error(path, "file is " + std::to_string(size >> 20) + " MiB, larger than the " +
                                  std::to_string(max_bytes >> 20) + " MiB limit for " +
                                  std::string(what));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return reader_error(path, "cannot open: " + std::string(std::strerror(errno)), ErrorCode::kIo);
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (!in) return reader_error(path, "read failed", ErrorCode::kIo);
  return bytes;
}

}  // namespace kestrel
