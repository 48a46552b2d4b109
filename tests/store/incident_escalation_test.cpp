// The incidents' escalation pass (src/incidents/service.h) against the real store, on SQLite (a
// file) and PostgreSQL (a fresh database in LAKEGUARD_TEST_PG_URL): a simulated day with a fake
// clock stepping every 10 minutes, a restart on the same database at noon, a 3-hour downtime in
// the afternoon and tasks finished along the way; every (task, stage) recorded exactly once, the
// task's escalation count and the timeline agree; two passes at one instant and two instances at
// once record nothing twice.

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "backend_fixture.h"
#include "core/clock.h"
#include "db/database.h"
#include "incidents/escalation.h"
#include "incidents/service.h"
#include "incidents/store.h"
#include "plans/service.h"
#include "platform/changes.h"
#include "registry/service.h"

namespace lakeguard::incidents {
namespace {

constexpr int64_t kMin = 60'000;

class MemoryAudit final : public platform::AuditSink {
 public:
  void record(db::Connection&, const platform::AuditRecord& r, int64_t) override {
    std::lock_guard lk(mu_);
    ++by_entity_[r.entity];
  }
  int64_t count(const std::string& entity) {
    std::lock_guard lk(mu_);
    return by_entity_[entity];
  }

 private:
  std::mutex mu_;
  std::map<std::string, int64_t> by_entity_;
};

class IncidentStoreTest : public store_testing::BackendTest {
 protected:
  IncidentStoreTest() : BackendTest("incesc") {}

  // An incident with one activation and `n` tasks due at t0 + offsets[i] minutes.
  std::vector<int64_t> seed(int64_t t0, const std::vector<int64_t>& offsets) {
    auto c = db_->acquire();
    Incident i;
    i.title = "留下街道内涝";
    i.type = "防汛防台";
    i.town_code = "330106009";
    i.accident_grade = "一般";
    i.response_level = 3;
    i.opened_by = "district";
    i.opened_at_ms = t0;
    i.id = store::insert_incident(*c, i);
    Activation a{.incident_id = i.id,
                 .plan_id = 1,
                 .plan_edition = 1,
                 .plan_title = "防汛预案",
                 .response_level = 3,
                 .activated_by_id = 7,
                 .activated_by = "district",
                 .activated_at_ms = t0};
    a.id = store::insert_activation(*c, a);
    std::vector<Task> tasks;
    for (size_t k = 0; k < offsets.size(); ++k) {
      Task t;
      t.incident_id = i.id;
      t.activation_id = a.id;
      t.town_code = i.town_code;
      t.title = "任务" + std::to_string(k);
      t.unit = "区水利局";
      t.deadline_ms = t0 + offsets[k] * kMin;
      t.updated_at_ms = t0;
      tasks.push_back(t);
    }
    store::insert_tasks(*c, tasks);
    incident_id_ = i.id;
    std::vector<int64_t> ids;
    for (const auto& t : tasks) ids.push_back(t.id);
    return ids;
  }
  void set_state(int64_t task_id, TaskState s, int64_t now) {
    auto c = db_->acquire();
    auto t = store::select_task(*c, task_id, store::Where{}, 0);
    ASSERT_TRUE(t);
    Task after = *t;
    after.state = s;
    after.updated_at_ms = now;
    ASSERT_EQ(store::update_task(*c, after, t->version), 1);
  }

  int64_t incident_id_ = 0;
};

struct Services {
  Services(db::Database& db, const Clock& clock, platform::AuditSink& audit, IncidentsOptions o)
      : registry(db, clock, audit, nullptr),
        plans(db, clock, audit, nullptr, registry),
        alarms(db, clock, audit, nullptr, nullptr),
        hazards(db, clock, audit, nullptr, registry),
        svc(db, clock, audit, nullptr, plans, notifier, alarms, registry, hazards, o) {}
  registry::RegistryService registry;
  plans::PlansService plans;
  alarms::AlarmsService alarms;
  hazards::HazardsService hazards;
  LogNotifier notifier;
  IncidentsService svc;
};

TEST_P(IncidentStoreTest, ADayWithARestartAndADowntimeRecordsEveryStageOnce) {
  const int64_t t0 = 1'796'000'400'000;  // a whole minute
  FakeClock clock(t0);
  MemoryAudit audit;
  IncidentsOptions o;
  o.escalation.config = {.interval_min = 60, .max_stages = 4};
  // 40 tasks, deadlines every 25 minutes from 00:30.
  std::vector<int64_t> offsets;
  for (int k = 0; k < 40; ++k) offsets.push_back(30 + 25 * k);
  auto ids = seed(t0, offsets);
  // Tasks finished along the way: (task index, minute) → done or rejected then.
  std::map<int64_t, int64_t> finish_at = {{0, 100}, {3, 200}, {10, 500}, {25, 900}};
  std::set<std::pair<int64_t, int>> expected;
  std::set<int64_t> finished;
  auto svc = std::make_unique<Services>(*db_, clock, audit, o);
  int64_t passes = 0;
  for (int64_t m = 0; m <= 24 * 60; m += 10) {
    clock.advance_ms(m * kMin - (clock.now_ms() - t0));
    for (auto [k, at] : finish_at)
      if (at == m) {
        set_state(ids[k], k % 2 ? TaskState::kRejected : TaskState::kDone, clock.now_ms());
        finished.insert(k);
      }
    if (m == 12 * 60) {  // restart: a new process on the same database
      svc.reset();
      db_.reset();
      db_ = open();
      svc = std::make_unique<Services>(*db_, clock, audit, o);
    }
    if (m > 15 * 60 && m < 18 * 60) continue;  // down from 15:00 to 18:00: no passes
    // What must be recorded by now: every stage due of every task still open.
    for (size_t k = 0; k < ids.size(); ++k) {
      if (finished.contains(static_cast<int64_t>(k))) continue;
      for (int s = 0; s < 4; ++s)
        if (t0 + (offsets[k] + 60 * s) * kMin <= clock.now_ms()) expected.insert({ids[k], s});
    }
    auto counts = svc->svc.run_escalation_pass();
    ++passes;
    EXPECT_EQ(counts.open, static_cast<int64_t>(ids.size() - finished.size())) << m;
    // A second pass at the same instant records nothing.
    EXPECT_EQ(svc->svc.run_escalation_pass().recorded, 0) << m;
  }
  std::set<std::pair<int64_t, int>> stored;
  int64_t total_rows = 0, counted = 0;
  {
    auto c = db_->acquire();
    for (size_t k = 0; k < ids.size(); ++k) {
      auto rows = store::escalations_of_task(*c, ids[k]);
      total_rows += static_cast<int64_t>(rows.size());
      for (const auto& r : rows) {
        EXPECT_TRUE(stored.insert({ids[k], r.e.stage}).second);
        EXPECT_EQ(r.e.due_at_ms, t0 + (offsets[k] + 60 * r.e.stage) * kMin);
        EXPECT_EQ(r.e.to_whom, r.e.stage == 0 ? "leader:区水利局" : "commander:district");
        EXPECT_EQ(r.e.kind, "unread");
        // Delivered after the commit: later stages to the commander (user 7) through the log
        // channel; stage 0 has nobody without a duty rota (this service has none).
        auto d = store::escalation_delivery(*c, ids[k], r.e.stage);
        ASSERT_TRUE(d);
        if (r.e.stage == 0) {
          EXPECT_EQ(d->delivery, "unresolved");
          EXPECT_FALSE(d->user_id);
        } else {
          EXPECT_EQ(d->delivery, "sent") << d->error;
          EXPECT_EQ(d->user_id, 7);
        }
        // Recorded at the first pass at or after it was due (10-minute steps, none while down).
        int64_t due_min = (r.e.due_at_ms - t0) / kMin;
        int64_t rec_min = (r.recorded_at_ms - t0) / kMin;
        EXPECT_GE(rec_min, due_min);
        if (due_min > 15 * 60 && due_min < 18 * 60)
          EXPECT_EQ(rec_min, 18 * 60);
        else
          EXPECT_LT(rec_min - due_min, 10);
      }
      auto t = store::select_task(*c, ids[k], store::Where{}, 0);
      counted += t->escalations;
      EXPECT_EQ(t->escalations, static_cast<int64_t>(rows.size()));
    }
    auto events = store::events_of(*c, incident_id_);
    int64_t esc_events = 0;
    for (const auto& e : events) esc_events += e.kind == "escalation";
    EXPECT_EQ(esc_events, total_rows);
  }
  EXPECT_EQ(stored, expected);
  EXPECT_EQ(counted, total_rows);
  EXPECT_EQ(audit.count("incident_escalations"), total_rows);
  EXPECT_GT(total_rows, 100);  // most of the 160 stages
}

TEST_P(IncidentStoreTest, TwoInstancesAtOnceRecordEachStageOnce) {
  const int64_t t0 = 1'796'000'400'000;
  FakeClock clock(t0);
  MemoryAudit audit;
  IncidentsOptions o;
  o.escalation.config = {.interval_min = 10, .max_stages = 3};
  std::vector<int64_t> offsets(50, 5);
  auto ids = seed(t0, offsets);
  clock.advance_ms(60 * kMin);
  auto db2 = open();
  Services a(*db_, clock, audit, o), b(*db2, clock, audit, o);
  std::atomic<int64_t> recorded{0};
  std::thread ta([&] {
    for (int i = 0; i < 3; ++i) recorded += a.svc.run_escalation_pass().recorded;
  });
  std::thread tb([&] {
    for (int i = 0; i < 3; ++i) recorded += b.svc.run_escalation_pass().recorded;
  });
  ta.join();
  tb.join();
  EXPECT_EQ(recorded.load(), 50 * 3);
  auto c = db_->acquire();
  EXPECT_EQ(c->query("SELECT COUNT(*) FROM incident_escalations").rows.at(0).i64(0), 150);
  EXPECT_EQ(c->query("SELECT SUM(escalations) FROM incident_tasks").rows.at(0).i64(0), 150);
}

INSTANTIATE_TEST_SUITE_P(Backends, IncidentStoreTest, store_testing::kBothBackends,
                         store_testing::backend_name);

}  // namespace
}  // namespace lakeguard::incidents
