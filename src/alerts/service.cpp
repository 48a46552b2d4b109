#include "alerts/service.h"
#include "core/json.h"

#include <fmt/format.h>

#include "alerts/cap.h"
#include "alerts/requests.h"
#include "alerts/store.h"
#include "alerts/workflow.h"
#include "core/dates.h"

namespace lakeguard::alerts {
namespace {

namespace json = boost::json;

store::Where scope_for(const Principal& p) {
  return store::scope_where(scope_of(p, kScopeColumns));
}

// The CAP references text back as messages ("sender,identifier,sent" separated by spaces).
std::vector<CapRef> parse_refs(const std::string& text) {
  std::vector<CapRef> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = text.find(' ', i);
    if (end == std::string::npos) end = text.size();
    std::string_view one(text.data() + i, end - i);
    auto a = one.find(','), b = one.rfind(',');
    if (a != std::string_view::npos && b > a) {
      auto sent = parse_instant(one.substr(b + 1));
      out.push_back(CapRef{std::string(one.substr(0, a)), std::string(one.substr(a + 1, b - a - 1)),
                           sent.value_or(0)});
    }
    i = end + 1;
  }
  return out;
}

ActionRecord record(int64_t id, std::string action, State from, State to,
                    const platform::Actor& who, int64_t now, json::object payload,
                    bool has_from = true) {
  return ActionRecord{.warning_id = id,
                      .action = std::move(action),
                      .from_status = has_from ? std::string(state_name(from)) : std::string(),
                      .to_status = std::string(state_name(to)),
                      .actor_id = who.user_id,
                      .actor = who.name,
                      .at_ms = now,
                      .payload = json_text(payload),
                      .request_id = who.request_id};
}

Draft draft_of(const Warning& w) { return Draft{w.content, w.source_alarm_id}; }

}  // namespace

AlertsService::AlertsService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                             EventSink* events, AlertsOptions opts)
    : db_(db), clock_(clock), audit_(audit), events_(events), opts_(std::move(opts)) {}

Event AlertsService::event_of(std::string_view type, const Warning& w) const {
  Event e;
  e.topic = "warnings";
  e.type = std::string(type);
  e.data = json_text(to_json(w));
  e.where = Placement{w.content.town_code, "", std::nullopt};
  return e;
}

json::object AlertsService::detail(db::Connection& c, const Principal& p, const Warning& w) {
  json::object o = to_json(w);
  json::array history;
  for (const auto& a : store::actions_of(c, w.id)) history.push_back(to_json(a));
  o["actions"] = std::move(history);
  json::array allowed;
  if (!p.read_only)
    for (Action a : kAllActions) {
      bool drafted = w.drafted_by_id && *w.drafted_by_id == p.user_id;
      if (next_status(p.role, a, Facts{w.status, w.msg_type, drafted}).ok())
        allowed.emplace_back(action_name(a));
    }
  o["allowed_actions"] = std::move(allowed);
  o["editable"] = !p.read_only && w.status == State::kDraft && may_draft(p.role) &&
                  w.drafted_by_id == std::optional<int64_t>(p.user_id);
  return o;
}

Result<json::object> AlertsService::create(const Principal& p, const json::object& body,
                                           const platform::Actor& who) {
  if (!may_draft(p.role)) return Error::forbidden("Your role may not draft warnings.");
  int64_t now = clock_.now_ms();
  LG_TRY_ASSIGN(Draft d, parse_draft(body, now, opts_.severities));
  Warning w;
  w.content = std::move(d.content);
  w.source_alarm_id = d.source_alarm_id;
  w.status = State::kDraft;
  w.msg_type = MsgType::kAlert;
  w.drafted_by_id = p.user_id;
  w.drafted_by = p.username;
  w.created_at_ms = now;
  w.updated_at_ms = now;
  auto c = db_.acquire();
  db::Transaction tx(*c);
  w.id = store::insert(*c, w);
  store::insert_action(*c,
                       record(w.id, "draft", State::kDraft, State::kDraft, who, now, {}, false));
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("create", "warnings", std::to_string(w.id), nullptr, to_json(w), event_of("created", w));
  json::object out = detail(*c, p, w);
  ch.commit(*c, tx);
  return out;
}

Result<WarningPage> AlertsService::list(
    const Principal& p, const std::vector<std::pair<std::string, std::string>>& params) {
  if (!may_read(p.role)) return Error::forbidden();
  LG_TRY_ASSIGN(ListFilter f, parse_list_filter(params));
  store::Where w = scope_for(p);
  store::add_filter(f, w);
  auto c = db_.acquire();
  WarningPage page;
  page.total = store::count(*c, w);
  page.page = f.page;
  page.page_size = f.page_size;
  for (const auto& x : store::select(*c, w, f.page_size, (f.page - 1) * f.page_size))
    page.items.push_back(to_json(x));
  return page;
}

Result<json::object> AlertsService::get(const Principal& p, int64_t id) {
  if (!may_read(p.role)) return Error::forbidden();
  auto c = db_.acquire();
  auto w = store::select_one(*c, id, scope_for(p));
  if (!w) return Error::not_found();
  return detail(*c, p, *w);
}

Result<json::object> AlertsService::patch(const Principal& p, int64_t id, const json::object& body,
                                          std::optional<int64_t> if_match,
                                          const platform::Actor& who) {
  if (!may_draft(p.role)) return Error::forbidden("Your role may not draft warnings.");
  int64_t now = clock_.now_ms();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto found = store::select_one(*c, id, scope_for(p));
  if (!found) return Error::not_found();
  const Warning& before = *found;
  if (before.drafted_by_id != std::optional<int64_t>(p.user_id))
    return Error{ErrorCode::kForbidden, "Only the drafter edits a draft.", "drafted_by"};
  if (before.status != State::kDraft)
    return Error::conflict(
        fmt::format("Only a draft can be edited; the warning is {}.", state_name(before.status)),
        "status");
  if (if_match && *if_match != before.version)
    return Error::conflict(
        fmt::format("The warning changed (version {} now, {} expected); reload it.", before.version,
                    *if_match));
  LG_TRY_ASSIGN(Draft d, merge_draft(draft_of(before), body, now, opts_.severities));
  if (d.content == before.content && d.source_alarm_id == before.source_alarm_id)
    return detail(*c, p, before);  // nothing changed: nothing to record
  Warning after = before;
  after.content = std::move(d.content);
  after.source_alarm_id = d.source_alarm_id;
  after.updated_at_ms = now;
  if (store::update(*c, after, before.version) == 0)
    return Error::conflict("The warning changed meanwhile; reload it.");
  after.version = before.version + 1;
  json::object fields;
  for (const auto& kv : body) fields[kv.key()] = true;
  store::insert_action(*c, record(id, "edit", State::kDraft, State::kDraft, who, now,
                                  json::object{{"fields", std::move(fields)}}));
  platform::ChangeSet ch(audit_, events_, clock_, who);
  ch.add("update", "warnings", std::to_string(id), to_json(before), to_json(after),
         event_of("updated", after));
  json::object out = detail(*c, p, after);
  ch.commit(*c, tx);
  return out;
}

Status AlertsService::publish_in(db::Connection& c, Warning& w, const Principal& p,
                                 const platform::Actor& who, platform::ChangeSet& ch, int64_t now) {
  if (w.content.expires_ms <= now)
    return Error::conflict("The warning has expired; draft a new one.", "expires");
  // The message it refers to must still be the published one (an Update or Cancel published
  // meanwhile superseded it).
  std::optional<Warning> previous;
  std::vector<CapRef> refs;
  if (w.previous_id) {
    previous = store::select_one(c, *w.previous_id, store::Where{});
    if (!previous || previous->status != State::kPublished)
      return Error::conflict(
          "The warning this message refers to is no longer published; it was updated or "
          "cancelled meanwhile.",
          "previous_id");
    refs = parse_refs(previous->references);
    refs.push_back(CapRef{previous->sender, previous->identifier, previous->sent_ms.value_or(0)});
  }
  // The identifier: the smallest free sequence number of this second (standards.md §10).
  std::string stem = identifier_stem(opts_.code, now);
  auto n = free_sequence(stem, store::identifiers_with_stem(c, stem));
  if (!n) return Error::conflict("Ten messages were already published this second; publish again.");
  State from = w.status;
  Warning before = w;
  w.identifier = make_identifier(opts_.code, now, *n);
  w.sender = opts_.issuer.sender;
  w.sent_ms = now;
  w.references = cap_references(refs);
  w.xml = render_cap(to_cap(w, opts_.issuer, w.identifier, now, refs));
  w.status = State::kPublished;
  w.published_by_id = p.user_id;
  w.published_by = p.username;
  w.updated_at_ms = now;
  if (store::update(c, w, w.version) == 0)
    return Error::conflict("The warning changed meanwhile; reload it.");
  w.version += 1;
  store::insert_action(c, record(w.id, "publish", from, State::kPublished, who, now,
                                 json::object{{"identifier", w.identifier}}));
  ch.add("publish", "warnings", std::to_string(w.id),
         from == State::kApproved ? json::value(to_json(before)) : json::value(nullptr), to_json(w),
         event_of("published", w));
  if (previous) {
    Warning old = *previous;
    old.status = w.msg_type == MsgType::kCancel ? State::kCancelled : State::kUpdated;
    old.superseded_by_id = w.id;
    old.updated_at_ms = now;
    if (store::update(c, old, previous->version) == 0)
      return Error::conflict("The warning changed meanwhile; reload it.");
    old.version = previous->version + 1;
    store::insert_action(
        c, record(old.id, w.msg_type == MsgType::kCancel ? "cancel" : "update", State::kPublished,
                  old.status, who, now, json::object{{"by", w.id}, {"identifier", w.identifier}}));
    ch.add(w.msg_type == MsgType::kCancel ? "cancel" : "supersede", "warnings",
           std::to_string(old.id), to_json(*previous), to_json(old), event_of("updated", old));
  }
  return ok_status();
}

Result<json::object> AlertsService::act(const Principal& p, int64_t id, const json::object& body,
                                        std::optional<int64_t> if_match,
                                        const platform::Actor& who) {
  int64_t now = clock_.now_ms();
  LG_TRY_ASSIGN(ActionRequest req, parse_action_request(body));
  if (!may_read(p.role)) return Error::forbidden();
  auto c = db_.acquire();
  db::Transaction tx(*c);
  auto found = store::select_one(*c, id, scope_for(p));
  if (!found) return Error::not_found();
  const Warning before = *found;
  if (if_match && *if_match != before.version)
    return Error::conflict(
        fmt::format("The warning changed (version {} now, {} expected); reload it.", before.version,
                    *if_match));
  bool drafted = before.drafted_by_id && *before.drafted_by_id == p.user_id;
  LG_TRY_ASSIGN(State next,
                next_status(p.role, req.action, Facts{before.status, before.msg_type, drafted}));
  platform::ChangeSet ch(audit_, events_, clock_, who);
  try {
    switch (req.action) {
      case Action::kApprove: {
        Warning after = before;
        after.status = next;
        after.approved_by_id = p.user_id;
        after.approved_by = p.username;
        after.approved_at_ms = now;
        after.updated_at_ms = now;
        if (store::update(*c, after, before.version) == 0)
          return Error::conflict("The warning changed meanwhile; reload it.");
        after.version = before.version + 1;
        json::object payload;
        if (!req.note.empty()) payload["note"] = req.note;
        store::insert_action(*c, record(id, "approve", before.status, next, who, now, payload));
        ch.add("approve", "warnings", std::to_string(id), to_json(before), to_json(after),
               event_of("updated", after));
        json::object out = detail(*c, p, after);
        ch.commit(*c, tx);
        return out;
      }
      case Action::kPublish: {
        Warning w = before;
        LG_TRY(publish_in(*c, w, p, who, ch, now));
        json::object out = detail(*c, p, w);
        ch.commit(*c, tx);
        return out;
      }
      case Action::kUpdate: {
        // A new draft that will update this message once approved and published.
        LG_TRY_ASSIGN(Draft d, merge_draft(draft_of(before), req.changes, now, opts_.severities));
        Warning u;
        u.content = std::move(d.content);
        u.content.note.clear();
        if (auto n = req.changes.if_contains("note"); n && n->is_string())
          u.content.note = std::string(n->as_string());
        u.source_alarm_id = d.source_alarm_id;
        u.status = State::kDraft;
        u.msg_type = MsgType::kUpdate;
        u.previous_id = before.id;
        u.drafted_by_id = p.user_id;
        u.drafted_by = p.username;
        u.created_at_ms = now;
        u.updated_at_ms = now;
        u.id = store::insert(*c, u);
        store::insert_action(*c, record(u.id, "draft", State::kDraft, State::kDraft, who, now,
                                        json::object{{"updates", before.id}}, false));
        store::insert_action(*c, record(before.id, "update", before.status, before.status, who, now,
                                        json::object{{"draft", u.id}}));
        ch.add("create", "warnings", std::to_string(u.id), nullptr, to_json(u),
               event_of("created", u));
        json::object out = detail(*c, p, u);
        ch.commit(*c, tx);
        return out;
      }
      case Action::kCancel: {
        // Withdrawing needs no second approval: the Cancel is published at once.
        Warning k;
        k.content = before.content;
        k.content.note = req.note;
        k.source_alarm_id = before.source_alarm_id;
        k.status = State::kApproved;
        k.msg_type = MsgType::kCancel;
        k.previous_id = before.id;
        k.drafted_by_id = p.user_id;
        k.drafted_by = p.username;
        k.created_at_ms = now;
        k.updated_at_ms = now;
        k.id = store::insert(*c, k);
        store::insert_action(
            *c, record(k.id, "draft", State::kDraft, State::kApproved, who, now,
                       json::object{{"cancels", before.id}, {"reason", req.note}}, false));
        // The Cancel keeps the warning's expiry, so it stays in the feed until then; one that
        // has already expired is cancelled for the record only.
        if (k.content.expires_ms <= now) k.content.expires_ms = now + 1000;
        LG_TRY(publish_in(*c, k, p, who, ch, now));
        json::object out = detail(*c, p, k);
        ch.commit(*c, tx);
        return out;
      }
    }
  } catch (const db::ConstraintError&) {
    // Two publications in one second took the same sequence number (PostgreSQL, concurrent).
    return Error::conflict("Ten messages were already published this second; publish again.");
  }
  return Error::conflict("The warning changed meanwhile; reload it.");
}

std::vector<Warning> AlertsService::current() {
  auto c = db_.acquire();
  return store::current(*c, clock_.now_ms(), opts_.feed_limit);
}

Result<std::string> AlertsService::document(const std::string& identifier) {
  if (!is_identifier(identifier)) return Error::not_found();
  auto c = db_.acquire();
  auto w = store::select_by_identifier(*c, identifier);
  if (!w || w->xml.empty()) return Error::not_found();
  return w->xml;
}

}  // namespace lakeguard::alerts
