#include "duty/store.h"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <map>

namespace lakeguard::duty::store {
namespace {

namespace json = boost::json;

constexpr std::string_view kShiftColumns =
    "id, unit_code, town_code, starts_at_ms, ends_at_ms, note, synthetic, created_at_ms, "
    "updated_at_ms, version";
constexpr std::string_view kHandoverColumns =
    "id, shift_id, next_shift_id, unit_code, town_code, state, open_items, notes, written_by, "
    "written_by_name, written_at_ms, acknowledged_by, acknowledged_by_name, acknowledged_at_ms";
constexpr std::string_view kLogColumns =
    "id, shift_id, unit_code, town_code, at_ms, kind, body, author_id, author_name, "
    "created_at_ms";
constexpr std::string_view kContactColumns =
    "user_id, name, unit_code, town_code, title, phone, synthetic, updated_at_ms";

db::Value text_or_null(const std::string& s) {
  return s.empty() ? db::Value(nullptr) : db::Value(s);
}

std::vector<db::Value> with(std::vector<db::Value> a, const std::vector<db::Value>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Shift to_shift(const db::Row& r) {
  Shift s;
  s.id = r.i64(0);
  s.unit_code = r.str(1);
  s.town_code = r.opt_str(2).value_or("");
  s.starts_at_ms = r.i64(3);
  s.ends_at_ms = r.i64(4);
  s.note = r.opt_str(5).value_or("");
  s.synthetic = r.i64(6) != 0;
  s.created_at_ms = r.i64(7);
  s.updated_at_ms = r.i64(8);
  s.version = r.i64(9);
  return s;
}

// Shifts matching `where` (duty_shifts' columns only) with their people, ordered by `order`.
std::vector<Shift> query_shifts(db::Connection& c, const std::string& where,
                                const std::vector<db::Value>& params, std::string_view order,
                                int64_t limit) {
  auto rows = c.query(fmt::format("SELECT {} FROM duty_shifts WHERE {} ORDER BY {} LIMIT ?",
                                  kShiftColumns, where, order),
                      with(params, {limit}));
  std::vector<Shift> out;
  std::map<int64_t, size_t> at;
  for (const auto& r : rows.rows) {
    at[r.i64(0)] = out.size();
    out.push_back(to_shift(r));
  }
  if (out.empty()) return out;
  // The people of the same shifts: the same condition as a subquery.
  auto people = c.query(
      fmt::format("SELECT a.shift_id, a.user_id, a.role, a.name FROM duty_assignments a "
                  "WHERE a.shift_id IN "
                  "(SELECT id FROM duty_shifts WHERE {} ORDER BY {} LIMIT ?) "
                  "ORDER BY a.shift_id, CASE a.role WHEN 'leader' THEN 0 WHEN 'officer' THEN 1 "
                  "ELSE 2 END, a.user_id",
                  where, order),
      with(params, {limit}));
  for (const auto& r : people.rows) {
    auto it = at.find(r.i64(0));
    if (it == at.end()) continue;
    out[it->second].people.push_back(
        Assignment{r.i64(1), parse_duty_role(r.str(2)).value_or(DutyRole::kOfficer), r.str(3)});
  }
  return out;
}

void insert_people(db::Connection& c, const Shift& s) {
  for (const auto& a : s.people)
    c.exec("INSERT INTO duty_assignments (shift_id, user_id, role, name) VALUES (?, ?, ?, ?)",
           {s.id, a.user_id, std::string(duty_role_name(a.role)), a.name});
}

std::string items_json(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return json::serialize(a);
}

std::vector<std::string> items_of(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array())
    if (e.is_string()) out.emplace_back(e.as_string());
  return out;
}

Handover to_handover(const db::Row& r) {
  Handover h;
  h.id = r.i64(0);
  h.shift_id = r.i64(1);
  h.next_shift_id = r.i64(2);
  h.unit_code = r.str(3);
  h.town_code = r.opt_str(4).value_or("");
  h.state = r.str(5) == "acknowledged" ? HandoverState::kAcknowledged : HandoverState::kWritten;
  h.open_items = items_of(r.str(6));
  h.notes = r.str(7);
  h.written_by = r.i64(8);
  h.written_by_name = r.str(9);
  h.written_at_ms = r.i64(10);
  h.acknowledged_by = r.opt_i64(11);
  h.acknowledged_by_name = r.opt_str(12).value_or("");
  h.acknowledged_at_ms = r.opt_i64(13);
  return h;
}

LogEntry to_log(const db::Row& r) {
  LogEntry e;
  e.id = r.i64(0);
  e.shift_id = r.i64(1);
  e.unit_code = r.str(2);
  e.town_code = r.opt_str(3).value_or("");
  e.at_ms = r.i64(4);
  e.kind = parse_log_kind(r.str(5)).value_or(LogKind::kOther);
  e.text = r.str(6);
  e.author_id = r.i64(7);
  e.author_name = r.str(8);
  e.created_at_ms = r.i64(9);
  return e;
}

Contact to_contact(const db::Row& r) {
  Contact k;
  k.user_id = r.i64(0);
  k.name = r.str(1);
  k.unit_code = r.str(2);
  k.town_code = r.opt_str(3).value_or("");
  k.title = r.str(4);
  k.phone = r.opt_str(5).value_or("");
  k.synthetic = r.i64(6) != 0;
  k.updated_at_ms = r.i64(7);
  return k;
}

}  // namespace

int64_t insert_shift(db::Connection& c, const Shift& s) {
  auto rows = c.query(
      "INSERT INTO duty_shifts (unit_code, town_code, starts_at_ms, ends_at_ms, note, synthetic, "
      "created_at_ms, updated_at_ms, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {s.unit_code, text_or_null(s.town_code), s.starts_at_ms, s.ends_at_ms, text_or_null(s.note),
       int64_t{s.synthetic ? 1 : 0}, s.created_at_ms, s.updated_at_ms});
  Shift made = s;
  made.id = rows.rows.at(0).i64(0);
  insert_people(c, made);
  return made.id;
}

int64_t update_shift(db::Connection& c, const Shift& s, int64_t expected_version) {
  int64_t n = c.exec(
      "UPDATE duty_shifts SET starts_at_ms = ?, ends_at_ms = ?, note = ?, updated_at_ms = ?, "
      "version = version + 1 WHERE id = ? AND version = ?",
      {s.starts_at_ms, s.ends_at_ms, text_or_null(s.note), s.updated_at_ms, s.id,
       expected_version});
  if (n == 0) return 0;
  c.exec("DELETE FROM duty_assignments WHERE shift_id = ?", {s.id});
  insert_people(c, s);
  return n;
}

void delete_shift(db::Connection& c, int64_t id) {
  c.exec("DELETE FROM duty_assignments WHERE shift_id = ?", {id});
  c.exec("DELETE FROM duty_shifts WHERE id = ?", {id});
}

std::optional<Shift> select_shift(db::Connection& c, int64_t id, const Where& scope) {
  auto v = query_shifts(c, "id = ? AND " + scope.sql, with({id}, scope.params), "id", 1);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Shift> select_shifts(db::Connection& c, const Where& w, int64_t from_ms,
                                 int64_t to_ms) {
  return query_shifts(c, "starts_at_ms < ? AND ends_at_ms > ? AND " + w.sql,
                      with({to_ms, from_ms}, w.params), "unit_code, starts_at_ms, id",
                      kMaxShiftsListed);
}

std::vector<Shift> select_on_duty(db::Connection& c, const Where& w, int64_t now_ms) {
  return query_shifts(c, "starts_at_ms < ? AND ends_at_ms >= ? AND " + w.sql,
                      with({now_ms, now_ms}, w.params), "unit_code, starts_at_ms, id",
                      kMaxShiftsListed);
}

std::optional<Shift> select_next_shift(db::Connection& c, const std::string& unit_code,
                                       int64_t from_ms) {
  auto v = query_shifts(c, "unit_code = ? AND starts_at_ms >= ?", {unit_code, from_ms},
                        "starts_at_ms, id", 1);
  if (v.empty()) return std::nullopt;
  return v.front();
}

int64_t count_shift_refs(db::Connection& c, int64_t shift_id) {
  int64_t h = c.query("SELECT COUNT(*) FROM duty_handovers WHERE shift_id = ? OR next_shift_id = ?",
                      {shift_id, shift_id})
                  .rows.at(0)
                  .i64(0);
  int64_t l =
      c.query("SELECT COUNT(*) FROM duty_log WHERE shift_id = ?", {shift_id}).rows.at(0).i64(0);
  return h + l;
}

int64_t insert_handover(db::Connection& c, const Handover& h) {
  auto rows = c.query(
      "INSERT INTO duty_handovers (shift_id, next_shift_id, unit_code, town_code, state, "
      "open_items, notes, written_by, written_by_name, written_at_ms) VALUES (?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?) RETURNING id",
      {h.shift_id, h.next_shift_id, h.unit_code, text_or_null(h.town_code),
       std::string(handover_state_name(h.state)), items_json(h.open_items), h.notes, h.written_by,
       h.written_by_name, h.written_at_ms});
  return rows.rows.at(0).i64(0);
}

std::optional<Handover> select_handover(db::Connection& c, int64_t id, const Where& scope) {
  auto rows = c.query(
      fmt::format("SELECT {} FROM duty_handovers WHERE id = ? AND {}", kHandoverColumns, scope.sql),
      with({id}, scope.params));
  if (rows.empty()) return std::nullopt;
  return to_handover(rows.rows.at(0));
}

std::optional<Handover> select_handover_of(db::Connection& c, int64_t shift_id) {
  auto rows =
      c.query(fmt::format("SELECT {} FROM duty_handovers WHERE shift_id = ?", kHandoverColumns),
              {shift_id});
  if (rows.empty()) return std::nullopt;
  return to_handover(rows.rows.at(0));
}

std::optional<Handover> select_handover_to(db::Connection& c, int64_t shift_id) {
  auto rows = c.query(fmt::format("SELECT {} FROM duty_handovers WHERE next_shift_id = ? ORDER "
                                  "BY id LIMIT 1",
                                  kHandoverColumns),
                      {shift_id});
  if (rows.empty()) return std::nullopt;
  return to_handover(rows.rows.at(0));
}

int64_t count_handovers(db::Connection& c, const Where& w) {
  return c.query(fmt::format("SELECT COUNT(*) FROM duty_handovers WHERE {}", w.sql), w.params)
      .rows.at(0)
      .i64(0);
}

std::vector<Handover> select_handovers(db::Connection& c, const Where& w, int64_t limit,
                                       int64_t offset) {
  auto rows = c.query(fmt::format("SELECT {} FROM duty_handovers WHERE {} ORDER BY "
                                  "written_at_ms DESC, id DESC LIMIT ? OFFSET ?",
                                  kHandoverColumns, w.sql),
                      with(w.params, {limit, offset}));
  std::vector<Handover> out;
  for (const auto& r : rows.rows) out.push_back(to_handover(r));
  return out;
}

int64_t acknowledge_handover(db::Connection& c, int64_t id, int64_t user_id,
                             const std::string& name, int64_t at_ms) {
  return c.exec(
      "UPDATE duty_handovers SET state = 'acknowledged', acknowledged_by = ?, "
      "acknowledged_by_name = ?, acknowledged_at_ms = ? WHERE id = ? AND state = 'written'",
      {user_id, name, at_ms, id});
}

int64_t insert_log(db::Connection& c, const LogEntry& e) {
  auto rows = c.query(
      "INSERT INTO duty_log (shift_id, unit_code, town_code, at_ms, kind, body, author_id, "
      "author_name, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {e.shift_id, e.unit_code, text_or_null(e.town_code), e.at_ms,
       std::string(log_kind_name(e.kind)), e.text, e.author_id, e.author_name, e.created_at_ms});
  return rows.rows.at(0).i64(0);
}

std::vector<LogEntry> select_log(db::Connection& c, int64_t shift_id, const Where& scope,
                                 int64_t limit) {
  auto rows = c.query(fmt::format("SELECT {} FROM duty_log WHERE shift_id = ? AND {} ORDER BY "
                                  "at_ms, id LIMIT ?",
                                  kLogColumns, scope.sql),
                      with(with({shift_id}, scope.params), {limit}));
  std::vector<LogEntry> out;
  for (const auto& r : rows.rows) out.push_back(to_log(r));
  return out;
}

void upsert_contact(db::Connection& c, const Contact& k) {
  c.exec(
      "INSERT INTO duty_contacts (user_id, name, unit_code, town_code, title, phone, synthetic, "
      "updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
      "name = excluded.name, unit_code = excluded.unit_code, town_code = excluded.town_code, "
      "title = excluded.title, phone = COALESCE(excluded.phone, duty_contacts.phone), "
      "updated_at_ms = excluded.updated_at_ms",
      {k.user_id, k.name, k.unit_code, text_or_null(k.town_code), k.title, text_or_null(k.phone),
       int64_t{k.synthetic ? 1 : 0}, k.updated_at_ms});
}

std::optional<Contact> select_contact(db::Connection& c, int64_t user_id, const Where& scope) {
  auto rows = c.query(fmt::format("SELECT {} FROM duty_contacts WHERE user_id = ? AND {}",
                                  kContactColumns, scope.sql),
                      with({user_id}, scope.params));
  if (rows.empty()) return std::nullopt;
  return to_contact(rows.rows.at(0));
}

int64_t count_contacts(db::Connection& c, const Where& w) {
  return c.query(fmt::format("SELECT COUNT(*) FROM duty_contacts WHERE {}", w.sql), w.params)
      .rows.at(0)
      .i64(0);
}

std::vector<Contact> select_contacts(db::Connection& c, const Where& w, int64_t limit,
                                     int64_t offset) {
  auto rows = c.query(fmt::format("SELECT {} FROM duty_contacts WHERE {} ORDER BY unit_code, "
                                  "user_id LIMIT ? OFFSET ?",
                                  kContactColumns, w.sql),
                      with(w.params, {limit, offset}));
  std::vector<Contact> out;
  for (const auto& r : rows.rows) out.push_back(to_contact(r));
  return out;
}

}  // namespace lakeguard::duty::store
