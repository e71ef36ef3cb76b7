// The on-disk layout of an index directory (see kestrel/indexer.h): the writer's lock, the stub
// naming the live generation, and publishing a new one.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "kestrel/result.h"

namespace kestrel {

// Holds an exclusive flock on DIR/.lock until destroyed.
class WriterLock {
 public:
  // kLocked when another process holds it; creates DIR if needed.
  static Result<WriterLock> acquire(const std::string& index_dir);
  WriterLock(WriterLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  WriterLock& operator=(WriterLock&&) = delete;
  ~WriterLock();

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_;
};

class IndexLocation {
 public:
  explicit IndexLocation(std::string index_dir) : dir_(std::move(index_dir)) {}

  const std::string& dir() const { return dir_; }
  std::string stub_path() const { return dir_ + "/XAPIANDB"; }
  // A symbolic link to the live generation, moved with the stub.
  std::string live_link_path() const { return dir_ + "/live"; }
  std::string generation_path(unsigned generation) const;

  // The live generation number, or 0 when nothing is published.
  unsigned live_generation() const;
  // The largest generation number present on disk, published or not.
  unsigned newest_generation_on_disk() const;

  // Points the stub (and the `live` link) at `generation`: writes, fsyncs and renames a new stub
  // over the old one, then fsyncs the directory.
  Status publish(unsigned generation) const;

  // Points `live` at `generation` unless it already does (an index made before the link was).
  Status link_live(unsigned generation) const;

  // Removes generations other than the live one and the one before it (readers may still have
  // that open), and leftovers of interrupted builds. Only the lock holder may call this.
  void remove_stale(unsigned live, unsigned previous) const;

 private:
  std::string dir_;
};

// Opens `path` with `flags` (O_RDONLY, or O_RDONLY | O_DIRECTORY) and fsyncs it: what makes a
// rename durable. kIo names the path and the reason.
Status fsync_path(const std::string& path, int flags);

// How every program names an index revision: "7.3" is generation 7 at Xapian revision 3.
std::string revision_name(unsigned generation, uint64_t xapian_revision);

// Identity of the stub file (device, inode, modification time); changes when a new generation is
// published. Zero when there is no stub.
struct StubIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  long mtime_ns = 0;
  bool operator==(const StubIdentity&) const = default;
};
StubIdentity stub_identity(const std::string& index_dir);

}  // namespace kestrel
