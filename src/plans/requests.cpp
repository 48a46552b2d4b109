#include "plans/requests.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/clock.h"
#include "core/dates.h"
#include "standards/division_code.h"

namespace lakeguard::plans {
namespace {

namespace json = boost::json;

Error bad(std::string_view field, std::string msg) {
  return Error::validation(std::string(field), std::move(msg));
}

Status only_fields(const json::object& o, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o) {
    bool known = false;
    for (auto a : allowed) known = known || a == kv.key();
    if (!known)
      return bad(kv.key(), fmt::format("Unknown field '{}'.", std::string_view(kv.key())));
  }
  return ok_status();
}

Result<std::vector<std::string>> keywords_of(const json::value* v) {
  std::vector<std::string> out;
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return bad("keywords", "'keywords' must be a list.");
  if (v->as_array().size() > kMaxPlanKeywords)
    return bad("keywords", fmt::format("'keywords' holds more than {} entries.", kMaxPlanKeywords));
  for (size_t i = 0; i < v->as_array().size(); ++i) {
    LG_TRY_ASSIGN(std::string k, text_at(&v->as_array()[i], fmt::format("keywords[{}]", i),
                                         kMaxKeywordChars, true, false));
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(std::move(k));
  }
  return out;
}

Result<std::string> revision_due_of(const json::value* v, int64_t now_ms) {
  LG_TRY_ASSIGN(std::string s, text_at(v, "revision_due", 10, false, false));
  if (s.empty()) return s;
  auto day = parse_date(s);
  if (!day) return bad("revision_due", "'revision_due' must be a date YYYY-MM-DD.");
  int64_t today = local_day(now_ms);
  if (*day < today)
    return bad("revision_due",
               fmt::format("'revision_due' must not be before today ({}).", date_of_days(today)));
  if (*day > today + kMaxRevisionDueDays)
    return bad("revision_due", fmt::format("'revision_due' must be within {} days from today.",
                                           kMaxRevisionDueDays));
  return s;
}

Result<Category> category_of(const json::value* v) {
  LG_TRY_ASSIGN(std::string s, text_at(v, "type", 20, true, false));
  auto c = parse_category(s);
  if (!c) return bad("type", "'type' must be one of: 自然灾害, 事故灾难, 公共卫生, 社会安全.");
  return *c;
}

Result<std::string> sub_type_of(const json::value* v, Category category) {
  LG_TRY_ASSIGN(std::string s, text_at(v, "sub_type", 20, false, false));
  if (s.empty()) return s;
  const SubType* t = find_sub_type(s);
  if (!t)
    return bad("sub_type", "'sub_type' is not a known plan sub-type (GET /api/v1/plans/types).");
  if (t->category != category)
    return bad("sub_type", fmt::format("'sub_type' {} belongs to {}, not to {}.", s,
                                       category_name(t->category), category_name(category)));
  return s;
}

}  // namespace

Result<NewPlan> parse_new_plan(const json::object& body, int64_t now_ms) {
  LG_TRY(only_fields(body, {"title", "type", "sub_type", "level", "owner_unit", "jurisdiction",
                            "enterprise_id", "keywords", "summary", "content", "revision_due"}));
  NewPlan p;
  LG_TRY_ASSIGN(p.title, text_at(body.if_contains("title"), "title", kMaxTitleChars, true, false));
  LG_TRY_ASSIGN(p.category, category_of(body.if_contains("type")));
  LG_TRY_ASSIGN(p.sub_type, sub_type_of(body.if_contains("sub_type"), p.category));
  LG_TRY_ASSIGN(std::string level, text_at(body.if_contains("level"), "level", 20, true, false));
  auto lvl = parse_level(level);
  if (!lvl) return bad("level", "'level' must be one of: district, town, community, enterprise.");
  p.level = *lvl;
  LG_TRY_ASSIGN(p.owner_unit,
                text_at(body.if_contains("owner_unit"), "owner_unit", kMaxNameChars, true, false));
  if (p.level == Level::kEnterprise) {
    if (body.contains("jurisdiction"))
      return bad("jurisdiction",
                 "An enterprise plan takes its place from its enterprise; give enterprise_id.");
    auto e = body.if_contains("enterprise_id");
    if (!e || e->is_null()) return bad("enterprise_id", "'enterprise_id' is required.");
    if (!e->is_int64() || e->as_int64() <= 0)
      return bad("enterprise_id", "'enterprise_id' must be the id of an enterprise.");
    p.enterprise_id = e->as_int64();
  } else {
    if (body.contains("enterprise_id"))
      return bad("enterprise_id", "'enterprise_id' is taken by enterprise plans only.");
    LG_TRY_ASSIGN(std::string raw,
                  text_at(body.if_contains("jurisdiction"), "jurisdiction", 20, true, false));
    std::string code = standards::normalize_division_code(raw);
    auto dl = standards::division_level(code);
    standards::DivisionLevel want =
        p.level == Level::kDistrict ? standards::DivisionLevel::kDistrict
        : p.level == Level::kTown   ? standards::DivisionLevel::kTown
                                    : standards::DivisionLevel::kCommunity;
    if (!dl || *dl != want)
      return bad("jurisdiction",
                 fmt::format("'jurisdiction' must be a {}-digit division code for a {} plan.",
                             standards::division_code_length(want), level_name(p.level)));
    p.jurisdiction_code = code;
  }
  LG_TRY_ASSIGN(p.keywords, keywords_of(body.if_contains("keywords")));
  LG_TRY_ASSIGN(p.summary,
                text_at(body.if_contains("summary"), "summary", kMaxTextChars, false, true));
  auto c = body.if_contains("content");
  if (!c || c->is_null()) return bad("content", "'content' is required.");
  LG_TRY_ASSIGN(p.content, parse_content(*c, "content"));
  LG_TRY_ASSIGN(p.revision_due, revision_due_of(body.if_contains("revision_due"), now_ms));
  return p;
}

Result<PlanPatch> parse_plan_patch(const json::object& body, Category current_category,
                                   const std::string& current_sub_type, int64_t now_ms) {
  LG_TRY(only_fields(body, {"title", "type", "sub_type", "owner_unit", "keywords", "summary",
                            "content", "revision_due"}));
  PlanPatch p;
  if (body.contains("title")) {
    LG_TRY_ASSIGN(p.title,
                  text_at(body.if_contains("title"), "title", kMaxTitleChars, true, false));
  }
  Category cat = current_category;
  if (body.contains("type")) {
    LG_TRY_ASSIGN(cat, category_of(body.if_contains("type")));
    p.category = cat;
  }
  if (body.contains("sub_type")) {
    LG_TRY_ASSIGN(p.sub_type, sub_type_of(body.if_contains("sub_type"), cat));
  } else if (p.category && !current_sub_type.empty()) {
    const SubType* t = find_sub_type(current_sub_type);
    if (t && t->category != cat)
      return bad("sub_type",
                 fmt::format("'sub_type' {} belongs to {}, not to {}.", current_sub_type,
                             category_name(t->category), category_name(cat)));
  }
  if (body.contains("owner_unit")) {
    LG_TRY_ASSIGN(p.owner_unit, text_at(body.if_contains("owner_unit"), "owner_unit", kMaxNameChars,
                                        true, false));
  }
  if (body.contains("keywords")) {
    LG_TRY_ASSIGN(p.keywords, keywords_of(body.if_contains("keywords")));
  }
  if (body.contains("summary")) {
    LG_TRY_ASSIGN(p.summary,
                  text_at(body.if_contains("summary"), "summary", kMaxTextChars, false, true));
  }
  if (body.contains("content")) {
    const json::value& c = body.at("content");
    if (c.is_null()) return bad("content", "'content' is required.");
    LG_TRY_ASSIGN(p.content, parse_content(c, "content"));
  }
  if (body.contains("revision_due")) {
    LG_TRY_ASSIGN(p.revision_due, revision_due_of(body.if_contains("revision_due"), now_ms));
  }
  return p;
}

Result<ActionRequest> parse_action_request(const json::object& body) {
  auto a = body.if_contains("action");
  if (!a || a->is_null()) return bad("action", "'action' is required.");
  if (!a->is_string()) return bad("action", "'action' must be a string.");
  auto act = parse_action(a->as_string());
  if (!act)
    return bad("action", fmt::format("Unknown action '{}'; it is one of: {}.",
                                     std::string_view(a->as_string()).substr(0, 40),
                                     "submit, reject, approve, publish, retire, revise"));
  ActionRequest r;
  r.action = *act;
  LG_TRY(only_fields(body, {"action", "reason"}));
  bool needs_reason = r.action == Action::kReject;
  LG_TRY_ASSIGN(r.reason,
                text_at(body.if_contains("reason"), "reason", kMaxReasonChars, needs_reason, true));
  return r;
}

Result<ListFilter> parse_list_filter(
    const std::vector<std::pair<std::string, std::string>>& params) {
  ListFilter f;
  for (const auto& [k, v] : params) {
    if (k == "type") {
      if (auto c = parse_category(v)) {
        f.category = c;
      } else if (const SubType* t = find_sub_type(v)) {
        f.sub_type = std::string(t->name);
      } else {
        return Error::bad_request("'type' must be a plan category or sub-type.", "type");
      }
    } else if (k == "level") {
      f.level = parse_level(v);
      if (!f.level)
        return Error::bad_request("'level' is one of: district, town, community, enterprise.",
                                  "level");
    } else if (k == "status") {
      f.status = parse_state(v);
      if (!f.status)
        return Error::bad_request("'status' is one of: draft, review, published, retired.",
                                  "status");
    } else if (k == "town") {
      std::string code = standards::normalize_division_code(v);
      if (standards::division_level(code) != standards::DivisionLevel::kTown)
        return Error::bad_request("'town' must be a 9-digit town code.", "town");
      f.town_code = code;
    } else if (k == "q") {
      if (v.size() > 100) return Error::bad_request("'q' is longer than 100 characters.", "q");
      f.q = v;
    } else if (k == "page" || k == "page_size") {
      int64_t n = 0;
      bool digits = !v.empty() && v.size() <= 6 &&
                    std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (digits) n = std::stoll(v);
      if (k == "page") {
        if (!digits || n < 1)
          return Error::bad_request("'page' must be a whole number from 1.", "page");
        f.page = n;
      } else {
        if (!digits || n < 1 || n > 500)
          return Error::bad_request("'page_size' must be a whole number from 1 to 500.",
                                    "page_size");
        f.page_size = n;
      }
    } else {
      return Error::bad_request(fmt::format("Unknown query parameter '{}'.", k), k);
    }
  }
  return f;
}

json::object to_json(const Plan& p) {
  json::array kw;
  for (const auto& k : p.keywords) kw.emplace_back(k);
  json::value content = json::object{};
  boost::system::error_code ec;
  json::value parsed = json::parse(p.content, ec);
  if (!ec) content = std::move(parsed);
  auto opt = [](const std::optional<int64_t>& v) {
    return v ? json::value(*v) : json::value(nullptr);
  };
  auto text_or_null = [](const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
  };
  json::object o{{"id", p.id},
                 {"title", p.title},
                 {"type", category_name(p.category)},
                 {"sub_type", text_or_null(p.sub_type)},
                 {"level", level_name(p.level)},
                 {"owner_unit", p.owner_unit},
                 {"jurisdiction", text_or_null(p.jurisdiction_code)},
                 {"town_code", text_or_null(p.town_code)},
                 {"community_code", text_or_null(p.community_code)},
                 {"enterprise_id", opt(p.enterprise_id)},
                 {"keywords", std::move(kw)},
                 {"summary", text_or_null(p.summary)},
                 {"content", std::move(content)},
                 {"status", state_name(p.status)},
                 {"edition", p.edition},
                 {"in_force_edition", opt(p.in_force_edition)},
                 {"author", p.author_name},
                 {"approver", text_or_null(p.approver_name)},
                 {"approved_at", p.approved_at_ms ? json::value(iso_utc(*p.approved_at_ms))
                                                  : json::value(nullptr)},
                 {"revision_due", text_or_null(p.revision_due)},
                 {"synthetic", p.synthetic},
                 {"created_at", iso_utc(p.created_at_ms)},
                 {"updated_at", iso_utc(p.updated_at_ms)},
                 {"published_at", p.published_at_ms ? json::value(iso_utc(*p.published_at_ms))
                                                    : json::value(nullptr)},
                 {"version", p.version}};
  return o;
}

json::object to_json(const PlanVersion& v) {
  return json::object{{"edition", v.edition},
                      {"approver", v.approver_name},
                      {"published_by", v.published_by},
                      {"published_at", iso_utc(v.published_at_ms)}};
}

json::object to_json(const Attachment& a) {
  return json::object{{"id", a.id},
                      {"plan_id", a.plan_id},
                      {"filename", a.filename},
                      {"media_type", a.media_type},
                      {"size_bytes", a.size_bytes},
                      {"sha256", a.sha256},
                      {"uploaded_by", a.uploaded_by},
                      {"uploaded_at", iso_utc(a.uploaded_at_ms)}};
}

}  // namespace lakeguard::plans
