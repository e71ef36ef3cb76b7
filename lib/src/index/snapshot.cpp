// Snapshots: the published index as one compacted file (Xapian's single-file glass database),
// and back. See kestrel/indexer.h for the contract.
#include <fcntl.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>

#include "common/xapian_errors.h"
#include "index/index_location.h"
#include "index/schema.h"
#include "kestrel/indexer.h"

namespace kestrel {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A commit by the indexer while a copy is read makes Xapian throw DatabaseModifiedError (the
// revision being read was recycled); the copy starts again from the new revision.
constexpr int kCopyAttempts = 5;

double seconds_since(Clock::time_point started) {
  return std::chrono::duration<double>(Clock::now() - started).count();
}

Result<SnapshotReport> copy_live(const std::string& index_dir, const std::string& file) {
  IndexLocation location(index_dir);
  std::string temporary = file + ".tmp-" + std::to_string(::getpid());
  for (int attempt = 1;; ++attempt) {
    unsigned generation = location.live_generation();
    if (generation == 0) return Error{ErrorCode::kNotFound, index_dir + ": no index here"};
    try {
      auto started = Clock::now();
      Xapian::Database live(location.generation_path(generation));
      if (Status versions = schema::check_versions(live, index_dir); !versions)
        return versions.error();
      SnapshotReport report;
      report.documents = live.get_doccount();
      report.revision = revision_name(generation, live.get_revision());
      live.compact(temporary, Xapian::DBCOMPACT_SINGLE_FILE);
      if (Status synced = fsync_path(temporary, O_RDONLY); !synced) return synced.error();
      fs::rename(temporary, file);
      std::string parent = fs::absolute(file).parent_path().string();
      if (Status synced = fsync_path(parent, O_RDONLY | O_DIRECTORY); !synced)
        return synced.error();
      report.bytes = fs::file_size(file);
      report.seconds = seconds_since(started);
      return report;
    } catch (const Xapian::DatabaseModifiedError& e) {
      fs::remove(temporary);
      if (attempt == kCopyAttempts) return from_xapian(e, index_dir);
    }
  }
}

}  // namespace

Result<SnapshotReport> write_snapshot(const std::string& index_dir, const std::string& file) {
  try {
    return copy_live(index_dir, file);
  } catch (const Xapian::Error& e) {
    std::error_code ec;
    fs::remove(file + ".tmp-" + std::to_string(::getpid()), ec);
    return from_xapian(e, index_dir);
  } catch (const fs::filesystem_error& e) {
    return Error{ErrorCode::kIo, file + ": " + e.code().message()};
  }
}

Result<SnapshotReport> restore_snapshot(const std::string& file, const std::string& index_dir) {
  auto started = Clock::now();
  try {
    if (!fs::is_regular_file(file))
      return Error{ErrorCode::kNotFound, file + ": no such snapshot file"};
    Xapian::Database snapshot(file);
    if (Status versions = schema::check_versions(snapshot, file); !versions)
      return versions.error();
    Result<WriterLock> lock = WriterLock::acquire(index_dir);
    if (!lock) return lock.error();
    IndexLocation location(index_dir);
    unsigned previous = location.live_generation();
    unsigned generation = location.newest_generation_on_disk() + 1;
    std::string target = location.generation_path(generation);
    fs::remove_all(target);
    // A single-file database cannot be updated: expanded into the usual directory, so that the
    // next incremental run can write to it.
    snapshot.compact(target);
    SnapshotReport report;
    {
      Xapian::Database restored(target);
      report.documents = restored.get_doccount();
      report.revision = revision_name(generation, restored.get_revision());
    }
    if (Status published = location.publish(generation); !published) return published.error();
    location.remove_stale(generation, previous);
    report.bytes = fs::file_size(file);
    report.seconds = seconds_since(started);
    return report;
  } catch (const Xapian::DatabaseOpeningError& e) {
    return Error{ErrorCode::kCorrupt, file + ": not a Kestrel snapshot (" + e.get_msg() + ")"};
  } catch (const Xapian::Error& e) {
    return from_xapian(e, file);
  } catch (const fs::filesystem_error& e) {
    return Error{ErrorCode::kIo, index_dir + ": " + e.code().message()};
  }
}

}  // namespace kestrel
