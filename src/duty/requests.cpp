#include "duty/requests.h"

#include <fmt/format.h>

#include <initializer_list>

#include "core/dates.h"
#include "core/text.h"

namespace lakeguard::duty {
namespace {

namespace json = boost::json;

Error bad(std::string_view field, std::string msg) {
  return Error::validation(std::string(field), std::move(msg));
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

Status only_fields(const json::object& body, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : body) {
    bool known = false;
    for (auto a : allowed) known = known || a == kv.key();
    if (!known)
      return bad(kv.key(), fmt::format("Unknown field '{}'.", std::string_view(kv.key())));
  }
  return ok_status();
}

Result<std::string> text(const json::value& v, std::string_view key, size_t max_chars,
                         bool multi_line, bool allow_empty) {
  if (!v.is_string()) return bad(key, fmt::format("'{}' must be a string.", key));
  std::string s = trim(v.as_string());
  if (s.empty() && !allow_empty) return bad(key, fmt::format("'{}' is required.", key));
  if (!valid_utf8(s)) return bad(key, fmt::format("'{}' is not valid UTF-8.", key));
  if (find_forbidden_char(s, multi_line ? TextLines::kMulti : TextLines::kSingle))
    return bad(key, fmt::format("'{}' contains a control or invisible formatting character.", key));
  if (utf8_length(s) > max_chars)
    return bad(key, fmt::format("'{}' is longer than {} characters.", key, max_chars));
  return s;
}

Result<int64_t> instant(const json::value& v, std::string_view key) {
  if (!v.is_string())
    return bad(key, fmt::format("'{}' must be a time with an offset, e.g. "
                                "2026-12-07T08:00:00+08:00.",
                                key));
  auto t = parse_instant(v.as_string());
  if (!t)
    return bad(key, fmt::format("'{}' must be a time with an offset, e.g. "
                                "2026-12-07T08:00:00+08:00.",
                                key));
  return *t;
}

}  // namespace

Result<Shift> parse_shift(const json::object& body, bool partial, const Shift& base) {
  LG_TRY(only_fields(body, {"unit_code", "starts_at", "ends_at", "people", "note"}));
  if (!partial)
    for (std::string_view k : {"unit_code", "starts_at", "ends_at", "people"})
      if (!body.contains(k)) return bad(k, fmt::format("'{}' is required.", k));
  Shift s = base;
  if (auto v = body.if_contains("unit_code")) {
    if (partial) return bad("unit_code", "A shift's unit cannot change; create a new shift.");
    if (!v->is_string()) return bad("unit_code", "'unit_code' must be a district or town code.");
    std::string code(v->as_string());
    bool digits = !code.empty();
    for (char c : code) digits = digits && c >= '0' && c <= '9';
    if (!digits || (code.size() != 6 && code.size() != 9))
      return bad("unit_code", "'unit_code' must be a district or town code.");
    s.unit_code = code;
  }
  if (auto v = body.if_contains("starts_at")) {
    LG_TRY_ASSIGN(s.starts_at_ms, instant(*v, "starts_at"));
  }
  if (auto v = body.if_contains("ends_at")) {
    LG_TRY_ASSIGN(s.ends_at_ms, instant(*v, "ends_at"));
  }
  if (auto v = body.if_contains("note")) {
    if (v->is_null()) {
      s.note.clear();
    } else {
      LG_TRY_ASSIGN(s.note, text(*v, "note", kMaxNoteChars, false, true));
    }
  }
  if (auto v = body.if_contains("people")) {
    if (!v->is_array()) return bad("people", "'people' must be a list of {user_id, role}.");
    const auto& a = v->as_array();
    if (a.size() > kMaxPeople)
      return bad("people", fmt::format("A shift has at most {} people.", kMaxPeople));
    s.people.clear();
    for (const auto& e : a) {
      if (!e.is_object()) return bad("people", "'people' must be a list of {user_id, role}.");
      const auto& o = e.as_object();
      LG_TRY(only_fields(o, {"user_id", "role"}));
      auto id = o.if_contains("user_id");
      if (!id || !id->is_int64() || id->as_int64() <= 0)
        return bad("people", "'user_id' must be a user's id.");
      auto r = o.if_contains("role");
      std::optional<DutyRole> role;
      if (r && r->is_string()) role = parse_duty_role(r->as_string());
      if (!role) return bad("people", "'role' must be leader, officer or standby.");
      s.people.push_back(Assignment{id->as_int64(), *role, ""});
    }
  }
  return s;
}

Result<HandoverInput> parse_handover(const json::object& body) {
  LG_TRY(only_fields(body, {"open_items", "notes"}));
  HandoverInput in;
  if (auto v = body.if_contains("open_items")) {
    if (!v->is_array()) return bad("open_items", "'open_items' must be a list of texts.");
    if (v->as_array().size() > kMaxOpenItems)
      return bad("open_items", fmt::format("At most {} open items.", kMaxOpenItems));
    for (const auto& e : v->as_array()) {
      LG_TRY_ASSIGN(std::string t, text(e, "open_items", kMaxOpenItemChars, false, false));
      in.open_items.push_back(std::move(t));
    }
  }
  auto n = body.if_contains("notes");
  if (!n) return bad("notes", "'notes' is required.");
  LG_TRY_ASSIGN(in.notes, text(*n, "notes", kMaxHandoverNotesChars, true, false));
  return in;
}

Result<LogInput> parse_log(const json::object& body) {
  LG_TRY(only_fields(body, {"kind", "text", "at"}));
  LogInput in;
  auto k = body.if_contains("kind");
  std::optional<LogKind> kind;
  if (k && k->is_string()) kind = parse_log_kind(k->as_string());
  if (!kind) return bad("kind", "'kind' must be report, handling, assignment or other.");
  in.kind = *kind;
  auto t = body.if_contains("text");
  if (!t) return bad("text", "'text' is required.");
  LG_TRY_ASSIGN(in.text, text(*t, "text", kMaxLogTextChars, true, false));
  if (auto a = body.if_contains("at")) {
    LG_TRY_ASSIGN(int64_t at, instant(*a, "at"));
    in.at_ms = at;
  }
  return in;
}

Result<std::string> parse_phone(const json::object& body) {
  LG_TRY(only_fields(body, {"phone"}));
  auto v = body.if_contains("phone");
  if (!v) return bad("phone", "'phone' is required.");
  LG_TRY_ASSIGN(std::string p, text(*v, "phone", 20, false, false));
  int digits = 0;
  for (char c : p) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '-' && c != '+' && c != ' ' && c != '(' && c != ')') {
      return bad("phone", "'phone' must be a phone number (digits, '-', '+', spaces).");
    }
  }
  if (digits < 5 || p.size() < 5)
    return bad("phone", "'phone' must be a phone number (digits, '-', '+', spaces).");
  return p;
}

}  // namespace lakeguard::duty
