#include "slow_client_guard.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/tcp.h>  // tcp_info with tcpi_bytes_received, which glibc's netinet/tcp.h lacks
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <unordered_set>
#include <vector>

namespace kestrel::http {
namespace {

constexpr uint8_t kTcpEstablished = 1;  // the kernel's TCP_ESTABLISHED (linux/tcp.h has no name)

int local_port_of(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return -1;
  if (address.ss_family == AF_INET)
    return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  if (address.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  return -1;
}

// The descriptors the guard looks at belong to httplib's threads, which may close one at any
// moment, and the number may then be reused for a new connection. So the guard first takes a
// duplicate of its own: every check and the shutdown act on that one socket, whatever happens
// to the number meanwhile (a shutdown applies to the socket, whichever descriptor names it).
// Before, fstat, getsockopt and shutdown went to the number itself: ThreadSanitizer reported the
// watchdog's reads racing with httplib's threads opening and closing those descriptors, and a
// number reused between the last check and the shutdown could have cut an innocent connection.
class BorrowedSocket {
 public:
  explicit BorrowedSocket(int fd) : fd_(fcntl(fd, F_DUPFD_CLOEXEC, 0)) {}
  ~BorrowedSocket() {
    if (fd_ >= 0) close(fd_);
  }
  BorrowedSocket(const BorrowedSocket&) = delete;
  BorrowedSocket& operator=(const BorrowedSocket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

SlowClientGuard::SlowClientGuard(int port, std::chrono::seconds limit, std::function<void()> on_cut)
    : port_(port), limit_(limit), on_cut_(std::move(on_cut)), thread_([this] { watch(); }) {}

SlowClientGuard::~SlowClientGuard() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SlowClientGuard::watch() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; })) {
    lock.unlock();
    sweep();
    lock.lock();
  }
}

void SlowClientGuard::sweep() {
  auto now = std::chrono::steady_clock::now();
  std::unordered_set<uint64_t> alive;
  std::vector<int> descriptors;
  if (DIR* fds = opendir("/proc/self/fd")) {
    while (dirent* entry = readdir(fds)) {
      int fd = std::atoi(entry->d_name);
      if (fd > 2 && fd != dirfd(fds)) descriptors.push_back(fd);
    }
    closedir(fds);
  }
  for (int fd : descriptors) {
    BorrowedSocket socket(fd);
    if (socket.fd() < 0) continue;  // closed meanwhile
    struct stat status {};
    if (fstat(socket.fd(), &status) != 0 || !S_ISSOCK(status.st_mode)) continue;
    tcp_info info{};
    socklen_t length = sizeof info;
    if (getsockopt(socket.fd(), IPPROTO_TCP, TCP_INFO, &info, &length) != 0) continue;  // not TCP
    if (info.tcpi_state != kTcpEstablished || local_port_of(socket.fd()) != port_)
      continue;  // listener, or a client of ours
    uint64_t inode = status.st_ino;
    alive.insert(inode);
    // A connection none of whose bytes the server has read has no worker yet: it waits in
    // httplib's queue behind busy threads, and the delay is ours, not the client's. Its clock
    // starts once a worker has read what it sent. A worker keeps its connection until it
    // closes, so bytes left unread on a connection already read from only mean that worker
    // has not been scheduled since they came (a loaded machine): its clock runs on. (Restarting
    // it there let a slow client hold its thread for twice the limit and more under load.)
    int unread = 0;
    if (ioctl(socket.fd(), FIONREAD, &unread) == 0 && unread > 0 &&
        static_cast<uint64_t>(unread) >= info.tcpi_bytes_received) {
      first_seen_[inode] = now;
      continue;
    }
    auto seen = first_seen_.try_emplace(inode, now).first->second;
    auto since_seen_ms = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now - seen).count());
    // Waiting for the rest of a request: the client spoke after the server last did.
    bool mid_request = info.tcpi_last_data_recv < info.tcpi_last_data_sent;
    uint64_t waiting_ms = std::min<uint64_t>(info.tcpi_last_data_sent, since_seen_ms);
    if (mid_request && waiting_ms > static_cast<uint64_t>(limit_.count()) * 1000) {
      // Counted before the cut, so that whoever sees the connection end also sees the count.
      ++cut_off_;
      if (on_cut_) on_cut_();
      shutdown(socket.fd(), SHUT_RDWR);
    }
  }
  std::erase_if(first_seen_, [&](const auto& e) { return !alive.count(e.first); });
}

}  // namespace kestrel::http
