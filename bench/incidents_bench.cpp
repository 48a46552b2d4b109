// Issue 11 item 8: activating a plan with 200 tasks (goal ≤ 100 ms) and an escalation pass over
// 100,000 open tasks (goal ≤ 1 s), through IncidentsService on a SQLite file (WAL) with the
// real migrations; PostgreSQL when LAKEGUARD_BENCH_PG_URL names a fresh, empty database.
//  1. activation: a published district plan whose level Ⅱ has 200 task templates (3 roles with
//     units and users); 30 incidents opened, each activated once (timed: the plans service's
//     read of the edition in force, 200 task rows, the activation, its audit row and timeline
//     event, in one transaction).
//  2. escalation: 100,000 open tasks over 100 incidents written straight to the store, deadlines
//     spread over 24 hours; passes timed (a) steady state, nothing new due; (b) the next 10
//     minutes' stages newly due (~700 escalations recorded with their audit rows and timeline
//     events); (c) a repeat pass at the same instant (nothing recorded).
// Build: cmake --build --preset ci --target bench_incidents; run: build/ci/bench_incidents

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "core/clock.h"
#include "db/database.h"
#include "incidents/service.h"
#include "incidents/store.h"
#include "plans/service.h"
#include "platform/changes.h"
#include "registry/service.h"

using namespace lakeguard;
namespace json = boost::json;

namespace {

class TableAudit final : public platform::AuditSink {
 public:
  void record(db::Connection& c, const platform::AuditRecord& r, int64_t now) override {
    // As the auth context does: one row per change in the same transaction.
    c.exec(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, "
        "after_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {iso_utc(now), r.actor.name, r.action, r.entity, r.entity_id, json::serialize(r.before),
         json::serialize(r.after)});
  }
};

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

Principal district() {
  Principal p;
  p.user_id = 2;
  p.username = "district";
  p.role = Role::kDistrictOfficer;
  p.scope_type = ScopeType::kDistrict;
  p.scope_code = "330106";
  return p;
}
Principal admin() {
  Principal p = district();
  p.user_id = 1;
  p.username = "admin";
  p.role = Role::kAdmin;
  return p;
}

}  // namespace

int main() {
  std::string target;
  std::filesystem::path dir;
  if (const char* pg = std::getenv("LAKEGUARD_BENCH_PG_URL"); pg && *pg) {
    target = pg;
  } else {
    dir = std::filesystem::temp_directory_path() /
          ("lakeguard-bench-incidents-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    target = (dir / "bench.db").string();
  }
  auto db = db::open_database(target, 2);
  db::migrate(*db, std::string(LAKEGUARD_SOURCE_DIR) + "/migrations");
  std::printf("backend: %s\n", db->dialect() == db::Dialect::kSqlite ? "sqlite" : "postgresql");

  FakeClock clock(1'796'000'400'000);
  TableAudit audit;
  registry::RegistryService registry(*db, clock, audit, nullptr);
  plans::PlansService plans(*db, clock, audit, nullptr, registry);
  incidents::LogNotifier notifier;
  incidents::IncidentsOptions opts;
  opts.escalation.config = {.interval_min = 30, .max_stages = 3};
  incidents::IncidentsService svc(*db, clock, audit, nullptr, plans, notifier, opts);

  // 1. A published plan with 200 tasks at level Ⅱ.
  json::array org;
  const char* roles[] = {"抢险组", "转移组", "保障组"};
  for (int r = 0; r < 3; ++r)
    org.push_back(json::object{{"role", roles[r]},
                               {"units", json::array{"单位" + std::to_string(r)}},
                               {"user_ids", json::array{10 + r, 20 + r}}});
  json::array tasks;
  for (int t = 0; t < 200; ++t)
    tasks.push_back(json::object{{"title", "任务 " + std::to_string(t)},
                                 {"responsible_role", roles[t % 3]},
                                 {"deadline_offset_min", 10 + t},
                                 {"checklist", json::array{"到岗", "报告"}}});
  json::object body{
      {"title", "基准防汛预案"},
      {"type", "自然灾害"},
      {"sub_type", "防汛防台"},
      {"level", "district"},
      {"owner_unit", "区应急管理局"},
      {"jurisdiction", "330106"},
      {"content",
       json::object{{"organisation", org},
                    {"levels", json::array{json::object{{"level", 2}, {"tasks", tasks}}}}}}};
  auto who = platform::Actor::system("bench");
  auto made = plans.create(district(), body, who);
  if (!made) {
    std::printf("plan create failed: %s (%s)\n", made.error().message.c_str(),
                made.error().field.c_str());
    return 1;
  }
  int64_t plan_id = made->at("id").as_int64();
  for (auto [p, a] : {std::pair{district(), "submit"}, std::pair{admin(), "approve"},
                      std::pair{district(), "publish"}}) {
    auto r = plans.act(p, plan_id, json::object{{"action", a}}, std::nullopt, who);
    if (!r) {
      std::printf("plan %s failed: %s\n", a, r.error().message.c_str());
      return 1;
    }
  }
  std::vector<double> act_ms;
  for (int i = 0; i < 30; ++i) {
    auto inc = svc.open(district(),
                        json::object{{"title", "基准事件 " + std::to_string(i)},
                                     {"type", "防汛防台"},
                                     {"town_code", "330106009"},
                                     {"response_level", 2}},
                        who);
    if (!inc) {
      std::printf("open failed: %s\n", inc.error().message.c_str());
      return 1;
    }
    auto t = std::chrono::steady_clock::now();
    auto a = svc.activate(district(), inc->at("id").as_int64(),
                          json::object{{"plan_id", plan_id}, {"level", 2}}, who);
    act_ms.push_back(ms_since(t));
    if (!a || a->at("tasks").as_array().size() != 200) {
      std::printf("activation failed\n");
      return 1;
    }
  }
  std::sort(act_ms.begin(), act_ms.end());
  std::printf("activation of 200 tasks (30 runs): p50 %.1f ms, p99/max %.1f ms (goal <= 100)\n",
              act_ms[act_ms.size() / 2], act_ms.back());

  // 2. 100,000 open tasks (plus the 6,000 above), deadlines over the next 24 hours.
  int64_t t0 = clock.now_ms() + 24LL * 3600 * 1000;  // after the activations' tasks are all due
  {
    auto c = db->acquire();
    db::Transaction tx(*c);
    std::vector<int64_t> incidents;
    for (int i = 0; i < 100; ++i) {
      incidents::Incident inc;
      inc.title = "合成事件 " + std::to_string(i);
      inc.type = "防汛防台";
      inc.town_code = "330106009";
      inc.accident_grade = "一般";
      inc.response_level = 3;
      inc.opened_by = "district";
      inc.opened_at_ms = t0;
      inc.id = incidents::store::insert_incident(*c, inc);
      incidents::Activation a{.incident_id = inc.id,
                              .plan_id = plan_id,
                              .plan_edition = 1,
                              .plan_title = "基准防汛预案",
                              .response_level = 3,
                              .activated_by = "district",
                              .activated_at_ms = t0};
      a.id = incidents::store::insert_activation(*c, a);
      std::vector<incidents::Task> batch;
      for (int k = 0; k < 1000; ++k) {
        incidents::Task t;
        t.incident_id = inc.id;
        t.activation_id = a.id;
        t.town_code = inc.town_code;
        t.title = "合成任务";
        t.unit = "单位";
        t.deadline_ms = t0 + static_cast<int64_t>((i * 1000 + k) % 1440) * 60'000 + 60'000;
        t.updated_at_ms = t0;
        batch.push_back(std::move(t));
      }
      incidents::store::insert_tasks(*c, batch);
    }
    tx.commit();
  }
  clock.advance_ms(t0 - clock.now_ms());
  auto first = svc.run_escalation_pass();  // the activations' 6,000 tasks: all 3 stages due
  std::printf("catch-up pass: %lld open, %lld recorded\n", static_cast<long long>(first.open),
              static_cast<long long>(first.recorded));
  auto time_pass = [&](const char* what) {
    auto t = std::chrono::steady_clock::now();
    auto n = svc.run_escalation_pass();
    double ms = ms_since(t);
    std::printf("%s: %lld open tasks, %lld recorded, %.1f ms (goal <= 1000)\n", what,
                static_cast<long long>(n.open), static_cast<long long>(n.recorded), ms);
  };
  time_pass("(a) steady pass, nothing new due");
  clock.advance_ms(10 * 60'000);
  time_pass("(b) pass with the next 10 minutes' stages due");
  time_pass("(c) repeat pass at the same instant");
  if (!dir.empty()) std::filesystem::remove_all(dir);
  return 0;
}
