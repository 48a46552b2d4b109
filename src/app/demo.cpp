#include "app/demo.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "auth/crypto.h"
#include "duty/service.h"
#include "registry/demo_data.h"
#include "risk/service.h"

namespace lakeguard::app {
namespace {

namespace json = boost::json;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

template <typename T>
T unwrap(Result<T> r) {
  if (!r)
    throw std::runtime_error(fmt::format("demo load: {} ({})", r.error().message, r.error().field));
  return std::move(*r);
}

}  // namespace

void reset_store(const std::string& target) {
  if (target.rfind("postgres", 0) == 0) {
    auto db = db::open_database(target, 1);
    auto c = db->acquire();
    c->exec_script("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    return;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(target + suffix);
}

namespace {

// A sample inspection plan and one revealed 双随机 draw for it, so the public record
// (/public/inspections/verify) has something to check. The draw is computed for real; its
// plan, title and witness are labelled as demo data (演示数据, synthetic).
void load_sample_draw(App& app, const platform::Actor& who) {
  auto district = app.auth().find_user("district");
  if (!district) return;
  Principal p;
  p.user_id = district->id;
  p.username = district->username;
  p.role = Role::kDistrictOfficer;
  p.scope_type = ScopeType::kDistrict;
  p.scope_code = district->scope_code;
  auto& svc = app.inspections();
  inspections::Plan plan;
  plan.year = std::stoi(iso_utc(svc.now_ms()).substr(0, 4));
  plan.name = "【演示数据】年度双随机抽查计划 (synthetic)";
  plan.targets = {inspections::PlanTarget{
                      "危险化学品相关企业（留下街道）", {{"town_code", "330106009"}}, 10, 2},
                  inspections::PlanTarget{"全区企业", {}, 2, 1}};
  auto made = unwrap(svc.create_plan(p, plan, who));
  inspections::NewDraw nd;
  nd.plan_id = made.id;
  nd.plan_target = 0;
  nd.m = 2;
  auto d = unwrap(svc.create(p, nd, who));
  unwrap(
      svc.add_witness(p, d.id, "演示监督人（合成数据 synthetic）", "演示文本：西湖 晴 17℃", who));
  unwrap(svc.reveal(p, d.id, who));
}

// A published sample warning, so the public feed (/public/alerts.atom) and its CAP document have
// something to show: CAP status Exercise and a headline marked 【示例】 (sample, not a real
// warning). Drafted by the district duty officer, approved by the administrator (a second
// officer), published; it expires 30 days after the demo was loaded.
void load_sample_warning(App& app, const platform::Actor& who) {
  auto district = app.auth().find_user("district");
  auto admin = app.auth().find_user("admin");
  if (!district || !admin) return;
  auto principal = [](const auth::User& u, Role role) {
    Principal p;
    p.user_id = u.id;
    p.username = u.username;
    p.role = role;
    p.scope_type = ScopeType::kDistrict;
    p.scope_code = u.scope_code;
    return p;
  };
  Principal drafter = principal(*district, Role::kDistrictOfficer);
  Principal approver = principal(*admin, Role::kAdmin);
  auto& svc = app.alerts();
  int64_t now = svc.now_ms();
  json::object body{
      {"cap_status", "Exercise"},
      {"category", "Met"},
      {"event", "暴雨"},
      {"colour", "blue"},
      {"urgency", "Expected"},
      {"certainty", "Possible"},
      {"effective", now},
      {"expires", now + 30LL * 24 * 3600 * 1000 - 60 * 1000},
      {"headline", "【示例】西湖区暴雨蓝色预警（演示数据，非真实预警）"},
      {"description",
       "【示例 "
       "演示数据】这是一条用于演示的样例预警，不是真实预警。示例内容：预计12小时内西湖区降雨量"
       "将达50毫米以上。"},
      {"instruction", "【示例】演示用：注意防范强降雨，低洼地带做好排水准备。"},
      {"area_description", "西湖区（示例）"},
      {"geometry",
       json::object{{"type", "Polygon"},
                    {"coordinates",
                     json::array{json::array{json::array{120.02, 30.12}, json::array{120.17, 30.12},
                                             json::array{120.17, 30.33}, json::array{120.02, 30.33},
                                             json::array{120.02, 30.12}}}}}},
      {"en",
       json::object{
           {"event", "Rainstorm"},
           {"headline",
            "[SAMPLE] Blue rainstorm warning, West Lake District (demo data, not a real warning)"},
           {"description", "[SAMPLE] A demonstration warning, not a real one."},
           {"instruction", "[SAMPLE] For demonstration only."},
           {"area_description", "West Lake District (sample)"}}}};
  auto made = unwrap(svc.create(drafter, body, who));
  int64_t id = made.at("id").as_int64();
  unwrap(svc.act(approver, id, json::object{{"action", "approve"}}, std::nullopt, who));
  unwrap(svc.act(drafter, id, json::object{{"action", "publish"}}, std::nullopt, who));
}

}  // namespace

DemoSummary load_demo(App& app, const std::string& data_dir, const std::string& password,
                      uint64_t seed) {
  registry::AdminSources src{
      read_file(data_dir + "/admin/xihu_330106_outline_vonng_adcode.json"),
      read_file(data_dir + "/admin/xihu_330106_codes_centres_vonng_adcode.csv"),
      read_file(data_dir + "/admin/china-division-2.7.0_streets_330106.csv"),
      read_file(data_dir + "/admin/china-division-2.7.0_villages_330106.csv")};
  registry::DemoData d = registry::generate_demo_data(src, seed);
  auto& reg = app.registry();
  const platform::Actor who = platform::Actor::system("demo", "demo-load");
  DemoSummary sum;
  auto kind = [](std::string_view n) { return registry::find_kind(n); };

  // Divisions first (committed, so the validation index sees them), then everything else in one
  // transaction.
  sum.jurisdictions = static_cast<int64_t>(
      unwrap(reg.load(*kind("jurisdictions"), d.jurisdictions, std::nullopt, false, who)).size());
  {
    auto lease = app.db().acquire();
    db::Transaction tx(*lease);
    auto split = [](std::vector<json::object>& objs, std::string_view child) {
      std::vector<json::array> children;
      for (auto& o : objs) {
        json::array c;
        if (auto v = o.if_contains(child); v && v->is_array()) c = v->as_array();
        o.erase(child);
        children.push_back(std::move(c));
      }
      return children;
    };
    auto chem = split(d.enterprises, "chemicals");
    auto ent_ids =
        unwrap(reg.load(*kind("enterprises"), d.enterprises, std::nullopt, true, who, &*lease));
    sum.enterprises = static_cast<int64_t>(ent_ids.size());
    for (size_t i = 0; i < ent_ids.size(); ++i) {
      if (chem[i].empty()) continue;
      if (!sum.first_hazchem_enterprise) sum.first_hazchem_enterprise = ent_ids[i];
      std::vector<json::object> rows;
      for (auto& v : chem[i]) rows.push_back(v.as_object());
      sum.chemicals += static_cast<int64_t>(
          unwrap(reg.load(*kind("chemicals"), rows, ent_ids[i], true, who, &*lease)).size());
    }
    auto stock = split(d.warehouses, "stock");
    auto wh_ids =
        unwrap(reg.load(*kind("warehouses"), d.warehouses, std::nullopt, true, who, &*lease));
    sum.warehouses = static_cast<int64_t>(wh_ids.size());
    for (size_t i = 0; i < wh_ids.size(); ++i) {
      std::vector<json::object> rows;
      for (auto& v : stock[i]) rows.push_back(v.as_object());
      sum.stock += static_cast<int64_t>(
          unwrap(reg.load(*kind("stock"), rows, wh_ids[i], true, who, &*lease)).size());
    }
    auto load_all = [&](std::string_view name, const std::vector<json::object>& objs) {
      return static_cast<int64_t>(
          unwrap(reg.load(*kind(name), objs, std::nullopt, true, who, &*lease)).size());
    };
    sum.shelters = load_all("shelters", d.shelters);
    sum.stations = load_all("stations", d.stations);
    sum.teams = load_all("teams", d.teams);
    sum.devices = load_all("devices", d.devices);
    sum.cameras = load_all("cameras", d.cameras);
    tx.commit();
  }

  // Demo users share one password, hashed once (argon2id costs ~0.15 s a hash).
  std::string hash = auth::hash_password(password);
  auto add = [&](std::string name, std::string display, auth::Role role, std::string scope,
                 std::optional<int64_t> enterprise) {
    auth::NewUser u;
    u.username = std::move(name);
    u.display_name = std::move(display);
    u.password_hash = hash;
    u.role = role;
    u.scope_code = std::move(scope);
    u.enterprise_id = enterprise;
    unwrap(app.auth().add_user(u, who));
    ++sum.users;
  };
  add("admin", "系统管理员", auth::Role::kAdmin, "330106", std::nullopt);
  add("district", "区应急局值班员", auth::Role::kDistrictOfficer, "330106", std::nullopt);
  std::string first_community;
  for (const auto& j : d.jurisdictions) {
    std::string code(j.at("code").as_string());
    std::string level(j.at("level").as_string());
    if (level == "town")
      add("town_" + code, fmt::format("{}应急办", std::string(j.at("name").as_string())),
          auth::Role::kTownOfficer, code, std::nullopt);
    if (level == "community" && first_community.empty()) first_community = code;
  }
  if (!first_community.empty())
    add("community_" + first_community, "社区网格员", auth::Role::kCommunityOfficer,
        first_community, std::nullopt);
  if (sum.first_hazchem_enterprise)
    add(fmt::format("enterprise_{}", sum.first_hazchem_enterprise), "企业安全管理员",
        auth::Role::kEnterpriseUser, "", sum.first_hazchem_enterprise);
  add("inspector", "执法人员 1", auth::Role::kInspector, "330106", std::nullopt);
  for (int i = 2; i <= 8; ++i)
    add(fmt::format("inspector_{}", i), fmt::format("执法人员 {}", i), auth::Role::kInspector,
        "330106", std::nullopt);
  add("viewer", "领导（只读）", auth::Role::kViewer, "330106", std::nullopt);
  load_sample_draw(app, who);
  load_sample_warning(app, who);
  // The registry load publishes no events, and risk's start-up recompute ran before it: grade
  // every demo enterprise now, so the four-colour list and map start full.
  app.deps().services.get<risk::RiskService>().recompute_all();
  // Sample plans (演示样例, synthetic), published so that plan matching has something to rank.
  app.plans().load_samples(who);
  // A week of synthetic duty rota (演示数据) for the district and every town.
  app.deps().services.get<duty::DutyService>().load_samples(hash, seed, who);
  return sum;
}

}  // namespace lakeguard::app
