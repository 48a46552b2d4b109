#include "incidents/service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <unordered_map>

#include "incidents/activation.h"
#include "incidents/instructions.h"
#include "incidents/requests.h"
#include "incidents/response.h"
#include "incidents/sitrep.h"
#include "incidents/store.h"
#include "incidents/views.h"
#include "risk/accident_grade.h"

namespace lakeguard::incidents {
namespace {

namespace json = boost::json;

store::Where scope_for(const Principal& p) {
  return store::scope_where(scope_of(p, kScopeColumns));
}

// The plan's structured content as activation needs it.
PlanContentIn content_of(const plans::Content& c) {
  PlanContentIn out;
  for (const auto& r : c.organisation) out.organisation.push_back({r.role, r.units, r.user_ids});
  for (const auto& l : c.levels) {
    LevelIn level{.level = l.level, .tasks = {}};
    for (const auto& t : l.tasks)
      level.tasks.push_back(
          {t.title, t.responsible_role, t.responsible_unit, t.deadline_offset_min, t.checklist});
    out.levels.push_back(std::move(level));
  }
  return out;
}

// A registry record as the caller sees it; nullopt when it does not exist or lies outside the
// caller's scope (one answer for both: existence is not revealed).
Result<std::optional<registry::Object>> lookup(registry::RegistryService& reg, const Principal& p,
                                               std::string_view kind, int64_t id,
                                               std::optional<int64_t> parent) {
  const registry::KindSpec* k = registry::find_kind(kind);
  if (!k) return std::optional<registry::Object>{};
  auto got = reg.get(p, *k, id, parent);
  if (!got) {
    if (got.error().code == ErrorCode::kNotFound || got.error().code == ErrorCode::kForbidden)
      return std::optional<registry::Object>{};
    return std::move(got).error();
  }
  return std::optional<registry::Object>{std::move(*got)};
}

std::optional<double> number_of(const registry::Object& o, std::string_view k) {
  auto v = o.if_contains(k);
  if (!v) return std::nullopt;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  return std::nullopt;
}
std::string string_of(const registry::Object& o, std::string_view k) {
  auto v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string request_words(const ResourceRequest& q) {
  return q.kind == RequestKind::kTeam
             ? fmt::format("救援队伍「{}」", q.label)
             : fmt::format("物资「{}」×{:g}{}", q.label, q.quantity.value_or(0), q.unit);
}

std::string escalation_words(const Escalation& e) {
  return e.kind == "unread" ? "逾期未签收" : "逾期未办结";
}

}  // namespace

bool may_command(const Principal& p) {
  return !p.read_only && (p.role == Role::kAdmin || p.role == Role::kDistrictOfficer ||
                          p.role == Role::kTownOfficer);
}

Status LogNotifier::send(const Callout& c) {
  spdlog::info("一键通 receipt #{} user #{}: {}", c.receipt_id, c.user_id, c.text);
  return ok_status();
}

json::object to_json(const PassCounts& c) {
  return json::object{{"now", iso_utc(c.now_ms)}, {"open", c.open},     {"recorded", c.recorded},
                      {"unread", c.unread},       {"undone", c.undone}, {"delivered", c.delivered},
                      {"failed", c.failed}};
}

IncidentsService::IncidentsService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                                   EventSink* events, plans::PlansService& plans,
                                   Notifier& notifier, alarms::AlarmsService& alarms,
                                   registry::RegistryService& registry,
                                   hazards::HazardsService& hazards, IncidentsOptions opts,
                                   duty::DutyService* duty)
    : db_(db),
      clock_(clock),
      audit_(audit),
      events_(events),
      plans_(plans),
      notifier_(notifier),
      alarms_(alarms),
      registry_(registry),
      hazards_(hazards),
      duty_(duty),
      opts_(opts) {}

IncidentsService::~IncidentsService() { stop(); }

Event IncidentsService::event_of(std::string_view type, const Incident& i,
                                 json::object data) const {
  Event e;
  e.topic = "incidents";
  e.type = std::string(type);
  e.data = json::serialize(data);
  e.where = placement_of(i);  // an incident keeps its place
  return e;
}

Result<Incident> IncidentsService::readable(db::Connection& c, const Principal& p, int64_t id) {
  auto found = store::select_incident(c, id, scope_for(p));
  if (!found) return Error::not_found();
  return *found;
}

Result<Incident> IncidentsService::commandable(db::Connection& c, const Principal& p, int64_t id) {
  LG_TRY_ASSIGN(Incident i, readable(c, p, id));
  if (!may_command(p)) return Error::forbidden("Your role may not command incidents.");
  return i;
}

void IncidentsService::add_event(db::Connection& c, platform::ChangeSet& ch, const Incident& i,
                                 TimelineEvent e) {
  e.incident_id = i.id;
  e.id = store::insert_event(c, e);
  json::object o = to_json(e);
  o["incident_id"] = i.id;
  ch.add("create", "incident_events", std::to_string(e.id), nullptr, o, event_of("timeline", i, o));
}

Result<json::object> IncidentsService::open(const Principal& p, const json::object& body,
                                            const platform::Actor& who) {
  if (!may_command(p)) return Error::forbidden("Your role may not command incidents.");
  LG_TRY_ASSIGN(std::optional<int64_t> alarm_id, parse_alarm_id(body));
  if (!alarm_id) return open_parsed(p, body, std::nullopt, who);
  // From an alarm: read through the alarms' service before this service takes a connection (an
  // in-memory store has only one); converted below in this service's transaction.
  auto alarm = alarms_.find(p, *alarm_id);
  if (!alarm) {
    if (alarm.error().code == ErrorCode::kNotFound)
      return Error::validation("alarm_id", "No such alarm in your scope.");
    return std::move(alarm).error();
  }
  // The device's point, when the registry has the device and the caller sees it.
  std::optional<double> lon, lat;
  if (const registry::KindSpec* devices = registry::find_kind("devices")) {
    if (auto d = registry_.get(p, *devices, alarm->device_id, std::nullopt)) {
      lon = number_of(*d, "lon");
      lat = number_of(*d, "lat");
    }
  }
  LG_TRY_ASSIGN(json::object merged, incident_body_from_alarm(body, *alarm, lon, lat));
  return open_parsed(p, merged, *alarm, who);
}

Result<json::object> IncidentsService::open_parsed(const Principal& p, const json::object& body,
                                                   std::optional<alarms::Alarm> alarm,
                                                   const platform::Actor& who) {
  LG_TRY_ASSIGN(Incident i, parse_new_incident(body));
  // 国务院令第493号 第三条 through risk's rule (its ranges: validation_failed naming the field).
  LG_TRY_ASSIGN(risk::AccidentResult graded,
                risk::grade_accident(risk::AccidentInput{.deaths = i.deaths,
                                                         .serious_injuries = i.serious_injuries,
                                                         .direct_loss_yuan = i.direct_loss_yuan}));
  i.accident_grade = std::string(risk::accident_grade_name(graded.grade));
  if (!in_scope(p, kScopeColumns, placement_of(i)))
    return Error::validation(
        alarm ? "alarm_id" : "town_code",
        alarm ? "No such alarm in your scope." : "'town_code' is outside your jurisdiction.");
  int64_t now = clock_.now_ms();
  i.opened_by_id = p.user_id;
  i.opened_by = p.username;
  i.opened_at_ms = now;
  if (alarm) i.alarm_id = alarm->id;
  auto c = db_.acquire();
  db::Transaction tx(*c);
  try {
    i.id = store::insert_incident(*c, i);
  } catch (const db::ConstraintError&) {
    return Error::conflict("An incident was opened from this alarm already.", "alarm_id");
  }
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("create", "incidents", std::to_string(i.id), nullptr, to_json(i),
         event_of("created", i, to_json(i)));
  if (alarm) {
    // The alarm becomes converted with this incident's id, in this transaction: no converted
    // alarm without its incident, no incident without its alarm converted.
    LG_TRY(alarms_.convert_in(*c, ch, p, alarm->id, std::to_string(i.id), who));
  }
  json::object payload = to_json(i);
  std::string from = alarm ? fmt::format("（来自告警 #{}）", alarm->id) : "";
  add_event(*c, ch, i,
            TimelineEvent{.at_ms = now,
                          .kind = "created",
                          .actor = p.username,
                          .text = fmt::format("事件创建{}：{}（{}），事故等级{}，{}响应", from,
                                              i.title, i.type, i.accident_grade,
                                              response_level_name(i.response_level)),
                          .payload = json::serialize(payload)});
  ch.commit(*c, tx);
  return get(p, i.id);
}

Result<IncidentPage> IncidentsService::list(const Principal& p,
                                            std::optional<IncidentStatus> status, int64_t page,
                                            int64_t page_size) {
  store::Where w = scope_for(p);
  if (status) w.add("status = ?", {std::string(status_name(*status))});
  auto c = db_.acquire();
  IncidentPage out;
  out.total = store::count_incidents(*c, w);
  for (const auto& i : store::select_incidents(*c, w, page_size, (page - 1) * page_size))
    out.items.push_back(to_json(i));
  return out;
}

Result<json::object> IncidentsService::get(const Principal& p, int64_t id) {
  auto c = db_.acquire();
  LG_TRY_ASSIGN(Incident i, readable(*c, p, id));
  json::object o = to_json(i);
  json::array timeline, activations, tasks, receipts;
  for (const auto& e : store::events_of(*c, id)) timeline.push_back(to_json(e));
  for (const auto& a : store::activations_of(*c, id)) activations.push_back(to_json(a));
  for (const auto& t : store::tasks_of(*c, id)) tasks.push_back(to_json(t));
  for (const auto& r : store::receipts_of(*c, id)) receipts.push_back(to_json(r));
  o["timeline"] = std::move(timeline);
  o["activations"] = std::move(activations);
  o["tasks"] = std::move(tasks);
  o["receipts"] = std::move(receipts);
  json::array requests;
  for (const auto& q : store::requests_of(*c, id)) requests.push_back(to_json(q));
  o["requests"] = std::move(requests);
  auto rv = store::review_of(*c, id);
  o["review"] = rv ? json::value(to_json(*rv)) : json::value(nullptr);
  o["may_command"] = may_command(p);
  return o;
}

Result<json::object> IncidentsService::act(const Principal& p, int64_t id, const json::object& body,
                                           const platform::Actor& who) {
  LG_TRY_ASSIGN(IncidentActionRequest req, parse_incident_action(body));
  int64_t now = clock_.now_ms();
  {
    auto c = db_.acquire();
    db::Transaction tx(*c);
    LG_TRY_ASSIGN(Incident before, commandable(*c, p, id));
    if (before.status == IncidentStatus::kClosed)
      return Error::conflict("The incident is closed.", "status");
    Incident after = before;
    TimelineEvent e{.at_ms = now, .actor = p.username};
    std::string reason = req.text.empty() ? "" : "：" + req.text;
    switch (req.action) {
      case IncidentAction::kLevelUp:
        if (before.response_level <= 1)
          return Error::conflict("The response level is already Ⅰ (the highest).",
                                 "response_level");
        after.response_level = before.response_level - 1;
        e.kind = "level";
        e.text =
            fmt::format("响应级别 {} → {}（升级）{}", response_level_name(before.response_level),
                        response_level_name(after.response_level), reason);
        break;
      case IncidentAction::kLevelDown:
        if (before.response_level >= 4)
          return Error::conflict("The response level is already Ⅳ (the lowest).", "response_level");
        after.response_level = before.response_level + 1;
        e.kind = "level";
        e.text =
            fmt::format("响应级别 {} → {}（降级）{}", response_level_name(before.response_level),
                        response_level_name(after.response_level), reason);
        break;
      case IncidentAction::kClose:
        after.status = IncidentStatus::kClosed;
        after.closed_at_ms = now;
        e.kind = "closed";
        e.text = "事件处置结束" + reason;
        break;
      case IncidentAction::kNote:
        e.kind = "note";
        e.text = req.text;
        break;
    }
    e.payload = json::serialize(json::object{{"from_level", before.response_level},
                                             {"to_level", after.response_level},
                                             {"text", req.text}});
    platform::ChangeSet ch(audit_, events_, clock_, who);
    if (req.action != IncidentAction::kNote) {
      if (store::update_incident(*c, after, before.version) == 0)
        return Error::conflict("The incident changed meanwhile; reload it.");
      after.version = before.version + 1;
      ch.add(e.kind == "closed" ? "close" : "update", "incidents", std::to_string(id),
             to_json(before), to_json(after), event_of("updated", after, to_json(after)));
    }
    add_event(*c, ch, after, std::move(e));
    ch.commit(*c, tx);
  }
  return get(p, id);
}

Result<json::object> IncidentsService::activate(const Principal& p, int64_t id,
                                                const json::object& body,
                                                const platform::Actor& who) {
  if (!may_command(p)) return Error::forbidden("Your role may not command incidents.");
  LG_TRY_ASSIGN(ActivationRequest req, parse_activation(body));
  // The plans' service first: it takes its own connection (the test store has only one).
  LG_TRY_ASSIGN(plans::InForcePlan plan, plans_.in_force(p, req.plan_id));
  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  LG_TRY_ASSIGN(Incident i, commandable(*c, p, id));
  if (i.status == IncidentStatus::kClosed)
    return Error::conflict("The incident is closed.", "status");
  int level = req.level.value_or(i.response_level);
  LG_TRY_ASSIGN(Activated made, incidents::activate(content_of(plan.content), level, now));
  Activation a{.incident_id = id,
               .plan_id = plan.plan_id,
               .plan_edition = plan.edition,
               .plan_title = plan.title,
               .response_level = level,
               .activated_by_id = p.user_id,
               .activated_by = p.username,
               .activated_at_ms = now};
  a.id = store::insert_activation(*c, a);
  for (auto& t : made.tasks) {
    t.incident_id = id;
    t.activation_id = a.id;
    t.town_code = i.town_code;
    t.community_code = i.community_code;
  }
  store::insert_tasks(*c, made.tasks);
  json::object out = to_json(a);
  json::array tasks, ids, responsible;
  for (const auto& t : made.tasks) {
    tasks.push_back(to_json(t));
    ids.emplace_back(t.id);
  }
  for (int64_t u : made.responsible_ids) responsible.emplace_back(u);
  out["tasks"] = tasks;
  out["responsible_ids"] = responsible;
  platform::ChangeSet ch(audit_, events_, clock_, who);
  // One audited change: the activation with the ids of the tasks it created.
  json::object audited = to_json(a);
  audited["task_ids"] = std::move(ids);
  ch.add("create", "incident_activations", std::to_string(a.id), nullptr, std::move(audited),
         event_of("activated", i, out));
  add_event(*c, ch, i,
            TimelineEvent{
                .at_ms = now,
                .kind = "activation",
                .actor = p.username,
                .text = fmt::format("启动预案《{}》第{}版 {}响应，下达任务 {} 项", plan.title,
                                    plan.edition, response_level_name(level), made.tasks.size()),
                .payload = json::serialize(json::object{
                    {"activation_id", a.id}, {"plan_id", plan.plan_id}, {"level", level}})});
  ch.commit(*c, tx);
  return out;
}

Result<json::object> IncidentsService::notify(const Principal& p, int64_t id, int64_t activation_id,
                                              const platform::Actor& who) {
  int64_t now = clock_.now_ms();
  Incident i;
  Activation a;
  std::vector<Callout> callouts;
  {
    auto c = db_.acquire();
    db::Transaction tx(*c);
    LG_TRY_ASSIGN(i, commandable(*c, p, id));
    auto found = store::select_activation(*c, id, activation_id);
    if (!found) return Error::not_found();
    a = *found;
    // Every responsible person: the assignees of the activation's tasks.
    std::vector<int64_t> people;
    for (const auto& t : store::tasks_of(*c, id))
      if (t.activation_id == activation_id && t.assignee_id) people.push_back(*t.assignee_id);
    std::sort(people.begin(), people.end());
    people.erase(std::unique(people.begin(), people.end()), people.end());
    std::string text =
        callout_text(i.id, i.title, a.plan_title, response_level_name(a.response_level));
    platform::ChangeSet ch(audit_, events_, clock_, who);
    for (int64_t u : people) {
      auto rid = store::insert_receipt(*c, activation_id, u, std::string(notifier_.name()));
      if (!rid) continue;  // reached before
      callouts.push_back(Callout{*rid, id, activation_id, u, text});
      ch.add("create", "incident_receipts", std::to_string(*rid), nullptr,
             json::object{{"activation_id", activation_id}, {"user_id", u}});
    }
    add_event(*c, ch, i,
              TimelineEvent{.at_ms = now,
                            .kind = "notify",
                            .actor = p.username,
                            .text = fmt::format("一键通：通知责任人 {} 人（{}）", callouts.size(),
                                                notifier_.name()),
                            .payload = json::serialize(
                                json::object{{"activation_id", activation_id},
                                             {"people", static_cast<int64_t>(callouts.size())}})});
    ch.commit(*c, tx);
  }
  // After the commit: hand each callout to the channel and record its outcome.
  int64_t sent = 0, failed = 0;
  {
    auto c = db_.acquire();
    for (const auto& co : callouts) {
      Status s = ok_status();
      try {
        s = notifier_.send(co);
      } catch (const std::exception& e) {
        s = Error{ErrorCode::kInternal, e.what(), {}};
      }
      if (s) {
        store::mark_receipt(*c, co.receipt_id, "sent", "", clock_.now_ms());
        ++sent;
      } else {
        store::mark_receipt(*c, co.receipt_id, "failed", s.error().message, clock_.now_ms());
        ++failed;
      }
    }
  }
  json::object out{{"activation_id", activation_id}, {"sent", sent}, {"failed", failed}};
  json::array receipts;
  {
    auto c = db_.acquire();
    for (const auto& r : store::receipts_of(*c, id))
      if (r.activation_id == activation_id) receipts.push_back(to_json(r));
  }
  out["receipts"] = std::move(receipts);
  return out;
}

Result<json::object> IncidentsService::act_on_task(const Principal& p, int64_t task_id,
                                                   const json::object& body,
                                                   const platform::Actor& who) {
  LG_TRY_ASSIGN(TaskActionRequest req, parse_task_action_request(body));
  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto found = store::select_task(*c, task_id, scope_for(p), p.user_id);
  if (!found) return Error::not_found();
  Task before = *found;
  auto inc = store::select_incident(*c, before.incident_id, store::Where{});
  if (!inc) return Error::not_found();
  bool commands = may_command(p) && in_scope(p, kScopeColumns, placement_of(*inc));
  bool assignee =
      !p.read_only && (before.assignee_id ? *before.assignee_id == p.user_id : commands);
  LG_TRY_ASSIGN(TaskState next,
                next_task_state(task_role(assignee, commands), req.action, before.state));
  Task after = before;
  after.state = next;
  after.updated_at_ms = now;
  if (req.action == TaskAction::kFeedback) {
    after.feedback_text = req.text;
    after.feedback_lon = req.lon;
    after.feedback_lat = req.lat;
    after.feedback_photo = req.photo_sha256;
  }
  if (req.action == TaskAction::kReject) after.reject_reason = req.reason;
  if (store::update_task(*c, after, before.version) == 0)
    return Error::conflict("The task changed meanwhile; reload it.");
  after.version = before.version + 1;
  if (req.action == TaskAction::kRead) store::mark_read(*c, after.activation_id, p.user_id, now);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  json::object after_json = to_json(after);
  ch.add(std::string(task_action_name(req.action)), "incident_tasks", std::to_string(task_id),
         to_json(before), after_json, event_of("task", *inc, after_json));
  std::string detail = !req.text.empty()     ? "：" + req.text
                       : !req.reason.empty() ? "：" + req.reason
                                             : "";
  add_event(
      *c, ch, *inc,
      TimelineEvent{
          .at_ms = now,
          .kind = "task",
          .actor = p.username,
          .text = fmt::format("任务 #{}「{}」{} → {}{}", task_id, after.title,
                              task_state_name(before.state), task_state_name(after.state), detail),
          .payload = json::serialize(json::object{{"task_id", task_id},
                                                  {"action", task_action_name(req.action)},
                                                  {"from", task_state_name(before.state)},
                                                  {"to", task_state_name(after.state)}})});
  ch.commit(*c, tx);
  return after_json;
}

Result<std::vector<json::object>> IncidentsService::my_tasks(const Principal& p) {
  auto c = db_.acquire();
  std::vector<json::object> out;
  for (const auto& t : store::tasks_assigned(*c, p.user_id, opts_.max_tasks_listed))
    out.push_back(to_json(t));
  return out;
}

Result<std::string> IncidentsService::sitrep(const Principal& p, int64_t id, bool html) {
  auto c = db_.acquire();
  LG_TRY_ASSIGN(Incident i, readable(*c, p, id));
  SitrepInput in{.incident = i,
                 .tasks = store::tasks_of(*c, id),
                 .events = store::events_of(*c, id),
                 .now_ms = clock_.now_ms()};
  in.number = static_cast<int64_t>(in.events.size());
  in.requests = store::requests_of(*c, id);
  in.review = store::review_of(*c, id);
  return html ? sitrep_html(in) : sitrep_text(in);
}

Result<json::object> IncidentsService::request_resource(const Principal& p, int64_t id,
                                                        const json::object& body,
                                                        const platform::Actor& who) {
  if (!may_command(p)) return Error::forbidden("Your role may not command incidents.");
  LG_TRY_ASSIGN(ResourceRequestInput in, parse_resource_request(body));
  {
    // The incident first (404 outside the scope, 409 closed), then the registry's records.
    auto c = db_.acquire();
    LG_TRY_ASSIGN(Incident i, commandable(*c, p, id));
    if (i.status == IncidentStatus::kClosed)
      return Error::conflict("The incident is closed.", "status");
  }
  ResourceRequest q;
  q.kind = in.kind;
  q.note = in.note;
  if (in.kind == RequestKind::kTeam) {
    LG_TRY_ASSIGN(auto team, lookup(registry_, p, "teams", *in.team_id, std::nullopt));
    if (!team) return Error::validation("team_id", "No such team in your scope.");
    q.team_id = in.team_id;
    q.label = string_of(*team, "name");
  } else {
    LG_TRY_ASSIGN(auto wh, lookup(registry_, p, "warehouses", *in.warehouse_id, std::nullopt));
    if (!wh) return Error::validation("warehouse_id", "No such warehouse in your scope.");
    LG_TRY_ASSIGN(auto item, lookup(registry_, p, "stock", *in.stock_id, *in.warehouse_id));
    if (!item) return Error::validation("stock_id", "No such stock item in the warehouse.");
    double on_hand = number_of(*item, "quantity").value_or(0);
    if (in.quantity > on_hand)
      return Error::validation("quantity",
                               fmt::format("'quantity' is more than the {:g} {} on hand.", on_hand,
                                           string_of(*item, "unit")));
    q.warehouse_id = in.warehouse_id;
    q.stock_id = in.stock_id;
    q.quantity = in.quantity;
    q.label = string_of(*item, "name");
    q.unit = string_of(*item, "unit");
  }
  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  LG_TRY_ASSIGN(Incident i, commandable(*c, p, id));
  if (i.status == IncidentStatus::kClosed)
    return Error::conflict("The incident is closed.", "status");
  q.incident_id = id;
  q.state = RequestState::kRequested;
  q.requested_by = p.username;
  q.requested_at_ms = now;
  q.updated_at_ms = now;
  q.id = store::insert_request(*c, q);
  json::object out = to_json(q);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("create", "incident_requests", std::to_string(q.id), nullptr, out,
         event_of("request", i, out));
  add_event(
      *c, ch, i,
      TimelineEvent{
          .at_ms = now,
          .kind = "resource",
          .actor = p.username,
          .text = fmt::format("资源调度 #{}：申请{}{}", q.id, request_words(q),
                              q.note.empty() ? "" : "：" + q.note),
          .payload = json::serialize(json::object{
              {"request_id", q.id}, {"to", "requested"}, {"kind", request_kind_name(q.kind)}})});
  ch.commit(*c, tx);
  return out;
}

Result<json::object> IncidentsService::act_on_request(const Principal& p, int64_t request_id,
                                                      const json::object& body,
                                                      const platform::Actor& who) {
  LG_TRY_ASSIGN(RequestActionInput in, parse_request_action_input(body));
  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto found = store::select_request(*c, request_id);
  if (!found) return Error::not_found();
  ResourceRequest before = *found;
  LG_TRY_ASSIGN(Incident i, commandable(*c, p, before.incident_id));
  if (i.status == IncidentStatus::kClosed)
    return Error::conflict("The incident is closed.", "status");
  LG_TRY_ASSIGN(RequestState next, next_request_state(before.state, in.action));
  ResourceRequest after = before;
  after.state = next;
  after.updated_at_ms = now;
  if (store::update_request(*c, after, before.version) == 0)
    return Error::conflict("The request changed meanwhile; reload it.");
  after.version = before.version + 1;
  json::object out = to_json(after);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add(std::string(request_action_name(in.action)), "incident_requests",
         std::to_string(request_id), to_json(before), out, event_of("request", i, out));
  add_event(
      *c, ch, i,
      TimelineEvent{
          .at_ms = now,
          .kind = "resource",
          .actor = p.username,
          .text = fmt::format("资源调度 #{} {}：{} → {}{}", request_id, request_words(after),
                              request_state_name(before.state), request_state_name(after.state),
                              in.note.empty() ? "" : "：" + in.note),
          .payload = json::serialize(json::object{{"request_id", request_id},
                                                  {"action", request_action_name(in.action)},
                                                  {"from", request_state_name(before.state)},
                                                  {"to", request_state_name(after.state)}})});
  ch.commit(*c, tx);
  return out;
}

Result<json::object> IncidentsService::review(const Principal& p, int64_t id,
                                              const json::object& body,
                                              const platform::Actor& who) {
  if (!may_command(p)) return Error::forbidden("Your role may not command incidents.");
  LG_TRY_ASSIGN(ReviewInput in, parse_review(body));
  auto check = [&](db::Connection& c) -> Result<Incident> {
    LG_TRY_ASSIGN(Incident i, commandable(c, p, id));
    if (i.status != IncidentStatus::kClosed)
      return Error::conflict("The incident is still open; review it once it is closed.", "status");
    if (store::review_of(c, id))
      return Error::conflict("The incident has been reviewed already.", "review");
    return i;
  };
  {
    auto c = db_.acquire();
    LG_TRY(check(*c));
  }
  // Every enterprise named, as the caller sees it, before anything is written.
  for (const auto& f : in.findings) {
    if (!f.enterprise_id) continue;
    LG_TRY_ASSIGN(auto ent, lookup(registry_, p, "enterprises", *f.enterprise_id, std::nullopt));
    if (!ent)
      return Error::validation(fmt::format("findings[{}].enterprise_id", f.seq),
                               "No such enterprise in your scope.");
  }
  int64_t now = clock_.now_ms();
  Review r{.id = 0,
           .incident_id = id,
           .summary = in.summary,
           .reviewed_by = p.username,
           .reviewed_at_ms = now,
           .findings = in.findings};
  int64_t to_hazards = 0;
  for (const auto& f : r.findings) to_hazards += f.enterprise_id.has_value();
  {
    auto c = db_.acquire();
    db::Transaction tx(*c);
    LG_TRY_ASSIGN(Incident i, check(*c));
    try {
      store::insert_review(*c, r);
    } catch (const db::ConstraintError&) {
      return Error::conflict("The incident has been reviewed already.", "review");
    }
    platform::ChangeSet ch(audit_, events_, clock_, who);
    json::object o = to_json(r);
    ch.add("create", "incident_reviews", std::to_string(r.id), nullptr, o,
           event_of("review", i, o));
    add_event(*c, ch, i,
              TimelineEvent{.at_ms = now,
                            .kind = "review",
                            .actor = p.username,
                            .text = fmt::format("复盘：{}（发现问题 {} 项，其中 {} 项登记为隐患）",
                                                r.summary, r.findings.size(), to_hazards),
                            .payload = json::serialize(
                                json::object{{"review_id", r.id},
                                             {"findings", static_cast<int64_t>(r.findings.size())},
                                             {"hazards", to_hazards}})});
    ch.commit(*c, tx);
  }
  // After the commit (the review is there once): each finding with an enterprise becomes a
  // hidden danger through the hazards' service, which takes its own connection; its id (or why
  // none was recorded) goes on the finding.
  std::vector<std::pair<Finding, Finding>> changed;
  for (auto& f : r.findings) {
    if (!f.enterprise_id) continue;
    Finding before = f;
    json::object hb{{"enterprise_id", *f.enterprise_id},
                    {"description", fmt::format("事件 #{} 复盘发现：{}", id, f.text)},
                    {"class", f.hazard_class},
                    {"source", "inspection"}};
    auto h = hazards_.report(p, hb, who);
    if (h) {
      if (auto hid = h->if_contains("id"); hid && hid->is_int64()) f.hazard_id = hid->as_int64();
    } else {
      f.hazard_error = h.error().message;
    }
    changed.emplace_back(before, f);
  }
  if (!changed.empty()) {
    auto c = db_.acquire();
    db::Transaction tx(*c);
    platform::ChangeSet ch(audit_, events_, clock_, who);
    for (const auto& [before, after] : changed) {
      store::set_finding_hazard(*c, after.id, after.hazard_id, after.hazard_error);
      ch.add("update", "incident_review_findings", std::to_string(after.id), to_json(before),
             to_json(after));
    }
    ch.commit(*c, tx);
  }
  return to_json(r);
}

Result<PassCounts> IncidentsService::run_escalation(const Principal& p) {
  if (p.read_only || (p.role != Role::kAdmin && p.role != Role::kDistrictOfficer))
    return Error::forbidden("Only a district officer may run the escalation pass.");
  return run_escalation_pass();
}

PassCounts IncidentsService::run_escalation_pass() {
  std::lock_guard lk(pass_mu_);
  PassCounts counts;
  int64_t now = clock_.now_ms();
  counts.now_ms = now;
  std::vector<EscalationInput> open;
  EscalationKeys recorded;
  {
    auto c = db_.acquire();
    open = store::open_tasks(*c);
    recorded = store::recorded_escalations(*c);
  }
  counts.open = static_cast<int64_t>(open.size());
  std::vector<Escalation> missing =
      missing_escalations(open, recorded, now, opts_.escalation.config);
  if (missing.empty()) return counts;
  // What each recorded escalation is to deliver, once committed: its addressee is resolved and
  // the channel called after the commit, with no connection held (a webhook may take seconds).
  struct Delivery {
    int64_t escalation_id = 0;
    int stage = 0;
    std::string town_code;                // stage 0: the town whose leader on duty is asked
    std::optional<int64_t> commander_id;  // later stages
    std::optional<int64_t> user_id;       // resolved after the commit
    Callout callout;
    std::string delivery, error;
  };
  std::vector<Delivery> deliveries;
  {
    auto c = db_.acquire();
    db::Transaction tx(*c);
    platform::ChangeSet ch(audit_, events_, clock_, platform::Actor::system("escalation"));
    std::unordered_map<int64_t, Incident> incidents;
    for (const auto& e : missing) {
      // Another pass (another instance) may have recorded it since we read: then nothing.
      auto eid = store::insert_escalation(*c, e, now);
      if (!eid) continue;
      ++counts.recorded;
      ++(e.kind == "unread" ? counts.unread : counts.undone);
      auto place = store::task_place(*c, e.task_id);
      if (!place) continue;
      auto it = incidents.find(place->incident_id);
      if (it == incidents.end()) {
        auto inc = store::select_incident(*c, place->incident_id, store::Where{});
        if (!inc) continue;
        it = incidents.emplace(place->incident_id, *inc).first;
      }
      json::object o = to_json(e);
      o["id"] = *eid;
      o["incident_id"] = place->incident_id;
      ch.add("create", "incident_escalations", std::to_string(*eid), nullptr, o);
      const std::string line =
          fmt::format("任务 #{}「{}」{}，第{}次升级督办 → {}", e.task_id, place->title,
                      escalation_words(e), e.stage + 1, e.to_whom);
      add_event(*c, ch, it->second,
                TimelineEvent{.at_ms = now,
                              .kind = "escalation",
                              .actor = "system",
                              .text = line,
                              .payload = json::serialize(o)});
      deliveries.push_back(
          Delivery{.escalation_id = *eid,
                   .stage = e.stage,
                   .town_code = it->second.town_code,
                   .commander_id = place->commander_id,
                   .callout = Callout{.incident_id = place->incident_id,
                                      .text = fmt::format("【督办】#{} {}：{}", place->incident_id,
                                                          it->second.title, line)}});
    }
    ch.commit(*c, tx);
  }
  // "Notify the assignee's superior": stage 0 goes to the 带班领导 on duty of the incident's town
  // (else the district's, duty::DutyService::superior_on_duty; asked once per town), later
  // stages to the commander who activated the plan. As 一键通 does, a channel that fails leaves
  // the escalation recorded with the reason; nobody to send it to is recorded as unresolved.
  std::unordered_map<std::string, std::optional<int64_t>> leaders;
  for (auto& d : deliveries) {
    if (d.stage > 0) {
      d.user_id = d.commander_id;
    } else if (duty_) {
      auto [at, fresh] = leaders.try_emplace(d.town_code);
      if (fresh)
        if (auto leader = duty_->superior_on_duty(d.town_code, now)) at->second = leader->user_id;
      d.user_id = at->second;
    }
    if (!d.user_id) {
      d.delivery = "unresolved";
      d.error = "no 带班领导 on duty for the incident's town or the district";
      continue;
    }
    d.callout.user_id = *d.user_id;
    Status sent = notifier_.send(d.callout);
    d.delivery = sent ? "sent" : "failed";
    if (!sent) d.error = sent.error().message;
    ++(sent ? counts.delivered : counts.failed);
  }
  auto c = db_.acquire();
  for (const auto& d : deliveries)
    store::set_escalation_delivery(*c, d.escalation_id, d.user_id, d.delivery, d.error);
  return counts;
}

void IncidentsService::start() {
  if (opts_.escalation.interval_s <= 0 || thread_.joinable()) return;
  {
    std::lock_guard lk(stop_mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] {
    std::unique_lock lk(stop_mu_);
    while (!stopping_) {
      lk.unlock();
      try {
        auto n = run_escalation_pass();
        if (n.recorded) spdlog::info("incident escalation: {} escalation(s) recorded", n.recorded);
      } catch (const std::exception& e) {
        spdlog::error("incident escalation pass failed: {}", e.what());
      }
      lk.lock();
      stop_cv_.wait_for(lk, std::chrono::seconds(opts_.escalation.interval_s),
                        [this] { return stopping_; });
    }
  });
}

void IncidentsService::stop() {
  {
    std::lock_guard lk(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace lakeguard::incidents
