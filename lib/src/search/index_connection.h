// The database a Searcher reads, and how it stays current, for both kinds of IndexSource:
//
//  - a local index directory: the stub names the live generation; a new stub (a rebuild) means
//    opening the new generation, and Xapian's reopen() follows new revisions of the same one;
//  - shards served by stock xapian-tcpsrv: one remote database per shard, combined, so that
//    Xapian merges term statistics and ranks as one index would. xapian-tcpsrv opens a shard's
//    database (following its stub) for each new connection and keeps that generation for the
//    connection's life, and reopen() only follows revisions. So a rebuild's new generation is
//    noticed by the UUID a fresh connection reports (probed at most once a second per shard for
//    the whole process) and the connections are made again.
//
// Not thread-safe: one per Searcher. The generation probe shares only strings between threads.
#pragma once

#include <xapian.h>

#include <chrono>
#include <string>
#include <vector>

#include "index/index_location.h"
#include "kestrel/result.h"
#include "kestrel/searcher.h"

namespace kestrel {

struct ShardAddress {
  std::string host;
  unsigned port = 0;
  std::string name;  // "host:port"
};

// "host:port" (a host name, IPv4 address or [IPv6] address); kInvalidArgument otherwise.
Result<ShardAddress> parse_shard_address(std::string_view text);

// How long a shard may take: an answer that has not come within kRemoteTimeout fails the search
// (a 503 within the server's 5 s promise), as does a connection not made within
// kRemoteConnectTimeout.
inline constexpr std::chrono::milliseconds kRemoteTimeout{3000};
inline constexpr std::chrono::milliseconds kRemoteConnectTimeout{1000};

class IndexConnection {
 public:
  // Opens the source. Errors: kNotFound (no index), kIndexVersion, kCorrupt, kInvalidArgument (a
  // bad shard address, or shards that are not one kestrel-index --shards run), kIo (a shard
  // cannot be reached). Xapian exceptions other than those are left to the caller.
  Status open(const IndexSource& source);

  const Xapian::Database& db() const { return db_; }
  bool remote() const { return !shards_.empty(); }
  // The index directory, or the shards' addresses: for messages.
  const std::string& name() const { return name_; }
  // Equal keys name the same content: the snapshot cache's key.
  std::string content_key() const;
  // "7.3" (generation 7, revision 3); for shards, the shards' UUIDs and commit times, hashed.
  std::string revision() const;

  // `key`'s value in each shard's metadata, or in the local index's alone: for figures the shards
  // add up (Xapian's combined database reads metadata from the first shard only).
  std::vector<std::string> metadata_of_parts(const std::string& key) const;

  // Switches to a newer generation or revision; true when it did.
  Result<bool> refresh();
  // Opens again from scratch: after a shard's connection failed.
  Status reconnect() { return open(source_); }

 private:
  Status open_local();
  Status open_remote();
  // Whether a shard's server now opens another generation; an error when a shard does not
  // answer the probe.
  Result<bool> remote_generation_changed() const;

  IndexSource source_;
  std::string name_;
  Xapian::Database db_;
  // Local
  StubIdentity stub_;
  unsigned generation_ = 0;
  // Remote
  std::vector<ShardAddress> shards_;
  std::vector<Xapian::Database> shard_dbs_;  // the same connections as db_'s parts
  std::vector<std::string> commit_times_;    // each shard's last write, from its metadata
};

}  // namespace kestrel
