#include "incidents/requests.h"

#include <fmt/format.h>

#include <cfloat>
#include <cstdint>

namespace lakeguard::incidents {
namespace {

namespace json = boost::json;

Error bad(std::string_view field, std::string msg) {
  return Error::validation(std::string(field), std::move(msg));
}

Status only_fields(const json::object& o, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o) {
    bool known = false;
    for (auto a : allowed) known = known || a == kv.key();
    if (!known)
      return bad(kv.key(), fmt::format("Unknown field '{}'.", std::string_view(kv.key())));
  }
  return ok_status();
}

bool all_digits(const std::string& s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

Result<std::optional<double>> number_in(const json::object& o, std::string_view k, double lo,
                                        double hi) {
  auto v = o.if_contains(k);
  if (!v || v->is_null()) return std::optional<double>{};
  double d = 0;
  if (v->is_int64())
    d = static_cast<double>(v->as_int64());
  else if (v->is_uint64())
    d = static_cast<double>(v->as_uint64());
  else if (v->is_double())
    d = v->as_double();
  else
    return bad(k, fmt::format("'{}' must be a number.", k));
  if (!(d >= lo && d <= hi)) return bad(k, fmt::format("'{}' must be from {} to {}.", k, lo, hi));
  return std::optional<double>{d};
}

Result<std::optional<int64_t>> int_in(const json::object& o, std::string_view k, int64_t lo,
                                      int64_t hi) {
  auto v = o.if_contains(k);
  if (!v || v->is_null()) return std::optional<int64_t>{};
  if (!v->is_int64() && !v->is_uint64()) return bad(k, fmt::format("'{}' must be an integer.", k));
  if (v->is_uint64() && v->as_uint64() > static_cast<uint64_t>(hi))
    return bad(k, fmt::format("'{}' must be from {} to {}.", k, lo, hi));
  int64_t n = v->is_int64() ? v->as_int64() : static_cast<int64_t>(v->as_uint64());
  if (n < lo || n > hi) return bad(k, fmt::format("'{}' must be from {} to {}.", k, lo, hi));
  return std::optional<int64_t>{n};
}

// A text field: trimmed, no control characters (but newlines and tabs in multi-line ones), at
// most `max` characters (code points; Boost.JSON has checked the UTF-8).
Result<std::string> text(const json::object& o, std::string_view k, size_t max, bool required,
                         bool multiline = false) {
  auto v = o.if_contains(k);
  if (!v || v->is_null()) {
    if (required) return bad(k, fmt::format("'{}' is required.", k));
    return std::string();
  }
  if (!v->is_string()) return bad(k, fmt::format("'{}' must be a string.", k));
  std::string_view raw = v->as_string();
  size_t b = raw.find_first_not_of(" \t\r\n");
  size_t e = raw.find_last_not_of(" \t\r\n");
  std::string s =
      b == std::string_view::npos ? std::string() : std::string(raw.substr(b, e - b + 1));
  size_t chars = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++chars;
    bool allowed_ws = multiline && (c == '\n' || c == '\t');
    if ((c < 0x20 && !allowed_ws) || c == 0x7f)
      return bad(k, fmt::format("'{}' must not contain control characters.", k));
  }
  if (required && s.empty()) return bad(k, fmt::format("'{}' is required.", k));
  if (chars > max) return bad(k, fmt::format("'{}' must be at most {} characters.", k, max));
  return s;
}

}  // namespace

Result<Incident> parse_new_incident(const json::object& body) {
  LG_TRY(
      only_fields(body, {"title", "type", "town_code", "community_code", "lon", "lat", "location",
                         "deaths", "serious_injuries", "direct_loss_yuan", "response_level"}));
  Incident i;
  LG_TRY_ASSIGN(i.title, text(body, "title", kMaxTitleChars, true));
  LG_TRY_ASSIGN(i.type, text(body, "type", kMaxTypeChars, true));
  LG_TRY_ASSIGN(i.town_code, text(body, "town_code", 9, true));
  if (i.town_code.size() != 9 || !all_digits(i.town_code))
    return bad("town_code", "'town_code' must be a 9-digit town code.");
  LG_TRY_ASSIGN(i.community_code, text(body, "community_code", 12, false));
  if (!i.community_code.empty() &&
      (i.community_code.size() != 12 || !all_digits(i.community_code) ||
       i.community_code.compare(0, 9, i.town_code) != 0))
    return bad("community_code", "'community_code' must be a 12-digit community code of the town.");
  LG_TRY_ASSIGN(i.lon, number_in(body, "lon", -180, 180));
  LG_TRY_ASSIGN(i.lat, number_in(body, "lat", -90, 90));
  if (i.lon.has_value() != i.lat.has_value())
    return bad(i.lon ? "lat" : "lon", "'lon' and 'lat' go together.");
  LG_TRY_ASSIGN(i.location, text(body, "location", kMaxLocationChars, false));
  LG_TRY_ASSIGN(auto level, int_in(body, "response_level", 1, 4));
  if (!level) return bad("response_level", "'response_level' is required.");
  i.response_level = static_cast<int>(*level);
  // Types and signs here; the accident grade (and its ranges) is risk's rule, applied by the
  // service (国务院令第493号 第三条, risk/accident_grade.h).
  LG_TRY_ASSIGN(auto deaths, int_in(body, "deaths", INT64_MIN, INT64_MAX));
  LG_TRY_ASSIGN(auto injuries, int_in(body, "serious_injuries", INT64_MIN, INT64_MAX));
  LG_TRY_ASSIGN(auto loss, number_in(body, "direct_loss_yuan", -DBL_MAX, DBL_MAX));
  i.deaths = deaths.value_or(0);
  i.serious_injuries = injuries.value_or(0);
  i.direct_loss_yuan = loss.value_or(0);
  return i;
}

Result<IncidentActionRequest> parse_incident_action(const json::object& body) {
  LG_TRY(only_fields(body, {"action", "text"}));
  LG_TRY_ASSIGN(std::string a, text(body, "action", 20, true));
  IncidentActionRequest r;
  if (a == "level_up")
    r.action = IncidentAction::kLevelUp;
  else if (a == "level_down")
    r.action = IncidentAction::kLevelDown;
  else if (a == "close")
    r.action = IncidentAction::kClose;
  else if (a == "note")
    r.action = IncidentAction::kNote;
  else
    return bad("action", "'action' must be one of level_up, level_down, close, note.");
  LG_TRY_ASSIGN(r.text, text(body, "text", kMaxNoteChars, r.action == IncidentAction::kNote, true));
  return r;
}

Result<ActivationRequest> parse_activation(const json::object& body) {
  LG_TRY(only_fields(body, {"plan_id", "level"}));
  ActivationRequest r;
  LG_TRY_ASSIGN(auto plan, int_in(body, "plan_id", 1, INT64_MAX));
  if (!plan) return bad("plan_id", "'plan_id' is required.");
  r.plan_id = *plan;
  LG_TRY_ASSIGN(auto level, int_in(body, "level", 1, 4));
  if (level) r.level = static_cast<int>(*level);
  return r;
}

Result<TaskActionRequest> parse_task_action_request(const json::object& body) {
  LG_TRY(only_fields(body, {"action", "text", "lon", "lat", "photo_sha256", "reason"}));
  LG_TRY_ASSIGN(std::string a, text(body, "action", 20, true));
  auto action = parse_task_action(a);
  if (!action)
    return bad("action", "'action' must be one of read, accept, feedback, done, reject.");
  TaskActionRequest r;
  r.action = *action;
  bool fb = r.action == TaskAction::kFeedback;
  LG_TRY_ASSIGN(r.text, text(body, "text", kMaxNoteChars, fb, true));
  LG_TRY_ASSIGN(r.reason,
                text(body, "reason", kMaxNoteChars, r.action == TaskAction::kReject, true));
  LG_TRY_ASSIGN(r.lon, number_in(body, "lon", -180, 180));
  LG_TRY_ASSIGN(r.lat, number_in(body, "lat", -90, 90));
  if (r.lon.has_value() != r.lat.has_value())
    return bad(r.lon ? "lat" : "lon", "'lon' and 'lat' go together.");
  LG_TRY_ASSIGN(r.photo_sha256, text(body, "photo_sha256", 64, false));
  if (!r.photo_sha256.empty()) {
    bool hex = r.photo_sha256.size() == 64;
    for (char c : r.photo_sha256) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    if (!hex)
      return bad("photo_sha256", "'photo_sha256' must be a lowercase hex SHA-256 (64 digits).");
  }
  if (!fb && (!r.text.empty() || r.lon || !r.photo_sha256.empty()))
    return bad("text", "'text', 'lon', 'lat' and 'photo_sha256' go with feedback only.");
  if (r.action != TaskAction::kReject && !r.reason.empty())
    return bad("reason", "'reason' goes with reject only.");
  return r;
}

Result<std::optional<int64_t>> parse_alarm_id(const json::object& body) {
  auto v = body.if_contains("alarm_id");
  if (!v || v->is_null()) return std::optional<int64_t>{};
  if (!v->is_int64() || v->as_int64() <= 0)
    return bad("alarm_id", "'alarm_id' must be the id of an alarm.");
  return std::optional<int64_t>{v->as_int64()};
}

namespace {

Result<std::optional<int64_t>> id_in(const json::object& o, std::string_view k) {
  auto v = o.if_contains(k);
  if (!v || v->is_null()) return std::optional<int64_t>{};
  if (!v->is_int64() || v->as_int64() <= 0)
    return bad(k, fmt::format("'{}' must be a positive integer id.", k));
  return std::optional<int64_t>{v->as_int64()};
}

}  // namespace

Result<ResourceRequestInput> parse_resource_request(const json::object& body) {
  LG_TRY(only_fields(body, {"kind", "team_id", "warehouse_id", "stock_id", "quantity", "note"}));
  ResourceRequestInput r;
  LG_TRY_ASSIGN(std::string kind, text(body, "kind", 10, true));
  auto k = parse_request_kind(kind);
  if (!k) return bad("kind", "'kind' must be team or stock.");
  r.kind = *k;
  LG_TRY_ASSIGN(r.team_id, id_in(body, "team_id"));
  LG_TRY_ASSIGN(r.warehouse_id, id_in(body, "warehouse_id"));
  LG_TRY_ASSIGN(r.stock_id, id_in(body, "stock_id"));
  LG_TRY_ASSIGN(auto qty, number_in(body, "quantity", -DBL_MAX, DBL_MAX));
  LG_TRY_ASSIGN(r.note, text(body, "note", kMaxRequestNoteChars, false, true));
  if (r.kind == RequestKind::kTeam) {
    if (!r.team_id) return bad("team_id", "'team_id' is required for a team request.");
    for (const char* f : {"warehouse_id", "stock_id", "quantity"})
      if (auto v = body.if_contains(f); v && !v->is_null())
        return bad(f, fmt::format("'{}' goes with a stock request only.", f));
    return r;
  }
  if (r.team_id) return bad("team_id", "'team_id' goes with a team request only.");
  if (!r.warehouse_id)
    return bad("warehouse_id", "'warehouse_id' is required for a stock request.");
  if (!r.stock_id) return bad("stock_id", "'stock_id' is required for a stock request.");
  if (!qty) return bad("quantity", "'quantity' is required for a stock request.");
  if (!(*qty > 0)) return bad("quantity", "'quantity' must be greater than 0.");
  r.quantity = *qty;
  return r;
}

Result<RequestActionInput> parse_request_action_input(const json::object& body) {
  LG_TRY(only_fields(body, {"action", "note"}));
  LG_TRY_ASSIGN(std::string a, text(body, "action", 20, true));
  auto action = parse_request_action(a);
  if (!action) return bad("action", "'action' must be one of dispatch, arrive, cancel.");
  RequestActionInput r{.action = *action, .note = {}};
  LG_TRY_ASSIGN(r.note, text(body, "note", kMaxRequestNoteChars, false, true));
  return r;
}

Result<ReviewInput> parse_review(const json::object& body) {
  LG_TRY(only_fields(body, {"summary", "findings"}));
  ReviewInput r;
  LG_TRY_ASSIGN(r.summary, text(body, "summary", kMaxSummaryChars, true, true));
  auto fv = body.if_contains("findings");
  if (!fv || fv->is_null()) return r;
  if (!fv->is_array()) return bad("findings", "'findings' must be an array.");
  const auto& arr = fv->as_array();
  if (arr.size() > kMaxFindings)
    return bad("findings", fmt::format("'findings' holds at most {} entries.", kMaxFindings));
  for (size_t n = 0; n < arr.size(); ++n) {
    std::string prefix = fmt::format("findings[{}]", n);
    if (!arr[n].is_object()) return bad(prefix, fmt::format("'{}' must be an object.", prefix));
    const auto& o = arr[n].as_object();
    for (const auto& kv : o)
      if (kv.key() != "text" && kv.key() != "enterprise_id" && kv.key() != "class")
        return bad(prefix + "." + std::string(kv.key()),
                   fmt::format("Unknown field '{}'.", std::string_view(kv.key())));
    Finding f;
    f.seq = static_cast<int>(n);
    auto t = text(o, "text", kMaxFindingChars, true, true);
    if (!t) return bad(prefix + ".text", t.error().message);
    f.text = *t;
    auto e = id_in(o, "enterprise_id");
    if (!e) return bad(prefix + ".enterprise_id", e.error().message);
    f.enterprise_id = *e;
    auto c = text(o, "class", 10, false);
    if (!c) return bad(prefix + ".class", c.error().message);
    if (!c->empty()) {
      if (*c != "一般" && *c != "重大")
        return bad(prefix + ".class", "'class' must be 一般 or 重大.");
      f.hazard_class = *c;
    }
    r.findings.push_back(std::move(f));
  }
  return r;
}

}  // namespace lakeguard::incidents
