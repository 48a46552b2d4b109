#include "alerts/requests.h"

#include <fmt/format.h>

#include <cmath>
#include <initializer_list>
#include <string_view>

#include "alerts/cap.h"
#include "core/clock.h"
#include "core/dates.h"
#include "core/text.h"

namespace lakeguard::alerts {
namespace {

namespace json = boost::json;

Error bad(std::string_view field, std::string msg) {
  return Error::validation(std::string(field), std::move(msg));
}

constexpr std::string_view kDraftFields[] = {
    "cap_status",       "category",  "event",     "colour",   "urgency",     "severity",
    "certainty",        "effective", "expires",   "headline", "description", "instruction",
    "area_description", "geometry",  "town_code", "en",       "note",        "source_alarm_id"};

template <class Allowed>
Status only_fields(const json::object& o, const Allowed& allowed,
                   std::initializer_list<std::string_view> also = {}) {
  for (const auto& kv : o) {
    bool known = false;
    for (auto a : allowed) known = known || a == kv.key();
    for (auto a : also) known = known || a == kv.key();
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

// A text field: trimmed, no forbidden characters (core/text.h), at most max_chars characters.
Result<std::string> text(const json::object& o, std::string_view key, size_t max_chars,
                         bool required, bool multiline) {
  auto v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return bad(key, fmt::format("'{}' is required.", key));
    return std::string();
  }
  if (!v->is_string()) return bad(key, fmt::format("'{}' must be a string.", key));
  std::string s = trim(v->as_string());
  if (find_forbidden_char(s, multiline ? TextLines::kMulti : TextLines::kSingle))
    return bad(key, fmt::format("'{}' must not contain control characters.", key));
  if (s.empty()) {
    if (required) return bad(key, fmt::format("'{}' must not be empty.", key));
    return s;
  }
  if (utf8_length(s) > max_chars)
    return bad(key, fmt::format("'{}' is longer than {} characters.", key, max_chars));
  return s;
}

template <size_t N>
Result<std::string> one_of(const json::object& o, std::string_view key,
                           const std::string_view (&allowed)[N], std::string fallback) {
  auto v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (fallback.empty()) return bad(key, fmt::format("'{}' is required.", key));
    return fallback;
  }
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  if (v->is_string())
    for (auto a : allowed)
      if (a == v->as_string()) return std::string(a);
  return bad(key, fmt::format("'{}' must be one of: {}.", key, list));
}

Result<int64_t> instant(const json::object& o, std::string_view key) {
  auto v = o.if_contains(key);
  if (!v || v->is_null()) return bad(key, fmt::format("'{}' is required.", key));
  std::optional<int64_t> ms;
  if (v->is_int64())
    ms = v->as_int64();
  else if (v->is_string())
    ms = parse_instant(v->as_string());
  // 2000 … 9999: CAP's four-digit years.
  if (!ms || *ms < 946684800000 || *ms > 253402300799000)
    return bad(
        key,
        fmt::format("'{}' must be an ISO 8601 time with an offset or epoch milliseconds.", key));
  return *ms - *ms % 1000;  // CAP times have seconds precision
}

// One position [lon, lat] of a GeoJSON ring.
std::optional<LonLat> position(const json::value& v) {
  if (!v.is_array() || v.as_array().size() < 2 || v.as_array().size() > 3) return std::nullopt;
  const auto& a = v.as_array();
  if (!a[0].is_number() || !a[1].is_number()) return std::nullopt;
  double lon = a[0].to_number<double>(), lat = a[1].to_number<double>();
  if (!std::isfinite(lon) || !std::isfinite(lat) || lon < -180 || lon > 180 || lat < -90 ||
      lat > 90)
    return std::nullopt;
  return LonLat{lon, lat};
}

// A GeoJSON Polygon's coordinates as one CAP polygon: exactly one ring (CAP polygons have no
// holes), closed, at least four positions (RFC 7946 §3.1.6; CAP 1.2 §3.2.4 "the first and last
// pairs of coordinates MUST be the same", "a minimum of four coordinate pairs"), not degenerate.
Result<Ring> ring_of(const json::value& poly) {
  constexpr std::string_view k = "geometry";
  if (!poly.is_array() || poly.as_array().empty())
    return bad(k, "'geometry': a polygon needs one ring of [lon, lat] positions.");
  if (poly.as_array().size() > 1)
    return bad(k, "'geometry': a CAP polygon has no holes; send the outer ring only.");
  const auto& r = poly.as_array()[0];
  if (!r.is_array() || r.as_array().size() < 4)
    return bad(k, "'geometry': a ring needs at least four positions, the last equal to the first.");
  if (r.as_array().size() > kMaxRingPositions)
    return bad(k,
               fmt::format("'geometry': a ring may have at most {} positions.", kMaxRingPositions));
  Ring ring;
  for (const auto& p : r.as_array()) {
    auto ll = position(p);
    if (!ll) return bad(k, "'geometry': each position is [lon, lat] in WGS-84 degrees.");
    ring.push_back(*ll);
  }
  if (!(ring.front() == ring.back()))
    return bad(k, "'geometry': each ring must end where it starts.");
  if (std::abs(signed_area(ring)) < 1e-12) return bad(k, "'geometry': the polygon has no area.");
  return ring;
}

Status geometry_into(const json::object& o, Content& c) {
  constexpr std::string_view k = "geometry";
  auto v = o.if_contains(k);
  if (!v || v->is_null()) return bad(k, "'geometry' is required.");
  if (!v->is_object())
    return bad(k,
               "'geometry' must be a GeoJSON Polygon or MultiPolygon, or a circle with center "
               "[lon, lat] and radius_m.");
  const auto& g = v->as_object();
  c.polygons.clear();
  c.circle.reset();
  if (auto centre = g.if_contains("center")) {
    for (const auto& kv : g)
      if (kv.key() != "center" && kv.key() != "radius_m")
        return bad(k, fmt::format("'geometry': unknown member '{}' of a circle.",
                                  std::string_view(kv.key())));
    auto ll = position(*centre);
    if (!ll) return bad(k, "'geometry': the circle's center is [lon, lat] in WGS-84 degrees.");
    auto r = g.if_contains("radius_m");
    if (!r || !r->is_number() || !std::isfinite(r->to_number<double>()) ||
        r->to_number<double>() <= 0 || r->to_number<double>() > kMaxRadiusM)
      return bad(k, "'geometry': the circle's radius_m must be more than 0 and at most 200000.");
    c.circle = Circle{ll->lon, ll->lat, r->to_number<double>()};
    return ok_status();
  }
  auto type = g.if_contains("type");
  auto coords = g.if_contains("coordinates");
  if (!type || !type->is_string() || !coords || !coords->is_array() ||
      (type->as_string() != "Polygon" && type->as_string() != "MultiPolygon"))
    return bad(k,
               "'geometry' must be a GeoJSON Polygon or MultiPolygon, or a circle with center "
               "[lon, lat] and radius_m.");
  if (type->as_string() == "Polygon") {
    LG_TRY_ASSIGN(Ring r, ring_of(*coords));
    c.polygons.push_back(std::move(r));
    return ok_status();
  }
  const auto& polys = coords->as_array();
  if (polys.empty() || polys.size() > kMaxPolygons)
    return bad(k, fmt::format("'geometry': a MultiPolygon holds 1 to {} polygons.", kMaxPolygons));
  for (const auto& p : polys) {
    LG_TRY_ASSIGN(Ring r, ring_of(p));
    c.polygons.push_back(std::move(r));
  }
  return ok_status();
}

bool digits(std::string_view s, size_t n) {
  if (s.size() != n) return false;
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  return true;
}

}  // namespace

Result<Draft> parse_draft(const json::object& body, int64_t now_ms, const SeverityMap& severities) {
  LG_TRY(only_fields(body, kDraftFields));
  Draft d;
  Content& c = d.content;
  LG_TRY_ASSIGN(c.cap_status, one_of(body, "cap_status", kCapStatuses, "Actual"));
  LG_TRY_ASSIGN(c.category, one_of(body, "category", kCapCategories, ""));
  LG_TRY_ASSIGN(c.event, text(body, "event", kMaxEventChars, true, false));
  {
    auto v = body.if_contains("colour");
    if (!v || v->is_null()) return bad("colour", "'colour' is required.");
    auto col = v->is_string() ? parse_colour(v->as_string()) : std::nullopt;
    if (!col) return bad("colour", "'colour' must be one of: blue, yellow, orange, red.");
    c.colour = *col;
  }
  LG_TRY_ASSIGN(c.urgency, one_of(body, "urgency", kCapUrgencies, "Expected"));
  LG_TRY_ASSIGN(c.severity, one_of(body, "severity", kCapSeverities,
                                   severities[static_cast<size_t>(c.colour)]));
  LG_TRY_ASSIGN(c.certainty, one_of(body, "certainty", kCapCertainties, "Likely"));
  LG_TRY_ASSIGN(c.effective_ms, instant(body, "effective"));
  LG_TRY_ASSIGN(c.expires_ms, instant(body, "expires"));
  if (c.expires_ms <= c.effective_ms) return bad("expires", "'expires' must be after 'effective'.");
  if (c.expires_ms - c.effective_ms > kMaxDurationMs)
    return bad("expires", "'expires' must be at most 30 days after 'effective'.");
  if (c.expires_ms <= now_ms) return bad("expires", "'expires' must be in the future.");
  LG_TRY_ASSIGN(c.headline, text(body, "headline", kMaxHeadlineChars, true, false));
  LG_TRY_ASSIGN(c.description, text(body, "description", kMaxDescriptionChars, true, true));
  LG_TRY_ASSIGN(c.instruction, text(body, "instruction", kMaxInstructionChars, true, true));
  LG_TRY_ASSIGN(c.area_description, text(body, "area_description", kMaxAreaChars, true, false));
  LG_TRY(geometry_into(body, c));
  LG_TRY_ASSIGN(c.town_code, text(body, "town_code", 9, false, false));
  if (!c.town_code.empty() && (!digits(c.town_code, 9) || c.town_code.rfind("330106", 0) != 0))
    return bad("town_code", "'town_code' must be the 9-digit code of a town of the district.");
  LG_TRY_ASSIGN(c.note, text(body, "note", kMaxNoteChars, false, true));
  if (auto en = body.if_contains("en"); en && !en->is_null()) {
    if (!en->is_object())
      return bad("en", "'en' must be an object with headline, description, instruction.");
    const auto& e = en->as_object();
    for (const auto& kv : e)
      if (kv.key() != "event" && kv.key() != "headline" && kv.key() != "description" &&
          kv.key() != "instruction" && kv.key() != "area_description")
        return bad("en", fmt::format("Unknown field 'en.{}'.", std::string_view(kv.key())));
    auto sub = [&](std::string_view key, size_t max, bool req, bool multi) -> Result<std::string> {
      auto r = text(e, key, max, req, multi);
      if (!r) {
        Error err = std::move(r).error();
        err.field = "en." + err.field;
        return err;
      }
      return r;
    };
    LG_TRY_ASSIGN(c.en_event, sub("event", kMaxEventChars, false, false));
    LG_TRY_ASSIGN(c.en_headline, sub("headline", kMaxHeadlineChars, true, false));
    LG_TRY_ASSIGN(c.en_description, sub("description", kMaxDescriptionChars, true, true));
    LG_TRY_ASSIGN(c.en_instruction, sub("instruction", kMaxInstructionChars, true, true));
    LG_TRY_ASSIGN(c.en_area_description, sub("area_description", kMaxAreaChars, false, false));
  }
  if (auto a = body.if_contains("source_alarm_id"); a && !a->is_null()) {
    if (!a->is_int64() || a->as_int64() <= 0)
      return bad("source_alarm_id", "'source_alarm_id' must be the id of an alarm.");
    d.source_alarm_id = a->as_int64();
  }
  return d;
}

json::value geometry_json(const Content& c) {
  if (c.circle)
    return json::object{{"center", json::array{c.circle->lon, c.circle->lat}},
                        {"radius_m", c.circle->radius_m}};
  auto ring = [](const Ring& r) {
    json::array a;
    for (const auto& p : r) a.push_back(json::array{p.lon, p.lat});
    return json::array{std::move(a)};
  };
  if (c.polygons.size() == 1)
    return json::object{{"type", "Polygon"}, {"coordinates", ring(c.polygons[0])}};
  json::array polys;
  for (const auto& r : c.polygons) polys.push_back(ring(r));
  return json::object{{"type", "MultiPolygon"}, {"coordinates", std::move(polys)}};
}

bool read_geometry(const json::value& g, Content& c) {
  json::object holder{{"geometry", g}};
  return geometry_into(holder, c).ok();
}

json::object draft_json(const Draft& d) {
  const Content& c = d.content;
  json::object o{{"cap_status", c.cap_status},
                 {"category", c.category},
                 {"event", c.event},
                 {"colour", colour_name(c.colour)},
                 {"urgency", c.urgency},
                 {"severity", c.severity},
                 {"certainty", c.certainty},
                 {"effective", c.effective_ms},
                 {"expires", c.expires_ms},
                 {"headline", c.headline},
                 {"description", c.description},
                 {"instruction", c.instruction},
                 {"area_description", c.area_description},
                 {"geometry", geometry_json(c)}};
  if (!c.town_code.empty()) o["town_code"] = c.town_code;
  if (!c.note.empty()) o["note"] = c.note;
  if (!c.en_headline.empty())
    o["en"] = json::object{{"event", c.en_event},
                           {"headline", c.en_headline},
                           {"description", c.en_description},
                           {"instruction", c.en_instruction},
                           {"area_description", c.en_area_description}};
  if (d.source_alarm_id) o["source_alarm_id"] = *d.source_alarm_id;
  return o;
}

Result<Draft> merge_draft(const Draft& before, const json::object& changes, int64_t now_ms,
                          const SeverityMap& severities,
                          std::initializer_list<std::string_view> skip) {
  LG_TRY(only_fields(changes, kDraftFields, skip));
  json::object merged = draft_json(before);
  // A new colour without a severity takes the colour's severity, not the old one.
  if (changes.contains("colour") && !changes.contains("severity")) merged.erase("severity");
  for (const auto& kv : changes) {
    bool skipped = false;
    for (auto s : skip) skipped = skipped || s == kv.key();
    if (skipped) continue;
    if (kv.value().is_null())
      merged.erase(kv.key());
    else
      merged[kv.key()] = kv.value();
  }
  return parse_draft(merged, now_ms, severities);
}

Result<ActionRequest> parse_action_request(const json::object& body) {
  ActionRequest r;
  auto a = body.if_contains("action");
  if (!a || a->is_null()) return bad("action", "'action' is required.");
  if (!a->is_string()) return bad("action", "'action' must be a string.");
  auto action = parse_action(a->as_string());
  if (!action)
    return bad("action", fmt::format("Unknown action '{}'; it is one of: {}.",
                                     std::string_view(a->as_string()).substr(0, 40),
                                     "approve, publish, update, cancel"));
  r.action = *action;
  switch (r.action) {
    case Action::kApprove: {
      LG_TRY(only_fields(body, std::initializer_list<std::string_view>{"action", "note"}));
      LG_TRY_ASSIGN(r.note, text(body, "note", kMaxNoteChars, false, true));
      break;
    }
    case Action::kPublish:
      LG_TRY(only_fields(body, std::initializer_list<std::string_view>{"action"}));
      break;
    case Action::kCancel: {
      LG_TRY(only_fields(body, std::initializer_list<std::string_view>{"action", "reason"}));
      LG_TRY_ASSIGN(r.note, text(body, "reason", kMaxNoteChars, true, true));
      break;
    }
    case Action::kUpdate:
      for (const auto& kv : body)
        if (kv.key() != "action") r.changes[kv.key()] = kv.value();
      break;
  }
  return r;
}

Result<ListFilter> parse_list_filter(
    const std::vector<std::pair<std::string, std::string>>& params) {
  ListFilter f;
  auto whole = [](const std::string& s, int64_t lo, int64_t hi) -> std::optional<int64_t> {
    if (s.empty() || s.size() > 9) return std::nullopt;
    int64_t v = 0;
    for (char ch : s) {
      if (ch < '0' || ch > '9') return std::nullopt;
      v = v * 10 + (ch - '0');
    }
    if (v < lo || v > hi) return std::nullopt;
    return v;
  };
  for (const auto& [key, value] : params) {
    if (key == "page") {
      auto v = whole(value, 1, 1000000);
      if (!v) return Error::bad_request("'page' must be a whole number from 1.", key);
      f.page = *v;
    } else if (key == "page_size") {
      auto v = whole(value, 1, 500);
      if (!v) return Error::bad_request("'page_size' must be a whole number from 1 to 500.", key);
      f.page_size = *v;
    } else if (key == "status") {
      f.status = parse_state(value);
      if (!f.status)
        return Error::bad_request(
            "'status' is one of: draft, approved, published, updated, cancelled.", key);
    } else if (key == "colour") {
      f.colour = parse_colour(value);
      if (!f.colour)
        return Error::bad_request("'colour' must be one of: blue, yellow, orange, red.", key);
    } else if (key == "town" || key == "town_code") {
      if (!digits(value, 9))
        return Error::bad_request(fmt::format("'{}' is a 9-digit town/street code.", key), key);
      f.town_code = value;
    } else {
      return Error::bad_request(fmt::format("Unknown query parameter '{}' for warnings.", key),
                                key);
    }
  }
  return f;
}

json::object to_json(const Warning& w) {
  const Content& c = w.content;
  auto opt_text = [](const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
  };
  auto opt_id = [](const std::optional<int64_t>& v) {
    return v ? json::value(*v) : json::value(nullptr);
  };
  auto opt_time = [](const std::optional<int64_t>& ms) {
    return ms ? json::value(cap_time(*ms)) : json::value(nullptr);
  };
  json::object o;
  o["id"] = w.id;
  o["status"] = state_name(w.status);
  o["msg_type"] = msg_type_name(w.msg_type);
  o["cap_status"] = c.cap_status;
  o["category"] = c.category;
  o["event"] = c.event;
  o["colour"] = colour_name(c.colour);
  o["urgency"] = c.urgency;
  o["severity"] = c.severity;
  o["certainty"] = c.certainty;
  o["effective"] = cap_time(c.effective_ms);
  o["expires"] = cap_time(c.expires_ms);
  o["headline"] = c.headline;
  o["description"] = c.description;
  o["instruction"] = c.instruction;
  o["area_description"] = c.area_description;
  o["geometry"] = geometry_json(c);
  o["town_code"] = opt_text(c.town_code);
  o["note"] = opt_text(c.note);
  o["en"] = c.en_headline.empty()
                ? json::value(nullptr)
                : json::value(json::object{{"event", opt_text(c.en_event)},
                                           {"headline", c.en_headline},
                                           {"description", c.en_description},
                                           {"instruction", c.en_instruction},
                                           {"area_description", opt_text(c.en_area_description)}});
  o["source_alarm_id"] = opt_id(w.source_alarm_id);
  o["previous_id"] = opt_id(w.previous_id);
  o["superseded_by_id"] = opt_id(w.superseded_by_id);
  o["drafted_by"] = w.drafted_by;
  o["approved_by"] = opt_text(w.approved_by);
  o["approved_at"] = opt_time(w.approved_at_ms);
  o["published_by"] = opt_text(w.published_by);
  o["identifier"] = opt_text(w.identifier);
  o["sender"] = opt_text(w.sender);
  o["sent"] = opt_time(w.sent_ms);
  o["references"] = opt_text(w.references);
  o["xml_url"] = w.identifier.empty() ? json::value(nullptr)
                                      : json::value("/public/alerts/" + w.identifier + ".xml");
  o["created_at"] = iso_utc(w.created_at_ms);
  o["updated_at"] = iso_utc(w.updated_at_ms);
  o["version"] = w.version;
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

}  // namespace lakeguard::alerts
