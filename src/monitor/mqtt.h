#pragma once
// MQTT ingest (issue 9 item 1; docs/monitor.md "MQTT"): an I/O adapter like api.cpp, over the
// Eclipse Paho C asynchronous client (MQTTAsync). MQTT 5, QoS 1, a persistent session (clean
// start off, a fixed client id, a session expiry) and the shared subscription
// `$share/<group>/lakeguard/v1/telemetry/+`, so several instances split the stream. Each message
// is made durable inside the message-arrived callback (MonitorService::ingest_mqtt commits before
// it returns); Paho sends the PUBACK only after the callback returned 1, so a reading the broker
// counts as delivered is in the store. A store failure returns 0: Paho calls again (no PUBACK).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

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
};

class MqttIngest {
 public:
  MqttIngest(MonitorService& svc, MqttOptions opts);
  ~MqttIngest();  // disconnects
  MqttIngest(const MqttIngest&) = delete;
  MqttIngest& operator=(const MqttIngest&) = delete;

  // Connects (and keeps reconnecting) in the background. Throws std::runtime_error when the
  // client cannot be created (a bad URL).
  void start();
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

  MonitorService& svc_;
  const MqttOptions opts_;
  void* client_ = nullptr;  // MQTTAsync
  std::atomic<bool> subscribed_{false};
  std::atomic<int64_t> messages_{0}, store_failures_{0}, connects_{0};
};

}  // namespace lakeguard::monitor
