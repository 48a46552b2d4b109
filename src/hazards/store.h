#pragma once
// The hidden dangers' SQL: every value a bound parameter, column names only from this file.
// Scope arrives as a Where built from the caller's ScopeCondition (core/principal.h) and is part
// of every query, never filtered afterwards.
// Tables: hazards, hazard_actions, hazard_notices, hazard_photos, hazard_photo_links

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"
#include "db/database.h"
#include "db/where.h"
#include "hazards/model.h"
#include "hazards/notices.h"

namespace lakeguard::hazards::store {

using db::scope_where;
using db::Where;
// Adds the list's filters (status, class, source, town, community, enterprise, overdue as of
// f.today) to w.
void add_filter(const ListFilter& f, Where& w);

int64_t count(db::Connection& c, const Where& w);
// Rows in the filter's order (deadline: undated last on both engines), paged.
std::vector<Hazard> select(db::Connection& c, const Where& w, const ListFilter& f, int64_t limit,
                           int64_t offset);
std::optional<Hazard> select_one(db::Connection& c, int64_t id, const Where& scope);
// Inserts h (its id and version ignored), returns the new id.
int64_t insert(db::Connection& c, const Hazard& h);
// Writes h's mutable columns (state, class, deadline, plan, times) and bumps the version, where
// the row still has `expected_version`. Returns the rows changed (0: it changed meanwhile).
int64_t update(db::Connection& c, const Hazard& h, int64_t expected_version);

int64_t insert_action(db::Connection& c, const ActionRecord& a);
// A hazard's history, oldest first.
std::vector<ActionRecord> actions_of(db::Connection& c, int64_t hazard_id);

// Statistics over the rows w admits.
struct Tally {
  std::string key;
  int64_t count = 0;
};
enum class TallyBy { kStatus, kClass, kTown, kIndustry, kSource };
std::vector<Tally> tally(db::Connection& c, const Where& w, TallyBy by);
struct Closure {
  int64_t closed = 0;    // closed hidden dangers with a deadline
  int64_t on_time = 0;   // of them, closed on or before their deadline (local dates)
  double mean_days = 0;  // mean days from report to closure (0 when none)
};
Closure closure(db::Connection& c, const Where& w);
// EnterpriseCounts per enterprise over the rows w admits, in one GROUP BY (enterprises without a
// hidden danger are absent).
std::map<int64_t, EnterpriseCounts> counts_by_enterprise(db::Connection& c, const Where& w,
                                                         const std::string& today);

// --- The scheduler (hazard_notices) ---

// A followed hidden danger (rectifying or submitted, with a deadline: schedule.h is_scheduled)
// as the schedule needs it.
// Every followed hidden danger, by id (the pass is a system job: no scope).
std::vector<ScheduleInput> followed(db::Connection& c);
// The keys of the notices recorded for the followed hidden dangers' current deadlines.
NoticeKeys recorded_keys(db::Connection& c);
// Records n unless its key is there (INSERT … ON CONFLICT DO NOTHING): the new row's id, or
// nullopt when another pass recorded it first.
std::optional<int64_t> insert_notice(db::Connection& c, const Notice& n, int64_t recorded_at_ms,
                                     bool late);
// A hidden danger's notices, by due time.
std::vector<StoredNotice> notices_of(db::Connection& c, int64_t hazard_id);
// Notices to hand to the sender now: pending, failed with fewer than max_attempts, or claimed
// (sending) before stale_before_ms; oldest first, at most `limit`.
std::vector<int64_t> deliverable(db::Connection& c, int64_t stale_before_ms, int max_attempts,
                                 int64_t limit);
// Claims notice `id` for delivery (sending, attempts + 1) if it is still deliverable as above:
// whether this caller got it (two passes never both do).
bool claim(db::Connection& c, int64_t id, int64_t now_ms, int64_t stale_before_ms,
           int max_attempts);
// The claimed notice with its hidden danger, for the sender.
std::optional<OutgoingNotice> outgoing(db::Connection& c, int64_t id);
// The delivery's outcome: sent (at now) or failed (with the sender's error).
void mark_delivery(db::Connection& c, int64_t id, Delivery d, int64_t now_ms,
                   const std::string& error);

// Supervision orders (督办) per hidden danger: its orders for the current deadline.
struct Supervision {
  Hazard hazard;
  int escalations = 0;   // the highest stage (0: the first order, not yet escalated)
  std::string to_level;  // of the latest order
  std::string to_code;
  int64_t first_due_ms = 0;  // the first order's due time
  int64_t last_due_ms = 0;   // the latest order's due time
};
// `w` over the hazards aliased h (kJoinedScopeColumns; filters with "h." names).
int64_t count_supervisions(db::Connection& c, const Where& w);
// Most escalated first, then the oldest deadline.
std::vector<Supervision> select_supervisions(db::Connection& c, const Where& w, int64_t limit,
                                             int64_t offset);

// --- Photos (hazard_photos, hazard_photo_links) ---

struct PhotoLink {
  std::string hash;
  std::string media_type;
  int64_t size_bytes = 0;
  std::string purpose;  // finding | evidence
  std::string added_by;
  int64_t added_at_ms = 0;
};
// Stores the content unless a photo with its hash is there: whether it was new.
bool insert_photo(db::Connection& c, const std::string& hash, std::string_view media_type,
                  int64_t size_bytes, const std::string& base64, int64_t now_ms);
// Links a stored photo to a hidden danger unless it is linked already: whether it was new.
bool link_photo(db::Connection& c, int64_t hazard_id, const PhotoLink& l);
std::vector<PhotoLink> photos_of(db::Connection& c, int64_t hazard_id);
// The photo (media type, base64 content) if it is linked to a hidden danger `scope` (aliased h)
// admits.
struct StoredPhoto {
  std::string media_type;
  std::string base64;
};
std::optional<StoredPhoto> photo_in_scope(db::Connection& c, const std::string& hash,
                                          const Where& scope);

// The photo by its hash, whatever shows it (for a caller that checked its own scope: an
// inspection task's item, inspections/service.cpp).
std::optional<StoredPhoto> photo_by_hash(db::Connection& c, const std::string& hash);

}  // namespace lakeguard::hazards::store
