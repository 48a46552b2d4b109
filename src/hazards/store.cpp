#include "hazards/store.h"

#include <fmt/format.h>

namespace lakeguard::hazards::store {
namespace {

constexpr std::string_view kColumns =
    "id, enterprise_id, town_code, community_code, industry, location, description, class, "
    "source, category, found_at_ms, found_by, status, deadline, plan_measures, plan_funds_yuan, "
    "plan_responsible, plan_deadline, plan_interim_measures, reported_by, reported_by_name, "
    "created_at_ms, updated_at_ms, confirmed_at_ms, closed_at_ms, closed_on, version, "
    "responsible_level, deadline_set_at_ms";

db::Value text_or_null(const std::string& s) {
  return s.empty() ? db::Value(nullptr) : db::Value(s);
}
db::Value opt_int(const std::optional<int64_t>& v) {
  return v ? db::Value(*v) : db::Value(nullptr);
}

Hazard to_hazard(const db::Row& r) {
  Hazard h;
  h.id = r.i64(0);
  h.enterprise_id = r.i64(1);
  h.town_code = r.str(2);
  h.community_code = r.opt_str(3).value_or("");
  h.industry = r.opt_str(4).value_or("");
  h.location = r.opt_str(5).value_or("");
  h.description = r.str(6);
  h.hazard_class = parse_class(r.str(7)).value_or(HazardClass::kGeneral);
  h.source = parse_source(r.str(8)).value_or(Source::kReport);
  h.category = r.opt_str(9).value_or("");
  h.found_at_ms = r.i64(10);
  h.found_by = r.str(11);
  h.status = parse_state(r.str(12)).value_or(State::kReported);
  h.deadline = r.opt_str(13).value_or("");
  if (!r.is_null(14)) {
    h.plan = Plan{r.str(14), r.is_null(15) ? 0 : r.f64(15), r.opt_str(16).value_or(""),
                  r.opt_str(17).value_or(""), r.opt_str(18).value_or("")};
  }
  h.reported_by = r.opt_i64(19);
  h.reported_by_name = r.str(20);
  h.created_at_ms = r.i64(21);
  h.updated_at_ms = r.i64(22);
  h.confirmed_at_ms = r.opt_i64(23);
  h.closed_at_ms = r.opt_i64(24);
  h.closed_on = r.opt_str(25).value_or("");
  h.version = r.i64(26);
  h.responsible_level = r.str(27);
  h.deadline_set_at_ms = r.opt_i64(28);
  return h;
}

std::string_view sort_sql(const ListFilter& f) {
  // Column names from this table only; undated rows sort last on SQLite and PostgreSQL alike.
  // With overdue=true every row is dated: the plain order, which (town_code, status, deadline)
  // can deliver without a sort (migration 0020).
  if (f.sort_column == "deadline" && f.overdue && *f.overdue)
    return f.sort_desc ? "deadline DESC, id DESC" : "deadline ASC, id ASC";
  if (f.sort_column == "deadline")
    return f.sort_desc ? "CASE WHEN deadline IS NULL THEN 1 ELSE 0 END, deadline DESC, id DESC"
                       : "CASE WHEN deadline IS NULL THEN 1 ELSE 0 END, deadline ASC, id ASC";
  if (f.sort_column == "found_at")
    return f.sort_desc ? "found_at_ms DESC, id DESC" : "found_at_ms ASC, id ASC";
  if (f.sort_column == "created_at")
    return f.sort_desc ? "created_at_ms DESC, id DESC" : "created_at_ms ASC, id ASC";
  if (f.sort_column == "updated_at")
    return f.sort_desc ? "updated_at_ms DESC, id DESC" : "updated_at_ms ASC, id ASC";
  return f.sort_desc ? "id DESC" : "id ASC";
}

// Overdue (requests.h is_overdue): open, dated and past its deadline day. Never NULL, so its
// negation holds for undated rows.
constexpr std::string_view kOverdue =
    "status IN ('rectifying', 'submitted') AND deadline IS NOT NULL AND deadline < ?";

}  // namespace

void add_filter(const ListFilter& f, Where& w) {
  if (f.status) w.add("status = ?", {std::string(state_name(*f.status))});
  if (f.hazard_class) w.add("class = ?", {std::string(class_name(*f.hazard_class))});
  if (f.source) w.add("source = ?", {std::string(source_name(*f.source))});
  if (!f.town_code.empty()) w.add("town_code = ?", {f.town_code});
  if (!f.community_code.empty()) w.add("community_code = ?", {f.community_code});
  if (f.enterprise_id) w.add("enterprise_id = ?", {*f.enterprise_id});
  if (f.overdue) {
    if (*f.overdue)
      w.add(std::string(kOverdue), {f.today});
    else
      w.add(fmt::format("NOT ({})", kOverdue), {f.today});
  }
}

int64_t count(db::Connection& c, const Where& w) {
  return c.query(fmt::format("SELECT COUNT(*) FROM hazards WHERE {}", w.sql), w.params)
      .rows.at(0)
      .i64(0);
}

std::vector<Hazard> select(db::Connection& c, const Where& w, const ListFilter& f, int64_t limit,
                           int64_t offset) {
  std::vector<db::Value> params = w.params;
  params.emplace_back(limit);
  params.emplace_back(offset);
  auto rows = c.query(fmt::format("SELECT {} FROM hazards WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
                                  kColumns, w.sql, sort_sql(f)),
                      params);
  std::vector<Hazard> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) out.push_back(to_hazard(r));
  return out;
}

std::optional<Hazard> select_one(db::Connection& c, int64_t id, const Where& scope) {
  std::vector<db::Value> params{id};
  params.insert(params.end(), scope.params.begin(), scope.params.end());
  auto rows = c.query(
      fmt::format("SELECT {} FROM hazards WHERE id = ? AND {}", kColumns, scope.sql), params);
  if (rows.empty()) return std::nullopt;
  return to_hazard(rows.rows[0]);
}

namespace {
// The plan's columns as parameters (all NULL without a plan).
void plan_params(const Hazard& h, std::vector<db::Value>& ps) {
  if (h.plan) {
    ps.emplace_back(h.plan->measures);
    ps.emplace_back(h.plan->funds_yuan);
    ps.emplace_back(h.plan->responsible);
    ps.emplace_back(h.plan->deadline);
    ps.emplace_back(h.plan->interim_measures);
  } else {
    for (int i = 0; i < 5; ++i) ps.emplace_back(nullptr);
  }
}
}  // namespace

int64_t insert(db::Connection& c, const Hazard& h) {
  std::vector<db::Value> ps{h.enterprise_id,
                            h.town_code,
                            text_or_null(h.community_code),
                            text_or_null(h.industry),
                            text_or_null(h.location),
                            h.description,
                            std::string(class_name(h.hazard_class)),
                            std::string(source_name(h.source)),
                            text_or_null(h.category),
                            h.found_at_ms,
                            h.found_by,
                            std::string(state_name(h.status)),
                            text_or_null(h.deadline)};
  plan_params(h, ps);
  ps.emplace_back(opt_int(h.reported_by));
  ps.emplace_back(h.reported_by_name);
  ps.emplace_back(h.created_at_ms);
  ps.emplace_back(h.updated_at_ms);
  ps.emplace_back(opt_int(h.confirmed_at_ms));
  ps.emplace_back(h.responsible_level);
  ps.emplace_back(opt_int(h.deadline_set_at_ms));
  auto rows = c.query(
      "INSERT INTO hazards (enterprise_id, town_code, community_code, industry, location, "
      "description, class, source, category, found_at_ms, found_by, status, deadline, "
      "plan_measures, plan_funds_yuan, plan_responsible, plan_deadline, plan_interim_measures, "
      "reported_by, reported_by_name, created_at_ms, updated_at_ms, confirmed_at_ms, "
      "responsible_level, deadline_set_at_ms, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) "
      "RETURNING id",
      ps);
  return rows.rows.at(0).i64(0);
}

int64_t update(db::Connection& c, const Hazard& h, int64_t expected_version) {
  std::vector<db::Value> ps{std::string(state_name(h.status)),
                            std::string(class_name(h.hazard_class)), text_or_null(h.deadline)};
  plan_params(h, ps);
  ps.emplace_back(h.updated_at_ms);
  ps.emplace_back(opt_int(h.confirmed_at_ms));
  ps.emplace_back(opt_int(h.closed_at_ms));
  ps.emplace_back(text_or_null(h.closed_on));
  ps.emplace_back(h.responsible_level);
  ps.emplace_back(opt_int(h.deadline_set_at_ms));
  ps.emplace_back(h.id);
  ps.emplace_back(expected_version);
  return c.exec(
      "UPDATE hazards SET status = ?, class = ?, deadline = ?, plan_measures = ?, "
      "plan_funds_yuan = ?, plan_responsible = ?, plan_deadline = ?, plan_interim_measures = ?, "
      "updated_at_ms = ?, confirmed_at_ms = ?, closed_at_ms = ?, closed_on = ?, "
      "responsible_level = ?, deadline_set_at_ms = ?, version = version + 1 WHERE id = ? AND "
      "version = ?",
      ps);
}

int64_t insert_action(db::Connection& c, const ActionRecord& a) {
  auto rows = c.query(
      "INSERT INTO hazard_actions (hazard_id, action, from_status, to_status, actor_id, actor, "
      "at_ms, payload, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {a.hazard_id, a.action, text_or_null(a.from_status), a.to_status, opt_int(a.actor_id),
       a.actor, a.at_ms, a.payload, text_or_null(a.request_id)});
  return rows.rows.at(0).i64(0);
}

std::vector<ActionRecord> actions_of(db::Connection& c, int64_t hazard_id) {
  auto rows = c.query(
      "SELECT id, hazard_id, action, from_status, to_status, actor_id, actor, at_ms, payload, "
      "request_id FROM hazard_actions WHERE hazard_id = ? ORDER BY id",
      {hazard_id});
  std::vector<ActionRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) {
    ActionRecord a;
    a.id = r.i64(0);
    a.hazard_id = r.i64(1);
    a.action = r.str(2);
    a.from_status = r.opt_str(3).value_or("");
    a.to_status = r.str(4);
    a.actor_id = r.opt_i64(5);
    a.actor = r.str(6);
    a.at_ms = r.i64(7);
    a.payload = r.str(8);
    a.request_id = r.opt_str(9).value_or("");
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<Tally> tally(db::Connection& c, const Where& w, TallyBy by) {
  std::string_view column = "status";
  switch (by) {
    case TallyBy::kStatus:
      column = "status";
      break;
    case TallyBy::kClass:
      column = "class";
      break;
    case TallyBy::kTown:
      column = "town_code";
      break;
    case TallyBy::kIndustry:
      column = "industry";
      break;
    case TallyBy::kSource:
      column = "source";
      break;
  }
  auto rows = c.query(fmt::format("SELECT COALESCE({0}, ''), COUNT(*) FROM hazards WHERE {1} "
                                  "GROUP BY COALESCE({0}, '') ORDER BY COALESCE({0}, '')",
                                  column, w.sql),
                      w.params);
  std::vector<Tally> out;
  for (const auto& r : rows.rows) out.push_back(Tally{r.str(0), r.i64(1)});
  return out;
}

Closure closure(db::Connection& c, const Where& w) {
  auto rows = c.query(
      fmt::format("SELECT COUNT(*), COALESCE(SUM(CASE WHEN closed_on <= deadline THEN 1 ELSE 0 "
                  "END), 0), AVG(closed_at_ms - created_at_ms) FROM hazards WHERE {} AND "
                  "status = 'closed' AND deadline IS NOT NULL AND closed_at_ms IS NOT NULL",
                  w.sql),
      w.params);
  const auto& r = rows.rows.at(0);
  Closure out;
  out.closed = r.i64(0);
  out.on_time = r.i64(1);
  out.mean_days = r.is_null(2) ? 0 : r.f64(2) / (24.0 * 3600 * 1000);
  return out;
}

std::map<int64_t, EnterpriseCounts> counts_by_enterprise(db::Connection& c, const Where& w,
                                                         const std::string& today) {
  // The overdue term is kOverdue, the list filter's: one definition for the list, the
  // statistics and the risk index. Its parameters come first (they precede the WHERE).
  std::vector<db::Value> params{today, std::string(class_name(HazardClass::kMajor))};
  params.insert(params.end(), w.params.begin(), w.params.end());
  auto rows =
      c.query(fmt::format("SELECT enterprise_id, "
                          "SUM(CASE WHEN status <> 'closed' THEN 1 ELSE 0 END), "
                          "SUM(CASE WHEN {} THEN 1 ELSE 0 END), "
                          "SUM(CASE WHEN status <> 'closed' AND class = ? THEN 1 ELSE 0 END) "
                          "FROM hazards WHERE {} GROUP BY enterprise_id",
                          kOverdue, w.sql),
              params);
  std::map<int64_t, EnterpriseCounts> out;
  for (const auto& r : rows.rows)
    out.emplace(r.i64(0),
                EnterpriseCounts{.open = r.i64(1), .overdue = r.i64(2), .open_major = r.i64(3)});
  return out;
}

// --- The scheduler ---

namespace {
constexpr std::string_view kFollowed =
    "status IN ('rectifying', 'submitted') AND deadline IS NOT NULL";

NoticeKind kind_of(const std::string& s) {
  return s == "supervision" ? NoticeKind::kSupervision : NoticeKind::kReminder;
}

constexpr std::string_view kNoticeColumns =
    "id, hazard_id, kind, stage, deadline, to_level, to_code, due_at_ms, sent_at_ms, superseded, "
    "late, delivery, attempts, delivered_at_ms, delivery_error";

StoredNotice to_notice(const db::Row& r) {
  StoredNotice s;
  s.id = r.i64(0);
  s.notice.hazard_id = r.i64(1);
  s.notice.kind = kind_of(r.str(2));
  s.notice.stage = static_cast<int>(r.i64(3));
  s.notice.deadline = r.str(4);
  s.notice.to_level = parse_level(r.str(5)).value_or(Level::kDistrict);
  s.notice.to_code = r.str(6);
  s.notice.due_at_ms = r.i64(7);
  s.recorded_at_ms = r.i64(8);
  s.notice.superseded = r.i64(9) != 0;
  s.late = r.i64(10) != 0;
  s.delivery = parse_delivery(r.str(11)).value_or(Delivery::kPending);
  s.attempts = static_cast<int>(r.i64(12));
  s.delivered_at_ms = r.opt_i64(13);
  s.delivery_error = r.opt_str(14).value_or("");
  return s;
}

// Deliverable: waiting, failed and not yet given up, or claimed by a pass that never finished.
constexpr std::string_view kDeliverable =
    "(delivery IN ('pending', 'failed') AND attempts < ?) OR "
    "(delivery = 'sending' AND claimed_at_ms < ? AND attempts < ?)";
}  // namespace

std::vector<ScheduleInput> followed(db::Connection& c) {
  std::vector<ScheduleInput> out;
  c.query_each(
      fmt::format("SELECT id, status, deadline, deadline_set_at_ms, responsible_level, "
                  "enterprise_id, community_code, town_code FROM hazards WHERE {} ORDER BY id",
                  kFollowed),
      {}, [&](const db::RowView& r) {
        ScheduleInput h;
        h.hazard_id = r.i64(0);
        h.status = parse_state(r.text(1)).value_or(State::kRectifying);
        h.deadline = std::string(r.text(2));
        h.deadline_set_at_ms = r.is_null(3) ? 0 : r.i64(3);
        h.responsible = parse_level(r.text(4)).value_or(Level::kEnterprise);
        h.enterprise_id = r.i64(5);
        h.community_code = r.is_null(6) ? std::string() : std::string(r.text(6));
        h.town_code = std::string(r.text(7));
        out.push_back(std::move(h));
      });
  return out;
}

NoticeKeys recorded_keys(db::Connection& c) {
  NoticeKeys out;
  c.query_each(
      "SELECT n.hazard_id, n.kind, n.stage, n.deadline FROM hazard_notices n JOIN hazards h ON "
      "h.id = n.hazard_id WHERE h.status IN ('rectifying', 'submitted') AND n.deadline = "
      "h.deadline",
      {}, [&](const db::RowView& r) {
        out.insert(NoticeKey{r.i64(0), kind_of(std::string(r.text(1))), static_cast<int>(r.i64(2)),
                             std::string(r.text(3))});
      });
  return out;
}

std::optional<int64_t> insert_notice(db::Connection& c, const Notice& n, int64_t recorded_at_ms,
                                     bool late) {
  auto rows = c.query(
      "INSERT INTO hazard_notices (hazard_id, kind, stage, deadline, to_level, to_code, "
      "due_at_ms, sent_at_ms, superseded, late, delivery, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, 0) ON CONFLICT (hazard_id, kind, stage, deadline) DO NOTHING RETURNING id",
      {n.hazard_id, std::string(notice_kind_name(n.kind)), int64_t{n.stage}, n.deadline,
       std::string(level_name(n.to_level)), n.to_code, n.due_at_ms, recorded_at_ms,
       int64_t{n.superseded ? 1 : 0}, int64_t{late ? 1 : 0},
       std::string(delivery_name(n.superseded ? Delivery::kSuperseded : Delivery::kPending))});
  if (rows.empty()) return std::nullopt;
  return rows.rows[0].i64(0);
}

std::vector<StoredNotice> notices_of(db::Connection& c, int64_t hazard_id) {
  auto rows = c.query(fmt::format("SELECT {} FROM hazard_notices WHERE hazard_id = ? ORDER BY "
                                  "due_at_ms, id",
                                  kNoticeColumns),
                      {hazard_id});
  std::vector<StoredNotice> out;
  for (const auto& r : rows.rows) out.push_back(to_notice(r));
  return out;
}

std::vector<int64_t> deliverable(db::Connection& c, int64_t stale_before_ms, int max_attempts,
                                 int64_t limit) {
  auto rows = c.query(
      fmt::format("SELECT id FROM hazard_notices WHERE {} ORDER BY id LIMIT ?", kDeliverable),
      {int64_t{max_attempts}, stale_before_ms, int64_t{max_attempts}, limit});
  std::vector<int64_t> out;
  for (const auto& r : rows.rows) out.push_back(r.i64(0));
  return out;
}

bool claim(db::Connection& c, int64_t id, int64_t now_ms, int64_t stale_before_ms,
           int max_attempts) {
  return c.exec(fmt::format("UPDATE hazard_notices SET delivery = 'sending', claimed_at_ms = ?, "
                            "attempts = attempts + 1 WHERE id = ? AND ({})",
                            kDeliverable),
                {now_ms, id, int64_t{max_attempts}, stale_before_ms, int64_t{max_attempts}}) == 1;
}

std::optional<OutgoingNotice> outgoing(db::Connection& c, int64_t id) {
  std::string cols;
  for (std::string_view col : {"id", "hazard_id", "kind", "stage", "deadline", "to_level",
                               "to_code", "due_at_ms", "sent_at_ms", "superseded", "late",
                               "delivery", "attempts", "delivered_at_ms", "delivery_error"})
    cols += fmt::format("n.{}, ", col);
  auto rows = c.query(fmt::format("SELECT {}h.enterprise_id, h.town_code, h.description FROM "
                                  "hazard_notices n JOIN hazards h ON h.id = n.hazard_id WHERE "
                                  "n.id = ?",
                                  cols),
                      {id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.rows[0];
  OutgoingNotice o;
  o.stored = to_notice(r);
  o.enterprise_id = r.i64(15);
  o.town_code = r.str(16);
  o.description = r.str(17);
  return o;
}

void mark_delivery(db::Connection& c, int64_t id, Delivery d, int64_t now_ms,
                   const std::string& error) {
  c.exec(
      "UPDATE hazard_notices SET delivery = ?, delivered_at_ms = ?, delivery_error = ? WHERE "
      "id = ?",
      {std::string(delivery_name(d)), d == Delivery::kSent ? db::Value(now_ms) : db::Value(nullptr),
       text_or_null(error), id});
}

namespace {
// The hazards' columns aliased h, for the joined queries.
std::string joined_hazard_columns() {
  std::string out;
  std::string_view cols = kColumns;
  size_t pos = 0;
  while (pos < cols.size()) {
    size_t comma = cols.find(',', pos);
    std::string_view col =
        cols.substr(pos, comma == std::string_view::npos ? cols.size() - pos : comma - pos);
    while (!col.empty() && col.front() == ' ') col.remove_prefix(1);
    if (!out.empty()) out += ", ";
    out += "h.";
    out += col;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

constexpr std::string_view kSupervisionFrom =
    "FROM hazards h JOIN hazard_notices n ON n.hazard_id = h.id AND n.kind = 'supervision' AND "
    "n.deadline = h.deadline";
}  // namespace

int64_t count_supervisions(db::Connection& c, const Where& w) {
  return c
      .query(fmt::format("SELECT COUNT(DISTINCT h.id) {} WHERE {}", kSupervisionFrom, w.sql),
             w.params)
      .rows.at(0)
      .i64(0);
}

std::vector<Supervision> select_supervisions(db::Connection& c, const Where& w, int64_t limit,
                                             int64_t offset) {
  static const std::string kCols = joined_hazard_columns();
  std::vector<db::Value> ps = w.params;
  ps.emplace_back(limit);
  ps.emplace_back(offset);
  // The latest order (highest stage) names where it is now.
  auto rows = c.query(
      fmt::format(
          "SELECT {0}, MAX(n.stage), MIN(n.due_at_ms), MAX(n.due_at_ms), "
          "(SELECT m.to_level FROM hazard_notices m WHERE m.hazard_id = h.id AND m.kind = "
          "'supervision' AND m.deadline = h.deadline ORDER BY m.stage DESC LIMIT 1), "
          "(SELECT m.to_code FROM hazard_notices m WHERE m.hazard_id = h.id AND m.kind = "
          "'supervision' AND m.deadline = h.deadline ORDER BY m.stage DESC LIMIT 1) "
          "{1} WHERE {2} GROUP BY h.id ORDER BY MAX(n.stage) DESC, h.deadline ASC, h.id ASC "
          "LIMIT ? OFFSET ?",
          kCols, kSupervisionFrom, w.sql),
      ps);
  std::vector<Supervision> out;
  for (const auto& r : rows.rows) {
    Supervision s;
    s.hazard = to_hazard(r);
    s.escalations = static_cast<int>(r.i64(29));
    s.first_due_ms = r.i64(30);
    s.last_due_ms = r.i64(31);
    s.to_level = r.opt_str(32).value_or("");
    s.to_code = r.opt_str(33).value_or("");
    out.push_back(std::move(s));
  }
  return out;
}

// --- Photos ---

bool insert_photo(db::Connection& c, const std::string& hash, std::string_view media_type,
                  int64_t size_bytes, const std::string& base64, int64_t now_ms) {
  return c.exec(
             "INSERT INTO hazard_photos (hash, media_type, size_bytes, content, created_at_ms) "
             "VALUES (?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING",
             {hash, std::string(media_type), size_bytes, base64, now_ms}) == 1;
}

bool link_photo(db::Connection& c, int64_t hazard_id, const PhotoLink& l) {
  return c.exec(
             "INSERT INTO hazard_photo_links (hazard_id, hash, purpose, added_by, added_at_ms) "
             "VALUES (?, ?, ?, ?, ?) ON CONFLICT (hazard_id, hash) DO NOTHING",
             {hazard_id, l.hash, l.purpose, l.added_by, l.added_at_ms}) == 1;
}

std::vector<PhotoLink> photos_of(db::Connection& c, int64_t hazard_id) {
  auto rows = c.query(
      "SELECT l.hash, p.media_type, p.size_bytes, l.purpose, l.added_by, l.added_at_ms FROM "
      "hazard_photo_links l JOIN hazard_photos p ON p.hash = l.hash WHERE l.hazard_id = ? "
      "ORDER BY l.id",
      {hazard_id});
  std::vector<PhotoLink> out;
  for (const auto& r : rows.rows)
    out.push_back(PhotoLink{r.str(0), r.str(1), r.i64(2), r.str(3), r.str(4), r.i64(5)});
  return out;
}

std::optional<StoredPhoto> photo_in_scope(db::Connection& c, const std::string& hash,
                                          const Where& scope) {
  std::vector<db::Value> ps{hash, hash};
  ps.insert(ps.end(), scope.params.begin(), scope.params.end());
  auto rows = c.query(
      fmt::format("SELECT p.media_type, p.content FROM hazard_photos p WHERE p.hash = ? AND "
                  "EXISTS (SELECT 1 FROM hazard_photo_links l JOIN hazards h ON h.id = "
                  "l.hazard_id WHERE l.hash = ? AND {})",
                  scope.sql),
      ps);
  if (rows.empty()) return std::nullopt;
  return StoredPhoto{rows.rows[0].str(0), rows.rows[0].str(1)};
}

std::optional<StoredPhoto> photo_by_hash(db::Connection& c, const std::string& hash) {
  auto rows = c.query("SELECT media_type, content FROM hazard_photos WHERE hash = ?", {hash});
  if (rows.empty()) return std::nullopt;
  return StoredPhoto{rows.rows[0].str(0), rows.rows[0].str(1)};
}

}  // namespace lakeguard::hazards::store
