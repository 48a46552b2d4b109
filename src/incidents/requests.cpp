#include "incidents/requests.h"

#include <fmt/format.h>

#include "plans/content.h"
#include "risk/accident_grade.h"

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
  if (v->is_int64()) d = static_cast<double>(v->as_int64());
  else if (v->is_uint64()) d = static_cast<double>(v->as_uint64());
  else if (v->is_double()) d = v->as_double();
  else return bad(k, fmt::format("'{}' must be a number.", k));
  if (!(d >= lo && d <= hi))
    return bad(k, fmt::format("'{}' must be from {} to {}.", k, lo, hi));
  return std::optional<double>{d};
}

Result<std::optional<int64_t>> int_in(const json::object& o, std::string_view k, int64_t lo,
                                      int64_t hi) {
  auto v = o.if_contains(k);
  if (!v || v->is_null()) return std::optional<int64_t>{};
  if (!v->is_int64() && !v->is_uint64())
    return bad(k, fmt::format("'{}' must be an integer.", k));
  if (v->is_uint64() && v->as_uint64() > static_cast<uint64_t>(hi))
    return bad(k, fmt::format("'{}' must be from {} to {}.", k, lo, hi));
  int64_t n = v->is_int64() ? v->as_int64() : static_cast<int64_t>(v->as_uint64());
  if (n < lo || n > hi) return bad(k, fmt::format("'{}' must be from {} to {}.", k, lo, hi));
  return std::optional<int64_t>{n};
}

Result<std::string> text(const json::object& o, std::string_view k, size_t max, bool required,
                         bool multiline = false) {
  return plans::text_at(o.if_contains(k), std::string(k), max, required, multiline);
}

}  // namespace

Result<Incident> parse_new_incident(const json::object& body) {
  LG_TRY(only_fields(body, {"title", "type", "town_code", "community_code", "lon", "lat",
                            "location", "deaths", "serious_injuries", "direct_loss_yuan",
                            "response_level"}));
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
    return bad("community_code",
               "'community_code' must be a 12-digit community code of the town.");
  LG_TRY_ASSIGN(i.lon, number_in(body, "lon", -180, 180));
  LG_TRY_ASSIGN(i.lat, number_in(body, "lat", -90, 90));
  if (i.lon.has_value() != i.lat.has_value())
    return bad(i.lon ? "lat" : "lon", "'lon' and 'lat' go together.");
  LG_TRY_ASSIGN(i.location, text(body, "location", kMaxLocationChars, false));
  LG_TRY_ASSIGN(auto level, int_in(body, "response_level", 1, 4));
  if (!level) return bad("response_level", "'response_level' is required.");
  i.response_level = static_cast<int>(*level);
  risk::AccidentInput acc;
  // Types first (the rule itself checks the ranges and names the field).
  for (std::string_view k : {"deaths", "serious_injuries"}) {
    auto v = body.if_contains(k);
    if (v && !v->is_null() && !v->is_int64() && !v->is_uint64())
      return bad(k, fmt::format("'{}' must be an integer.", k));
  }
  if (auto v = body.if_contains("deaths"); v && v->is_int64()) acc.deaths = v->as_int64();
  if (auto v = body.if_contains("deaths"); v && v->is_uint64())
    acc.deaths = static_cast<int64_t>(std::min<uint64_t>(v->as_uint64(), INT64_MAX));
  if (auto v = body.if_contains("serious_injuries"); v && v->is_int64())
    acc.serious_injuries = v->as_int64();
  if (auto v = body.if_contains("serious_injuries"); v && v->is_uint64())
    acc.serious_injuries = static_cast<int64_t>(std::min<uint64_t>(v->as_uint64(), INT64_MAX));
  if (auto v = body.if_contains("direct_loss_yuan"); v && !v->is_null()) {
    if (v->is_int64()) acc.direct_loss_yuan = static_cast<double>(v->as_int64());
    else if (v->is_uint64()) acc.direct_loss_yuan = static_cast<double>(v->as_uint64());
    else if (v->is_double()) acc.direct_loss_yuan = v->as_double();
    else return bad("direct_loss_yuan", "'direct_loss_yuan' must be a number.");
  }
  // 国务院令第493号 第三条 via risk's rule (validation_failed names the field).
  LG_TRY_ASSIGN(risk::AccidentResult graded, risk::grade_accident(acc));
  i.deaths = acc.deaths;
  i.serious_injuries = acc.serious_injuries;
  i.direct_loss_yuan = acc.direct_loss_yuan;
  i.accident_grade = std::string(risk::accident_grade_name(graded.grade));
  return i;
}

Result<IncidentActionRequest> parse_incident_action(const json::object& body) {
  LG_TRY(only_fields(body, {"action", "text"}));
  LG_TRY_ASSIGN(std::string a, text(body, "action", 20, true));
  IncidentActionRequest r;
  if (a == "level_up") r.action = IncidentAction::kLevelUp;
  else if (a == "level_down") r.action = IncidentAction::kLevelDown;
  else if (a == "close") r.action = IncidentAction::kClose;
  else if (a == "note") r.action = IncidentAction::kNote;
  else return bad("action", "'action' must be one of level_up, level_down, close, note.");
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
  LG_TRY_ASSIGN(r.reason, text(body, "reason", kMaxNoteChars, r.action == TaskAction::kReject, true));
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

}  // namespace lakeguard::incidents
