#pragma once
// MQTT ingest (issue 9 item 1; docs/monitor.md "MQTT"): an I/O adapter like api.cpp, over the
// Eclipse Paho C asynchronous client (MQTTAsync). MQTT 5, QoS 1, a persistent session (clean
// start off, a fixed client id, a session expiry) and the shared subscription
// `$share/<group>/lakeguard/v1/telemetry/+`, so several instances split the stream.
//
// Durability before the PUBACK (docs/monitor.md "Delivery guarantee"): Paho (1.3) calls the
// message-arrived callback of all of a process's clients on one thread, one message at a time, and
// sends a QoS 1 PUBACK after the callback returned. The callback appends the message to the
// journal (monitor/journal.h) and queues it; a writer thread stores the queue in one transaction
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
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "monitor/journal.h"
#include "monitor/service.h"

namespace lakeguard::monitor {

struct MqttOptions {
  std::string url;  // e.g. tcp://127.0.0.1:1883; empty: MQTT ingest off
  std::string client_id = "lakeguard-1";
  std::string share_group = "lakeguard";
  std::string username;
  std::string password;  // never logged
  int64_t session_expiry_s = 7 * 24 * 3600;
  int keepalive_s = 30;
  // The journal (monitor/journal.h): its directory (files named after client_id), and whether
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
