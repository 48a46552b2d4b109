// The hidden-danger scheduler pass (src/hazards/service.h NoticeScheduler) against the real
// store, on SQLite (a file) and PostgreSQL (a fresh database in LAKEGUARD_TEST_PG_URL): 60
// simulated days with a fake clock stepping hourly, a restart on the same database, a 5-day
// downtime in the middle, closures and a reopen; every notice recorded exactly once with the
// right addressee, late and superseded flags; two passes at one instant (and two instances at
// once) record nothing twice; delivery after commit with a failing first attempt retried.
// Also the photo limit of HazardsService (413 over it, 415 for what is not an image).

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include <fmt/format.h>

#include "backend_fixture.h"
#include "core/clock.h"
#include "db/database.h"
#include "hazards/dates.h"
#include "hazards/photos.h"
#include "hazards/service.h"
#include "hazards/store.h"
#include "platform/changes.h"
#include "registry/service.h"

namespace lakeguard::hazards {
namespace {

int64_t at(const char* iso) { return *parse_instant(iso); }

// Keeps the audit records in memory (the real sink is the auth context's table).
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

// Counts what it delivered per notice id; refuses the first attempt of one chosen notice.
class RecordingSender final : public NoticeSender {
 public:
  std::string_view name() const override { return "test"; }
  Status send(const OutgoingNotice& n) override {
    std::lock_guard lk(mu_);
    const Notice& x = n.stored.notice;
    if (x.hazard_id == fail_hazard && x.kind == NoticeKind::kReminder && x.stage == 7 &&
        !failed_once) {
      failed_once = true;
      return Error{ErrorCode::kInternal, "gateway unavailable", {}};
    }
    ++sent[n.stored.id];
    texts[n.stored.id] = notice_text(n);
    return ok_status();
  }
  std::mutex mu_;
  int64_t fail_hazard = -1;
  bool failed_once = false;
  std::map<int64_t, int> sent;
  std::map<int64_t, std::string> texts;
};

class HazardStoreTest : public store_testing::BackendTest {
 protected:
  HazardStoreTest() : BackendTest("hazsched") {}

  // A hidden danger under a deadline (or reported), written straight to the store.
  int64_t add(int64_t enterprise_id, State st, const std::string& deadline, int64_t set_at,
              const std::string& responsible = "enterprise") {
    Hazard h;
    h.enterprise_id = enterprise_id;
    h.town_code = "330106001";
    h.community_code = "330106001001";
    h.description = "消防通道堵塞 #" + std::to_string(enterprise_id);
    h.hazard_class = HazardClass::kGeneral;
    h.source = Source::kInspection;
    h.found_at_ms = set_at;
    h.found_by = "test";
    h.status = st;
    h.deadline = deadline;
    h.reported_by_name = "test";
    h.created_at_ms = set_at;
    h.updated_at_ms = set_at;
    if (!deadline.empty()) {
      h.confirmed_at_ms = set_at;
      h.deadline_set_at_ms = set_at;
    }
    h.responsible_level = responsible;
    auto c = db_->acquire();
    return store::insert(*c, h);
  }
  void set_status(int64_t id, State st, int64_t now, const std::string& deadline = "") {
    auto c = db_->acquire();
    auto h = store::select_one(*c, id, store::Where{});
    ASSERT_TRUE(h);
    Hazard after = *h;
    after.status = st;
    after.updated_at_ms = now;
    if (st == State::kClosed) {
      after.closed_at_ms = now;
      after.closed_on = local_date(now);
    }
    if (!deadline.empty()) {
      after.deadline = deadline;
      after.deadline_set_at_ms = now;
      after.closed_at_ms.reset();
      after.closed_on.clear();
    }
    ASSERT_EQ(store::update(*c, after, h->version), 1);
  }
};

// (hazard, kind, stage, deadline, to_level, to_code, due_at, late, superseded)
using Row = std::tuple<int64_t, std::string, int, std::string, std::string, std::string,
                       std::string, bool, bool>;

std::set<Row> stored_rows(db::Database& db, const std::vector<int64_t>& ids) {
  std::set<Row> out;
  auto c = db.acquire();
  for (int64_t id : ids)
    for (const auto& n : store::notices_of(*c, id))
      out.insert(Row{id, std::string(notice_kind_name(n.notice.kind)), n.notice.stage,
                     n.notice.deadline, std::string(level_name(n.notice.to_level)),
                     n.notice.to_code, iso_utc(n.notice.due_at_ms), n.late, n.notice.superseded});
  return out;
}

TEST_P(HazardStoreTest, SixtyDaysWithARestartAndAFiveDayDowntimeRecordEveryNoticeOnce) {
  const int64_t t0 = at("2026-11-01T00:00:00Z");
  FakeClock clock(t0);
  MemoryAudit audit;
  RecordingSender sender;
  SchedulerOptions opts;  // 7/3/1 days at 09:00 Shanghai, every 3 days up to the district

  int64_t a = add(101, State::kRectifying, "2026-11-20", t0);
  int64_t b = add(102, State::kRectifying, "2026-11-10", t0, "community");
  int64_t cc = add(103, State::kRectifying, "2026-11-25", t0);
  int64_t d = add(104, State::kSubmitted, "2026-12-10", t0);
  int64_t e = add(105, State::kRectifying, "2026-11-02", t0);  // 7- and 3-day never owed
  int64_t g = add(106, State::kRectifying, "2026-12-20", t0, "town");
  int64_t h = add(107, State::kRectifying, "2026-12-01", t0);
  int64_t r = add(108, State::kRectifying, "2026-11-05", t0);
  int64_t rep = add(109, State::kReported, "", t0);  // no deadline: owes nothing
  std::vector<int64_t> ids{a, b, cc, d, e, g, h, r, rep};
  sender.fail_hazard = b;

  const int64_t restart = at("2026-11-11T00:00:00Z");
  const int64_t down_from = at("2026-11-21T12:00:00Z");   // last pass before the downtime
  const int64_t down_until = at("2026-11-26T12:00:00Z");  // first pass after it (5 days)
  const int64_t end = t0 + 60 * kDayMs;

  auto db2 = open();  // "the other instance" after the restart, same database
  auto s1 = std::make_unique<NoticeScheduler>(*db_, clock, audit, nullptr, sender, opts);
  int64_t total = 0;
  int64_t catch_up = 0;
  for (int64_t now = t0; now <= end; now += 3600 * 1000) {
    clock.advance_ms(now - clock.now_ms());
    if (now > down_from && now < down_until) continue;  // the server is down
    if (now == restart)
      s1 = std::make_unique<NoticeScheduler>(*db2, clock, audit, nullptr, sender,
                                             opts);  // restarted
    // The world moves: closures and a reopen with a new deadline.
    if (now == at("2026-11-04T00:00:00Z")) set_status(r, State::kClosed, now);
    if (now == at("2026-11-27T03:00:00Z")) set_status(cc, State::kClosed, now);
    if (now == at("2026-11-28T00:00:00Z")) set_status(h, State::kClosed, now);
    if (now == at("2026-11-30T00:00:00Z")) set_status(r, State::kRectifying, now, "2026-12-03");
    if (now == down_until) {
      // Back after the downtime: two instances pass at once; between them everything missed is
      // recorded once.
      NoticeScheduler s2(*db_, clock, audit, nullptr, sender, opts);
      PassCounts x, y;
      std::thread t1([&] { x = s1->run_pass(); });
      std::thread t2([&] { y = s2.run_pass(); });
      t1.join();
      t2.join();
      catch_up = x.recorded + y.recorded;
      total += catch_up;
      EXPECT_EQ(x.late + y.late, catch_up) << "everything caught up is late";
      continue;
    }
    PassCounts first = s1->run_pass();
    PassCounts again = s1->run_pass();  // the same instant: nothing twice
    EXPECT_EQ(again.recorded, 0) << iso_utc(now);
    total += first.recorded;
  }

  auto Z = [](const char* day) { return std::string(day) + "T01:00:00.000Z"; };  // 09:00 +08
  const std::string town = "330106001", comm = "330106001001";
  auto ent = [](int64_t id) { return std::to_string(id); };
  std::set<Row> expected{
      // A: the enterprise is reminded, the town supervises, the district (during the downtime:
      // late) is the last order.
      {a, "reminder", 7, "2026-11-20", "enterprise", ent(101), Z("2026-11-13"), false, false},
      {a, "reminder", 3, "2026-11-20", "enterprise", ent(101), Z("2026-11-17"), false, false},
      {a, "reminder", 1, "2026-11-20", "enterprise", ent(101), Z("2026-11-19"), false, false},
      {a, "supervision", 0, "2026-11-20", "town", town, Z("2026-11-21"), false, false},
      {a, "supervision", 1, "2026-11-20", "district", "", Z("2026-11-24"), true, false},
      // B: a community answers for it; its first order falls on the first hour after the restart.
      {b, "reminder", 7, "2026-11-10", "community", comm, Z("2026-11-03"), false, false},
      {b, "reminder", 3, "2026-11-10", "community", comm, Z("2026-11-07"), false, false},
      {b, "reminder", 1, "2026-11-10", "community", comm, Z("2026-11-09"), false, false},
      {b, "supervision", 0, "2026-11-10", "town", town, Z("2026-11-11"), false, false},
      {b, "supervision", 1, "2026-11-10", "district", "", Z("2026-11-14"), false, false},
      // C: the downtime swallowed its 3- and 1-day reminders and its first order; they are
      // recorded late, the reminders superseded (it was overdue by then). Closed: no more.
      {cc, "reminder", 7, "2026-11-25", "enterprise", ent(103), Z("2026-11-18"), false, false},
      {cc, "reminder", 3, "2026-11-25", "enterprise", ent(103), Z("2026-11-22"), true, true},
      {cc, "reminder", 1, "2026-11-25", "enterprise", ent(103), Z("2026-11-24"), true, true},
      {cc, "supervision", 0, "2026-11-25", "town", town, Z("2026-11-26"), true, false},
      // D: submitted evidence not yet accepted is still followed.
      {d, "reminder", 7, "2026-12-10", "enterprise", ent(104), Z("2026-12-03"), false, false},
      {d, "reminder", 3, "2026-12-10", "enterprise", ent(104), Z("2026-12-07"), false, false},
      {d, "reminder", 1, "2026-12-10", "enterprise", ent(104), Z("2026-12-09"), false, false},
      {d, "supervision", 0, "2026-12-10", "town", town, Z("2026-12-11"), false, false},
      {d, "supervision", 1, "2026-12-10", "district", "", Z("2026-12-14"), false, false},
      // E: a deadline a day out owes only the 1-day reminder.
      {e, "reminder", 1, "2026-11-02", "enterprise", ent(105), Z("2026-11-01"), false, false},
      {e, "supervision", 0, "2026-11-02", "town", town, Z("2026-11-03"), false, false},
      {e, "supervision", 1, "2026-11-02", "district", "", Z("2026-11-06"), false, false},
      // G: a town answers for it: reminded there, supervised by the district, final at once.
      {g, "reminder", 7, "2026-12-20", "town", town, Z("2026-12-13"), false, false},
      {g, "reminder", 3, "2026-12-20", "town", town, Z("2026-12-17"), false, false},
      {g, "reminder", 1, "2026-12-20", "town", town, Z("2026-12-19"), false, false},
      {g, "supervision", 0, "2026-12-20", "district", "", Z("2026-12-21"), false, false},
      // H: its 7-day reminder fell in the downtime (late, still delivered: not yet overdue);
      // closed before the 3-day one.
      {h, "reminder", 7, "2026-12-01", "enterprise", ent(107), Z("2026-11-24"), true, false},
      // R: reminded once, closed, reopened with a new deadline: reminded and supervised anew
      // (its 7-day moment lay before the reopen: never owed).
      {r, "reminder", 3, "2026-11-05", "enterprise", ent(108), Z("2026-11-02"), false, false},
      {r, "reminder", 3, "2026-12-03", "enterprise", ent(108), Z("2026-11-30"), false, false},
      {r, "reminder", 1, "2026-12-03", "enterprise", ent(108), Z("2026-12-02"), false, false},
      {r, "supervision", 0, "2026-12-03", "town", town, Z("2026-12-04"), false, false},
      {r, "supervision", 1, "2026-12-03", "district", "", Z("2026-12-07"), false, false},
  };
  std::set<Row> got = stored_rows(*db_, ids);
  EXPECT_EQ(got, expected);
  for (const auto& row : got)
    if (!expected.count(row))
      ADD_FAILURE() << "unexpected notice for hazard " << std::get<0>(row) << ": "
                    << std::get<1>(row) << " " << std::get<2>(row) << " " << std::get<6>(row);
  for (const auto& row : expected)
    if (!got.count(row))
      ADD_FAILURE() << "missing notice for hazard " << std::get<0>(row) << ": " << std::get<1>(row)
                    << " " << std::get<2>(row) << " " << std::get<6>(row);
  EXPECT_EQ(total, static_cast<int64_t>(expected.size())) << "passes counted what they recorded";
  EXPECT_EQ(catch_up, 5) << "C's three, A's and H's notices (and nothing else) after the downtime";
  EXPECT_EQ(audit.count("hazard_notices"), total) << "each recorded notice audited once";

  // Delivery: every notice but the superseded ones handed over exactly once; the refused first
  // attempt was retried.
  auto c = db_->acquire();
  int superseded = 0;
  for (int64_t id : ids)
    for (const auto& n : store::notices_of(*c, id)) {
      if (n.notice.superseded) {
        ++superseded;
        EXPECT_EQ(n.delivery, Delivery::kSuperseded);
        EXPECT_EQ(sender.sent.count(n.id), 0u) << "a superseded reminder is never sent";
        continue;
      }
      EXPECT_EQ(n.delivery, Delivery::kSent) << n.id;
      EXPECT_EQ(sender.sent[n.id], 1) << "notice " << n.id << " delivered once";
      ASSERT_TRUE(n.delivered_at_ms);
      if (id == b && n.notice.kind == NoticeKind::kReminder && n.notice.stage == 7) {
        EXPECT_EQ(n.attempts, 2) << "the refused attempt and its retry";
        EXPECT_EQ(*n.delivered_at_ms, n.notice.due_at_ms) << "retried by the next pass";
      } else {
        EXPECT_EQ(n.attempts, 1);
      }
    }
  EXPECT_EQ(superseded, 2);
  EXPECT_TRUE(sender.failed_once);
  // The text an SMS or the in-app notice carries.
  auto s0 = store::notices_of(*c, a);
  ASSERT_FALSE(s0.empty());
  EXPECT_EQ(
      sender.texts[s0[0].id],
      fmt::format("【隐患整改提醒】隐患 #{}（消防通道堵塞 #101）整改期限 2026-11-20，还有 7 天。",
                  a));
  EXPECT_EQ(sender.texts[s0.back().id],
            fmt::format("【隐患督办】隐患 #{}（消防通道堵塞 #101）已逾期（期限 2026-11-20），第 2 "
                        "次督办，请督促整改。",
                        a));
}

TEST_P(HazardStoreTest, ASecondInstanceAtTheSameInstantRecordsAndSendsNothingTwice) {
  const int64_t t0 = at("2026-03-01T00:00:00Z");
  FakeClock clock(t0);
  MemoryAudit audit;
  RecordingSender sender;
  int64_t id = add(201, State::kRectifying, "2026-03-05", t0);
  (void)id;
  clock.advance_ms(40 * kDayMs);  // long overdue, never passed before
  auto other = open();
  NoticeScheduler one(*db_, clock, audit, nullptr, sender, {});
  NoticeScheduler two(*other, clock, audit, nullptr, sender, {});
  auto x = one.run_pass();
  auto y = two.run_pass();
  // 3-day and 1-day reminders (superseded), the town's order and the district's (final).
  EXPECT_EQ(x.recorded, 4);
  EXPECT_EQ(x.superseded, 2);
  EXPECT_EQ(x.late, 4);
  EXPECT_EQ(x.delivered, 2);
  EXPECT_EQ(y.recorded, 0);
  EXPECT_EQ(y.delivered, 0);
  EXPECT_EQ(sender.sent.size(), 2u);
  for (auto& [nid, times] : sender.sent) EXPECT_EQ(times, 1) << nid;
}

TEST_P(HazardStoreTest, APhotoOverTheLimitIs413AndANonImageIs415) {
  FakeClock clock(at("2026-03-01T00:00:00Z"));
  MemoryAudit audit;
  registry::RegistryService registry(*db_, clock, audit, nullptr);
  HazardsOptions o;
  o.max_photo_bytes = 1000;
  HazardsService svc(*db_, clock, audit, nullptr, registry, o);
  int64_t id = add(301, State::kReported, "", clock.now_ms());
  Principal p{.user_id = 1, .username = "district", .role = Role::kDistrictOfficer};
  auto who = platform::Actor::of(p, "");
  std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(996, 'x');
  auto ok = svc.add_photo(p, id, "image/jpeg", jpeg, who);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(ok->created);
  EXPECT_EQ(ok->photo.at("hash").as_string(), photo_hash(jpeg));
  EXPECT_EQ(ok->photo.at("purpose").as_string(), "finding");
  auto again = svc.add_photo(p, id, "application/octet-stream", jpeg, who);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created) << "the same bytes are the same photo";
  auto big = svc.add_photo(p, id, "image/jpeg", jpeg + "x", who);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::kPayloadTooLarge);
  auto text = svc.add_photo(p, id, "image/jpeg", "just some text, named photo.jpg", who);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kUnsupportedMediaType);
  auto gif = svc.add_photo(p, id, "image/gif", "GIF89a\x01\x00\x01\x00", who);
  ASSERT_FALSE(gif);
  EXPECT_EQ(gif.error().code, ErrorCode::kUnsupportedMediaType);
  auto c = db_->acquire();
  EXPECT_EQ(c->query("SELECT COUNT(*) FROM hazard_photos").rows.at(0).i64(0), 1);
  EXPECT_EQ(c->query("SELECT COUNT(*) FROM hazard_photo_links").rows.at(0).i64(0), 1);
  auto back = svc.photo(p, photo_hash(jpeg));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->bytes, jpeg);
  EXPECT_EQ(back->media_type, "image/jpeg");
}

INSTANTIATE_TEST_SUITE_P(Backends, HazardStoreTest, store_testing::kBothBackends,
                         store_testing::backend_name);

}  // namespace
}  // namespace lakeguard::hazards
