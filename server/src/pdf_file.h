// A PDF article's file, opened for serving read-only at /files/ID.pdf. Only the file an indexed
// article names is ever opened (its canonical path, recorded by the indexer), so no request path
// reaches the file system; and that path is opened only while it is still canonical (no symlink
// has appeared in it since) and a regular file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace kestrel::http {

class PdfFile {
 public:
  // nullopt when `canonical_path` must not or cannot be served: relative, not a .pdf, no longer
  // canonical, a symlink, not a regular file, or unreadable.
  static std::optional<PdfFile> open(const std::string& canonical_path);

  uint64_t size() const { return size_; }
  // Up to `length` bytes from `offset` into `out`; false on a read error.
  bool read(uint64_t offset, size_t length, std::string& out) const;

 private:
  struct Fd;
  PdfFile(std::shared_ptr<Fd> fd, uint64_t size) : fd_(std::move(fd)), size_(size) {}
  std::shared_ptr<Fd> fd_;  // shared with the response's content provider
  uint64_t size_ = 0;
};

}  // namespace kestrel::http
