#include "monitor/journal.h"

#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace lakeguard::monitor {

namespace fs = std::filesystem;

namespace {

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

}  // namespace

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
