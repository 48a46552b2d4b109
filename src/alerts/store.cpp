#include "alerts/store.h"
#include "core/json.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "alerts/requests.h"

namespace lakeguard::alerts::store {
namespace {

namespace json = boost::json;

constexpr std::string_view kColumns =
    "id, status, msg_type, cap_status, category, event, colour, urgency, severity, certainty, "
    "effective_ms, expires_ms, headline, description, instruction, area_description, geometry, "
    "town_code, en, note, source_alarm_id, previous_id, superseded_by_id, drafted_by_id, "
    "drafted_by, approved_by_id, approved_by, approved_at_ms, published_by_id, published_by, "
    "identifier, sender, sent_ms, refs, xml, created_at_ms, updated_at_ms, version";

db::Value text_or_null(const std::string& s) {
  return s.empty() ? db::Value(nullptr) : db::Value(s);
}
db::Value opt_int(const std::optional<int64_t>& v) {
  return v ? db::Value(*v) : db::Value(nullptr);
}

std::string en_text(const Content& c) {
  if (c.en_headline.empty()) return {};
  return json_text(json::object{{"event", c.en_event},
                                {"headline", c.en_headline},
                                {"description", c.en_description},
                                {"instruction", c.en_instruction},
                                {"area_description", c.en_area_description}});
}

Warning to_warning(const db::Row& r) {
  Warning w;
  Content& c = w.content;
  w.id = r.i64(0);
  w.status = parse_state(r.str(1)).value_or(State::kDraft);
  w.msg_type = parse_msg_type(r.str(2)).value_or(MsgType::kAlert);
  c.cap_status = r.str(3);
  c.category = r.str(4);
  c.event = r.str(5);
  c.colour = parse_colour(r.str(6)).value_or(Colour::kBlue);
  c.urgency = r.str(7);
  c.severity = r.str(8);
  c.certainty = r.str(9);
  c.effective_ms = r.i64(10);
  c.expires_ms = r.i64(11);
  c.headline = r.str(12);
  c.description = r.str(13);
  c.instruction = r.str(14);
  c.area_description = r.str(15);
  boost::system::error_code ec;
  json::value g = json::parse(r.str(16), ec);
  if (!ec) read_geometry(g, c);
  c.town_code = r.opt_str(17).value_or("");
  if (auto en = r.opt_str(18)) {
    json::value e = json::parse(*en, ec);
    if (!ec && e.is_object()) {
      auto s = [&](std::string_view k) {
        auto v = e.as_object().if_contains(k);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
      };
      c.en_event = s("event");
      c.en_headline = s("headline");
      c.en_description = s("description");
      c.en_instruction = s("instruction");
      c.en_area_description = s("area_description");
    }
  }
  c.note = r.opt_str(19).value_or("");
  w.source_alarm_id = r.opt_i64(20);
  w.previous_id = r.opt_i64(21);
  w.superseded_by_id = r.opt_i64(22);
  w.drafted_by_id = r.opt_i64(23);
  w.drafted_by = r.str(24);
  w.approved_by_id = r.opt_i64(25);
  w.approved_by = r.opt_str(26).value_or("");
  w.approved_at_ms = r.opt_i64(27);
  w.published_by_id = r.opt_i64(28);
  w.published_by = r.opt_str(29).value_or("");
  w.identifier = r.opt_str(30).value_or("");
  w.sender = r.opt_str(31).value_or("");
  w.sent_ms = r.opt_i64(32);
  w.references = r.opt_str(33).value_or("");
  w.xml = r.opt_str(34).value_or("");
  w.created_at_ms = r.i64(35);
  w.updated_at_ms = r.i64(36);
  w.version = r.i64(37);
  return w;
}

std::vector<Warning> rows_of(const db::Rows& rows) {
  std::vector<Warning> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) out.push_back(to_warning(r));
  return out;
}

// The content columns as parameters, in kColumns order (status … note).
void content_params(const Warning& w, std::vector<db::Value>& ps) {
  const Content& c = w.content;
  ps.emplace_back(std::string(state_name(w.status)));
  ps.emplace_back(std::string(msg_type_name(w.msg_type)));
  ps.emplace_back(c.cap_status);
  ps.emplace_back(c.category);
  ps.emplace_back(c.event);
  ps.emplace_back(std::string(colour_name(c.colour)));
  ps.emplace_back(c.urgency);
  ps.emplace_back(c.severity);
  ps.emplace_back(c.certainty);
  ps.emplace_back(c.effective_ms);
  ps.emplace_back(c.expires_ms);
  ps.emplace_back(c.headline);
  ps.emplace_back(c.description);
  ps.emplace_back(c.instruction);
  ps.emplace_back(c.area_description);
  ps.emplace_back(json_text(geometry_json(c)));
  ps.emplace_back(text_or_null(c.town_code));
  ps.emplace_back(text_or_null(en_text(c)));
  ps.emplace_back(text_or_null(c.note));
}

}  // namespace

Where scope_where(const ScopeCondition& cond) {
  Where w;
  switch (cond.kind) {
    case ScopeCondition::Kind::kAll:
      break;
    case ScopeCondition::Kind::kNone:
      w.add("1 = 0");
      break;
    case ScopeCondition::Kind::kEquals:
      if (cond.column == kScopeColumns.town)
        w.add("town_code IS NULL OR town_code = ?", {cond.text});
      else
        w.add("1 = 0");
      break;
  }
  return w;
}

void add_filter(const ListFilter& f, Where& w) {
  if (f.status) w.add("status = ?", {std::string(state_name(*f.status))});
  if (f.colour) w.add("colour = ?", {std::string(colour_name(*f.colour))});
  if (!f.town_code.empty()) w.add("town_code = ?", {f.town_code});
}

int64_t count(db::Connection& c, const Where& w) {
  return c.query(fmt::format("SELECT COUNT(*) FROM warnings WHERE {}", w.sql), w.params)
      .rows.at(0)
      .i64(0);
}

std::vector<Warning> select(db::Connection& c, const Where& w, int64_t limit, int64_t offset) {
  std::vector<db::Value> ps = w.params;
  ps.emplace_back(limit);
  ps.emplace_back(offset);
  return rows_of(c.query(fmt::format("SELECT {} FROM warnings WHERE {} ORDER BY id DESC LIMIT ? "
                                     "OFFSET ?",
                                     kColumns, w.sql),
                         ps));
}

std::optional<Warning> select_one(db::Connection& c, int64_t id, const Where& scope) {
  std::vector<db::Value> ps{id};
  ps.insert(ps.end(), scope.params.begin(), scope.params.end());
  auto rows = rows_of(
      c.query(fmt::format("SELECT {} FROM warnings WHERE id = ? AND {}", kColumns, scope.sql), ps));
  if (rows.empty()) return std::nullopt;
  return std::move(rows[0]);
}

std::optional<Warning> select_by_identifier(db::Connection& c, const std::string& identifier) {
  auto rows = rows_of(
      c.query(fmt::format("SELECT {} FROM warnings WHERE identifier = ?", kColumns), {identifier}));
  if (rows.empty()) return std::nullopt;
  return std::move(rows[0]);
}

std::vector<Warning> current(db::Connection& c, int64_t now_ms, int64_t limit) {
  return rows_of(c.query(fmt::format("SELECT {} FROM warnings WHERE status = 'published' AND "
                                     "expires_ms > ? ORDER BY sent_ms DESC, id DESC LIMIT ?",
                                     kColumns),
                         {now_ms, limit}));
}

std::vector<std::string> identifiers_with_stem(db::Connection& c, const std::string& stem) {
  // substr, not LIKE: '_' is a LIKE wildcard.
  auto rows = c.query(
      "SELECT identifier FROM warnings WHERE identifier IS NOT NULL AND "
      "substr(identifier, 1, 30) = ?",
      {stem});
  std::vector<std::string> out;
  for (const auto& r : rows.rows) out.push_back(r.str(0));
  return out;
}

int64_t insert(db::Connection& c, const Warning& w) {
  std::vector<db::Value> ps;
  content_params(w, ps);
  ps.emplace_back(opt_int(w.source_alarm_id));
  ps.emplace_back(opt_int(w.previous_id));
  ps.emplace_back(opt_int(w.drafted_by_id));
  ps.emplace_back(w.drafted_by);
  ps.emplace_back(w.created_at_ms);
  ps.emplace_back(w.updated_at_ms);
  return c
      .query(
          "INSERT INTO warnings (status, msg_type, cap_status, category, event, colour, urgency, "
          "severity, certainty, effective_ms, expires_ms, headline, description, instruction, "
          "area_description, geometry, town_code, en, note, source_alarm_id, previous_id, "
          "drafted_by_id, drafted_by, created_at_ms, updated_at_ms, version) VALUES (?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
          ps)
      .rows.at(0)
      .i64(0);
}

int64_t update(db::Connection& c, const Warning& w, int64_t expected_version) {
  std::vector<db::Value> ps;
  content_params(w, ps);
  ps.emplace_back(opt_int(w.source_alarm_id));
  ps.emplace_back(opt_int(w.superseded_by_id));
  ps.emplace_back(opt_int(w.approved_by_id));
  ps.emplace_back(text_or_null(w.approved_by));
  ps.emplace_back(opt_int(w.approved_at_ms));
  ps.emplace_back(opt_int(w.published_by_id));
  ps.emplace_back(text_or_null(w.published_by));
  ps.emplace_back(text_or_null(w.identifier));
  ps.emplace_back(text_or_null(w.sender));
  ps.emplace_back(opt_int(w.sent_ms));
  ps.emplace_back(text_or_null(w.references));
  ps.emplace_back(text_or_null(w.xml));
  ps.emplace_back(w.updated_at_ms);
  ps.emplace_back(w.id);
  ps.emplace_back(expected_version);
  // Publication columns: COALESCE keeps a value once set (a published message never changes).
  return c.exec(
      "UPDATE warnings SET status = ?, msg_type = ?, cap_status = ?, category = ?, event = ?, "
      "colour = ?, urgency = ?, severity = ?, certainty = ?, effective_ms = ?, expires_ms = ?, "
      "headline = ?, description = ?, instruction = ?, area_description = ?, geometry = ?, "
      "town_code = ?, en = ?, note = ?, source_alarm_id = ?, superseded_by_id = ?, "
      "approved_by_id = ?, approved_by = ?, approved_at_ms = ?, "
      "published_by_id = COALESCE(published_by_id, ?), published_by = COALESCE(published_by, ?), "
      "identifier = COALESCE(identifier, ?), sender = COALESCE(sender, ?), "
      "sent_ms = COALESCE(sent_ms, ?), refs = COALESCE(refs, ?), xml = COALESCE(xml, ?), "
      "updated_at_ms = ?, version = version + 1 WHERE id = ? AND version = ?",
      ps);
}

int64_t insert_action(db::Connection& c, const ActionRecord& a) {
  return c
      .query(
          "INSERT INTO warning_actions (warning_id, action, from_status, to_status, actor_id, "
          "actor, at_ms, payload, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {a.warning_id, a.action, text_or_null(a.from_status), a.to_status, opt_int(a.actor_id),
           a.actor, a.at_ms, a.payload, text_or_null(a.request_id)})
      .rows.at(0)
      .i64(0);
}

std::vector<ActionRecord> actions_of(db::Connection& c, int64_t warning_id) {
  auto rows = c.query(
      "SELECT id, warning_id, action, from_status, to_status, actor_id, actor, at_ms, payload, "
      "request_id FROM warning_actions WHERE warning_id = ? ORDER BY id",
      {warning_id});
  std::vector<ActionRecord> out;
  for (const auto& r : rows.rows) {
    ActionRecord a;
    a.id = r.i64(0);
    a.warning_id = r.i64(1);
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

}  // namespace lakeguard::alerts::store
