#pragma once
// MQTT ingest (issue 9 item 1; docs/monitor.md "MQTT"): an I/O adapter like api.cpp, over the
// Eclipse Paho C asynchronous client (MQTTAsync). MQTT 5, QoS 1, a persistent session (clean
// start off, a fixed client id, a session expiry) and the shared subscription
// `$share/<group>/lakeguard/v1/telemetry/+`, so several instances split the stream.
//
// Durability before the PUBACK (docs/monitor.md "Delivery guarantee"): Paho (1.3) calls the
// message-arrived callback of all of a process's clients on one thread, one message at a time, and
// sends a QoS 1 PUBACK after the callback returned. The callback appends the message to the
// journal (the Journal below) and queues it; a writer thread stores the queue in one transaction
// per batch (group commit: MonitorService::ingest_mqtt_batch) and then releases the journal. A
// message the broker counts as delivered is therefore in the journal or the store; on start the
// journal's leftovers are stored first. The callback never returns 0: Paho 1.3 queues such a
// message and acknowledges it anyway (MQTTProtocol_handlePublishes sends the PUBACK after
// Protocol_processPublication whatever the callback said); a journal that cannot be written
// blocks the callback (and so the broker's stream) and is retried. QoS 0 messages carry no
// guarantee and are queued without the journal.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "monitor/service.h"

namespace lakeguard::monitor {

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

struct MqttOptions {
  std::string url;  // e.g. tcp://127.0.0.1:1883; empty: MQTT ingest off
  std::string client_id = "lakeguard-1";
  std::string share_group = "lakeguard";
  std::string username;
  std::string password;  // never logged
  int64_t session_expiry_s = 7 * 24 * 3600;
  int keepalive_s = 30;
  // The journal (the Journal below): its directory (files named after client_id), and whether
  // each append is fdatasync'ed (survives a power loss; one fsync per message).
  std::string journal_dir = ".";
  bool journal_fsync = false;
  // Group commit: the most messages one transaction stores, and the most queued (the callback
  // waits beyond that, which holds the broker's stream back).
  size_t max_batch = 5000;
  size_t max_queue = 50000;
};

class MqttIngest {
 public:
  MqttIngest(MonitorService& svc, MqttOptions opts);
  ~MqttIngest();  // disconnects
  MqttIngest(const MqttIngest&) = delete;
  // Stores what an earlier run left in the journal (before start; throws when the store fails).
  int64_t recover();
  MqttIngest& operator=(const MqttIngest&) = delete;

  // Connects (and keeps reconnecting) in the background. Throws std::runtime_error when the
  // client cannot be created (a bad URL).
  void start();  // recovers first
  bool subscribed() const { return subscribed_; }
  int64_t messages() const { return messages_; }
  std::string metrics_text() const;

  // Paho's callbacks (C linkage trampolines call these).
  int on_message(char* topic, int topic_len, void* message);
  void on_connected();
  void on_subscribed(bool ok);
  void on_lost();

 private:
  void subscribe();
  void write_loop();

  struct Queued {
    JournalRecord m;
    uint64_t segment = 0;  // 0: not journalled (QoS 0)
  };

  MonitorService& svc_;
  const MqttOptions opts_;
  Journal journal_;
  void* client_ = nullptr;  // MQTTAsync
  std::atomic<bool> subscribed_{false};
  std::atomic<int64_t> messages_{0}, store_failures_{0}, connects_{0}, batches_{0},
      journal_failures_{0}, recovered_{0};

  std::mutex mu_;
  std::condition_variable work_cv_, space_cv_;
  std::deque<Queued> queue_;  // GUARDED_BY(mu_)
  bool stop_ = false;         // GUARDED_BY(mu_)
  std::thread writer_;
};

}  // namespace lakeguard::monitor
