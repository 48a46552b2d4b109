#include "monitor/mqtt.h"

#include <MQTTAsync.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace lakeguard::monitor {

namespace {

MqttIngest* self(void* ctx) { return static_cast<MqttIngest*>(ctx); }

int message_arrived(void* ctx, char* topic, int topic_len, MQTTAsync_message* m) {
  return self(ctx)->on_message(topic, topic_len, m);
}
void connected(void* ctx, char*) { self(ctx)->on_connected(); }
void connection_lost(void* ctx, char*) { self(ctx)->on_lost(); }
void subscribe_ok(void* ctx, MQTTAsync_successData5* r) {
  // A QoS 1 grant (reason code 1); anything ≥ 0x80 is a refusal.
  self(ctx)->on_subscribed(!r || r->reasonCode < 0x80);
}
void subscribe_failed(void* ctx, MQTTAsync_failureData5* f) {
  spdlog::error("mqtt: subscription refused: {}", f && f->message ? f->message : "no reason");
  self(ctx)->on_subscribed(false);
}
void connect_failed(void*, MQTTAsync_failureData5* f) {
  spdlog::warn("mqtt: connect failed ({}); retrying", f && f->message ? f->message : "no reason");
}

}  // namespace

MqttIngest::MqttIngest(MonitorService& svc, MqttOptions opts) : svc_(svc), opts_(std::move(opts)) {}

MqttIngest::~MqttIngest() {
  if (!client_) return;
  MQTTAsync c = client_;
  MQTTAsync_disconnectOptions d = MQTTAsync_disconnectOptions_initializer5;
  d.timeout = 2000;
  MQTTAsync_disconnect(c, &d);
  for (int i = 0; i < 40 && MQTTAsync_isConnected(c); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  MQTTAsync_destroy(&c);
}

void MqttIngest::start() {
  MQTTAsync_createOptions co = MQTTAsync_createOptions_initializer5;
  MQTTAsync handle = nullptr;
  int rc = MQTTAsync_createWithOptions(&handle, opts_.url.c_str(), opts_.client_id.c_str(),
                                       MQTTCLIENT_PERSISTENCE_NONE, nullptr, &co);
  if (rc != MQTTASYNC_SUCCESS)
    throw std::runtime_error(
        fmt::format("mqtt: cannot create a client for {} (rc {})", opts_.url, rc));
  client_ = handle;
  MQTTAsync_setCallbacks(handle, this, connection_lost, message_arrived, nullptr);
  MQTTAsync_setConnected(handle, this, connected);

  MQTTAsync_connectOptions o = MQTTAsync_connectOptions_initializer5;
  o.keepAliveInterval = opts_.keepalive_s;
  o.cleanstart = 0;  // a persistent session: the broker keeps unacknowledged QoS 1 messages
  o.automaticReconnect = 1;
  o.minRetryInterval = 1;
  o.maxRetryInterval = 10;
  o.onFailure5 = connect_failed;
  o.context = this;
  if (!opts_.username.empty()) o.username = opts_.username.c_str();
  if (!opts_.password.empty()) o.password = opts_.password.c_str();
  MQTTProperties props = MQTTProperties_initializer;
  MQTTProperty expiry;
  expiry.identifier = MQTTPROPERTY_CODE_SESSION_EXPIRY_INTERVAL;
  expiry.value.integer4 = static_cast<unsigned int>(opts_.session_expiry_s);
  MQTTProperties_add(&props, &expiry);
  o.connectProperties = &props;
  rc = MQTTAsync_connect(handle, &o);
  MQTTProperties_free(&props);
  if (rc != MQTTASYNC_SUCCESS)
    throw std::runtime_error(fmt::format("mqtt: cannot connect to {} (rc {})", opts_.url, rc));
  spdlog::info("mqtt: connecting to {} as {}", opts_.url, opts_.client_id);
}

void MqttIngest::on_connected() {
  ++connects_;
  spdlog::info("mqtt: connected to {}", opts_.url);
  subscribe();  // again after every reconnect (a broker that lost the session lost it too)
}

void MqttIngest::subscribe() {
  const std::string filter = fmt::format("$share/{}/{}+", opts_.share_group, kTopicPrefix);
  MQTTAsync_responseOptions r = MQTTAsync_responseOptions_initializer;
  r.onSuccess5 = subscribe_ok;
  r.onFailure5 = subscribe_failed;
  r.context = this;
  int rc = MQTTAsync_subscribe(static_cast<MQTTAsync>(client_), filter.c_str(), 1, &r);
  if (rc != MQTTASYNC_SUCCESS) spdlog::error("mqtt: subscribe to {} failed (rc {})", filter, rc);
}

void MqttIngest::on_subscribed(bool ok) {
  subscribed_ = ok;
  if (ok) spdlog::info("mqtt: subscribed to {}{} (QoS 1)", kTopicPrefix, "+");
}

void MqttIngest::on_lost() {
  subscribed_ = false;
  spdlog::warn("mqtt: connection to {} lost; reconnecting", opts_.url);
}

int MqttIngest::on_message(char* topic, int topic_len, void* message) {
  auto* m = static_cast<MQTTAsync_message*>(message);
  std::string_view t =
      topic_len > 0 ? std::string_view(topic, size_t(topic_len)) : std::string_view(topic);
  std::string_view payload(static_cast<const char*>(m->payload), size_t(m->payloadlen));
  try {
    // Durable before returning: the PUBACK follows only a committed transaction.
    (void)svc_.ingest_mqtt(t, payload);
  } catch (const std::exception& e) {
    ++store_failures_;
    spdlog::error("mqtt: storing a message failed ({}); it stays unacknowledged", e.what());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // Paho calls again
    return 0;
  }
  ++messages_;
  MQTTAsync_freeMessage(&m);
  MQTTAsync_free(topic);
  return 1;
}

std::string MqttIngest::metrics_text() const {
  return fmt::format(
      "# HELP lakeguard_mqtt_messages_total MQTT messages made durable and acknowledged.\n"
      "# TYPE lakeguard_mqtt_messages_total counter\nlakeguard_mqtt_messages_total {}\n"
      "# HELP lakeguard_mqtt_store_failures_total MQTT messages left unacknowledged because the "
      "store failed.\n# TYPE lakeguard_mqtt_store_failures_total counter\n"
      "lakeguard_mqtt_store_failures_total {}\n"
      "# HELP lakeguard_mqtt_connected Whether the subscription to the broker is active.\n"
      "# TYPE lakeguard_mqtt_connected gauge\nlakeguard_mqtt_connected {}\n",
      messages_.load(), store_failures_.load(), subscribed_ ? 1 : 0);
}

}  // namespace lakeguard::monitor
