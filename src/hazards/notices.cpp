#include "hazards/notices.h"

#include <fmt/format.h>

#include <functional>

namespace lakeguard::hazards {

std::string_view delivery_name(Delivery d) {
  switch (d) {
    case Delivery::kPending:
      return "pending";
    case Delivery::kSending:
      return "sending";
    case Delivery::kSent:
      return "sent";
    case Delivery::kFailed:
      return "failed";
    case Delivery::kSuperseded:
      return "superseded";
  }
  return "pending";
}

std::optional<Delivery> parse_delivery(std::string_view s) {
  for (Delivery d : {Delivery::kPending, Delivery::kSending, Delivery::kSent, Delivery::kFailed,
                     Delivery::kSuperseded})
    if (delivery_name(d) == s) return d;
  return std::nullopt;
}

size_t NoticeKeyHash::operator()(const NoticeKey& k) const noexcept {
  size_t h = std::hash<int64_t>{}(k.hazard_id);
  h = h * 31 + static_cast<size_t>(k.kind);
  h = h * 131 + static_cast<size_t>(k.stage);
  return h ^ (std::hash<std::string>{}(k.deadline) << 1);
}

std::vector<Notice> missing_notices(const std::vector<ScheduleInput>& followed,
                                    const NoticeKeys& recorded, int64_t now_ms,
                                    const ScheduleConfig& c) {
  std::vector<Notice> out;
  for (const auto& h : followed)
    for (auto& n : due_notices(h, now_ms, c))
      if (!recorded.count(key_of(n))) out.push_back(std::move(n));
  return out;
}

namespace {
// The first `max` code points of UTF-8 text s, with "…" when cut.
std::string cut(std::string_view s, size_t max) {
  size_t points = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (points++ == max) return std::string(s.substr(0, i)) + "…";
  }
  return std::string(s);
}
}  // namespace

std::string notice_text(const OutgoingNotice& n) {
  const Notice& x = n.stored.notice;
  std::string what = cut(n.description, 40);
  if (x.kind == NoticeKind::kReminder)
    return fmt::format("【隐患整改提醒】隐患 #{}（{}）整改期限 {}，还有 {} 天。", x.hazard_id, what,
                       x.deadline, x.stage);
  return fmt::format("【隐患督办】隐患 #{}（{}）已逾期（期限 {}），第 {} 次督办，请督促整改。",
                     x.hazard_id, what, x.deadline, x.stage + 1);
}

}  // namespace lakeguard::hazards
