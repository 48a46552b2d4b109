#include "monitor/mqtt.h"

#include <MQTTAsync.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/uio.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <span>
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

namespace {

// The journal's file prefix: the client id with anything but [A-Za-z0-9._-] replaced.
std::string file_name_of(const std::string& client_id) {
  std::string out = client_id;
  for (char& ch : out)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '_' && ch != '-')
      ch = '_';
  return out;
}

}  // namespace

MqttIngest::MqttIngest(MonitorService& svc, MqttOptions opts)
    : svc_(svc),
      opts_(std::move(opts)),
      journal_(Journal::Options{.dir = opts_.journal_dir,
                                .name = file_name_of(opts_.client_id),
                                .fsync = opts_.journal_fsync}) {}

MqttIngest::~MqttIngest() {
  if (client_) {
    MQTTAsync c = client_;
    MQTTAsync_disconnectOptions d = MQTTAsync_disconnectOptions_initializer5;
    d.timeout = 2000;
    MQTTAsync_disconnect(c, &d);
    for (int i = 0; i < 40 && MQTTAsync_isConnected(c); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    MQTTAsync_destroy(&c);  // no callback runs after this
  }
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  space_cv_.notify_all();
  if (writer_.joinable()) writer_.join();  // stores what is queued (else it stays journalled)
}

int64_t MqttIngest::recover() {
  auto left = journal_.recover();
  if (left.empty()) {
    journal_.release_recovered();
    return 0;
  }
  int64_t stored = 0, duplicates = 0;
  for (size_t at = 0; at < left.size(); at += opts_.max_batch) {
    const size_t n = std::min(opts_.max_batch, left.size() - at);
    auto r = svc_.ingest_mqtt_batch(std::span<const JournalRecord>(left.data() + at, n));
    stored += r.accepted;
    duplicates += r.duplicates;
  }
  journal_.release_recovered();
  recovered_ += static_cast<int64_t>(left.size());
  spdlog::info(
      "mqtt: {} journalled message(s) stored after a restart ({} readings new, {} repeats)",
      left.size(), stored, duplicates);
  return static_cast<int64_t>(left.size());
}

void MqttIngest::write_loop() {
  std::vector<JournalRecord> batch;
  std::vector<uint64_t> segments;
  for (;;) {
    batch.clear();
    segments.clear();
    {
      std::unique_lock lock(mu_);
      work_cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;
      const size_t n = std::min(opts_.max_batch, queue_.size());
      for (size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front().m));
        if (queue_.front().segment) segments.push_back(queue_.front().segment);
        queue_.pop_front();
      }
    }
    space_cv_.notify_all();
    for (int attempt = 0;; ++attempt) {
      try {
        (void)svc_.ingest_mqtt_batch(batch);
        break;
      } catch (const std::exception& e) {
        ++store_failures_;
        spdlog::error("mqtt: storing {} message(s) failed ({}); they stay journalled, retrying",
                      batch.size(), e.what());
        {
          std::lock_guard lock(mu_);
          if (stop_) return;  // stored from the journal at the next start
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(200 << attempt, 5000)));
      }
    }
    ++batches_;
    journal_.release(segments);
  }
}

void MqttIngest::start() {
  recover();
  writer_ = std::thread([this] { write_loop(); });
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
  Queued q{JournalRecord{std::string(t), std::string(payload)}, 0};
  if (m->qos > 0) {
    // Durable before returning: the PUBACK follows the journal append.
    for (;;) {
      try {
        q.segment = journal_.append(t, payload);
        break;
      } catch (const std::exception& e) {
        ++journal_failures_;
        spdlog::error("mqtt: journalling a message failed ({}); retrying", e.what());
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    }
  }
  {
    std::unique_lock lock(mu_);
    space_cv_.wait(lock, [this] { return stop_ || queue_.size() < opts_.max_queue; });
    queue_.push_back(std::move(q));
  }
  work_cv_.notify_one();
  ++messages_;
  MQTTAsync_freeMessage(&m);
  MQTTAsync_free(topic);
  return 1;
}

std::string MqttIngest::metrics_text() const {
  return fmt::format(
      "# HELP lakeguard_mqtt_messages_total MQTT messages made durable (journalled) and "
      "acknowledged.\n"
      "# TYPE lakeguard_mqtt_messages_total counter\nlakeguard_mqtt_messages_total {}\n"
      "# HELP lakeguard_mqtt_store_failures_total Batches of MQTT messages the store refused "
      "(kept in the journal and retried).\n# TYPE lakeguard_mqtt_store_failures_total counter\n"
      "lakeguard_mqtt_store_failures_total {}\n"
      "# HELP lakeguard_mqtt_batches_total Transactions that stored queued MQTT messages.\n"
      "# TYPE lakeguard_mqtt_batches_total counter\nlakeguard_mqtt_batches_total {}\n"
      "# HELP lakeguard_mqtt_journal_failures_total Journal appends that failed (retried before "
      "the acknowledgement).\n# TYPE lakeguard_mqtt_journal_failures_total counter\n"
      "lakeguard_mqtt_journal_failures_total {}\n"
      "# HELP lakeguard_mqtt_recovered_total Journalled messages stored at start-up after a "
      "crash.\n# TYPE lakeguard_mqtt_recovered_total counter\nlakeguard_mqtt_recovered_total {}\n"
      "# HELP lakeguard_mqtt_queue_depth Journalled messages not yet committed to the store.\n"
      "# TYPE lakeguard_mqtt_queue_depth gauge\nlakeguard_mqtt_queue_depth {}\n"
      "# HELP lakeguard_mqtt_connected Whether the subscription to the broker is active.\n"
      "# TYPE lakeguard_mqtt_connected gauge\nlakeguard_mqtt_connected {}\n",
      messages_.load(), store_failures_.load(), batches_.load(), journal_failures_.load(),
      recovered_.load(), journal_.outstanding(), subscribed_ ? 1 : 0);
}

// --- the journal ------------------------------------------------------------------------

namespace fs = std::filesystem;

namespace journal_detail {

constexpr char kMagic[4] = {'L', 'G', 'J', '1'};
constexpr size_t kHeader = 4 + 4 + 4 + 8;
// A record larger than this is corrupt (payloads are limited far below: Limits::max_line_bytes).
constexpr uint32_t kMaxPart = 16u << 20;

uint64_t fnv1a(std::string_view a, std::string_view b) {
  uint64_t h = 1469598103934665603ULL;
  for (std::string_view s : {a, b})
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
  return h;
}

void put32(char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
void put64(char* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
uint32_t get32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}
uint64_t get64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

void header(char* h, std::string_view topic, std::string_view payload) {
  std::memcpy(h, kMagic, 4);
  put32(h + 4, static_cast<uint32_t>(topic.size()));
  put32(h + 8, static_cast<uint32_t>(payload.size()));
  put64(h + 12, fnv1a(topic, payload));
}

std::runtime_error sys_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

}  // namespace journal_detail

using namespace journal_detail;

std::string Journal::encode(std::string_view topic, std::string_view payload) {
  std::string out(kHeader, '\0');
  header(out.data(), topic, payload);
  out.append(topic);
  out.append(payload);
  return out;
}

std::vector<JournalRecord> Journal::decode(std::string_view b) {
  std::vector<JournalRecord> out;
  size_t at = 0;
  while (b.size() - at >= kHeader) {
    const char* h = b.data() + at;
    if (std::memcmp(h, kMagic, 4) != 0) break;
    const uint32_t tl = get32(h + 4), pl = get32(h + 8);
    if (tl > kMaxPart || pl > kMaxPart || b.size() - at - kHeader < size_t(tl) + pl) break;
    std::string_view topic = b.substr(at + kHeader, tl), payload = b.substr(at + kHeader + tl, pl);
    if (fnv1a(topic, payload) != get64(h + 12)) break;
    out.push_back(JournalRecord{std::string(topic), std::string(payload)});
    at += kHeader + tl + pl;
  }
  return out;
}

Journal::Journal(Options o) : o_(std::move(o)) {
  std::error_code ec;
  fs::create_directories(o_.dir, ec);
  if (ec) throw std::runtime_error("journal: cannot create " + o_.dir + ": " + ec.message());
  // The segments an earlier run left: recovered later, numbered below the new current one.
  const std::string prefix = o_.name + ".";
  for (const auto& e : fs::directory_iterator(o_.dir, ec)) {
    const std::string f = e.path().filename().string();
    if (f.size() <= prefix.size() + 8 || f.rfind(prefix, 0) != 0 || !f.ends_with(".journal"))
      continue;
    const std::string num = f.substr(prefix.size(), f.size() - prefix.size() - 8);
    if (num.empty() || num.find_first_not_of("0123456789") != std::string::npos) continue;
    recovered_.push_back(std::stoull(num));
  }
  if (ec) throw std::runtime_error("journal: cannot read " + o_.dir + ": " + ec.message());
  std::sort(recovered_.begin(), recovered_.end());
  current_ = recovered_.empty() ? 1 : recovered_.back() + 1;
  open_current();
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

std::string Journal::path(uint64_t seq) const {
  return (fs::path(o_.dir) / (o_.name + "." + std::to_string(seq) + ".journal")).string();
}

void Journal::open_current() {
  // REQUIRES: mu_ held or not yet shared.
  fd_ = ::open(path(current_).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) throw sys_error("journal: cannot open " + path(current_));
  current_size_ = 0;
}

std::vector<JournalRecord> Journal::recover() {
  std::lock_guard lock(mu_);
  std::vector<JournalRecord> out;
  for (uint64_t seq : recovered_) {
    std::ifstream in(path(seq), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    for (auto& r : decode(ss.str())) out.push_back(std::move(r));
  }
  return out;
}

void Journal::release_recovered() {
  std::lock_guard lock(mu_);
  for (uint64_t seq : recovered_) ::unlink(path(seq).c_str());
  recovered_.clear();
}

uint64_t Journal::append(std::string_view topic, std::string_view payload) {
  char h[kHeader];
  header(h, topic, payload);
  iovec v[3] = {{h, kHeader},
                {const_cast<char*>(topic.data()), topic.size()},
                {const_cast<char*>(payload.data()), payload.size()}};
  const size_t total = kHeader + topic.size() + payload.size();
  std::lock_guard lock(mu_);
  ssize_t n = ::writev(fd_, v, 3);
  if (n != static_cast<ssize_t>(total)) {
    // A short write leaves a torn record; cut it off so the next append starts clean.
    auto err = sys_error("journal: write failed");
    if (::ftruncate(fd_, current_size_) != 0) { /* the torn tail fails its checksum */
    }
    throw err;
  }
  if (o_.fsync && ::fdatasync(fd_) != 0) throw sys_error("journal: fdatasync failed");
  current_size_ += static_cast<int64_t>(total);
  const uint64_t seq = current_;
  ++pending_[seq];
  if (current_size_ >= o_.segment_bytes) {
    ::close(fd_);
    sealed_size_[current_] = current_size_;
    ++current_;
    open_current();
  }
  return seq;
}

void Journal::release(const std::vector<uint64_t>& segments) {
  std::lock_guard lock(mu_);
  for (uint64_t seq : segments) {
    auto it = pending_.find(seq);
    if (it == pending_.end() || --it->second > 0) continue;
    pending_.erase(it);
    if (seq != current_) {
      ::unlink(path(seq).c_str());
      sealed_size_.erase(seq);
    }
  }
  // Nothing outstanding in the current segment: start it over (O_APPEND writes at the new end).
  if (!pending_.count(current_) && current_size_ > 0 && ::ftruncate(fd_, 0) == 0) current_size_ = 0;
}

int64_t Journal::outstanding() const {
  std::lock_guard lock(mu_);
  int64_t n = 0;
  for (const auto& [seq, k] : pending_) n += k;
  return n;
}

int64_t Journal::bytes() const {
  std::lock_guard lock(mu_);
  int64_t n = current_size_;
  for (const auto& [seq, s] : sealed_size_) n += s;
  return n;
}

}  // namespace lakeguard::monitor
