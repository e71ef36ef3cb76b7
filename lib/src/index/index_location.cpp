#include "index/index_location.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace kestrel {
namespace {

namespace fs = std::filesystem;

constexpr const char* kGenerationPrefix = "gen-";
constexpr const char* kBuildPrefix = ".build-";

unsigned generation_number(const std::string& name) {
  if (name.rfind(kGenerationPrefix, 0) != 0) return 0;
  return static_cast<unsigned>(
      std::strtoul(name.c_str() + std::strlen(kGenerationPrefix), nullptr, 10));
}

}  // namespace

Status fsync_path(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Error{ErrorCode::kIo, path + ": " + std::strerror(errno)};
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  if (rc != 0) return Error{ErrorCode::kIo, path + ": fsync: " + std::strerror(saved)};
  return Status::Ok();
}

Result<WriterLock> WriterLock::acquire(const std::string& index_dir) {
  std::error_code ec;
  fs::create_directories(index_dir, ec);
  if (ec) return Error{ErrorCode::kIo, index_dir + ": cannot create: " + ec.message()};
  std::string path = index_dir + "/.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Error{ErrorCode::kIo, path + ": " + std::strerror(errno)};
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int saved = errno;
    ::close(fd);
    if (saved == EWOULDBLOCK) {
      return Error{ErrorCode::kLocked, index_dir + ": another kestrel-index is writing this index"};
    }
    return Error{ErrorCode::kIo, path + ": flock: " + std::strerror(saved)};
  }
  return WriterLock(fd);
}

WriterLock::~WriterLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

std::string IndexLocation::generation_path(unsigned generation) const {
  char name[32];
  std::snprintf(name, sizeof name, "%s%06u", kGenerationPrefix, generation);
  return dir_ + "/" + name;
}

unsigned IndexLocation::live_generation() const {
  std::ifstream stub(stub_path());
  std::string backend, path;
  if (!(stub >> backend >> path)) return 0;
  return generation_number(fs::path(path).filename().string());
}

unsigned IndexLocation::newest_generation_on_disk() const {
  unsigned newest = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    newest = std::max(newest, generation_number(entry.path().filename().string()));
  }
  return newest;
}

Status IndexLocation::publish(unsigned generation) const {
  std::string tmp = stub_path() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "auto " << fs::path(generation_path(generation)).filename().string() << "\n";
    out.flush();
    if (!out) return Error{ErrorCode::kIo, tmp + ": cannot write the index stub"};
  }
  if (Status s = fsync_path(tmp, O_RDONLY); !s) return s;
  if (::rename(tmp.c_str(), stub_path().c_str()) != 0) {
    return Error{ErrorCode::kIo, stub_path() + ": rename: " + std::strerror(errno)};
  }
  if (Status linked = link_live(generation); !linked) return linked;
  return fsync_path(dir_, O_RDONLY | O_DIRECTORY);
}

// DIR/live names the live generation for tools that take a database by path, such as
// xapian-replicate-server: replicas ask for "live" and get a full copy when it moves on.
Status IndexLocation::link_live(unsigned generation) const {
  std::string target = fs::path(generation_path(generation)).filename().string();
  std::error_code ec;
  if (fs::read_symlink(live_link_path(), ec).string() == target) return Status::Ok();
  std::string link_tmp = live_link_path() + ".tmp";
  ::unlink(link_tmp.c_str());
  if (::symlink(target.c_str(), link_tmp.c_str()) != 0 ||
      ::rename(link_tmp.c_str(), live_link_path().c_str()) != 0) {
    return Error{ErrorCode::kIo, live_link_path() + ": " + std::strerror(errno)};
  }
  return Status::Ok();
}

void IndexLocation::remove_stale(unsigned live, unsigned previous) const {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    std::string name = entry.path().filename().string();
    unsigned generation = generation_number(name);
    bool stale_generation = generation != 0 && generation != live && generation != previous;
    if (stale_generation || name.rfind(kBuildPrefix, 0) == 0) fs::remove_all(entry.path(), ec);
  }
}

StubIdentity stub_identity(const std::string& index_dir) {
  struct stat st {};
  if (::stat((index_dir + "/XAPIANDB").c_str(), &st) != 0) return {};
  return StubIdentity{st.st_dev, st.st_ino,
                      st.st_mtim.tv_sec * 1'000'000'000L + st.st_mtim.tv_nsec};
}

std::string revision_name(unsigned generation, uint64_t xapian_revision) {
  return std::to_string(generation) + "." + std::to_string(xapian_revision);
}

}  // namespace kestrel
