#include "codes/service.h"
#include "core/json.h"

#include <openssl/rand.h>

#include <fmt/format.h>

#include <stdexcept>

#include "codes/requests.h"
#include "codes/rules.h"
#include "codes/store.h"
#include "core/dates.h"

namespace lakeguard::codes {
namespace {

namespace json = boost::json;

std::string str_or_empty(const json::object& o, std::string_view k) {
  auto v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

store::Where scope_for(const Principal& p) {
  return store::scope_where(scope_of(p, kScopeColumns));
}

// Reads made for a code's colour and for the public page, which answer for the platform and
// not for a user: the whole district, read only.
Principal system_reader() {
  Principal p;
  p.username = "system";
  p.role = Role::kAdmin;
  p.scope_type = ScopeType::kDistrict;
  p.read_only = true;
  return p;
}

bool may_write_workers(const Principal& p) {
  if (p.read_only) return false;
  switch (p.role) {
    case Role::kAdmin:
    case Role::kDistrictOfficer:
    case Role::kTownOfficer:
    case Role::kCommunityOfficer:
    case Role::kEnterpriseUser:
      return true;
    case Role::kInspector:
    case Role::kViewer:
      return false;
  }
  return false;
}

// 16 bytes from the OS CSPRNG as 32 lowercase hex characters: a token nobody can guess or
// enumerate (2^128), so a public page is reached only through its printed code.
std::string new_token() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("RAND_bytes failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (unsigned char c : b) {
    s.push_back(kHex[c >> 4]);
    s.push_back(kHex[c & 15]);
  }
  return s;
}

json::array reasons_json(const Verdict& v) {
  json::array a;
  for (const auto& r : v.reasons)
    a.push_back(
        json::object{{"rule", r.rule}, {"colour", colour_name(r.colour)}, {"value", r.value}});
  return a;
}

json::value opt_text(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

int64_t open_count(const json::object& stats) {
  int64_t total = stats.at("total").to_number<int64_t>();
  int64_t closed = stats.at("by_status").as_object().at("closed").to_number<int64_t>();
  return total - closed;
}

}  // namespace

CodesService::CodesService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                           EventSink* events, registry::RegistryService& registry,
                           hazards::HazardsService& hazards, CodesOptions opts)
    : db_(db),
      clock_(clock),
      audit_(audit),
      events_(events),
      registry_(registry),
      hazards_(hazards),
      opts_(std::move(opts)) {}

std::string CodesService::public_url(const std::string& base_url, const std::string& token) const {
  std::string base = opts_.public_base_url.empty() ? base_url : opts_.public_base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/public/codes/" + token;
}

Event CodesService::event_of(std::string_view type, std::string data,
                             const Placement& where) const {
  Event e;
  e.topic = "codes";
  e.type = std::string(type);
  e.data = std::move(data);
  e.where = where;
  return e;
}

Result<json::object> CodesService::enterprise_of(const Principal& p, int64_t enterprise_id) {
  const registry::KindSpec* enterprises = registry::find_kind("enterprises");
  if (!enterprises) return Error::not_found();
  auto ent = registry_.get(p, *enterprises, enterprise_id, std::nullopt);
  if (!ent) {
    if (ent.error().code == ErrorCode::kForbidden) return Error::not_found();
    return std::move(ent).error();
  }
  return *ent;
}

Verdict CodesService::verdict_of_enterprise(int64_t enterprise_id) {
  EnterpriseFacts f;
  if (index_colour_)
    if (auto name = index_colour_(enterprise_id)) f.index_colour = index_colour(*name);
  const Principal sys = system_reader();
  const std::string id = std::to_string(enterprise_id);
  auto major = hazards_.stats(sys, {{"enterprise_id", id}, {"class", "重大"}});
  auto general = hazards_.stats(sys, {{"enterprise_id", id}, {"class", "一般"}});
  if (major) {
    f.open_major = open_count(*major);
    f.overdue_major = major->at("overdue").to_number<int64_t>();
  }
  if (general) f.overdue_general = general->at("overdue").to_number<int64_t>();
  return enterprise_verdict(f);
}

json::object CodesService::worker_json(const Worker& w, const std::string& today) const {
  Verdict v = worker_verdict({w.certificate_valid_until, w.trained_on, w.open_violation}, today);
  return json::object{{"id", w.id},
                      {"enterprise_id", w.enterprise_id},
                      {"town_code", w.town_code},
                      {"community_code", w.community_code.empty() ? json::value(nullptr)
                                                                  : json::value(w.community_code)},
                      {"name", w.name},
                      {"category", w.category},
                      {"certificate_no", w.certificate_no},
                      {"certificate_valid_until", w.certificate_valid_until},
                      {"trained_on", opt_text(w.trained_on)},
                      {"open_violation", w.open_violation},
                      {"colour", colour_name(v.colour)},
                      {"valid", v.colour == Colour::kGreen},
                      {"reasons", reasons_json(v)},
                      {"created_at", iso_utc(w.created_at_ms)},
                      {"updated_at", iso_utc(w.updated_at_ms)},
                      {"version", w.version}};
}

json::object CodesService::code_json(const Code& k, const Verdict& v, const std::string& name,
                                     const std::optional<std::string>& valid_until,
                                     const std::string& base_url) const {
  return json::object{{"subject", subject_name(k.subject)},
                      {"subject_id", k.subject_id},
                      {"enterprise_id", k.enterprise_id},
                      {"name", name},
                      {"colour", colour_name(v.colour)},
                      {"colour_label", colour_label(v.colour)},
                      {"reasons", reasons_json(v)},
                      {"valid_until", opt_text(valid_until)},
                      {"token", k.token},
                      {"url", public_url(base_url, k.token)},
                      {"claimed", k.claimed_at_ms.has_value()},
                      {"claimed_at", k.claimed_at_ms ? json::value(iso_utc(*k.claimed_at_ms))
                                                     : json::value(nullptr)},
                      {"checked_at", iso_utc(clock_.now_ms())}};
}

Code CodesService::issue(db::Connection& c, Subject s, int64_t subject_id, int64_t enterprise_id,
                         const std::string& town, const std::string& community,
                         platform::ChangeSet& changes) {
  if (auto k = store::select_code(c, s, subject_id)) return *k;
  Code k;
  k.subject = s;
  k.subject_id = subject_id;
  k.token = new_token();
  k.enterprise_id = enterprise_id;
  k.town_code = town;
  k.community_code = community;
  k.created_at_ms = clock_.now_ms();
  Code made = store::insert_code(c, k);
  if (made.token == k.token)  // not issued meanwhile by another request
    changes.add("issue", "safety_codes", std::to_string(made.id), nullptr,
                json::object{{"subject", subject_name(s)}, {"subject_id", subject_id}});
  return made;
}

Result<WorkerPage> CodesService::list_workers(const Principal& p, int64_t enterprise_id,
                                              int64_t page, int64_t page_size) {
  LG_TRY(enterprise_of(p, enterprise_id));
  const std::string today = local_date(clock_.now_ms());
  auto c = db_.acquire();
  store::Where w = scope_for(p);
  w.add("enterprise_id = ?", {enterprise_id});
  WorkerPage out;
  out.total = store::count_workers(*c, w);
  for (const auto& wk : store::select_workers(*c, w, page_size, (page - 1) * page_size))
    out.items.push_back(worker_json(wk, today));
  return out;
}

Result<json::object> CodesService::create_worker(const Principal& p, int64_t enterprise_id,
                                                 const json::object& body,
                                                 const platform::Actor& who) {
  if (!may_write_workers(p))
    return Error::forbidden("Your role may not record special-operations workers.");
  LG_TRY_ASSIGN(json::object ent, enterprise_of(p, enterprise_id));
  const int64_t now = clock_.now_ms();
  const std::string today = local_date(now);
  LG_TRY_ASSIGN(Worker w, parse_worker(body, false, Worker{}, today));
  w.enterprise_id = enterprise_id;
  w.town_code = str_or_empty(ent, "town_code");
  w.community_code = str_or_empty(ent, "community_code");
  w.created_at_ms = now;
  w.updated_at_ms = now;
  auto c = db_.acquire();
  db::Transaction tx(*c);
  try {
    w.id = store::insert_worker(*c, w);
  } catch (const db::ConstraintError&) {
    return Error::conflict("A worker with this certificate number is already recorded.",
                           "certificate_no");
  }
  platform::ChangeSet ch(audit_, events_, clock_, who);
  json::object out = worker_json(w, today);
  const Placement where{w.town_code, w.community_code, w.enterprise_id};
  ch.add("create", "special_workers", std::to_string(w.id), nullptr, out,
         event_of("created", json_text(out), where));
  issue(*c, Subject::kWorker, w.id, w.enterprise_id, w.town_code, w.community_code, ch);
  ch.commit(*c, tx);
  return out;
}

Result<json::object> CodesService::get_worker(const Principal& p, int64_t id) {
  auto c = db_.acquire();
  auto w = store::select_worker(*c, id, scope_for(p));
  if (!w) return Error::not_found();
  return worker_json(*w, local_date(clock_.now_ms()));
}

Result<json::object> CodesService::update_worker(const Principal& p, int64_t id,
                                                 const json::object& body,
                                                 std::optional<int64_t> if_match,
                                                 const platform::Actor& who) {
  const int64_t now = clock_.now_ms();
  const std::string today = local_date(now);
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto before = store::select_worker(*c, id, scope_for(p));
  if (!before) return Error::not_found();
  if (!may_write_workers(p))
    return Error::forbidden("Your role may not record special-operations workers.");
  if (if_match && *if_match != before->version)
    return Error::conflict("The object changed meanwhile; reload it.");
  LG_TRY_ASSIGN(Worker w, parse_worker(body, true, *before, today));
  json::object old_json = worker_json(*before, today);
  if (w.name == before->name && w.category == before->category &&
      w.certificate_no == before->certificate_no &&
      w.certificate_valid_until == before->certificate_valid_until &&
      w.trained_on == before->trained_on && w.open_violation == before->open_violation)
    return old_json;  // nothing changes: no version, no audit, no event
  w.updated_at_ms = now;
  int64_t n = 0;
  try {
    n = store::update_worker(*c, w, before->version);
  } catch (const db::ConstraintError&) {
    return Error::conflict("A worker with this certificate number is already recorded.",
                           "certificate_no");
  }
  if (n == 0) return Error::conflict("The object changed meanwhile; reload it.");
  w.version = before->version + 1;
  json::object out = worker_json(w, today);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("update", "special_workers", std::to_string(id), old_json, out,
         event_of("updated", json_text(out),
                  Placement{w.town_code, w.community_code, w.enterprise_id}));
  ch.commit(*c, tx);
  return out;
}

Status CodesService::delete_worker(const Principal& p, int64_t id, const platform::Actor& who) {
  const std::string today = local_date(clock_.now_ms());
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto before = store::select_worker(*c, id, scope_for(p));
  if (!before) return Error::not_found();
  if (!may_write_workers(p))
    return Error::forbidden("Your role may not record special-operations workers.");
  store::delete_worker(*c, id);
  store::delete_code(*c, Subject::kWorker, id);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("delete", "special_workers", std::to_string(id), worker_json(*before, today), nullptr,
         event_of("deleted", json_text(json::object{{"id", id}}),
                  Placement{before->town_code, before->community_code, before->enterprise_id}));
  ch.commit(*c, tx);
  return ok_status();
}

Result<json::object> CodesService::enterprise_code(const Principal& p, int64_t enterprise_id,
                                                   const std::string& base_url,
                                                   const platform::Actor& who) {
  LG_TRY_ASSIGN(json::object ent, enterprise_of(p, enterprise_id));
  Verdict v = verdict_of_enterprise(enterprise_id);
  auto c = db_.acquire();
  db::Transaction tx(*c);
  platform::ChangeSet ch(audit_, nullptr, clock_, who);
  Code k = issue(*c, Subject::kEnterprise, enterprise_id, enterprise_id,
                 str_or_empty(ent, "town_code"), str_or_empty(ent, "community_code"), ch);
  ch.commit(*c, tx);
  // The colour is computed at every read: valid for the day it is shown.
  return code_json(k, v, str_or_empty(ent, "name"), local_date(clock_.now_ms()), base_url);
}

Result<json::object> CodesService::worker_code(const Principal& p, int64_t worker_id,
                                               const std::string& base_url,
                                               const platform::Actor& who) {
  const std::string today = local_date(clock_.now_ms());
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto w = store::select_worker(*c, worker_id, scope_for(p));
  if (!w) return Error::not_found();
  platform::ChangeSet ch(audit_, nullptr, clock_, who);
  Code k =
      issue(*c, Subject::kWorker, w->id, w->enterprise_id, w->town_code, w->community_code, ch);
  ch.commit(*c, tx);
  Verdict v = worker_verdict({w->certificate_valid_until, w->trained_on, w->open_violation}, today);
  return code_json(k, v, w->name, w->certificate_valid_until, base_url);
}

Result<json::object> CodesService::claim(const Principal& p, const std::string& token,
                                         const platform::Actor& who) {
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto k = store::select_code_by_token(*c, token);
  if (!k ||
      !scope_of(p, kScopeColumns)
           .admits(Placement{k->town_code, k->community_code, k->enterprise_id}, kScopeColumns))
    return Error::not_found();
  // 认领: the enterprise takes responsibility for its code and its workers' codes; officers
  // issue codes but do not claim them.
  if (p.role != Role::kEnterpriseUser || p.read_only || p.enterprise_id != k->enterprise_id)
    return Error::forbidden("Only the enterprise's own user may claim its codes.");
  if (k->claimed_at_ms) return Error::conflict("This code is already claimed.");
  const int64_t now = clock_.now_ms();
  if (store::claim_code(*c, k->id, now, p.user_id, p.username) == 0)
    return Error::conflict("This code is already claimed.");
  json::object after{{"subject", subject_name(k->subject)},
                     {"subject_id", k->subject_id},
                     {"claimed_at", iso_utc(now)},
                     {"claimed_by", p.username}};
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("claim", "safety_codes", std::to_string(k->id), nullptr, after,
         event_of("updated", json_text(after),
                  Placement{k->town_code, k->community_code, k->enterprise_id}));
  ch.commit(*c, tx);
  return after;
}

Result<json::object> CodesService::stats(const Principal& p) {
  auto c = db_.acquire();
  json::object by_town;
  int64_t codes[2] = {0, 0}, claimed[2] = {0, 0};
  for (const auto& t : store::claim_tally(*c, scope_for(p))) {
    int i = t.subject == "worker" ? 1 : 0;
    codes[i] += t.codes;
    claimed[i] += t.claimed;
    auto& town = by_town[t.town_code];
    if (!town.is_object()) town = json::object{};
    town.as_object()[t.subject] = json::object{{"codes", t.codes}, {"claimed", t.claimed}};
  }
  auto rate = [](int64_t n, int64_t d) {
    return d ? json::value(static_cast<double>(n) / static_cast<double>(d)) : json::value(nullptr);
  };
  return json::object{{"enterprise", json::object{{"codes", codes[0]},
                                                  {"claimed", claimed[0]},
                                                  {"claim_rate", rate(claimed[0], codes[0])}}},
                      {"worker", json::object{{"codes", codes[1]},
                                              {"claimed", claimed[1]},
                                              {"claim_rate", rate(claimed[1], codes[1])}}},
                      {"claim_rate", rate(claimed[0] + claimed[1], codes[0] + codes[1])},
                      {"by_town", std::move(by_town)}};
}

Result<json::object> CodesService::public_view(const std::string& token) {
  std::optional<Code> k;
  std::optional<Worker> w;
  {
    auto c = db_.acquire();
    k = store::select_code_by_token(*c, token);
    if (!k) return Error::not_found("No such code.");
    if (k->subject == Subject::kWorker) {
      w = store::select_worker(*c, k->subject_id, store::Where{});
      if (!w) return Error::not_found("No such code.");
    }
  }
  const std::string today = local_date(clock_.now_ms());
  json::object out{{"subject", subject_name(k->subject)}, {"checked_at", iso_utc(clock_.now_ms())}};
  Verdict v;
  if (w) {
    v = worker_verdict({w->certificate_valid_until, w->trained_on, w->open_violation}, today);
    out["name"] = masked_name(w->name);
    out["category"] = w->category;
    out["valid_until"] = w->certificate_valid_until;
  } else {
    LG_TRY_ASSIGN(json::object ent, enterprise_of(system_reader(), k->enterprise_id));
    v = verdict_of_enterprise(k->enterprise_id);
    out["name"] = str_or_empty(ent, "name");
    out["valid_until"] = today;
  }
  out["colour"] = colour_name(v.colour);
  out["colour_label"] = colour_label(v.colour);
  json::array rules;
  for (const auto& r : v.reasons)
    if (r.colour == v.colour && r.rule != "no_risk_index") rules.emplace_back(r.rule);
  out["because"] = std::move(rules);  // rule names only: no counts, dates or identifiers
  return out;
}

}  // namespace lakeguard::codes
