// The risk index recomputed for every enterprise at once (RiskService::recompute_all: registry
// scans, one GROUP BY over the hidden dangers, the risk points and snapshots read once, one
// transaction per batch) against the real store, on SQLite and PostgreSQL. The bulk path must
// store exactly what the one-enterprise path (RiskService::get on an enterprise without a
// snapshot) computes from the same inputs; a second pass with nothing changed appends no history;
// an enterprise that is gone loses its snapshot. Also HazardsService::counts_by_enterprise against
// hand-counted hidden dangers, with the caller's scope in the query.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "backend_fixture.h"
#include "core/clock.h"
#include "db/database.h"
#include "hazards/dates.h"
#include "hazards/service.h"
#include "hazards/store.h"
#include "platform/changes.h"
#include "registry/service.h"
#include "registry/store.h"
#include "risk/service.h"
#include "risk/store.h"

namespace lakeguard::risk {
namespace {

namespace json = boost::json;

class NoAudit final : public platform::AuditSink {
 public:
  void record(db::Connection&, const platform::AuditRecord&, int64_t) override {}
};

const registry::KindSpec& kind(const char* name) { return *registry::find_kind(name); }

std::string town_of(int i) { return i % 2 ? "330106001" : "330106002"; }

Principal admin() {
  Principal p;
  p.username = "admin";
  p.role = Role::kAdmin;
  return p;
}

class RiskRecomputeTest : public store_testing::BackendTest {
 protected:
  RiskRecomputeTest() : BackendTest("riskall") {}

  int64_t add_enterprise(int i) {
    auto c = db_->acquire();
    registry::Object e{{"name", "合成企业 " + std::to_string(i)},
                       {"credit_code", "91330106MA" + std::to_string(10000000 + i)},
                       {"scale", "规上"},
                       {"lon", 120.1 + i * 0.001},
                       {"lat", 30.2},
                       {"town_code", town_of(i)},
                       {"community_code", town_of(i) + "001"},
                       {"hazchem_user", true}};
    return registry::store::insert(*c, kind("enterprises"), e, std::nullopt, now_iso_);
  }
  void add_chemical(int64_t enterprise, const char* name, const char* cas, double t,
                    const char* unit) {
    auto c = db_->acquire();
    registry::Object ch{
        {"name", name}, {"cas", cas}, {"hazard_class", "W2"}, {"max_quantity_t", t}};
    if (*unit) ch["storage_unit"] = unit;
    registry::store::insert(*c, kind("chemicals"), ch, enterprise, now_iso_);
  }
  void add_hazard(int64_t enterprise, const std::string& town, hazards::State st,
                  const std::string& deadline, hazards::HazardClass cls) {
    hazards::Hazard h;
    h.enterprise_id = enterprise;
    h.town_code = town;
    h.community_code = town + "001";
    h.description = "合成隐患";
    h.hazard_class = cls;
    h.source = hazards::Source::kInspection;
    h.found_at_ms = now_ - 40LL * 86400000;
    h.found_by = "test";
    h.status = st;
    h.deadline = deadline;
    h.reported_by_name = "test";
    h.created_at_ms = h.found_at_ms;
    h.updated_at_ms = h.found_at_ms;
    if (!deadline.empty()) h.confirmed_at_ms = h.deadline_set_at_ms = h.found_at_ms;
    auto c = db_->acquire();
    hazards::store::insert(*c, h);
  }
  void add_point(int64_t enterprise, const std::string& town, RiskLevel level) {
    RiskPoint p;
    p.enterprise_id = enterprise;
    p.town_code = town;
    p.name = "储罐区";
    p.method = "LEC";
    p.L = 3;
    p.E = 6;
    p.C = 7;
    p.score = 126;
    p.level = level;
    p.assessed_by = "test";
    p.assessed_at = "2026-12-01";
    p.created_at_ms = p.updated_at_ms = now_;
    auto c = db_->acquire();
    store::insert_point(*c, p);
  }

  const int64_t now_ = *parse_instant("2026-12-07T04:00:00Z");
  const std::string now_iso_ = "2026-12-07T04:00:00Z";
};

TEST_P(RiskRecomputeTest, BulkPassStoresWhatTheOneEnterprisePathComputes) {
  // 1,100 enterprises: more than one batch of the bulk pass (1,000).
  constexpr int kN = 1100;
  std::vector<int64_t> ids;
  for (int i = 0; i < kN; ++i) ids.push_back(add_enterprise(i));
  for (int i = 0; i < kN; i += 3) {
    add_chemical(ids[i], "氯", "7782-50-5", 0.5 * (i % 40), i % 2 ? "A" : "");
    if (i % 9 == 0) add_chemical(ids[i], "氨", "7664-41-7", 4.0 * (i % 20), "A");
  }
  using hazards::HazardClass;
  using hazards::State;
  for (int i = 0; i < kN; i += 2) {
    const std::string t = town_of(i);
    add_hazard(ids[i], t, State::kRectifying, "2026-11-30", HazardClass::kGeneral);  // overdue
    if (i % 4 == 0) add_hazard(ids[i], t, State::kSubmitted, "2026-12-20", HazardClass::kMajor);
    if (i % 6 == 0) add_hazard(ids[i], t, State::kClosed, "2026-11-01", HazardClass::kMajor);
    if (i % 8 == 0) add_hazard(ids[i], t, State::kReported, "", HazardClass::kGeneral);
  }
  for (int i = 0; i < kN; i += 5) add_point(ids[i], town_of(i), static_cast<RiskLevel>(i % 4));

  FakeClock clock(now_);
  NoAudit audit;
  registry::RegistryService registry(*db_, clock, audit, nullptr);
  hazards::HazardsService hz(*db_, clock, audit, nullptr, registry);
  RiskService svc(*db_, clock, audit, nullptr, registry, hz);
  svc.recompute_all();

  std::map<int64_t, store::Snapshot> bulk;
  {
    auto c = db_->acquire();
    for (int64_t id : ids) {
      auto s = store::snapshot(*c, id);
      ASSERT_TRUE(s) << id;
      bulk.emplace(id, *s);
      EXPECT_EQ(store::count_history(*c, id), 1) << id;
    }
  }
  // Not all alike: the inputs reach the index.
  std::map<std::string, int> colours;
  for (const auto& [id, s] : bulk) ++colours[s.colour];
  EXPECT_GE(colours.size(), 3u);

  // The one-enterprise path on the same inputs: forget the snapshot, then read it.
  const Principal p = admin();
  for (int i = 0; i < kN; i += 7) {
    const int64_t id = ids[i];
    {
      auto c = db_->acquire();
      store::delete_snapshot(*c, id);
    }
    auto one = svc.get(p, id);
    ASSERT_TRUE(one) << id;
    const store::Snapshot& s = bulk.at(id);
    EXPECT_EQ(one->at("index").as_double(), s.index) << id;
    EXPECT_EQ(one->at("colour").as_string(), s.colour) << id;
    EXPECT_EQ(one->at("factors"), json::parse(s.factors)) << id;
    EXPECT_EQ(one->at("major_hazard"), json::parse(s.major_hazard)) << id;
  }

  // Nothing changed: a second pass appends no history. A deleted enterprise leaves the list.
  std::map<int64_t, int64_t> history;
  {
    auto c = db_->acquire();
    for (int64_t id : ids) history[id] = store::count_history(*c, id);
    registry::store::remove(*c, kind("enterprises"), ids[1]);
  }
  svc.recompute_all();
  auto c = db_->acquire();
  EXPECT_FALSE(store::snapshot(*c, ids[1]));
  for (int i = 2; i < kN; ++i)
    EXPECT_EQ(store::count_history(*c, ids[i]), history[ids[i]]) << ids[i];
  // What changed is recomputed: a new overdue hidden danger moves the enterprise's index.
  add_hazard(ids[3], town_of(3), hazards::State::kRectifying, "2026-12-01",
             hazards::HazardClass::kMajor);
  const double was = store::snapshot(*c, ids[3])->index;
  svc.recompute_all();
  EXPECT_GT(store::snapshot(*c, ids[3])->index, was);
  EXPECT_EQ(store::count_history(*c, ids[3]), history[ids[3]] + 1);
}

TEST_P(RiskRecomputeTest, CountsByEnterpriseAreTheStatisticsTermsInTheCallersScope) {
  const int64_t a = add_enterprise(1), b = add_enterprise(2);  // towns 330106001, 330106002
  using hazards::HazardClass;
  using hazards::State;
  // a: open 4 (reported, rectifying ×2, submitted), overdue 1 (rectifying past its day; the
  // one due today is not overdue), open 重大 1; the closed ones count nowhere.
  add_hazard(a, "330106001", State::kReported, "", HazardClass::kMajor);
  add_hazard(a, "330106001", State::kRectifying, "2026-12-06", HazardClass::kGeneral);
  add_hazard(a, "330106001", State::kRectifying, "2026-12-07", HazardClass::kGeneral);
  add_hazard(a, "330106001", State::kSubmitted, "2026-12-31", HazardClass::kGeneral);
  add_hazard(a, "330106001", State::kClosed, "2026-11-01", HazardClass::kMajor);
  add_hazard(b, "330106002", State::kSubmitted, "2026-12-01", HazardClass::kMajor);

  FakeClock clock(now_);
  NoAudit audit;
  registry::RegistryService registry(*db_, clock, audit, nullptr);
  hazards::HazardsService hz(*db_, clock, audit, nullptr, registry);
  auto all = hz.counts_by_enterprise(admin());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all.at(a), (hazards::EnterpriseCounts{.open = 4, .overdue = 1, .open_major = 1}));
  EXPECT_EQ(all.at(b), (hazards::EnterpriseCounts{.open = 1, .overdue = 1, .open_major = 1}));
  auto only_b = hz.counts_by_enterprise(admin(), b);
  ASSERT_EQ(only_b.size(), 1u);
  EXPECT_TRUE(only_b.count(b));

  Principal town;
  town.username = "town";
  town.role = Role::kTownOfficer;
  town.scope_type = ScopeType::kTown;
  town.scope_code = "330106002";
  auto scoped = hz.counts_by_enterprise(town);
  ASSERT_EQ(scoped.size(), 1u);
  EXPECT_TRUE(scoped.count(b));
}

INSTANTIATE_TEST_SUITE_P(Backends, RiskRecomputeTest, store_testing::kBothBackends,
                         store_testing::backend_name);

}  // namespace
}  // namespace lakeguard::risk
