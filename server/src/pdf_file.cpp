#include "pdf_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

namespace kestrel::http {

struct PdfFile::Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  ~Fd() { ::close(fd); }
};

std::optional<PdfFile> PdfFile::open(const std::string& canonical_path) {
  namespace fs = std::filesystem;
  if (canonical_path.empty() || canonical_path[0] != '/') return std::nullopt;
  std::string extension = fs::path(canonical_path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension != ".pdf") return std::nullopt;
  std::error_code ec;
  if (fs::canonical(canonical_path, ec).string() != canonical_path || ec) return std::nullopt;
  int fd = ::open(canonical_path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  auto owned = std::make_shared<Fd>(fd);
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return PdfFile(std::move(owned), static_cast<uint64_t>(st.st_size));
}

bool PdfFile::read(uint64_t offset, size_t length, std::string& out) const {
  out.resize(length);
  size_t done = 0;
  while (done < length) {
    ssize_t n =
        ::pread(fd_->fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  out.resize(done);
  return done == length;
}

}  // namespace kestrel::http
