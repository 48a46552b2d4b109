#include "hazards/service.h"

#include <fmt/format.h>

#include "hazards/dates.h"
#include "hazards/lifecycle.h"
#include "hazards/requests.h"
#include "hazards/store.h"
#include "registry/model.h"

namespace lakeguard::hazards {
namespace {

namespace json = boost::json;

std::string str_or_empty(const json::object& o, std::string_view k) {
  auto v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
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
  e.data = json::serialize(to_json(h, today));
  e.where = placement_of(h);  // a hazard never moves: its enterprise's place when reported
  return e;
}

json::object HazardsService::detail(db::Connection& c, const Principal& p, const Hazard& h,
                                    const std::string& today) {
  json::object o = to_json(h, today);
  json::array history;
  for (const auto& a : store::actions_of(c, h.id)) history.push_back(to_json(a));
  o["actions"] = std::move(history);
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
                   .payload = json::serialize(json::object{{"class", class_name(h.hazard_class)},
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
      after.confirmed_at_ms = now;
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
    case Action::kSubmit:
      payload["note"] = req.note;
      break;
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
                   .payload = json::serialize(payload),
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

}  // namespace lakeguard::hazards
