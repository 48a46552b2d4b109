#pragma once
// The MQTT ingest journal (docs/monitor.md "Delivery guarantee"): an append-only file of the
// QoS 1 messages received and not yet committed to the store. Paho's C client calls the
// message-arrived callback of every client of a process on one thread, one message after another,
// and sends the PUBACK when the callback returns; a store transaction per message therefore bounds
// ingest at one commit per message. Instead the callback appends the message here (one write(2),
// optionally one fdatasync) and returns; a writer thread stores what arrived in one transaction per
// batch (group commit) and then releases it. On start the messages still in the journal (a crash
// before their batch committed) are read back and stored again (a repeat is stored once: the
// (device, metric, ts) key).
//
// Files: <dir>/<name>.<seq>.journal, records `LGJ1` u32 topic length, u32 payload length, u64
// FNV-1a of both, then the bytes (little endian). A segment is deleted once every record in it is
// committed; the current one is truncated when nothing in it is outstanding and rotated past
// segment_bytes. A torn or corrupt record (a crash inside write) ends its segment: it was never
// acknowledged. Thread-safe (one mutex).

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace lakeguard::monitor {

struct JournalRecord {
  std::string topic;
  std::string payload;
};

class Journal {
 public:
  struct Options {
    std::string dir;     // created if missing
    std::string name;    // file name prefix (the MQTT client id, so instances never share files)
    bool fsync = false;  // fdatasync after every append (power-loss safe)
    int64_t segment_bytes = 64LL << 20;  // rotate the current segment past this size
  };
  // Throws std::runtime_error when the directory cannot be created or read.
  explicit Journal(Options o);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // The records of the segments left by an earlier run, in order (call once, before append).
  // They stay on disk until release_recovered() (after they are committed).
  std::vector<JournalRecord> recover();
  void release_recovered();

  // Appends one record; returns its segment number (for release). Throws std::runtime_error when
  // the write fails (nothing may be acknowledged then).
  uint64_t append(std::string_view topic, std::string_view payload);
  // Records of these segments (one entry per record) are committed.
  void release(const std::vector<uint64_t>& segments);

  int64_t outstanding() const;
  int64_t bytes() const;  // size of the files on disk (current + sealed)

  static std::string encode(std::string_view topic, std::string_view payload);
  // Decodes the records of one segment's bytes, stopping at the first torn or corrupt one.
  static std::vector<JournalRecord> decode(std::string_view bytes);

 private:
  std::string path(uint64_t seq) const;
  void open_current();

  const Options o_;
  mutable std::mutex mu_;
  int fd_ = -1;                              // GUARDED_BY(mu_)
  uint64_t current_ = 1;                     // GUARDED_BY(mu_)
  int64_t current_size_ = 0;                 // GUARDED_BY(mu_)
  std::map<uint64_t, int64_t> pending_;      // segment → records not released; GUARDED_BY(mu_)
  std::map<uint64_t, int64_t> sealed_size_;  // rotated segments still on disk; GUARDED_BY(mu_)
  std::vector<uint64_t> recovered_;          // GUARDED_BY(mu_)
};

}  // namespace lakeguard::monitor
