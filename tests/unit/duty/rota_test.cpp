// The duty rota's rules against golden cases (tests/unit/duty/golden/conflicts.txt, written from
// issue 11 item 5), plus the on-duty boundary, Beijing time, the week start, the calendar's flags
// and request checking. Expectations come from the issue and docs/duty.md, not from src/duty/.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/clock.h"
#include "core/dates.h"
#include "duty/requests.h"
#include "duty/rota.h"

namespace lakeguard::duty {
namespace {

int64_t bj(const std::string& t) {  // "2026-12-07T08:00" in Beijing time
  auto ms = parse_instant(t + ":00+08:00");
  EXPECT_TRUE(ms.has_value()) << t;
  return ms.value_or(0);
}

std::vector<Assignment> people_of(const std::string& spec) {
  std::vector<Assignment> out;
  if (spec == "-") return out;
  std::stringstream ss(spec);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto colon = item.find(':');
    DutyRole r = item.substr(colon + 1) == "L"   ? DutyRole::kLeader
                 : item.substr(colon + 1) == "S" ? DutyRole::kStandby
                                                 : DutyRole::kOfficer;
    out.push_back(Assignment{std::stoll(item.substr(0, colon)), r, "p" + item.substr(0, colon)});
  }
  return out;
}

Shift shift_of(std::istringstream& in) {
  Shift s;
  std::string start, end, people;
  in >> s.id >> s.unit_code >> start >> end >> people;
  s.town_code = s.unit_code.size() == 9 ? s.unit_code : "";
  s.starts_at_ms = bj(start);
  s.ends_at_ms = bj(end);
  s.people = people_of(people);
  return s;
}

struct Case {
  std::string name;
  std::vector<Shift> have;
  Shift candidate;
  std::string want;
};

std::vector<Case> load_cases() {
  std::ifstream f(std::string(LAKEGUARD_GOLDEN_DIR) + "/conflicts.txt");
  EXPECT_TRUE(f.good());
  std::vector<Case> out;
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    std::string word;
    in >> word;
    if (word == "case") {
      out.emplace_back();
      out.back().name = line.substr(5);
    } else if (word == "have") {
      out.back().have.push_back(shift_of(in));
    } else if (word == "try") {
      out.back().candidate = shift_of(in);
    } else if (word == "want") {
      out.back().want = line.substr(5);
    } else {
      ADD_FAILURE() << "bad golden line: " << line;
    }
  }
  return out;
}

TEST(DutyRotaGolden, EveryCaseGivesItsAnswer) {
  auto cases = load_cases();
  ASSERT_GE(cases.size(), 24u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Status st = check_against(c.candidate, c.have);
    std::string got;
    if (st) {
      got = "ok";
    } else if (st.error().code == ErrorCode::kValidationFailed) {
      got = "422 " + st.error().field;
    } else if (st.error().code == ErrorCode::kConflict) {
      auto clash = find_clash(c.candidate, c.have);
      ASSERT_TRUE(clash.has_value());
      got = "409 " + std::string(clash_kind_name(clash->kind)) + " " +
            std::to_string(clash->other_shift_id);
      // The 409's message names the clashing shift for the caller.
      EXPECT_NE(st.error().message.find(std::to_string(clash->other_shift_id)), std::string::npos)
          << st.error().message;
      EXPECT_EQ(st.error().field,
                clash->kind == Clash::Kind::kUnitOverlap ? "starts_at" : "people");
    } else {
      got = "other";
    }
    EXPECT_EQ(got, c.want);
  }
}

TEST(DutyRota, OnDutyIsStartExclusiveEndInclusive) {
  Shift s;
  s.starts_at_ms = bj("2026-12-07T08:00");
  s.ends_at_ms = bj("2026-12-08T08:00");
  EXPECT_FALSE(on_duty_at(s, s.starts_at_ms));  // 08:00 belongs to the outgoing shift
  EXPECT_TRUE(on_duty_at(s, s.starts_at_ms + 1));
  EXPECT_TRUE(on_duty_at(s, s.ends_at_ms));
  EXPECT_FALSE(on_duty_at(s, s.ends_at_ms + 1));
  EXPECT_TRUE(overlaps(0, 10, 9, 20));
  EXPECT_FALSE(overlaps(0, 10, 10, 20));
  EXPECT_FALSE(overlaps(10, 20, 0, 10));
}

TEST(DutyRota, BeijingTimeAndWeekStart) {
  EXPECT_EQ(beijing_time(bj("2026-12-07T08:00")), "2026-12-07 08:00");
  EXPECT_EQ(beijing_time(*parse_instant("2026-12-06T23:30:00Z")), "2026-12-07 07:30");
  // 2026-12-07 is a Monday: its week starts at 00:00 Beijing (16:00 UTC the day before).
  EXPECT_EQ(iso_utc(week_start(bj("2026-12-07T00:00"))), "2026-12-06T16:00:00.000Z");
  EXPECT_EQ(week_start(bj("2026-12-13T23:59")), bj("2026-12-07T00:00"));
  EXPECT_EQ(week_start(bj("2026-12-14T00:00")), bj("2026-12-14T00:00"));
  EXPECT_EQ(week_start(bj("2026-12-10T12:00")), bj("2026-12-07T00:00"));
}

TEST(DutyRota, FlagsMarkEveryProblemOfAStoredRota) {
  std::vector<Shift> rota(3);
  rota[0] = Shift{
      1, "330106", "", bj("2026-12-07T08:00"), bj("2026-12-08T08:00"), "", people_of("1:L,2:O")};
  rota[1] =
      Shift{2, "330106", "", bj("2026-12-08T06:00"), bj("2026-12-09T08:00"), "", people_of("3:O")};
  rota[2] = Shift{3,  "330106002",     "330106002", bj("2026-12-07T20:00"), bj("2026-12-08T04:00"),
                  "", people_of("2:L")};
  auto flags = flags_of(rota);
  auto has = [&](int64_t id, std::string rule, int64_t other) {
    for (const auto& f : flags)
      if (f.shift_id == id && f.rule == rule && f.other_shift_id == other) return true;
    return false;
  };
  EXPECT_TRUE(has(2, "no_leader", 0));
  EXPECT_TRUE(has(1, "unit_overlap", 2));
  EXPECT_TRUE(has(2, "unit_overlap", 1));
  EXPECT_TRUE(has(1, "person_overlap", 3));
  EXPECT_TRUE(has(3, "person_overlap", 1));
  EXPECT_EQ(flags.size(), 5u);
}

TEST(DutyRequests, ShiftBodiesAreCheckedFieldByField) {
  namespace json = boost::json;
  json::object good{{"unit_code", "330106002"},
                    {"starts_at", "2026-12-07T08:00:00+08:00"},
                    {"ends_at", "2026-12-08T08:00:00+08:00"},
                    {"people", json::array{json::object{{"user_id", 5}, {"role", "leader"}}}}};
  auto s = parse_shift(good, false, Shift{});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->starts_at_ms, bj("2026-12-07T08:00"));
  EXPECT_EQ(s->people.at(0).role, DutyRole::kLeader);
  auto field_of = [&](json::object b) {
    auto r = parse_shift(b, false, Shift{});
    return r ? std::string("ok") : r.error().field;
  };
  auto with = [&](std::string k, json::value v) {
    json::object b = good;
    b[k] = v;
    return b;
  };
  EXPECT_EQ(field_of(with("unit_code", "33010600")), "unit_code");
  EXPECT_EQ(field_of(with("starts_at", "2026-12-07T08:00:00")), "starts_at");  // no offset
  EXPECT_EQ(field_of(with("ends_at", 5)), "ends_at");
  EXPECT_EQ(field_of(with("people", "x")), "people");
  EXPECT_EQ(field_of(with("people", json::array{json::object{{"user_id", 5}, {"role", "boss"}}})),
            "people");
  EXPECT_EQ(field_of(with("note", "a\u202eb")), "note");
  EXPECT_EQ(field_of(with("colour", "red")), "colour");
  json::object missing = good;
  missing.erase("people");
  EXPECT_EQ(field_of(missing), "people");
  // A PATCH may not move a shift to another unit.
  auto moved = parse_shift(json::object{{"unit_code", "330106"}}, true, *s);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().field, "unit_code");
}

TEST(DutyRequests, LogHandoverAndPhone) {
  namespace json = boost::json;
  EXPECT_TRUE(parse_log(json::object{{"kind", "report"}, {"text", "接报：留下街道积水"}}));
  EXPECT_EQ(parse_log(json::object{{"kind", "接报"}, {"text", "x"}}).error().field, "kind");
  EXPECT_EQ(parse_log(json::object{{"kind", "other"}, {"text", " "}}).error().field, "text");
  EXPECT_EQ(
      parse_log(json::object{{"kind", "other"}, {"text", std::string(2001, 'a')}}).error().field,
      "text");
  EXPECT_TRUE(
      parse_handover(json::object{{"notes", "平稳\n无"}, {"open_items", json::array{"a"}}}));
  EXPECT_EQ(parse_handover(json::object{{"open_items", json::array{}}}).error().field, "notes");
  EXPECT_EQ(
      parse_handover(json::object{{"notes", "x"}, {"open_items", json::array{1}}}).error().field,
      "open_items");
  EXPECT_EQ(*parse_phone(json::object{{"phone", "0571-87001234"}}), "0571-87001234");
  EXPECT_EQ(parse_phone(json::object{{"phone", "call me"}}).error().field, "phone");
  EXPECT_EQ(parse_phone(json::object{{"phone", "12-3"}}).error().field, "phone");
}

}  // namespace
}  // namespace lakeguard::duty
