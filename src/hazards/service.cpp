#include "hazards/service.h"
#include "core/json.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <unordered_map>

#include "hazards/dates.h"
#include "hazards/lifecycle.h"
#include "hazards/photos.h"
#include "hazards/requests.h"
#include "hazards/schedule.h"
#include "hazards/store.h"
#include "registry/model.h"

namespace lakeguard::hazards {
namespace {

namespace json = boost::json;

std::string str_or_empty(const json::object& o, std::string_view k) {
  auto v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

json::object photo_json(const store::PhotoLink& l) {
  return json::object{{"hash", l.hash},
                      {"media_type", l.media_type},
                      {"size_bytes", l.size_bytes},
                      {"purpose", l.purpose},
                      {"added_by", l.added_by},
                      {"added_at", iso_utc(l.added_at_ms)},
                      {"url", "/api/v1/hazards/photos/" + l.hash}};
}

store::Where scope_for(const Principal& p) {
  // Every role may read hidden dangers inside its scope (PRODUCT.md: an inspector's is the
  // district, a viewer's its jurisdiction).
  return store::scope_where(scope_of(p, kScopeColumns));
}

}  // namespace

HazardsService::HazardsService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                               EventSink* events, registry::RegistryService& registry,
                               HazardsOptions opts)
    : db_(db), clock_(clock), audit_(audit), events_(events), registry_(registry), opts_(opts) {}

Event HazardsService::event_of(std::string_view type, const Hazard& h,
                               const std::string& today) const {
  Event e;
  e.topic = "hazards";
  e.type = std::string(type);
  e.data = json_text(to_json(h, today));
  e.where = placement_of(h);  // a hazard never moves: its enterprise's place when reported
  return e;
}

json::object HazardsService::detail(db::Connection& c, const Principal& p, const Hazard& h,
                                    const std::string& today) {
  json::object o = to_json(h, today);
  json::array history;
  for (const auto& a : store::actions_of(c, h.id)) history.push_back(to_json(a));
  o["actions"] = std::move(history);
  json::array notices;
  for (const auto& n : store::notices_of(c, h.id)) notices.push_back(to_json(n));
  o["notices"] = std::move(notices);
  json::array photos;
  for (const auto& ph : store::photos_of(c, h.id)) photos.push_back(photo_json(ph));
  o["photos"] = std::move(photos);
  json::array allowed;
  if (!p.read_only)
    for (Action a : kAllActions)
      if (next_status(p.role, a, Facts{h.status, h.hazard_class, h.plan.has_value()}).ok())
        allowed.emplace_back(action_name(a));
  o["allowed_actions"] = std::move(allowed);
  return o;
}

Result<json::object> HazardsService::report(const Principal& p, const json::object& body,
                                            const platform::Actor& who) {
  if (!may_report(p.role)) return Error::forbidden("Your role may not report hidden dangers.");
  int64_t now = clock_.now_ms();
  LG_TRY_ASSIGN(NewHazard in, parse_new_hazard(body, now));
  // An enterprise's own reports are its self-checks (自查); inspections, reports and public tips
  // reach the platform through officers and inspectors.
  if (p.role == Role::kEnterpriseUser && in.source != Source::kSelfCheck)
    return Error{ErrorCode::kForbidden,
                 "An enterprise user reports its own self-checks (source self_check).", "source"};
  // The enterprise, as the caller may see it (the registry applies the caller's scope): one the
  // caller cannot see is refused like one that does not exist. Looked up before this service
  // takes a connection (an in-memory store has only one).
  const registry::KindSpec* enterprises = registry::find_kind("enterprises");
  if (!enterprises) return Error::validation("enterprise_id", "No such enterprise in your scope.");
  auto ent = registry_.get(p, *enterprises, in.enterprise_id, std::nullopt);
  if (!ent) {
    if (ent.error().code == ErrorCode::kNotFound || ent.error().code == ErrorCode::kForbidden)
      return Error::validation("enterprise_id", "No such enterprise in your scope.");
    return std::move(ent).error();
  }
  Hazard h;
  h.enterprise_id = in.enterprise_id;
  h.town_code = str_or_empty(*ent, "town_code");
  h.community_code = str_or_empty(*ent, "community_code");
  h.industry = str_or_empty(*ent, "industry");
  h.location = in.location;
  h.description = in.description;
  h.hazard_class = in.hazard_class;
  h.source = in.source;
  h.category = in.category;
  h.found_at_ms = in.found_at_ms.value_or(now);
  h.found_by = !in.found_by.empty()      ? in.found_by
               : !p.display_name.empty() ? p.display_name
                                         : p.username;
  h.status = State::kReported;
  h.reported_by = p.user_id;
  h.reported_by_name = p.username;
  h.created_at_ms = now;
  h.updated_at_ms = now;
  std::string today = local_date(now);

  auto c = db_.acquire();
  db::Transaction tx(*c);
  h.id = store::insert(*c, h);
  ActionRecord rec{.hazard_id = h.id,
                   .action = "report",
                   .to_status = std::string(state_name(h.status)),
                   .actor_id = who.user_id,
                   .actor = who.name,
                   .at_ms = now,
                   .payload = json_text(json::object{{"class", class_name(h.hazard_class)},
                                                     {"source", source_name(h.source)}}),
                   .request_id = who.request_id};
  store::insert_action(*c, rec);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("create", "hazards", std::to_string(h.id), nullptr, to_json(h, today),
         event_of("created", h, today));
  json::object out = detail(*c, p, h, today);
  ch.commit(*c, tx);
  return out;
}

Result<HazardPage> HazardsService::list(
    const Principal& p, const std::vector<std::pair<std::string, std::string>>& params) {
  LG_TRY_ASSIGN(ListFilter f, parse_list_filter(params));
  f.today = local_date(clock_.now_ms());
  store::Where w = scope_for(p);
  store::add_filter(f, w);
  auto c = db_.acquire();
  HazardPage page;
  page.total = store::count(*c, w);
  page.page = f.page;
  page.page_size = f.page_size;
  for (const auto& h : store::select(*c, w, f, f.page_size, (f.page - 1) * f.page_size))
    page.items.push_back(to_json(h, f.today));
  return page;
}

Result<json::object> HazardsService::get(const Principal& p, int64_t id) {
  auto c = db_.acquire();
  auto h = store::select_one(*c, id, scope_for(p));
  if (!h) return Error::not_found();
  return detail(*c, p, *h, local_date(clock_.now_ms()));
}

Result<json::object> HazardsService::act(const Principal& p, int64_t id, const json::object& body,
                                         std::optional<int64_t> if_match,
                                         const platform::Actor& who) {
  int64_t now = clock_.now_ms();
  std::string today = local_date(now);
  LG_TRY_ASSIGN(ActionRequest req,
                parse_action_request(body, {.now_ms = now, .max_days = opts_.max_deadline_days}));
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto found = store::select_one(*c, id, scope_for(p));
  if (!found) return Error::not_found();
  const Hazard& before = *found;
  if (if_match && *if_match != before.version)
    return Error::conflict(
        fmt::format("The hidden danger changed (version {} now, {} expected); reload it.",
                    before.version, *if_match));
  HazardClass cls =
      req.action == Action::kConfirm && req.hazard_class ? *req.hazard_class : before.hazard_class;
  LG_TRY_ASSIGN(State next, next_status(p.role, req.action,
                                        Facts{before.status, cls, before.plan.has_value()}));
  Hazard after = before;
  after.status = next;
  after.updated_at_ms = now;
  json::object payload;
  switch (req.action) {
    case Action::kConfirm: {
      if (cls != before.hazard_class) payload["class_from"] = class_name(before.hazard_class);
      after.hazard_class = cls;
      std::string deadline = req.deadline;
      if (deadline.empty()) {
        if (cls == HazardClass::kMajor) {
          // A 重大 one is rectified by its plan (16号令): its deadline is the plan's.
          deadline = before.plan->deadline;
          if (deadline < today)
            return Error::validation(
                "deadline", "The plan's deadline has passed; give a deadline or revise the plan.");
        } else {
          deadline = local_date_plus(now, opts_.default_deadline_days);
        }
      }
      after.deadline = deadline;
      after.deadline_set_at_ms = now;
      after.confirmed_at_ms = now;
      // Who answers for it (schedule.h): the enterprise, or the community a community officer
      // confirmed it for. Reminders go there, supervision orders (督办) to the level above.
      after.responsible_level = std::string(level_name(responsible_level(p.role)));
      payload["responsible_level"] = after.responsible_level;
      payload["class"] = class_name(cls);
      payload["deadline"] = deadline;
      if (!req.note.empty()) payload["note"] = req.note;
      break;
    }
    case Action::kPlan:
      // Revising the plan does not move the hazard's deadline: supervision keeps the one set at
      // confirm (docs/hazards.md).
      if (before.plan && *before.plan == *req.plan)
        return detail(*c, p, before, today);  // the same plan again: nothing to record
      payload = to_json(*req.plan);
      payload["revised"] = before.plan.has_value();
      after.plan = req.plan;
      break;
    case Action::kSubmit: {
      payload["note"] = req.note;
      // The evidence photos must have been uploaded to this hidden danger before.
      if (!req.photos.empty()) {
        auto attached = store::photos_of(*c, id);
        json::array named;
        for (const auto& hash : req.photos) {
          bool found = false;
          for (const auto& l : attached) found = found || l.hash == hash;
          if (!found)
            return Error::validation(
                "photos",
                fmt::format("Photo {} is not attached to this hidden danger; upload it first.",
                            hash.substr(0, 12)));
          named.emplace_back(hash);
        }
        payload["photos"] = std::move(named);
      }
      break;
    }
    case Action::kAccept:
      after.closed_at_ms = now;
      after.closed_on = today;
      if (!req.note.empty()) payload["note"] = req.note;
      break;
    case Action::kReject:
      payload["reason"] = req.reason;
      break;
    case Action::kReopen: {
      after.closed_at_ms.reset();
      after.closed_on.clear();
      after.deadline =
          req.deadline.empty() ? local_date_plus(now, opts_.default_deadline_days) : req.deadline;
      after.deadline_set_at_ms = now;  // a new deadline: reminded and supervised anew
      payload["reason"] = req.reason;
      payload["deadline"] = after.deadline;
      break;
    }
  }
  if (store::update(*c, after, before.version) == 0)
    return Error::conflict("The hidden danger changed meanwhile; reload it.");
  after.version = before.version + 1;
  ActionRecord rec{.hazard_id = id,
                   .action = std::string(action_name(req.action)),
                   .from_status = std::string(state_name(before.status)),
                   .to_status = std::string(state_name(after.status)),
                   .actor_id = who.user_id,
                   .actor = who.name,
                   .at_ms = now,
                   .payload = json_text(payload),
                   .request_id = who.request_id};
  store::insert_action(*c, rec);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  // The audit entry's action is the workflow step (confirm, accept, …), with before/after.
  ch.add(std::string(action_name(req.action)), "hazards", std::to_string(id),
         to_json(before, today), to_json(after, today), event_of("updated", after, today));
  json::object out = detail(*c, p, after, today);
  ch.commit(*c, tx);
  return out;
}

std::map<int64_t, EnterpriseCounts> HazardsService::counts_by_enterprise(
    const Principal& p, std::optional<int64_t> enterprise_id) {
  store::Where w = scope_for(p);
  ListFilter f;
  f.enterprise_id = enterprise_id;
  store::add_filter(f, w);
  auto c = db_.acquire();
  return store::counts_by_enterprise(*c, w, local_date(clock_.now_ms()));
}

Result<json::object> HazardsService::stats(
    const Principal& p, const std::vector<std::pair<std::string, std::string>>& params) {
  for (const auto& [k, v] : params)
    if (k == "page" || k == "page_size" || k == "sort")
      return Error::bad_request(fmt::format("Unknown query parameter '{}' for hazards.", k), k);
  LG_TRY_ASSIGN(ListFilter f, parse_list_filter(params));
  f.today = local_date(clock_.now_ms());
  store::Where w = scope_for(p);
  store::add_filter(f, w);
  auto c = db_.acquire();
  auto tallies = [&](store::TallyBy by) {
    json::object o;
    for (const auto& t : store::tally(*c, w, by)) o[t.key] = t.count;
    return o;
  };
  json::object by_status;
  for (State s : kAllStates) by_status[state_name(s)] = 0;
  for (const auto& t : store::tally(*c, w, store::TallyBy::kStatus)) by_status[t.key] = t.count;
  json::object by_class;
  for (HazardClass k : kAllClasses) by_class[class_name(k)] = 0;
  for (const auto& t : store::tally(*c, w, store::TallyBy::kClass)) by_class[t.key] = t.count;
  store::Where overdue_w = w;
  ListFilter only_overdue;
  only_overdue.overdue = true;
  only_overdue.today = f.today;
  store::add_filter(only_overdue, overdue_w);
  auto closed = store::closure(*c, w);
  json::object out;
  out["total"] = store::count(*c, w);
  out["by_status"] = std::move(by_status);
  out["by_class"] = std::move(by_class);
  out["by_town"] = tallies(store::TallyBy::kTown);
  out["by_industry"] = tallies(store::TallyBy::kIndustry);
  out["by_source"] = tallies(store::TallyBy::kSource);
  out["overdue"] = store::count(*c, overdue_w);
  out["closed"] = closed.closed;
  out["closed_on_time"] = closed.on_time;
  // On time: closed (销号) on or before its deadline day; null while nothing is closed.
  out["on_time_rate"] =
      closed.closed
          ? json::value(static_cast<double>(closed.on_time) / static_cast<double>(closed.closed))
          : json::value(nullptr);
  out["mean_days_to_close"] = closed.closed ? json::value(closed.mean_days) : json::value(nullptr);
  out["today"] = f.today;
  return out;
}

// --- Supervision orders (督办) ---

Result<HazardPage> HazardsService::supervisions(
    const Principal& p, const std::vector<std::pair<std::string, std::string>>& params) {
  LG_TRY_ASSIGN(SupervisionFilter f, parse_supervision_filter(params));
  int64_t now = clock_.now_ms();
  std::string today = local_date(now);
  store::Where w = store::scope_where(scope_of(p, kJoinedScopeColumns));
  if (f.status == "open")
    w.add("h.status IN ('rectifying', 'submitted')");
  else if (f.status == "closed")
    w.add("h.status = 'closed'");
  ListFilter& lf = f.list;
  if (lf.status) w.add("h.status = ?", {std::string(state_name(*lf.status))});
  if (lf.hazard_class) w.add("h.class = ?", {std::string(class_name(*lf.hazard_class))});
  if (!lf.town_code.empty()) w.add("h.town_code = ?", {lf.town_code});
  if (!lf.community_code.empty()) w.add("h.community_code = ?", {lf.community_code});
  if (lf.enterprise_id) w.add("h.enterprise_id = ?", {*lf.enterprise_id});
  auto c = db_.acquire();
  HazardPage page;
  page.total = store::count_supervisions(*c, w);
  page.page = lf.page;
  page.page_size = lf.page_size;
  for (const auto& s :
       store::select_supervisions(*c, w, lf.page_size, (lf.page - 1) * lf.page_size)) {
    json::object o = to_json(s.hazard, today);
    o["escalations"] = s.escalations;
    o["supervised_by_level"] = s.to_level;
    o["supervised_by_code"] = s.to_code.empty() ? json::value(nullptr) : json::value(s.to_code);
    o["first_order_at"] = iso_utc(s.first_due_ms);
    o["last_order_at"] = iso_utc(s.last_due_ms);
    auto deadline_day = parse_date(s.hazard.deadline);
    int64_t until = s.hazard.closed_at_ms ? local_day(*s.hazard.closed_at_ms) : local_day(now);
    o["days_overdue"] = deadline_day ? std::max<int64_t>(0, until - *deadline_day) : 0;
    page.items.push_back(std::move(o));
  }
  return page;
}

// --- Photos ---

Result<HazardsService::PhotoAdded> HazardsService::add_photo(const Principal& p, int64_t id,
                                                             const std::string& media_type,
                                                             const std::string& bytes,
                                                             const platform::Actor& who) {
  // The limit first (413), then what it is (415): by its bytes, whatever it is called.
  if (static_cast<int64_t>(bytes.size()) > opts_.max_photo_bytes)
    return Error{ErrorCode::kPayloadTooLarge,
                 fmt::format("A photo may be at most {} bytes.", opts_.max_photo_bytes), "body"};
  auto sniffed = sniff_image(bytes);
  if (!photo_content_type_accepted(media_type) || !sniffed)
    return Error{ErrorCode::kUnsupportedMediaType,
                 "A photo must be a JPEG, PNG or WebP image (sent as image/jpeg, image/png, "
                 "image/webp or application/octet-stream).",
                 "body"};
  int64_t now = clock_.now_ms();
  std::string hash = photo_hash(bytes);
  std::string b64 = base64_encode(bytes);
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto h = store::select_one(*c, id, scope_for(p));
  if (!h) return Error::not_found();
  // What it shows depends on the step: the finding while reported, the rectification's evidence
  // while it is rectified; afterwards the record is closed to new photos.
  std::string purpose;
  if (h->status == State::kReported) {
    if (!may_report(p.role))
      return Error{ErrorCode::kForbidden, "Your role may not add photos to this hidden danger.",
                   "body"};
    purpose = "finding";
  } else if (h->status == State::kRectifying) {
    if (!role_may(p.role, Action::kSubmit))
      return Error{ErrorCode::kForbidden, "Your role may not add photos to this hidden danger.",
                   "body"};
    purpose = "evidence";
  } else {
    return Error::conflict(
        fmt::format("Photos are added while the hidden danger is reported or rectifying; it is "
                    "{}.",
                    state_name(h->status)),
        "status");
  }
  store::insert_photo(*c, hash, *sniffed, static_cast<int64_t>(bytes.size()), b64, now);
  store::PhotoLink link{.hash = hash,
                        .media_type = std::string(*sniffed),
                        .size_bytes = static_cast<int64_t>(bytes.size()),
                        .purpose = purpose,
                        .added_by = who.name,
                        .added_at_ms = now};
  bool created = store::link_photo(*c, id, link);
  PhotoAdded out;
  out.created = created;
  if (!created) {
    for (const auto& l : store::photos_of(*c, id))
      if (l.hash == hash) link = l;  // as first attached
    out.photo = photo_json(link);
    return out;  // the same photo again: nothing to record
  }
  out.photo = photo_json(link);
  std::string today = local_date(now);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("photo", "hazards", std::to_string(id), nullptr, out.photo,
         event_of("updated", *h, today));
  ch.commit(*c, tx);
  return out;
}

Result<HazardsService::PhotoBytes> HazardsService::photo(const Principal& p,
                                                         const std::string& hash) {
  if (!is_photo_hash(hash)) return Error::not_found();
  auto c = db_.acquire();
  auto stored =
      store::photo_in_scope(*c, hash, store::scope_where(scope_of(p, kJoinedScopeColumns)));
  if (!stored) return Error::not_found();
  auto bytes = base64_decode(stored->base64);
  if (!bytes) throw std::runtime_error("hazard photo " + hash + " is not valid base64");
  return PhotoBytes{stored->media_type, std::move(*bytes)};
}

Result<std::string> HazardsService::store_photo(const std::string& media_type,
                                                const std::string& bytes) {
  if (static_cast<int64_t>(bytes.size()) > opts_.max_photo_bytes)
    return Error{ErrorCode::kPayloadTooLarge,
                 fmt::format("A photo may be at most {} bytes.", opts_.max_photo_bytes), "body"};
  auto sniffed = sniff_image(bytes);
  if (!photo_content_type_accepted(media_type) || !sniffed)
    return Error{ErrorCode::kUnsupportedMediaType,
                 "A photo must be a JPEG, PNG or WebP image (sent as image/jpeg, image/png, "
                 "image/webp or application/octet-stream).",
                 "body"};
  std::string hash = photo_hash(bytes);
  auto c = db_.acquire();
  db::Transaction tx(*c);
  store::insert_photo(*c, hash, *sniffed, static_cast<int64_t>(bytes.size()), base64_encode(bytes),
                      clock_.now_ms());
  tx.commit();
  return hash;
}

Result<HazardsService::PhotoBytes> HazardsService::stored_photo(const std::string& hash) {
  if (!is_photo_hash(hash)) return Error::not_found();
  auto c = db_.acquire();
  auto stored = store::photo_by_hash(*c, hash);
  if (!stored) return Error::not_found();
  auto bytes = base64_decode(stored->base64);
  if (!bytes) throw std::runtime_error("hazard photo " + hash + " is not valid base64");
  return PhotoBytes{stored->media_type, std::move(*bytes)};
}

// --- The scheduler ---

json::object to_json(const PassCounts& c) {
  return json::object{
      {"at", iso_utc(c.now_ms)},  {"followed", c.followed},         {"recorded", c.recorded},
      {"reminders", c.reminders}, {"supervisions", c.supervisions}, {"superseded", c.superseded},
      {"late", c.late},           {"delivered", c.delivered},       {"failed", c.failed}};
}

Status LogNoticeSender::send(const OutgoingNotice& n) {
  const Notice& x = n.stored.notice;
  spdlog::info("hazard notice #{} to {} {}: {}", n.stored.id, level_name(x.to_level),
               x.to_code.empty() ? "-" : x.to_code, notice_text(n));
  return ok_status();
}

NoticeScheduler::NoticeScheduler(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                                 EventSink* events, NoticeSender& sender, SchedulerOptions opts)
    : db_(db), clock_(clock), audit_(audit), events_(events), sender_(sender), opts_(opts) {}

NoticeScheduler::~NoticeScheduler() { stop(); }

Result<PassCounts> NoticeScheduler::run(const Principal& p) {
  if (p.role != Role::kAdmin && p.role != Role::kDistrictOfficer)
    return Error::forbidden("Only a district officer may run the hidden-danger scheduler.");
  return run_pass();
}

PassCounts NoticeScheduler::run_pass() {
  std::lock_guard lk(pass_mu_);
  PassCounts counts;
  int64_t now = clock_.now_ms();
  counts.now_ms = now;
  std::vector<ScheduleInput> followed;
  NoticeKeys recorded;
  {
    auto c = db_.acquire();
    followed = store::followed(*c);
    recorded = store::recorded_keys(*c);
  }
  counts.followed = static_cast<int64_t>(followed.size());
  std::vector<Notice> missing = missing_notices(followed, recorded, now, opts_.schedule);
  if (!missing.empty()) {
    std::unordered_map<int64_t, const ScheduleInput*> by_id;
    for (const auto& h : followed) by_id[h.hazard_id] = &h;
    auto c = db_.acquire();
    db::Transaction tx(*c);
    platform::ChangeSet ch(audit_, events_, clock_, platform::Actor::system("scheduler"));
    for (const auto& n : missing) {
      bool late = now - n.due_at_ms > opts_.late_grace_ms;
      // Another pass (another instance) may have recorded it since we read: then nothing.
      auto nid = store::insert_notice(*c, n, now, late);
      if (!nid) continue;
      ++counts.recorded;
      ++(n.kind == NoticeKind::kReminder ? counts.reminders : counts.supervisions);
      if (n.superseded) ++counts.superseded;
      if (late) ++counts.late;
      StoredNotice stored{.id = *nid,
                          .notice = n,
                          .recorded_at_ms = now,
                          .late = late,
                          .delivery = n.superseded ? Delivery::kSuperseded : Delivery::kPending};
      json::object o = to_json(stored);
      o["hazard_id"] = n.hazard_id;
      const ScheduleInput* h = by_id.at(n.hazard_id);
      Event e;
      e.topic = "hazards";
      e.type = "notice";
      e.data = json_text(o);
      e.where = Placement{h->town_code, h->community_code, h->enterprise_id};
      ch.add("create", "hazard_notices", std::to_string(*nid), nullptr, std::move(o), std::move(e));
    }
    ch.commit(*c, tx);
  }
  deliver(counts);
  return counts;
}

void NoticeScheduler::deliver(PassCounts& counts) {
  auto c = db_.acquire();
  int64_t now = clock_.now_ms();
  int64_t stale = now - opts_.claim_timeout_ms;
  for (int64_t id : store::deliverable(*c, stale, opts_.max_attempts, opts_.delivery_batch)) {
    // Claimed first, so a second pass (or instance) never hands the same notice over.
    if (!store::claim(*c, id, now, stale, opts_.max_attempts)) continue;
    auto out = store::outgoing(*c, id);
    if (!out) continue;
    Status sent = ok_status();
    try {
      sent = sender_.send(*out);
    } catch (const std::exception& e) {
      sent = Error{ErrorCode::kInternal, e.what(), {}};
    }
    if (sent) {
      store::mark_delivery(*c, id, Delivery::kSent, clock_.now_ms(), "");
      ++counts.delivered;
    } else {
      spdlog::warn("hazard notice #{} not delivered by {}: {}", id, sender_.name(),
                   sent.error().message);
      store::mark_delivery(*c, id, Delivery::kFailed, clock_.now_ms(), sent.error().message);
      ++counts.failed;
    }
  }
}

void NoticeScheduler::start() {
  if (opts_.interval_s <= 0 || thread_.joinable()) return;
  {
    std::lock_guard lk(stop_mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] {
    std::unique_lock lk(stop_mu_);
    while (!stopping_) {
      lk.unlock();
      try {
        auto n = run_pass();
        if (n.recorded || n.failed)
          spdlog::info("hazard scheduler: {} notice(s) recorded, {} delivered, {} failed",
                       n.recorded, n.delivered, n.failed);
      } catch (const std::exception& e) {
        spdlog::error("hazard scheduler pass failed: {}", e.what());
      }
      lk.lock();
      stop_cv_.wait_for(lk, std::chrono::seconds(opts_.interval_s), [this] { return stopping_; });
    }
  });
}

void NoticeScheduler::stop() {
  {
    std::lock_guard lk(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace lakeguard::hazards
