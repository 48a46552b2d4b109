#pragma once
// The scheduler pass's decision and the delivery seam, pure: which notices of the schedule
// (schedule.h) are due and not yet recorded, for many hidden dangers at once; the stored form of
// a notice with its delivery state; the text a notice is delivered with; and NoticeSender, the
// interface a delivery channel implements (docs/hazards.md "The scheduler pass").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "hazards/schedule.h"

namespace lakeguard::hazards {

// A notice's delivery (wire names): pending (recorded, not yet handed to the sender), sending
// (claimed by one pass), sent, failed (the sender refused it; retried up to a limit),
// superseded (recorded only: a reminder owed before the hazard became overdue, never sent).
enum class Delivery { kPending, kSending, kSent, kFailed, kSuperseded };
std::string_view delivery_name(Delivery d);
std::optional<Delivery> parse_delivery(std::string_view s);

// A notice as stored (hazard_notices).
struct StoredNotice {
  int64_t id = 0;
  Notice notice;
  int64_t recorded_at_ms = 0;
  bool late = false;  // recorded more than the grace after it was due (after a downtime)
  Delivery delivery = Delivery::kPending;
  int attempts = 0;
  std::optional<int64_t> delivered_at_ms;
  std::string delivery_error;
};

// The unique key of a notice (hazard, kind, stage, deadline), as the table's UNIQUE constraint.
struct NoticeKey {
  int64_t hazard_id = 0;
  NoticeKind kind = NoticeKind::kReminder;
  int stage = 0;
  std::string deadline;
  bool operator==(const NoticeKey&) const = default;
};
struct NoticeKeyHash {
  size_t operator()(const NoticeKey& k) const noexcept;
};
using NoticeKeys = std::unordered_set<NoticeKey, NoticeKeyHash>;
inline NoticeKey key_of(const Notice& n) { return {n.hazard_id, n.kind, n.stage, n.deadline}; }

// The pass's decision: every notice due by `now_ms` for the hidden dangers `followed` that is
// not in `recorded`, in the order of the hazards and of due_notices. Pure and deterministic, so
// any pass (another instance, after a restart or a downtime) decides the same from the same
// store.
std::vector<Notice> missing_notices(const std::vector<ScheduleInput>& followed,
                                    const NoticeKeys& recorded, int64_t now_ms,
                                    const ScheduleConfig& c);

// What a delivery channel is given: the notice and the hidden danger it is about.
struct OutgoingNotice {
  StoredNotice stored;
  int64_t enterprise_id = 0;
  std::string town_code;
  std::string description;
};

// The message text of a notice (zh-CN, as an SMS or an in-app notice shows it), e.g.
// "【隐患整改提醒】隐患 #12（…）整改期限 2026-12-20，还有 7 天。" or
// "【隐患督办】隐患 #12（…）已逾期（期限 2026-12-20），第 2 次督办，请督促整改。". The
// description is cut to 40 characters.
std::string notice_text(const OutgoingNotice& n);

// A delivery channel (in-app log, SMS gateway, …). Called after the pass's commit, once per
// claimed notice; answers whether it took the notice (an error is recorded as the delivery's
// failure and the notice is retried by a later pass). Thread-safe; must not block for long.
class NoticeSender {
 public:
  virtual ~NoticeSender() = default;
  virtual std::string_view name() const = 0;
  virtual Status send(const OutgoingNotice& n) = 0;
};

}  // namespace lakeguard::hazards
