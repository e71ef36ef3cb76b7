#include "search/index_connection.h"

#include <charconv>
#include <map>
#include <mutex>
#include <set>

#include "index/document_builder.h"
#include "index/schema.h"

namespace kestrel {
namespace {

using Clock = std::chrono::steady_clock;

Xapian::Database connect(const ShardAddress& shard) {
  return Xapian::Remote::open(shard.host, shard.port, static_cast<unsigned>(kRemoteTimeout.count()),
                              static_cast<unsigned>(kRemoteConnectTimeout.count()));
}

// The UUID of the database a fresh connection to each shard opens now, shared by every Searcher
// of the process so that a shard is probed at most once a second, whatever the number of
// threads. Holds strings only; each probe's Xapian objects live and die inside probe().
class GenerationProbe {
 public:
  // The UUID last seen for `shard`, probing first when that is over a second old. Empty when
  // the shard could not be reached (the search that needs it will say so).
  std::string uuid(const ShardAddress& shard) {
    {
      std::lock_guard lock(mutex_);
      Seen& seen = seen_[shard.name];
      if (Clock::now() - seen.when < std::chrono::seconds(1)) return seen.uuid;
      seen.when = Clock::now();  // claimed: other threads use the last value meanwhile
    }
    std::string found = probe(shard);
    std::lock_guard lock(mutex_);
    seen_[shard.name].uuid = found;
    return found;
  }

 private:
  static std::string probe(const ShardAddress& shard) {
    try {
      return connect(shard).get_uuid();
    } catch (const Xapian::Error&) {
      return {};
    }
  }
  struct Seen {
    Clock::time_point when{};
    std::string uuid;
  };
  std::mutex mutex_;
  std::map<std::string, Seen> seen_;
};

GenerationProbe& generation_probe() {
  static GenerationProbe probe;
  return probe;
}

}  // namespace

Result<ShardAddress> parse_shard_address(std::string_view text) {
  size_t colon = text.rfind(':');
  auto bad = [&] {
    return Error{ErrorCode::kInvalidArgument,
                 "shard '" + std::string(text) + "' is not HOST:PORT (for example 10.0.0.5:7001)"};
  };
  if (colon == std::string_view::npos || colon == 0) return bad();
  std::string_view host = text.substr(0, colon), port_text = text.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535)
    return bad();
  return ShardAddress{std::string(host), port, std::string(text)};
}

Status IndexConnection::open(const IndexSource& source) {
  source_ = source;
  return source.shards.empty() ? open_local() : open_remote();
}

Status IndexConnection::open_local() {
  name_ = source_.index_dir;
  IndexLocation location(name_);
  StubIdentity identity = stub_identity(name_);
  unsigned live = location.live_generation();
  // A stub that names no generation is a replica kept by xapian-replicate ("auto replica_1"):
  // opened through its stub, which the replication client moves after a full copy.
  bool replica = live == 0 && identity.inode != 0;
  if (live == 0 && !replica)
    return Error{ErrorCode::kNotFound, name_ + ": no index here (run kestrel-index)"};
  Xapian::Database fresh(replica ? name_ : location.generation_path(live));
  if (Status versions = schema::check_versions(fresh, name_); !versions) return versions;
  db_ = fresh;
  stub_ = identity;
  generation_ = live;
  return Status::Ok();
}

Status IndexConnection::open_remote() {
  std::vector<ShardAddress> shards;
  name_.clear();
  for (const std::string& text : source_.shards) {
    Result<ShardAddress> shard = parse_shard_address(text);
    if (!shard) return shard.error();
    name_ += (name_.empty() ? "" : ",") + shard->name;
    shards.push_back(*shard);
  }
  Xapian::Database combined;
  std::vector<Xapian::Database> opened;
  std::vector<std::string> commit_times;
  std::set<std::string> seen_shards;
  for (const ShardAddress& shard : shards) {
    Xapian::Database one;
    try {
      one = connect(shard);
    } catch (const Xapian::NetworkError& e) {
      return Error{ErrorCode::kIo, "shard " + shard.name + ": " + e.get_msg()};
    }
    if (Status versions = schema::check_versions(one, shard.name); !versions) return versions;
    // The shards must be the whole of one --shards run: each "k/N" once, N the number given.
    std::string which = one.get_metadata(schema::meta::kShard);
    std::string expected_count = "/" + std::to_string(shards.size());
    bool whole = shards.size() == 1
                     ? which.empty() || which == "1/1"
                     : which.size() > expected_count.size() && which.ends_with(expected_count);
    if (!whole || !seen_shards.insert(which).second)
      return Error{ErrorCode::kInvalidArgument,
                   "shard " + shard.name + " holds " +
                       (which.empty() ? std::string("a whole index") : "shard " + which) +
                       ", but " + std::to_string(shards.size()) +
                       (shards.size() == 1 ? " shard was" : " shards were") +
                       " given: give every shard of one kestrel-index --shards run, each once"};
    commit_times.push_back(one.get_metadata(schema::meta::kBuildTime));
    opened.push_back(one);
    combined.add_database(one);
  }
  db_ = combined;
  shards_ = std::move(shards);
  shard_dbs_ = std::move(opened);
  commit_times_ = std::move(commit_times);
  generation_ = 0;
  return Status::Ok();
}

std::string IndexConnection::content_key() const {
  if (!remote())
    return IndexLocation(name_).generation_path(generation_) + "#" + std::to_string(stub_.inode) +
           "@" + std::to_string(db_.get_revision());
  std::string key = "remote";
  for (size_t i = 0; i < shards_.size(); ++i)
    key += "|" + shards_[i].name + "@" + shard_dbs_[i].get_uuid() + "@" + commit_times_[i];
  return key;
}

std::vector<std::string> IndexConnection::metadata_of_parts(const std::string& key) const {
  if (!remote()) return {db_.get_metadata(key)};
  std::vector<std::string> values;
  for (const Xapian::Database& shard : shard_dbs_) values.push_back(shard.get_metadata(key));
  return values;
}

std::string IndexConnection::revision() const {
  if (!remote() && generation_ == 0) return "replica." + std::to_string(db_.get_revision());
  if (!remote()) return revision_name(generation_, db_.get_revision());
  return "shards-" + stable_hash(content_key()).substr(0, 12);
}

// A shard that does not answer the probe fails the refresh at once. Going on to reopen the
// connection would wait out a hung shard's timeout again, and reconnecting a third time: 9 s
// for one request when a refresh fell due while a shard hung (seen once in CI; the test allows
// 5). The search that needs the shard says so; the server reconnects when it answers again.
Result<bool> IndexConnection::remote_generation_changed() const {
  for (size_t i = 0; i < shards_.size(); ++i) {
    std::string now = generation_probe().uuid(shards_[i]);
    if (now.empty()) return Error{ErrorCode::kIo, shards_[i].name + ": the shard does not answer"};
    if (now != shard_dbs_[i].get_uuid()) return true;
  }
  return false;
}

Result<bool> IndexConnection::refresh() {
  if (remote()) {
    Result<bool> changed = remote_generation_changed();
    if (!changed) return changed;
    if (*changed) {
      if (Status reopened = reconnect(); !reopened) return reopened.error();
      return true;
    }
    if (!db_.reopen()) return false;
    // A new revision: its commit time names it in the snapshot key.
    for (size_t i = 0; i < shards_.size(); ++i)
      commit_times_[i] = shard_dbs_[i].get_metadata(schema::meta::kBuildTime);
    return true;
  }
  if (!(stub_identity(name_) == stub_)) {
    if (Status reopened = open_local(); !reopened) return reopened.error();
    return true;
  }
  return db_.reopen();
}

}  // namespace kestrel
