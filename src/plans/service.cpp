#include "plans/service.h"
#include "core/json.h"

#include <fmt/format.h>

#include "auth/crypto.h"
#include "core/dates.h"
#include "plans/attachments.h"
#include "plans/requests.h"
#include "plans/store.h"
#include "plans/templates.h"
#include "plans/visibility.h"
#include "plans/workflow.h"
#include "registry/model.h"
#include "registry/validate.h"

namespace lakeguard::plans {
namespace {

namespace json = boost::json;

std::string str_or_empty(const json::object& o, std::string_view k) {
  auto v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

void clear_approval(Plan& p) {
  p.approver_id.reset();
  p.approver_name.clear();
  p.approved_at_ms.reset();
}

}  // namespace

PlansService::PlansService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                           EventSink* events, registry::RegistryService& registry,
                           PlansOptions opts)
    : db_(db), clock_(clock), audit_(audit), events_(events), registry_(registry), opts_(opts) {}

Event PlansService::event_of(std::string_view type, const Plan& plan) const {
  Event e;
  e.topic = "plans";
  e.type = std::string(type);
  e.data = json_text(to_json(plan));
  e.where = placement_of(plan);  // a plan's place is fixed at creation
  return e;
}

Result<Plan> PlansService::readable(db::Connection& c, const Principal& p, int64_t id) {
  auto found = store::select_one(c, id, store::scope_where(read_scope(p)));
  if (!found) return Error::not_found();
  return *found;
}

json::object PlansService::detail(db::Connection& c, const Principal& p, const Plan& plan) {
  json::object o = to_json(plan);
  json::array versions;
  for (const auto& v : store::versions_of(c, plan.id)) versions.push_back(to_json(v));
  o["versions"] = std::move(versions);
  json::array atts;
  for (const auto& a : store::attachments_of(c, plan.id)) atts.push_back(to_json(a));
  o["attachments"] = std::move(atts);
  bool writable = !p.read_only && write_scope(p).admits(placement_of(plan));
  json::array allowed;
  if (writable)
    for (Action a : kAllActions) {
      Facts f{plan.status, plan.approver_id.has_value(), plan.author_id == p.user_id};
      if (next_state(p.role, a, f).ok()) allowed.emplace_back(action_name(a));
    }
  o["allowed_actions"] = std::move(allowed);
  o["editable"] = writable && may_write(p.role) && plan.status == State::kDraft;
  return o;
}

Result<json::object> PlansService::create(const Principal& p, const json::object& body,
                                          const platform::Actor& who) {
  if (!may_write(p.role)) return Error::forbidden("Your role may not write plans.");
  int64_t now = clock_.now_ms();
  LG_TRY_ASSIGN(NewPlan in, parse_new_plan(body, now));
  Plan plan;
  plan.level = in.level;
  plan.jurisdiction_code = in.jurisdiction_code;
  if (in.level == Level::kEnterprise) {
    // The enterprise as the caller may see it (the registry applies the scope), looked up before
    // this service takes a connection (an in-memory store has only one).
    const registry::KindSpec* enterprises = registry::find_kind("enterprises");
    if (!enterprises)
      return Error::validation("enterprise_id", "No such enterprise in your scope.");
    auto ent = registry_.get(p, *enterprises, *in.enterprise_id, std::nullopt);
    if (!ent) {
      if (ent.error().code == ErrorCode::kNotFound || ent.error().code == ErrorCode::kForbidden)
        return Error::validation("enterprise_id", "No such enterprise in your scope.");
      return std::move(ent).error();
    }
    plan.enterprise_id = in.enterprise_id;
    plan.town_code = str_or_empty(*ent, "town_code");
    plan.community_code = str_or_empty(*ent, "community_code");
    plan.jurisdiction_code = plan.town_code;
  } else {
    registry::JurisdictionIndex idx = registry_.index();
    const std::string& code = in.jurisdiction_code;
    if (in.level == Level::kDistrict) {
      if (!idx.district_code.empty() && code != idx.district_code)
        return Error::validation(
            "jurisdiction",
            fmt::format("'jurisdiction' must be this district ({}).", idx.district_code));
    } else if (in.level == Level::kTown) {
      if (!idx.towns.empty() && !idx.towns.contains(code))
        return Error::validation("jurisdiction", "No such town in this district.");
      plan.town_code = code;
    } else {
      auto it = idx.community_town.find(code);
      if (!idx.community_town.empty() && it == idx.community_town.end())
        return Error::validation("jurisdiction", "No such community in this district.");
      plan.town_code = it != idx.community_town.end() ? it->second : std::string(code.substr(0, 9));
      plan.community_code = code;
    }
  }
  if (!write_scope(p).admits(placement_of(plan)))
    return Error{ErrorCode::kForbidden, "You may write plans of your own jurisdiction only.",
                 in.level == Level::kEnterprise ? "enterprise_id" : "jurisdiction"};
  plan.title = in.title;
  plan.category = in.category;
  plan.sub_type = in.sub_type;
  plan.owner_unit = in.owner_unit;
  plan.keywords = in.keywords;
  plan.summary = in.summary;
  plan.content = json_text(to_json(in.content));
  plan.status = State::kDraft;
  plan.author_id = p.user_id;
  plan.author_name = p.username;
  plan.revision_due = in.revision_due;
  plan.created_at_ms = now;
  plan.updated_at_ms = now;

  auto c = db_.acquire();
  db::Transaction tx(*c);
  plan.id = store::insert(*c, plan);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("create", "plans", std::to_string(plan.id), nullptr, to_json(plan),
         event_of("created", plan));
  json::object out = detail(*c, p, plan);
  ch.commit(*c, tx);
  return out;
}

Result<PlanPage> PlansService::list(
    const Principal& p, const std::vector<std::pair<std::string, std::string>>& params) {
  LG_TRY_ASSIGN(ListFilter f, parse_list_filter(params));
  store::Where w = store::scope_where(read_scope(p));
  store::add_filter(f, w);
  auto c = db_.acquire();
  PlanPage page;
  page.total = store::count(*c, w);
  page.page = f.page;
  page.page_size = f.page_size;
  for (const auto& plan : store::select(*c, w, f.page_size, (f.page - 1) * f.page_size)) {
    json::object o = to_json(plan);
    o.erase("content");  // the list is a library view; GET /plans/{id} has the content
    page.items.push_back(std::move(o));
  }
  return page;
}

Result<json::object> PlansService::get(const Principal& p, int64_t id) {
  auto c = db_.acquire();
  LG_TRY_ASSIGN(Plan plan, readable(*c, p, id));
  return detail(*c, p, plan);
}

Result<InForcePlan> PlansService::in_force(const Principal& p, int64_t id) {
  auto c = db_.acquire();
  auto found = store::select_one(*c, id, store::scope_where(read_scope(p)));
  if (!found)
    return Error::validation("plan_id", "'plan_id' must be the id of a plan you can see.");
  if (!found->in_force_edition)
    return Error::conflict("The plan has no published edition in force.", "plan_id");
  store::Where w = store::scope_where(read_scope(p));
  w.add("id = ?", {id});
  auto rows = store::in_force(*c, w);
  if (rows.empty())
    return Error::conflict("The plan has no published edition in force.", "plan_id");
  boost::system::error_code ec;
  json::value v = json::parse(rows.front().snapshot, ec);
  const json::value* content =
      !ec && v.is_object() ? v.as_object().if_contains("content") : nullptr;
  if (!content) return Error::conflict("The plan has no published edition in force.", "plan_id");
  LG_TRY_ASSIGN(Content parsed, parse_content(*content));
  return InForcePlan{.plan_id = id,
                     .edition = rows.front().edition,
                     .title = str_or_empty(v.as_object(), "title"),
                     .content = std::move(parsed)};
}

Result<json::object> PlansService::patch(const Principal& p, int64_t id, const json::object& body,
                                         std::optional<int64_t> if_match,
                                         const platform::Actor& who) {
  if (!may_write(p.role)) return Error::forbidden("Your role may not write plans.");
  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  LG_TRY_ASSIGN(Plan before, readable(*c, p, id));
  if (!write_scope(p).admits(placement_of(before)))
    return Error::forbidden("You may read this plan but not change it.");
  LG_TRY(may_edit(before.status));
  if (if_match && *if_match != before.version)
    return Error::conflict(fmt::format("The plan changed (version {} now, {} expected); reload it.",
                                       before.version, *if_match));
  LG_TRY_ASSIGN(PlanPatch in, parse_plan_patch(body, before.category, before.sub_type, now));
  Plan after = before;
  if (in.title) after.title = *in.title;
  if (in.category) after.category = *in.category;
  if (in.sub_type) after.sub_type = *in.sub_type;
  if (in.owner_unit) after.owner_unit = *in.owner_unit;
  if (in.keywords) after.keywords = *in.keywords;
  if (in.summary) after.summary = *in.summary;
  if (in.content) after.content = json_text(to_json(*in.content));
  if (in.revision_due) after.revision_due = *in.revision_due;
  json::object before_json = to_json(before);
  after.updated_at_ms = before.updated_at_ms;
  if (to_json(after) == before_json) return detail(*c, p, before);  // nothing changed
  after.updated_at_ms = now;
  if (store::update(*c, after, before.version) == 0)
    return Error::conflict("The plan changed meanwhile; reload it.");
  after.version = before.version + 1;
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("update", "plans", std::to_string(id), std::move(before_json), to_json(after),
         event_of("updated", after));
  json::object out = detail(*c, p, after);
  ch.commit(*c, tx);
  return out;
}

Result<json::object> PlansService::act(const Principal& p, int64_t id, const json::object& body,
                                       std::optional<int64_t> if_match,
                                       const platform::Actor& who) {
  int64_t now = clock_.now_ms();
  LG_TRY_ASSIGN(ActionRequest req, parse_action_request(body));
  auto c = db_.acquire();
  db::Transaction tx(*c);
  LG_TRY_ASSIGN(Plan before, readable(*c, p, id));
  if (!write_scope(p).admits(placement_of(before)))
    return Error::forbidden("You may read this plan but not change it.");
  if (if_match && *if_match != before.version)
    return Error::conflict(fmt::format("The plan changed (version {} now, {} expected); reload it.",
                                       before.version, *if_match));
  Facts facts{before.status, before.approver_id.has_value(), before.author_id == p.user_id};
  LG_TRY_ASSIGN(State next, next_state(p.role, req.action, facts));
  Plan after = before;
  after.status = next;
  after.updated_at_ms = now;
  switch (req.action) {
    case Action::kSubmit:
    case Action::kReject:
      clear_approval(after);
      break;
    case Action::kApprove:
      after.approver_id = p.user_id;
      after.approver_name = p.username;
      after.approved_at_ms = now;
      break;
    case Action::kPublish:
      after.in_force_edition = after.edition;
      after.published_at_ms = now;
      if (after.revision_due.empty() || after.revision_due < local_date(now))
        after.revision_due = local_date_plus(now, opts_.revision_days);
      break;
    case Action::kRetire:
      after.in_force_edition.reset();
      break;
    case Action::kRevise:
      // The next edition, written by the reviser; the published one stays in force meanwhile.
      after.edition = before.edition + 1;
      after.author_id = p.user_id;
      after.author_name = p.username;
      clear_approval(after);
      break;
  }
  if (store::update(*c, after, before.version) == 0)
    return Error::conflict("The plan changed meanwhile; reload it.");
  after.version = before.version + 1;
  if (req.action == Action::kPublish)
    store::insert_version(*c, PlanVersion{.plan_id = id,
                                          .edition = after.edition,
                                          .snapshot = json_text(to_json(after)),
                                          .approver_id = after.approver_id,
                                          .approver_name = after.approver_name,
                                          .published_by = p.username,
                                          .published_at_ms = now});
  json::object after_json = to_json(after);
  if (!req.reason.empty()) after_json["reason"] = req.reason;
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add(std::string(action_name(req.action)), "plans", std::to_string(id), to_json(before),
         std::move(after_json), event_of("updated", after));
  json::object out = detail(*c, p, after);
  ch.commit(*c, tx);
  return out;
}

std::optional<Candidate> PlansService::candidate_of(int64_t plan_id, int64_t edition,
                                                    const std::string& snapshot) {
  {
    std::lock_guard lock(cache_mu_);
    auto it = cache_.find({plan_id, edition});
    if (it != cache_.end()) return it->second;
  }
  boost::system::error_code ec;
  json::value v = json::parse(snapshot, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  Candidate c;
  c.id = plan_id;
  c.title = str_or_empty(o, "title");
  auto cat = parse_category(str_or_empty(o, "type"));
  auto lvl = parse_level(str_or_empty(o, "level"));
  if (!cat || !lvl) return std::nullopt;
  c.category = *cat;
  c.level = *lvl;
  c.sub_type = str_or_empty(o, "sub_type");
  c.jurisdiction_code = str_or_empty(o, "jurisdiction");
  if (auto e = o.if_contains("enterprise_id"); e && e->is_int64()) c.enterprise_id = e->as_int64();
  if (auto k = o.if_contains("keywords"); k && k->is_array())
    for (const auto& s : k->as_array())
      if (s.is_string()) c.keywords.emplace_back(s.as_string());
  auto content = o.if_contains("content");
  if (!content) return std::nullopt;
  auto parsed = parse_content(*content);
  if (!parsed) return std::nullopt;
  c.levels = std::move(parsed->levels);
  std::lock_guard lock(cache_mu_);
  cache_.emplace(std::make_pair(plan_id, edition), c);
  return c;
}

Result<json::object> PlansService::match(const Principal& p, const json::object& body) {
  LG_TRY_ASSIGN(MatchEvent ev, parse_match_event(body));
  std::string place_from = ev.place_code.empty() ? "none" : "given";
  if (ev.place_code.empty() && ev.enterprise_id) {
    const registry::KindSpec* enterprises = registry::find_kind("enterprises");
    auto ent = enterprises ? registry_.get(p, *enterprises, *ev.enterprise_id, std::nullopt)
                           : Result<registry::Object>(Error::not_found());
    if (!ent) return Error::validation("enterprise_id", "No such enterprise in your scope.");
    std::string town = str_or_empty(*ent, "town_code");
    std::string community = str_or_empty(*ent, "community_code");
    ev.place_code = !community.empty() ? community : town;
    if (!ev.place_code.empty()) place_from = "enterprise";
  }
  if (ev.place_code.empty() && ev.lon &&
      (p.scope_type == ScopeType::kTown || p.scope_type == ScopeType::kCommunity)) {
    // No point-in-town lookup exists yet (the registry's town areas are approximate): a point is
    // taken to lie in the caller's own jurisdiction.
    ev.place_code = p.scope_code;
    place_from = "caller_scope";
  }
  std::vector<store::InForce> rows;
  {
    auto c = db_.acquire();
    rows = store::in_force(*c, store::scope_where(read_scope(p)));
  }
  std::vector<Candidate> cands;
  cands.reserve(rows.size());
  for (const auto& r : rows)
    if (auto cand = candidate_of(r.plan_id, r.edition, r.snapshot))
      cands.push_back(std::move(*cand));
  auto results = plans::match(ev, cands, opts_.weights);
  json::array items;
  for (const auto& r : results) {
    const Candidate& cand = cands[r.index];
    json::array reasons;
    for (const auto& s : r.reasons) reasons.emplace_back(s);
    items.push_back(json::object{
        {"plan_id", cand.id},
        {"title", cand.title},
        {"type", category_name(cand.category)},
        {"sub_type", cand.sub_type.empty() ? json::value(nullptr) : json::value(cand.sub_type)},
        {"level", level_name(cand.level)},
        {"jurisdiction", cand.jurisdiction_code},
        {"edition", rows[r.index].edition},
        {"score", r.score},
        {"matched_level", r.matched_level ? json::value(*r.matched_level) : json::value(nullptr)},
        {"matched_level_name", r.matched_level ? json::value(response_level_name(*r.matched_level))
                                               : json::value(nullptr)},
        {"reasons", std::move(reasons)}});
  }
  return json::object{
      {"items", std::move(items)},
      {"place", ev.place_code.empty() ? json::value(nullptr) : json::value(ev.place_code)},
      {"place_from", place_from},
      {"candidates", static_cast<int64_t>(cands.size())}};
}

json::object PlansService::templates() const {
  json::array items;
  for (const auto& t : plan_templates()) {
    json::object o = json::parse(t.json).as_object();
    o["key"] = t.key;
    items.push_back(std::move(o));
  }
  return json::object{{"items", std::move(items)}};
}

json::object PlansService::types() const {
  json::array cats;
  for (Category c : kAllCategories) {
    json::array subs;
    for (const auto& s : sub_types())
      if (s.category == c) subs.emplace_back(s.name);
    cats.push_back(json::object{{"type", category_name(c)}, {"sub_types", std::move(subs)}});
  }
  return json::object{{"items", std::move(cats)}};
}

Result<json::object> PlansService::attach(const Principal& p, int64_t id,
                                          const std::string& filename, const std::string& bytes,
                                          const platform::Actor& who) {
  if (!may_write(p.role)) return Error::forbidden("Your role may not write plans.");
  LG_TRY_ASSIGN(std::string name, clean_filename(filename));
  LG_TRY_ASSIGN(std::string media_type, sniff_attachment(bytes, opts_.max_attachment_bytes));
  Attachment a;
  a.plan_id = id;
  a.filename = name;
  a.media_type = media_type;
  a.size_bytes = static_cast<int64_t>(bytes.size());
  a.sha256 = auth::sha256_hex(bytes);
  a.uploaded_by = p.username;
  a.uploaded_at_ms = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  LG_TRY_ASSIGN(Plan plan, readable(*c, p, id));
  if (!write_scope(p).admits(placement_of(plan)))
    return Error::forbidden("You may read this plan but not change it.");
  a.id = store::insert_attachment(*c, a, bytes);
  platform::ChangeSet ch(audit_, events_, clock_, who);
  json::object meta = to_json(a);
  ch.add("create", "plan_attachments", std::to_string(a.id), nullptr, meta);
  ch.commit(*c, tx);
  return meta;
}

Result<AttachmentFile> PlansService::attachment(const Principal& p, int64_t id,
                                                int64_t attachment_id) {
  auto c = db_.acquire();
  LG_TRY_ASSIGN(Plan plan, readable(*c, p, id));
  auto found = store::attachment(*c, plan.id, attachment_id);
  if (!found) return Error::not_found();
  return AttachmentFile{std::move(found->first), std::move(found->second)};
}

int64_t PlansService::load_samples(const platform::Actor& who) {
  int64_t now = clock_.now_ms();
  registry::JurisdictionIndex idx = registry_.index();
  std::string district = idx.district_code.empty() ? "330106" : idx.district_code;
  auto c = db_.acquire();
  db::Transaction tx(*c);
  if (store::count_synthetic(*c) > 0) return 0;
  std::vector<std::pair<json::object, std::string>> bodies;  // body, town code ("" district)
  for (const auto& t : plan_templates()) {
    json::object b = json::parse(t.json).as_object();
    std::string title(b.at("title").as_string());
    auto cut = title.find("（模板）");
    if (cut != std::string::npos) title = title.substr(0, cut);
    b["title"] = "西湖区" + title + "（演示样例）";
    b["jurisdiction"] = district;
    bodies.emplace_back(std::move(b), "");
  }
  // A town plan of 留下街道 (330106009), whose Ⅱ级 starts at 100 mm in 3 hours: synthetic.
  if (idx.towns.empty() || idx.towns.contains("330106009")) {
    json::object b = json::parse(plan_templates()[0].json).as_object();
    b["title"] = "留下街道防汛防台应急预案（演示样例）";
    b["level"] = "town";
    b["jurisdiction"] = "330106009";
    b["owner_unit"] = "留下街道办事处";
    b["keywords"] = json::array{"山洪", "积水", "小流域"};
    b["summary"] = "演示数据：留下街道山区村社的小流域山洪与积水防御（合成样例，非真实预案）。";
    b["content"] = json::parse(R"({
      "organisation": [{"role": "街道防指", "units": ["留下街道办事处"]},
                       {"role": "抢险小分队", "units": ["各村（社区）抢险小分队"]}],
      "levels": [
        {"level": 2, "triggers": [{"indicator": "rain_3h_mm", "comparator": ">=", "threshold": 100, "unit": "mm"}],
         "tasks": [{"title": "山洪危险区人员转移", "responsible_role": "抢险小分队", "deadline_offset_min": 60, "checklist": ["逐户通知", "转移人数上报街道防指"]}]},
        {"level": 3, "triggers": [{"indicator": "rain_3h_mm", "comparator": ">=", "threshold": 50, "unit": "mm"}],
         "tasks": [{"title": "巡查易积水点", "responsible_role": "街道防指", "deadline_offset_min": 120, "checklist": ["易积水点巡查", "排水泵就位"]}]}]})");
    bodies.emplace_back(std::move(b), "330106009");
  }
  platform::ChangeSet ch(audit_, nullptr, clock_, who);
  int64_t added = 0;
  for (auto& [b, town] : bodies) {
    auto in = parse_new_plan(b, now);
    if (!in) continue;  // the templates are checked by the unit tests
    Plan plan;
    plan.title = in->title;
    plan.category = in->category;
    plan.sub_type = in->sub_type;
    plan.level = in->level;
    plan.owner_unit = in->owner_unit;
    plan.jurisdiction_code = in->jurisdiction_code;
    plan.town_code = town;
    plan.keywords = in->keywords;
    plan.summary = in->summary;
    plan.content = json_text(to_json(in->content));
    plan.status = State::kPublished;
    plan.edition = 1;
    plan.in_force_edition = 1;
    plan.author_name = "demo";
    plan.approver_name = "demo-reviewer";
    plan.approved_at_ms = now;
    plan.revision_due = local_date_plus(now, opts_.revision_days);
    plan.synthetic = true;
    plan.created_at_ms = now;
    plan.updated_at_ms = now;
    plan.published_at_ms = now;
    plan.id = store::insert(*c, plan);
    store::insert_version(*c, PlanVersion{.plan_id = plan.id,
                                          .edition = 1,
                                          .snapshot = json_text(to_json(plan)),
                                          .approver_name = plan.approver_name,
                                          .published_by = "demo",
                                          .published_at_ms = now});
    ch.add("create", "plans", std::to_string(plan.id), nullptr, to_json(plan));
    ++added;
  }
  ch.commit(*c, tx);
  return added;
}

}  // namespace lakeguard::plans
