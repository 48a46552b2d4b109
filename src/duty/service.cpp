#include "duty/service.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <random>

#include "core/dates.h"
#include "duty/requests.h"
#include "duty/rota.h"
#include "duty/store.h"

namespace lakeguard::duty {
namespace {

namespace json = boost::json;

store::Where scope_for(const Principal& p) {
  return store::scope_where(scope_of(p, kScopeColumns));
}

bool may_keep_rota(const Principal& p) {
  if (p.read_only) return false;
  return p.role == Role::kAdmin || p.role == Role::kDistrictOfficer || p.role == Role::kTownOfficer;
}

bool may_write_log(const Principal& p) {
  if (p.read_only) return false;
  return p.role == Role::kAdmin || p.role == Role::kDistrictOfficer ||
         p.role == Role::kTownOfficer || p.role == Role::kCommunityOfficer;
}

Principal system_reader() {
  Principal p;
  p.username = "system";
  p.role = Role::kAdmin;
  p.scope_type = ScopeType::kDistrict;
  p.read_only = true;
  return p;
}

bool on_shift(const Shift& s, int64_t user_id) {
  for (const auto& a : s.people)
    if (a.user_id == user_id) return true;
  return false;
}

bool on_shift_as(const Shift& s, int64_t user_id, std::initializer_list<DutyRole> roles) {
  for (const auto& a : s.people)
    if (a.user_id == user_id)
      for (DutyRole r : roles)
        if (a.role == r) return true;
  return false;
}

json::value opt_ms(const std::optional<int64_t>& ms) {
  return ms ? json::value(iso_utc(*ms)) : json::value(nullptr);
}

json::value text_or_null(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

std::string name_of(const std::vector<Unit>& units, const std::string& code) {
  for (const auto& u : units)
    if (u.code == code) return u.name;
  return code;
}

}  // namespace

DutyService::DutyService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                         EventSink* events, registry::RegistryService& registry,
                         auth::AuthService& users)
    : db_(db), clock_(clock), audit_(audit), events_(events), registry_(registry), users_(users) {}

Event DutyService::event_of(std::string_view type, std::string data,
                            const std::string& town) const {
  Event e;
  e.topic = "duty";
  e.type = std::string(type);
  e.data = std::move(data);
  e.where = Placement{town, "", std::nullopt};
  return e;
}

std::vector<Unit> DutyService::all_units() {
  const registry::JurisdictionIndex idx = registry_.index();
  std::vector<Unit> out;
  out.push_back(Unit{idx.district_code, idx.district_code, ""});
  for (const auto& t : idx.towns) out.push_back(Unit{t, t, t});
  if (const registry::KindSpec* kind = registry::find_kind("jurisdictions")) {
    auto all = registry_.export_all(system_reader(), *kind, registry::ListQuery{}, std::nullopt);
    if (all)
      for (const auto& j : *all) {
        auto code = j.if_contains("code");
        auto name = j.if_contains("name");
        if (!code || !code->is_string() || !name || !name->is_string()) continue;
        for (auto& u : out)
          if (u.code == code->as_string()) u.name = std::string(name->as_string());
      }
  }
  return out;
}

Result<Unit> DutyService::unit_of(const std::string& code) {
  for (auto& u : all_units())
    if (u.code == code) return u;
  return Error::validation("unit_code", "'unit_code' must be a district or town code.");
}

Contact DutyService::contact_of(const auth::User& u) const {
  Contact k;
  k.user_id = u.id;
  k.name = u.display_name;
  k.unit_code = u.scope_code.size() >= 9 ? u.scope_code.substr(0, 9) : u.scope_code;
  k.town_code = u.scope_code.size() >= 9 ? u.scope_code.substr(0, 9) : "";
  k.title = std::string(role_name(u.role));
  k.updated_at_ms = clock_.now_ms();
  return k;
}

Status DutyService::resolve_people(Shift& s) {
  const std::string district = registry_.index().district_code;
  for (size_t i = 0; i < s.people.size(); ++i) {
    auto& a = s.people[i];
    auto u = users_.get_user(a.user_id);
    const std::string field = "people";
    if (!u || u->disabled)
      return Error::validation(field, fmt::format("User {} does not exist.", a.user_id));
    // A unit's duty is stood by its own people: for a town's rota, users bound to the town (or
    // one of its communities) or to the district (a district leader leading a town's shift);
    // for the district's rota, any user bound to a jurisdiction of the district.
    const bool district_user = u->scope_code == district;
    bool fits = u->scope_type != ScopeType::kEnterprise && !u->scope_code.empty() &&
                (s.town_code.empty() || district_user || u->scope_code.rfind(s.town_code, 0) == 0);
    if (!fits)
      return Error::validation(field,
                               fmt::format("User {} does not belong to this unit.", a.user_id));
    a.name = u->display_name;
  }
  return ok_status();
}

json::object DutyService::shift_json(const Shift& s, const std::vector<Unit>& units) const {
  json::array people;
  std::string leader;
  for (const auto& a : s.people) {
    if (a.role == DutyRole::kLeader) leader = a.name;
    people.push_back(json::object{{"user_id", a.user_id},
                                  {"name", a.name},
                                  {"role", duty_role_name(a.role)},
                                  {"role_label", duty_role_label(a.role)}});
  }
  return json::object{{"id", s.id},
                      {"unit_code", s.unit_code},
                      {"unit_name", name_of(units, s.unit_code)},
                      {"town_code", text_or_null(s.town_code)},
                      {"starts_at", iso_utc(s.starts_at_ms)},
                      {"ends_at", iso_utc(s.ends_at_ms)},
                      {"starts_at_local", beijing_time(s.starts_at_ms)},
                      {"ends_at_local", beijing_time(s.ends_at_ms)},
                      {"note", text_or_null(s.note)},
                      {"people", std::move(people)},
                      {"leader", text_or_null(leader)},
                      {"synthetic", s.synthetic},
                      {"created_at", iso_utc(s.created_at_ms)},
                      {"updated_at", iso_utc(s.updated_at_ms)},
                      {"version", s.version}};
}

json::object DutyService::handover_json(const Handover& h) const {
  json::array items;
  for (const auto& i : h.open_items) items.emplace_back(i);
  return json::object{{"id", h.id},
                      {"shift_id", h.shift_id},
                      {"next_shift_id", h.next_shift_id},
                      {"unit_code", h.unit_code},
                      {"town_code", text_or_null(h.town_code)},
                      {"state", handover_state_name(h.state)},
                      {"open_items", std::move(items)},
                      {"notes", h.notes},
                      {"written_by", h.written_by},
                      {"written_by_name", h.written_by_name},
                      {"written_at", iso_utc(h.written_at_ms)},
                      {"acknowledged_by",
                       h.acknowledged_by ? json::value(*h.acknowledged_by) : json::value(nullptr)},
                      {"acknowledged_by_name", text_or_null(h.acknowledged_by_name)},
                      {"acknowledged_at", opt_ms(h.acknowledged_at_ms)}};
}

json::object DutyService::log_json(const LogEntry& e) const {
  return json::object{{"id", e.id},
                      {"shift_id", e.shift_id},
                      {"unit_code", e.unit_code},
                      {"at", iso_utc(e.at_ms)},
                      {"at_local", beijing_time(e.at_ms)},
                      {"kind", log_kind_name(e.kind)},
                      {"kind_label", log_kind_label(e.kind)},
                      {"text", e.text},
                      {"author_id", e.author_id},
                      {"author_name", e.author_name},
                      {"created_at", iso_utc(e.created_at_ms)}};
}

json::object DutyService::contact_json(const Contact& k) const {
  return json::object{
      {"user_id", k.user_id},
      {"name", k.name},
      {"unit_code", k.unit_code},
      {"town_code", text_or_null(k.town_code)},
      {"title", k.title},
      {"phone", text_or_null(k.phone)},
      {"tel", k.phone.empty() ? json::value(nullptr)
                              : json::value("tel:" +
                                            [&] {
                                              std::string t;
                                              for (char c : k.phone)
                                                if ((c >= '0' && c <= '9') || c == '+')
                                                  t.push_back(c);
                                              return t;
                                            }())},
      {"synthetic", k.synthetic}};
}

Result<json::array> DutyService::units(const Principal& p) {
  json::array out;
  for (const auto& u : all_units())
    if (in_scope(p, kScopeColumns, Placement{u.town_code, "", std::nullopt}))
      out.push_back(json::object{{"code", u.code},
                                 {"name", u.name},
                                 {"level", u.town_code.empty() ? "district" : "town"}});
  return out;
}

Result<json::object> DutyService::list_shifts(const Principal& p, std::optional<int64_t> from_ms,
                                              std::optional<int64_t> to_ms,
                                              const std::string& unit_code) {
  const int64_t from = from_ms.value_or(week_start(clock_.now_ms()));
  const int64_t to = to_ms.value_or(from + 7 * kDayMs);
  if (to <= from) return Error::validation("to", "'to' must be after 'from'.");
  if (to - from > kMaxWindowMs) return Error::validation("to", "A list covers at most six weeks.");
  std::vector<Unit> units = all_units();
  auto c = db_.acquire();
  store::Where w = scope_for(p);
  if (!unit_code.empty()) w.add("unit_code = ?", {unit_code});
  std::vector<Shift> shifts = store::select_shifts(*c, w, from, to);
  json::array items;
  for (const auto& s : shifts) items.push_back(shift_json(s, units));
  json::array flags;
  for (const auto& f : flags_of(shifts))
    flags.push_back(json::object{
        {"shift_id", f.shift_id},
        {"rule", f.rule},
        {"other_shift_id", f.other_shift_id ? json::value(f.other_shift_id) : json::value(nullptr)},
        {"user_id", f.user_id ? json::value(f.user_id) : json::value(nullptr)}});
  return json::object{{"from", iso_utc(from)},
                      {"to", iso_utc(to)},
                      {"items", std::move(items)},
                      {"flags", std::move(flags)}};
}

Result<json::object> DutyService::get_shift(const Principal& p, int64_t id) {
  std::vector<Unit> units = all_units();
  auto c = db_.acquire();
  auto s = store::select_shift(*c, id, scope_for(p));
  if (!s) return Error::not_found();
  json::object out = shift_json(*s, units);
  auto out_h = store::select_handover_of(*c, id);
  auto in_h = store::select_handover_to(*c, id);
  out["handover"] = out_h ? json::value(handover_json(*out_h)) : json::value(nullptr);
  out["handover_received"] = in_h ? json::value(handover_json(*in_h)) : json::value(nullptr);
  return out;
}

Result<json::object> DutyService::create_shift(const Principal& p, const json::object& body,
                                               const platform::Actor& who) {
  if (!may_keep_rota(p)) return Error::forbidden("Your role may not keep a duty rota.");
  LG_TRY_ASSIGN(Shift s, parse_shift(body, false, Shift{}));
  LG_TRY_ASSIGN(Unit unit, unit_of(s.unit_code));
  s.town_code = unit.town_code;
  if (!in_scope(p, kScopeColumns, Placement{s.town_code, "", std::nullopt}))
    return Error::forbidden("This unit's rota is outside your jurisdiction.");
  LG_TRY(check_shift(s));
  LG_TRY(resolve_people(s));
  std::vector<Unit> units = all_units();
  const int64_t now = clock_.now_ms();
  s.created_at_ms = now;
  s.updated_at_ms = now;
  std::vector<Contact> contacts;
  for (const auto& a : s.people)
    if (auto u = users_.get_user(a.user_id)) contacts.push_back(contact_of(*u));
  auto c = db_.acquire();
  db::Transaction tx(*c);
  // Every unit's shifts around it: R5 within the unit, R6 for its people anywhere.
  auto around = store::select_shifts(*c, store::Where{}, s.starts_at_ms, s.ends_at_ms);
  LG_TRY(check_against(s, around));
  s.id = store::insert_shift(*c, s);
  for (const auto& k : contacts) store::upsert_contact(*c, k);
  json::object out = shift_json(s, units);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("create", "duty_shifts", std::to_string(s.id), nullptr, out,
         event_of("created", json::serialize(out), s.town_code));
  ch.commit(*c, tx);
  return out;
}

Result<json::object> DutyService::update_shift(const Principal& p, int64_t id,
                                               const json::object& body,
                                               std::optional<int64_t> if_match,
                                               const platform::Actor& who) {
  std::optional<Shift> before;
  {
    auto c = db_.acquire();
    before = store::select_shift(*c, id, scope_for(p));
  }
  if (!before) return Error::not_found();
  if (!may_keep_rota(p)) return Error::forbidden("Your role may not keep a duty rota.");
  if (if_match && *if_match != before->version)
    return Error::conflict("The object changed meanwhile; reload it.");
  LG_TRY_ASSIGN(Shift s, parse_shift(body, true, *before));
  LG_TRY(check_shift(s));
  LG_TRY(resolve_people(s));
  std::vector<Unit> units = all_units();
  json::object old_json = shift_json(*before, units);
  if (s.starts_at_ms == before->starts_at_ms && s.ends_at_ms == before->ends_at_ms &&
      s.note == before->note && s.people == before->people)
    return old_json;  // nothing changes: no version, no audit, no event
  std::vector<Contact> contacts;
  for (const auto& a : s.people)
    if (auto u = users_.get_user(a.user_id)) contacts.push_back(contact_of(*u));
  s.updated_at_ms = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto around = store::select_shifts(*c, store::Where{}, s.starts_at_ms, s.ends_at_ms);
  LG_TRY(check_against(s, around));
  if (store::update_shift(*c, s, before->version) == 0)
    return Error::conflict("The object changed meanwhile; reload it.");
  for (const auto& k : contacts) store::upsert_contact(*c, k);
  s.version = before->version + 1;
  json::object out = shift_json(s, units);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("update", "duty_shifts", std::to_string(id), old_json, out,
         event_of("updated", json::serialize(out), s.town_code));
  ch.commit(*c, tx);
  return out;
}

Status DutyService::delete_shift(const Principal& p, int64_t id, const platform::Actor& who) {
  std::vector<Unit> units = all_units();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto before = store::select_shift(*c, id, scope_for(p));
  if (!before) return Error::not_found();
  if (!may_keep_rota(p)) return Error::forbidden("Your role may not keep a duty rota.");
  if (store::count_shift_refs(*c, id) > 0)
    return Error::conflict("The shift has a handover or log entries and cannot be removed.");
  store::delete_shift(*c, id);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("delete", "duty_shifts", std::to_string(id), shift_json(*before, units), nullptr,
         event_of("deleted", json::serialize(json::object{{"id", id}}), before->town_code));
  ch.commit(*c, tx);
  return ok_status();
}

std::optional<Assignment> DutyService::superior_on_duty(const std::string& town_code,
                                                        int64_t at_ms) {
  const std::string district = registry_.index().district_code;
  std::vector<Shift> on;
  {
    auto c = db_.acquire();
    on = store::select_on_duty(*c, store::Where{}, at_ms);
  }
  for (const std::string& unit : {town_code, district}) {
    if (unit.empty()) continue;
    for (const auto& s : on)
      if (s.unit_code == unit && on_duty_at(s, at_ms))
        for (const auto& a : s.people)
          if (a.role == DutyRole::kLeader) return a;
  }
  return std::nullopt;
}

Result<json::object> DutyService::now(const Principal& p) {
  const int64_t at = clock_.now_ms();
  std::vector<Unit> units = all_units();
  auto c = db_.acquire();
  std::vector<Shift> on = store::select_on_duty(*c, scope_for(p), at);
  json::array items;
  for (const auto& u : units) {
    if (!in_scope(p, kScopeColumns, Placement{u.town_code, "", std::nullopt})) continue;
    json::object row{{"unit_code", u.code},
                     {"unit_name", u.name},
                     {"level", u.town_code.empty() ? "district" : "town"}};
    const Shift* s = nullptr;
    for (const auto& x : on)
      if (x.unit_code == u.code && on_duty_at(x, at)) s = &x;
    if (!s) {
      row["shift"] = nullptr;
      row["people"] = json::array{};
      items.push_back(std::move(row));
      continue;
    }
    json::array people;
    for (const auto& a : s->people) {
      auto k = store::select_contact(*c, a.user_id, store::Where{});
      json::object person{{"user_id", a.user_id},
                          {"name", a.name},
                          {"role", duty_role_name(a.role)},
                          {"role_label", duty_role_label(a.role)}};
      json::object kj = contact_json(k.value_or(Contact{}));
      person["phone"] = kj.at("phone");
      person["tel"] = kj.at("tel");
      people.push_back(std::move(person));
    }
    row["shift"] = shift_json(*s, units);
    row["people"] = std::move(people);
    items.push_back(std::move(row));
  }
  return json::object{
      {"at", iso_utc(at)}, {"at_local", beijing_time(at)}, {"items", std::move(items)}};
}

Result<json::object> DutyService::write_handover(const Principal& p, int64_t shift_id,
                                                 const json::object& body,
                                                 const platform::Actor& who) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto s = store::select_shift(*c, shift_id, scope_for(p));
  if (!s) return Error::not_found();
  if (p.read_only || !on_shift_as(*s, p.user_id, {DutyRole::kLeader, DutyRole::kOfficer}))
    return Error::forbidden("Only the leader or an officer of this shift may write its handover.");
  LG_TRY_ASSIGN(HandoverInput in, parse_handover(body));
  if (store::select_handover_of(*c, shift_id))
    return Error::conflict("This shift's handover is already written.");
  auto next = store::select_next_shift(*c, s->unit_code, s->ends_at_ms);
  if (!next) return Error::conflict("The unit has no next shift to hand over to.");
  Handover h;
  h.shift_id = shift_id;
  h.next_shift_id = next->id;
  h.unit_code = s->unit_code;
  h.town_code = s->town_code;
  h.open_items = std::move(in.open_items);
  h.notes = std::move(in.notes);
  h.written_by = p.user_id;
  h.written_by_name = p.display_name.empty() ? p.username : p.display_name;
  h.written_at_ms = clock_.now_ms();
  try {
    h.id = store::insert_handover(*c, h);
  } catch (const db::ConstraintError&) {
    return Error::conflict("This shift's handover is already written.");
  }
  json::object out = handover_json(h);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("handover", "duty_handovers", std::to_string(h.id), nullptr, out,
         event_of("handover", json::serialize(out), h.town_code));
  ch.commit(*c, tx);
  return out;
}

Result<json::object> DutyService::acknowledge(const Principal& p, int64_t id,
                                              const platform::Actor& who) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto h = store::select_handover(*c, id, scope_for(p));
  if (!h) return Error::not_found();
  auto next = store::select_shift(*c, h->next_shift_id, store::Where{});
  if (p.read_only || !next || !on_shift(*next, p.user_id) || p.user_id == h->written_by)
    return Error::forbidden("Only a person of the incoming shift may acknowledge the handover.");
  if (h->state == HandoverState::kAcknowledged)
    return Error::conflict("This handover is already acknowledged.");
  const int64_t now = clock_.now_ms();
  const std::string name = p.display_name.empty() ? p.username : p.display_name;
  if (store::acknowledge_handover(*c, id, p.user_id, name, now) == 0)
    return Error::conflict("This handover is already acknowledged.");
  json::object before = handover_json(*h);
  h->state = HandoverState::kAcknowledged;
  h->acknowledged_by = p.user_id;
  h->acknowledged_by_name = name;
  h->acknowledged_at_ms = now;
  json::object out = handover_json(*h);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("acknowledge", "duty_handovers", std::to_string(id), before, out,
         event_of("acknowledged", json::serialize(out), h->town_code));
  ch.commit(*c, tx);
  return out;
}

Result<JsonPage> DutyService::list_handovers(const Principal& p, const std::string& state,
                                             int64_t page, int64_t page_size) {
  if (!state.empty() && state != "written" && state != "acknowledged")
    return Error::bad_request("'state' must be written or acknowledged.", "state");
  auto c = db_.acquire();
  store::Where w = scope_for(p);
  if (!state.empty()) w.add("state = ?", {state});
  JsonPage out;
  out.total = store::count_handovers(*c, w);
  for (const auto& h : store::select_handovers(*c, w, page_size, (page - 1) * page_size))
    out.items.push_back(handover_json(h));
  return out;
}

Result<json::object> DutyService::add_log(const Principal& p, int64_t shift_id,
                                          const json::object& body, const platform::Actor& who) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto s = store::select_shift(*c, shift_id, scope_for(p));
  if (!s) return Error::not_found();
  if (!may_write_log(p) && !on_shift(*s, p.user_id))
    return Error::forbidden("Your role may not write the duty log.");
  if (p.read_only) return Error::forbidden("Your role may not write the duty log.");
  LG_TRY_ASSIGN(LogInput in, parse_log(body));
  const int64_t now = clock_.now_ms();
  LogEntry e;
  e.shift_id = shift_id;
  e.unit_code = s->unit_code;
  e.town_code = s->town_code;
  e.at_ms = in.at_ms.value_or(now);
  // An entry records what happened during the shift, written then or afterwards.
  if (e.at_ms <= s->starts_at_ms || e.at_ms > s->ends_at_ms)
    return Error::validation("at", "'at' must lie within the shift.");
  if (e.at_ms > now + 60 * 1000) return Error::validation("at", "'at' may not lie in the future.");
  e.kind = in.kind;
  e.text = std::move(in.text);
  e.author_id = p.user_id;
  e.author_name = p.display_name.empty() ? p.username : p.display_name;
  e.created_at_ms = now;
  e.id = store::insert_log(*c, e);
  json::object out = log_json(e);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("create", "duty_log", std::to_string(e.id), nullptr, out,
         event_of("log", json::serialize(out), e.town_code));
  ch.commit(*c, tx);
  return out;
}

Result<json::array> DutyService::list_log(const Principal& p, int64_t shift_id) {
  auto c = db_.acquire();
  auto s = store::select_shift(*c, shift_id, scope_for(p));
  if (!s) return Error::not_found();
  json::array out;
  for (const auto& e : store::select_log(*c, shift_id, scope_for(p), 1000))
    out.push_back(log_json(e));
  return out;
}

Result<JsonPage> DutyService::contacts(const Principal& p, int64_t page, int64_t page_size) {
  // The book mirrors the users bound to a jurisdiction (auth's, asked before the connection is
  // taken): new or renamed users are written into it, then it is read with the scope in SQL.
  std::vector<Contact> users;
  for (const auto& u : users_.list_users())
    if (!u.disabled && u.scope_type != ScopeType::kEnterprise && !u.scope_code.empty())
      users.push_back(contact_of(u));
  auto c = db_.acquire();
  {
    std::map<int64_t, Contact> known;
    for (auto& k : store::select_contacts(*c, store::Where{}, 100000, 0)) known[k.user_id] = k;
    bool stale = false;
    for (const auto& k : users) {
      auto it = known.find(k.user_id);
      stale = stale || it == known.end() || it->second.name != k.name ||
              it->second.unit_code != k.unit_code;
    }
    if (stale) {
      db::Transaction tx(*c);
      for (const auto& k : users) {
        auto it = known.find(k.user_id);
        if (it == known.end() || it->second.name != k.name || it->second.unit_code != k.unit_code)
          store::upsert_contact(*c, k);
      }
      tx.commit();
    }
  }
  store::Where w = scope_for(p);
  JsonPage out;
  out.total = store::count_contacts(*c, w);
  for (const auto& k : store::select_contacts(*c, w, page_size, (page - 1) * page_size))
    out.items.push_back(contact_json(k));
  return out;
}

Result<json::object> DutyService::set_phone(const Principal& p, int64_t user_id,
                                            const json::object& body, const platform::Actor& who) {
  auto u = users_.get_user(user_id);
  if (!u || u->scope_type == ScopeType::kEnterprise) return Error::not_found();
  Contact k = contact_of(*u);
  if (!in_scope(p, kScopeColumns, Placement{k.town_code, "", std::nullopt}))
    return Error::not_found();
  if (p.read_only || (p.user_id != user_id && !may_keep_rota(p)))
    return Error::forbidden("Your role may not change this phone number.");
  LG_TRY_ASSIGN(k.phone, parse_phone(body));
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto before = store::select_contact(*c, user_id, store::Where{});
  if (before) k.synthetic = before->synthetic;
  store::upsert_contact(*c, k);
  json::object out = contact_json(k);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("update", "duty_contacts", std::to_string(user_id),
         before ? json::value(contact_json(*before)) : json::value(nullptr), out,
         event_of("contact", json::serialize(out), k.town_code));
  ch.commit(*c, tx);
  return out;
}

int64_t DutyService::load_samples(const std::string& password_hash, uint64_t seed,
                                  const platform::Actor& who) {
  static constexpr std::string_view kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄",
                                                   "周", "吴", "徐", "孙", "胡", "朱", "高", "林"};
  static constexpr std::string_view kGiven[] = {"建国", "海燕", "志强", "丽华", "文斌", "晓东",
                                                "秀英", "俊杰", "雪梅", "国平", "春燕", "立新"};
  std::mt19937_64 rng(seed);  // the engine's output is fixed by the standard: same seed, same rota
  std::vector<Unit> units = all_units();
  struct Person {
    int64_t id;
    Contact contact;
  };
  std::map<std::string, std::vector<Person>> staff;
  for (const auto& unit : units) {
    for (int i = 1; i <= 3; ++i) {
      auth::NewUser nu;
      nu.username = fmt::format("duty_{}_{}", unit.code, i);
      nu.display_name = fmt::format("{}{}（演示）", kSurnames[rng() % std::size(kSurnames)],
                                    kGiven[rng() % std::size(kGiven)]);
      nu.password_hash = password_hash;
      nu.role = unit.town_code.empty() ? Role::kDistrictOfficer : Role::kTownOfficer;
      nu.scope_code = unit.code;
      auto made = users_.add_user(nu, who);
      if (!made) continue;
      Contact k = contact_of(*made);
      k.phone = fmt::format("0571-8{:07}", rng() % 10000000);  // synthetic numbers
      k.synthetic = true;
      staff[unit.code].push_back(Person{made->id, k});
    }
  }
  const int64_t monday = week_start(clock_.now_ms());
  const int64_t start = monday + 8 * kHourMs;  // 08:00 Beijing
  int64_t made = 0;
  auto c = db_.acquire();
  db::Transaction tx(*c);
  platform::ChangeSet ch(audit_, nullptr, clock_, who);
  for (const auto& unit : units) {
    auto it = staff.find(unit.code);
    if (it == staff.end() || it->second.size() < 3) continue;
    for (const auto& person : it->second) store::upsert_contact(*c, person.contact);
    // The day before Monday too, so that "now" is covered on a Monday before 08:00.
    const size_t offset = rng() % 3;
    for (int d = -1; d < 7; ++d) {
      Shift s;
      s.unit_code = unit.code;
      s.town_code = unit.town_code;
      s.starts_at_ms = start + d * kDayMs;
      s.ends_at_ms = s.starts_at_ms + kDayMs;
      s.synthetic = true;
      s.note = "演示数据 synthetic";
      s.created_at_ms = s.updated_at_ms = clock_.now_ms();
      // Three people rotate: the leader of a day is the officer of the day before.
      const size_t k = static_cast<size_t>(d + 1) + offset;
      const Person& leader = it->second[k % 3];
      const Person& officer = it->second[(k + 1) % 3];
      s.people = {Assignment{leader.id, DutyRole::kLeader, leader.contact.name},
                  Assignment{officer.id, DutyRole::kOfficer, officer.contact.name}};
      s.id = store::insert_shift(*c, s);
      ch.add("create", "duty_shifts", std::to_string(s.id), nullptr,
             json::object{{"unit_code", s.unit_code}, {"synthetic", true}});
      ++made;
    }
  }
  ch.commit(*c, tx);
  return made;
}

}  // namespace lakeguard::duty
