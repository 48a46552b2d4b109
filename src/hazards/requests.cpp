#include "hazards/requests.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string_view>

#include "core/clock.h"
#include "core/text.h"
#include "hazards/dates.h"
#include "hazards/photos.h"

namespace lakeguard::hazards {
namespace {

namespace json = boost::json;

Error bad(std::string_view field, std::string msg) {
  return Error::validation(std::string(field), std::move(msg));
}

lakeguard::Status only_fields(const json::object& o,
                              std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o) {
    bool known = false;
    for (auto a : allowed) known = known || a == kv.key();
    if (!known)
      return bad(kv.key(), fmt::format("Unknown field '{}'.", std::string_view(kv.key())));
  }
  return ok_status();
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// A C0 control character or DEL, other than the line breaks and tabs a multi-line text may hold.
bool has_control(std::string_view s, bool multiline) {
  for (unsigned char c : s) {
    if (multiline && (c == '\n' || c == '\r' || c == '\t')) continue;
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// A text field: trimmed, valid UTF-8, at most max_chars characters, no control characters (line
// breaks only where `multiline`). Absent, null or blank: "" when optional, else an error.
Result<std::string> text(const json::object& o, std::string_view key, size_t max_chars,
                         bool required, bool multiline) {
  auto v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return bad(key, fmt::format("'{}' is required.", key));
    return std::string();
  }
  if (!v->is_string()) return bad(key, fmt::format("'{}' must be a string.", key));
  std::string s = trim(v->as_string());
  if (!valid_utf8(s)) return bad(key, fmt::format("'{}' is not valid UTF-8.", key));
  if (s.empty()) {
    if (required) return bad(key, fmt::format("'{}' must not be empty.", key));
    return s;
  }
  if (has_control(s, multiline))
    return bad(key, fmt::format("'{}' must not contain control characters.", key));
  if (utf8_length(s) > max_chars)
    return bad(key, fmt::format("'{}' is longer than {} characters.", key, max_chars));
  return s;
}

// A deadline: a real date, not before today (Asia/Shanghai) and at most rules.max_days ahead.
Result<std::string> deadline(const json::object& o, std::string_view key, bool required,
                             const DeadlineRules& rules) {
  LG_TRY_ASSIGN(std::string s, text(o, key, 10, required, false));
  if (s.empty()) return s;
  auto day = parse_date(s);
  if (!day) return bad(key, fmt::format("'{}' must be a date YYYY-MM-DD.", key));
  int64_t today = local_day(rules.now_ms);
  if (*day < today)
    return bad(key, fmt::format("'{}' must not be before today ({}).", key, date_of_days(today)));
  if (*day > today + rules.max_days)
    return bad(key, fmt::format("'{}' must be within {} days from today.", key, rules.max_days));
  return s;
}

template <class E>
Result<E> closed_set(const json::object& o, std::string_view key,
                     std::optional<E> (*parse)(std::string_view), std::string_view allowed) {
  auto v = o.if_contains(key);
  if (!v || v->is_null()) return bad(key, fmt::format("'{}' is required.", key));
  if (!v->is_string()) return bad(key, fmt::format("'{}' must be a string.", key));
  auto e = parse(v->as_string());
  if (!e) return bad(key, fmt::format("'{}' must be one of: {}.", key, allowed));
  return *e;
}

constexpr std::string_view kClasses = "一般, 重大";
constexpr std::string_view kSources = "self_check, inspection, report, public";
constexpr std::string_view kActionList = "confirm, plan, submit, accept, reject, reopen";

Result<Plan> plan_of(const json::object& o, const DeadlineRules& rules) {
  Plan p;
  LG_TRY_ASSIGN(p.measures, text(o, "measures", kMaxNoteChars, true, true));
  auto f = o.if_contains("funds_yuan");
  if (!f || f->is_null()) return bad("funds_yuan", "'funds_yuan' is required.");
  if (!f->is_number()) return bad("funds_yuan", "'funds_yuan' must be a number of yuan.");
  p.funds_yuan = f->to_number<double>();
  if (!std::isfinite(p.funds_yuan) || p.funds_yuan < 0 || p.funds_yuan > kMaxFundsYuan)
    return bad("funds_yuan", "'funds_yuan' must be from 0 to 1000000000000 yuan.");
  LG_TRY_ASSIGN(p.responsible, text(o, "responsible", kMaxNameChars, true, false));
  LG_TRY_ASSIGN(p.deadline, deadline(o, "deadline", true, rules));
  LG_TRY_ASSIGN(p.interim_measures, text(o, "interim_measures", kMaxNoteChars, true, true));
  return p;
}

}  // namespace

Result<NewHazard> parse_new_hazard(const json::object& body, int64_t now_ms) {
  LG_TRY(only_fields(body, {"enterprise_id", "description", "class", "source", "location",
                            "category", "found_at", "found_by"}));
  NewHazard h;
  auto e = body.if_contains("enterprise_id");
  if (!e || e->is_null()) return bad("enterprise_id", "'enterprise_id' is required.");
  if (!e->is_int64() || e->as_int64() <= 0)
    return bad("enterprise_id", "'enterprise_id' must be the id of an enterprise.");
  h.enterprise_id = e->as_int64();
  LG_TRY_ASSIGN(h.description, text(body, "description", kMaxDescriptionChars, true, true));
  LG_TRY_ASSIGN(h.hazard_class, closed_set<HazardClass>(body, "class", parse_class, kClasses));
  LG_TRY_ASSIGN(h.source, closed_set<Source>(body, "source", parse_source, kSources));
  LG_TRY_ASSIGN(h.location, text(body, "location", kMaxLocationChars, false, false));
  LG_TRY_ASSIGN(h.category, text(body, "category", kMaxCategoryChars, false, false));
  LG_TRY_ASSIGN(h.found_by, text(body, "found_by", kMaxNameChars, false, false));
  if (auto f = body.if_contains("found_at"); f && !f->is_null()) {
    std::optional<int64_t> ms;
    if (f->is_int64())
      ms = f->as_int64();
    else if (f->is_string())
      ms = parse_instant(f->as_string());
    if (!ms)
      return bad("found_at",
                 "'found_at' must be an ISO 8601 time with an offset or epoch milliseconds.");
    // 2000-01-01: older records are not hidden dangers of this platform.
    if (*ms < 946684800000 || *ms > now_ms + kFoundAtSlackMs)
      return bad("found_at", "'found_at' must lie between 2000 and now.");
    h.found_at_ms = ms;
  }
  return h;
}

Result<ActionRequest> parse_action_request(const json::object& body, const DeadlineRules& rules) {
  ActionRequest r;
  auto a = body.if_contains("action");
  if (!a || a->is_null()) return bad("action", "'action' is required.");
  if (!a->is_string()) return bad("action", "'action' must be a string.");
  auto action = parse_action(a->as_string());
  if (!action)
    return bad("action", fmt::format("Unknown action '{}'; it is one of: {}.",
                                     std::string_view(a->as_string()).substr(0, 40), kActionList));
  r.action = *action;
  switch (r.action) {
    case Action::kConfirm: {
      LG_TRY(only_fields(body, {"action", "class", "deadline", "note"}));
      if (auto c = body.if_contains("class"); c && !c->is_null()) {
        LG_TRY_ASSIGN(r.hazard_class,
                      closed_set<HazardClass>(body, "class", parse_class, kClasses));
      }
      LG_TRY_ASSIGN(r.deadline, deadline(body, "deadline", false, rules));
      LG_TRY_ASSIGN(r.note, text(body, "note", kMaxNoteChars, false, true));
      break;
    }
    case Action::kPlan: {
      LG_TRY(only_fields(body, {"action", "measures", "funds_yuan", "responsible", "deadline",
                                "interim_measures"}));
      LG_TRY_ASSIGN(Plan p, plan_of(body, rules));
      r.plan = std::move(p);
      break;
    }
    case Action::kSubmit: {
      LG_TRY(only_fields(body, {"action", "note", "photos"}));
      LG_TRY_ASSIGN(r.note, text(body, "note", kMaxNoteChars, true, true));
      if (auto ph = body.if_contains("photos"); ph && !ph->is_null()) {
        if (!ph->is_array() || ph->as_array().size() > kMaxSubmitPhotos)
          return bad(
              "photos",
              "'photos' must be a list of at most 20 photo hashes (64 lowercase hex characters).");
        for (const auto& v : ph->as_array()) {
          if (!v.is_string() || !is_photo_hash(v.as_string()))
            return bad("photos",
                       "'photos' must be a list of at most 20 photo hashes (64 lowercase hex "
                       "characters).");
          std::string h(v.as_string());
          if (std::find(r.photos.begin(), r.photos.end(), h) == r.photos.end())
            r.photos.push_back(std::move(h));
        }
      }
      break;
    }
    case Action::kAccept: {
      LG_TRY(only_fields(body, {"action", "note"}));
      LG_TRY_ASSIGN(r.note, text(body, "note", kMaxNoteChars, false, true));
      break;
    }
    case Action::kReject: {
      LG_TRY(only_fields(body, {"action", "reason"}));
      LG_TRY_ASSIGN(r.reason, text(body, "reason", kMaxNoteChars, true, true));
      break;
    }
    case Action::kReopen: {
      LG_TRY(only_fields(body, {"action", "reason", "deadline"}));
      LG_TRY_ASSIGN(r.reason, text(body, "reason", kMaxNoteChars, true, true));
      LG_TRY_ASSIGN(r.deadline, deadline(body, "deadline", false, rules));
      break;
    }
  }
  return r;
}

Result<ListFilter> parse_list_filter(
    const std::vector<std::pair<std::string, std::string>>& params) {
  ListFilter f;
  auto bad_param = [](const std::string& key, std::string msg) {
    return Error::bad_request(std::move(msg), key);
  };
  auto whole = [](const std::string& s, int64_t lo, int64_t hi) -> std::optional<int64_t> {
    if (s.empty() || s.size() > 18) return std::nullopt;
    int64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    if (v < lo || v > hi) return std::nullopt;
    return v;
  };
  auto all_digits = [](const std::string& s, size_t n) {
    if (s.size() != n) return false;
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return true;
  };
  for (const auto& [key, value] : params) {
    if (key == "page" || key == "page_size") {
      auto v = key == "page" ? whole(value, 1, 1000000) : whole(value, 1, 500);
      if (!v)
        return bad_param(key, key == "page" ? "'page' must be a whole number from 1."
                                            : "'page_size' must be a whole number from 1 to 500.");
      (key == "page" ? f.page : f.page_size) = *v;
    } else if (key == "status") {
      f.status = parse_state(value);
      if (!f.status)
        return bad_param(key, "'status' is one of: reported, rectifying, submitted, closed.");
    } else if (key == "class") {
      f.hazard_class = parse_class(value);
      if (!f.hazard_class) return bad_param(key, "'class' is 一般 or 重大.");
    } else if (key == "source") {
      f.source = parse_source(value);
      if (!f.source)
        return bad_param(key, "'source' is one of: self_check, inspection, report, public.");
    } else if (key == "town" || key == "town_code") {
      if (!all_digits(value, 9))
        return bad_param(key, fmt::format("'{}' is a 9-digit town/street code.", key));
      f.town_code = value;
    } else if (key == "community" || key == "community_code") {
      if (!all_digits(value, 12))
        return bad_param(key, fmt::format("'{}' is a 12-digit community/village code.", key));
      f.community_code = value;
    } else if (key == "enterprise_id") {
      auto v = whole(value, 1, INT64_MAX / 10);
      if (!v) return bad_param(key, "'enterprise_id' must be a whole number.");
      f.enterprise_id = v;
    } else if (key == "overdue") {
      if (value != "true" && value != "false") return bad_param(key, "'overdue' is true or false.");
      f.overdue = value == "true";
    } else if (key == "sort") {
      std::string col = value;
      bool desc = !col.empty() && col[0] == '-';
      if (desc) col.erase(0, 1);
      if (col != "id" && col != "deadline" && col != "found_at" && col != "created_at" &&
          col != "updated_at")
        return bad_param(key,
                         "'sort' is one of id, deadline, found_at, created_at, updated_at (with "
                         "'-' for descending).");
      f.sort_column = col;
      f.sort_desc = desc;
    } else {
      return bad_param(key, fmt::format("Unknown query parameter '{}' for hazards.", key));
    }
  }
  return f;
}

Result<SupervisionFilter> parse_supervision_filter(
    const std::vector<std::pair<std::string, std::string>>& params) {
  SupervisionFilter f;
  std::vector<std::pair<std::string, std::string>> rest;
  for (const auto& [key, value] : params) {
    if (key == "status") {
      if (value != "open" && value != "closed" && value != "all")
        return Error::bad_request("'status' is one of: open, closed, all.", key);
      f.status = value;
    } else if (key == "overdue" || key == "sort" || key == "source") {
      return Error::bad_request(fmt::format("Unknown query parameter '{}' for hazards.", key), key);
    } else {
      rest.emplace_back(key, value);
    }
  }
  LG_TRY_ASSIGN(f.list, parse_list_filter(rest));
  return f;
}

bool is_overdue(const Hazard& h, const std::string& today) {
  return (h.status == State::kRectifying || h.status == State::kSubmitted) && !h.deadline.empty() &&
         h.deadline < today;
}

json::object to_json(const Plan& p) {
  return json::object{{"measures", p.measures},
                      {"funds_yuan", p.funds_yuan},
                      {"responsible", p.responsible},
                      {"deadline", p.deadline},
                      {"interim_measures", p.interim_measures}};
}

json::object to_json(const Hazard& h, const std::string& today) {
  auto opt_text = [](const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
  };
  auto opt_time = [](const std::optional<int64_t>& ms) {
    return ms ? json::value(iso_utc(*ms)) : json::value(nullptr);
  };
  json::object o;
  o["id"] = h.id;
  o["enterprise_id"] = h.enterprise_id;
  o["town_code"] = h.town_code;
  o["community_code"] = opt_text(h.community_code);
  o["industry"] = opt_text(h.industry);
  o["location"] = opt_text(h.location);
  o["description"] = h.description;
  o["class"] = class_name(h.hazard_class);
  o["source"] = source_name(h.source);
  o["category"] = opt_text(h.category);
  o["found_at"] = iso_utc(h.found_at_ms);
  o["found_by"] = h.found_by;
  o["status"] = state_name(h.status);
  o["deadline"] = opt_text(h.deadline);
  o["overdue"] = is_overdue(h, today);
  o["responsible_level"] = h.responsible_level;
  o["plan"] = h.plan ? json::value(to_json(*h.plan)) : json::value(nullptr);
  o["reported_by"] = h.reported_by_name;
  o["created_at"] = iso_utc(h.created_at_ms);
  o["updated_at"] = iso_utc(h.updated_at_ms);
  o["confirmed_at"] = opt_time(h.confirmed_at_ms);
  o["closed_at"] = opt_time(h.closed_at_ms);
  o["version"] = h.version;
  return o;
}

json::object to_json(const ActionRecord& a) {
  boost::system::error_code ec;
  json::value payload = json::parse(a.payload, ec);
  if (ec || !payload.is_object()) payload = json::object{};
  return json::object{
      {"id", a.id},
      {"action", a.action},
      {"from_status", a.from_status.empty() ? json::value(nullptr) : json::value(a.from_status)},
      {"to_status", a.to_status},
      {"actor", a.actor},
      {"at", iso_utc(a.at_ms)},
      {"payload", std::move(payload)}};
}

json::object to_json(const StoredNotice& s) {
  const Notice& n = s.notice;
  return json::object{{"id", s.id},
                      {"kind", notice_kind_name(n.kind)},
                      {"stage", n.stage},
                      {"deadline", n.deadline},
                      {"to_level", level_name(n.to_level)},
                      {"to_code", n.to_code},
                      {"due_at", iso_utc(n.due_at_ms)},
                      {"recorded_at", iso_utc(s.recorded_at_ms)},
                      {"late", s.late},
                      {"superseded", n.superseded},
                      {"delivery", delivery_name(s.delivery)},
                      {"attempts", s.attempts},
                      {"delivered_at", s.delivered_at_ms ? json::value(iso_utc(*s.delivered_at_ms))
                                                         : json::value(nullptr)},
                      {"delivery_error", s.delivery_error.empty() ? json::value(nullptr)
                                                                  : json::value(s.delivery_error)}};
}

}  // namespace lakeguard::hazards
