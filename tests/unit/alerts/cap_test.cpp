// The CAP 1.2 writer and the national identifier: golden documents (golden/*.xml) for an Alert,
// its Update and its Cancel, each also validated against the official OASIS schema with xmllint
// (tests/standards/CAP-v1.2.xsd); the identifier's format (standards.md §10); escaping; CAP's
// lat,lon order; the workflow's rules and the draft's field checks.

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "alerts/cap.h"
#include "alerts/identifier.h"
#include "alerts/message.h"
#include "alerts/requests.h"
#include "alerts/workflow.h"
#include "core/dates.h"

namespace lakeguard::alerts {
namespace {

namespace json = boost::json;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// xmllint's verdict on a document: 0 when it is well-formed and valid against the CAP schema.
int xmllint_schema(const std::string& path) {
  std::string cmd = "xmllint --noout --schema '" LAKEGUARD_CAP_XSD "' '" + path + "' 2>&1";
  return std::system(cmd.c_str());
}

// Writes `doc` to a temporary file and validates it.
int validate_text(const std::string& doc, const std::string& name) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << doc;
  return xmllint_schema(path);
}

// Compares with the golden file; LAKEGUARD_UPDATE_GOLDEN=1 rewrites it instead.
void expect_golden(const std::string& doc, const std::string& name) {
  std::string path = std::string(LAKEGUARD_GOLDEN_DIR) + "/" + name;
  if (std::getenv("LAKEGUARD_UPDATE_GOLDEN")) std::ofstream(path, std::ios::binary) << doc;
  EXPECT_EQ(doc, read(path)) << "golden file " << name;
  EXPECT_EQ(xmllint_schema(path), 0) << name << " is not valid CAP 1.2";
}

int64_t at(const char* iso) { return *parse_instant(iso); }

Issuer issuer() {
  return Issuer{.sender = "lakeguard.330106",
                .sender_name = "杭州市西湖区应急管理局",
                .sender_name_en = "West Lake District Emergency Management Bureau",
                .area_code = "330106"};
}

// A red rainstorm warning for 留下街道 (330106009) with an English info and a polygon.
Warning rainstorm() {
  Warning w;
  Content& c = w.content;
  c.cap_status = "Actual";
  c.category = "Met";
  c.event = "暴雨";
  c.colour = Colour::kRed;
  c.urgency = "Immediate";
  c.severity = "Extreme";
  c.certainty = "Observed";
  c.effective_ms = at("2026-07-01T14:00:00+08:00");
  c.expires_ms = at("2026-07-01T20:00:00+08:00");
  c.headline = "留下街道暴雨红色预警 <3 h ≥ 100 mm> & \"立即避险\"";
  c.description =
      "过去3小时留下街道降雨量已达100毫米以上，且降雨可能持续。\n注意防范山洪、地质灾害。";
  c.instruction = "停止户外活动；低洼地带人员立即转移至避难场所。";
  c.area_description = "西湖区留下街道";
  c.polygons = {
      Ring{{120.05, 30.23}, {120.1, 30.23}, {120.1, 30.27}, {120.05, 30.27}, {120.05, 30.23}}};
  c.town_code = "330106009";
  c.en_event = "Rainstorm";
  c.en_headline = "Red rainstorm warning for Liuxia Street";
  c.en_description = "More than 100 mm of rain in 3 hours; rain is likely to continue.";
  c.en_instruction = "Stop outdoor activities; leave low-lying areas for a shelter.";
  c.en_area_description = "Liuxia Street, West Lake District";
  w.msg_type = MsgType::kAlert;
  return w;
}

const IssuerCode kIssuer{.area = "330106", .body = "000", .unit = "000", .extension = "00"};

TEST(CapIdentifier, IsAreaBodyUnitExtensionThenBeijingTimeThenSequence) {
  // 09:20:05 UTC is 17:20:05 in Beijing.
  std::string id = make_identifier(kIssuer, at("2026-12-07T09:20:05Z"), 0);
  EXPECT_EQ(id, "33010600000000_20261207172005_0");
  EXPECT_EQ(id.size(), 31u);
  EXPECT_TRUE(is_identifier(id));
  IssuerCode other = kIssuer;
  other.body = "416";
  EXPECT_EQ(make_identifier(other, at("2026-12-31T16:00:00Z"), 7),
            "33010641600000_20270101000000_7");  // the Beijing date is already the next year
}

TEST(CapIdentifier, AllocatesTheSmallestFreeSequenceAndRefusesAnEleventhInOneSecond) {
  std::string stem = identifier_stem(kIssuer, at("2026-12-07T09:20:05Z"));
  EXPECT_EQ(stem, "33010600000000_20261207172005_");
  std::vector<std::string> taken;
  EXPECT_EQ(free_sequence(stem, taken), 0);
  taken = {stem + "0", stem + "2", "33010600000000_20261207172004_1"};
  EXPECT_EQ(free_sequence(stem, taken), 1);
  taken.clear();
  for (int n = 0; n < 10; ++n) taken.push_back(stem + std::to_string(n));
  EXPECT_EQ(free_sequence(stem, taken), std::nullopt);
}

TEST(CapIdentifier, ChecksItsParts) {
  EXPECT_EQ(issuer_problem(kIssuer), "");
  IssuerCode bad = kIssuer;
  bad.body = "41";
  EXPECT_NE(issuer_problem(bad), "");
  bad = kIssuer;
  bad.area = "33010x";
  EXPECT_NE(issuer_problem(bad), "");
  EXPECT_FALSE(is_identifier("33010600000000_20261307172005_0"));  // month 13
  EXPECT_FALSE(is_identifier("33010600000000_20261207242005_0"));  // hour 24
  EXPECT_FALSE(is_identifier("33010600000000-20261207172005_0"));
  EXPECT_FALSE(is_identifier("../../etc/passwd"));
}

TEST(CapWriter, WritesTimesInBeijingTimeWithAnExplicitOffset) {
  EXPECT_EQ(cap_time(at("2026-12-07T09:20:05.999Z")), "2026-12-07T17:20:05+08:00");
  EXPECT_EQ(cap_time(at("2026-12-31T16:00:00Z")), "2027-01-01T00:00:00+08:00");
}

TEST(CapWriter, EscapesMarkupAndDropsCharactersXmlDoesNotAllow) {
  EXPECT_EQ(xml_escape("a<b>&\"c'\x01\td"), "a&lt;b&gt;&amp;&quot;c&apos;\td");
}

TEST(CapWriter, WritesPolygonsAndCirclesLatitudeFirst) {
  EXPECT_EQ(cap_polygon(Ring{{120.1, 30.2}, {120.2, 30.2}, {120.2, 30.3}, {120.1, 30.2}}),
            "30.2,120.1 30.2,120.2 30.3,120.2 30.2,120.1");
  EXPECT_EQ(cap_circle(CapCircle{30.25, 120.13, 2.5}), "30.25,120.13 2.5");
}

TEST(CapGolden, AlertWithTwoLanguagesAPolygonAndTheColourParameters) {
  Warning w = rainstorm();
  std::string id = make_identifier(kIssuer, at("2026-07-01T13:55:00+08:00"), 0);
  std::string doc = render_cap(to_cap(w, issuer(), id, at("2026-07-01T13:55:00+08:00"), {}));
  expect_golden(doc, "alert.xml");
  EXPECT_NE(doc.find("<parameter>\n      <valueName>warning_colour</valueName>\n      "
                     "<value>red</value>"),
            std::string::npos);
  EXPECT_NE(doc.find("<valueName>预警颜色</valueName>\n      <value>红色</value>"),
            std::string::npos);
  EXPECT_NE(doc.find("<polygon>30.23,120.05 30.23,120.1 30.27,120.1 30.27,120.05 "
                     "30.23,120.05</polygon>"),
            std::string::npos);
  EXPECT_NE(doc.find("&lt;3 h ≥ 100 mm&gt; &amp; &quot;立即避险&quot;"), std::string::npos);
}

TEST(CapGolden, UpdateReferencesTheAlertAndMayUseACircle) {
  Warning w = rainstorm();
  w.msg_type = MsgType::kUpdate;
  w.content.colour = Colour::kOrange;
  w.content.severity = "Severe";
  w.content.headline = "留下街道暴雨预警降为橙色";
  w.content.en_headline.clear();  // zh-CN only
  w.content.polygons.clear();
  w.content.circle = Circle{120.075, 30.25, 3500};
  int64_t alert_sent = at("2026-07-01T13:55:00+08:00");
  std::vector<CapRef> refs{
      {"lakeguard.330106", make_identifier(kIssuer, alert_sent, 0), alert_sent}};
  int64_t sent = at("2026-07-01T16:30:00+08:00");
  std::string doc = render_cap(to_cap(w, issuer(), make_identifier(kIssuer, sent, 0), sent, refs));
  expect_golden(doc, "update.xml");
  EXPECT_NE(doc.find("<msgType>Update</msgType>"), std::string::npos);
  EXPECT_NE(doc.find("<references>lakeguard.330106,33010600000000_20260701135500_0,"
                     "2026-07-01T13:55:00+08:00</references>"),
            std::string::npos);
  EXPECT_NE(doc.find("<circle>30.25,120.075 3.5</circle>"), std::string::npos);
  EXPECT_EQ(doc.find("en-US"), std::string::npos);
}

TEST(CapGolden, CancelReferencesTheWholeChainAndCarriesItsReason) {
  Warning w = rainstorm();
  w.msg_type = MsgType::kCancel;
  w.content.note = "降雨已减弱，解除预警。";
  int64_t a = at("2026-07-01T13:55:00+08:00"), u = at("2026-07-01T16:30:00+08:00");
  std::vector<CapRef> refs{{"lakeguard.330106", make_identifier(kIssuer, a, 0), a},
                           {"lakeguard.330106", make_identifier(kIssuer, u, 0), u}};
  int64_t sent = at("2026-07-01T18:00:00+08:00");
  std::string doc = render_cap(to_cap(w, issuer(), make_identifier(kIssuer, sent, 1), sent, refs));
  expect_golden(doc, "cancel.xml");
  EXPECT_NE(doc.find("<msgType>Cancel</msgType>"), std::string::npos);
  EXPECT_NE(doc.find("<note>降雨已减弱，解除预警。</note>"), std::string::npos);
  EXPECT_NE(doc.find(" lakeguard.330106,33010600000000_20260701163000_0,"), std::string::npos);
}

TEST(CapGolden, ASampleIsAnExerciseForTheWholeDistrict) {
  Warning w = rainstorm();
  w.content.cap_status = "Exercise";
  w.content.town_code.clear();
  w.content.headline = "【示例】西湖区暴雨蓝色预警（演示数据）";
  w.content.colour = Colour::kBlue;
  w.content.severity = "Minor";
  int64_t sent = at("2026-07-01T13:55:00+08:00");
  std::string doc = render_cap(to_cap(w, issuer(), make_identifier(kIssuer, sent, 2), sent, {}));
  expect_golden(doc, "sample.xml");
  EXPECT_NE(doc.find("<status>Exercise</status>"), std::string::npos);
  EXPECT_NE(doc.find("<valueName>GB/T 2260</valueName>\n        <value>330106</value>"),
            std::string::npos);
}

TEST(CapSchema, RejectsADocumentThatBreaksTheSchema) {
  // The check itself can fail: a msgType CAP does not know is refused by the schema.
  Warning w = rainstorm();
  std::string doc = render_cap(to_cap(w, issuer(), "x", at("2026-07-01T13:55:00+08:00"), {}));
  doc.replace(doc.find("<msgType>Alert"), 14, "<msgType>Alarm");
  EXPECT_NE(validate_text(doc, "broken.xml"), 0);
}

TEST(Workflow, TheDrafterNeverApprovesTheirOwnWarning) {
  auto r = next_status(Role::kDistrictOfficer, Action::kApprove,
                       Facts{State::kDraft, MsgType::kAlert, true});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(r.error().field, "approver");
  EXPECT_EQ(*next_status(Role::kDistrictOfficer, Action::kApprove,
                         Facts{State::kDraft, MsgType::kAlert, false}),
            State::kApproved);
}

TEST(Workflow, EveryStateAndActionForADistrictOfficer) {
  // The whole table: what each action gives from each state (conflict when not allowed).
  struct Row {
    State from;
    const char* approve;
    const char* publish;
    const char* update;
    const char* cancel;
  };
  const Row rows[] = {{State::kDraft, "approved", "409", "409", "409"},
                      {State::kApproved, "409", "published", "409", "409"},
                      {State::kPublished, "409", "409", "published", "cancelled"},
                      {State::kUpdated, "409", "409", "409", "409"},
                      {State::kCancelled, "409", "409", "409", "409"}};
  for (const auto& row : rows) {
    const char* want[] = {row.approve, row.publish, row.update, row.cancel};
    for (Action a : kAllActions) {
      auto r = next_status(Role::kDistrictOfficer, a, Facts{row.from, MsgType::kAlert, false});
      std::string got = r.ok() ? std::string(state_name(*r))
                               : (r.error().code == ErrorCode::kConflict ? "409" : "other");
      EXPECT_EQ(got, want[static_cast<int>(a)]) << state_name(row.from) << " × " << action_name(a);
    }
  }
  // A published Cancel is final.
  EXPECT_FALSE(
      next_status(Role::kAdmin, Action::kUpdate, Facts{State::kPublished, MsgType::kCancel, false})
          .ok());
}

TEST(Workflow, OnlyTheDistrictTakesActions) {
  for (Role r : {Role::kTownOfficer, Role::kCommunityOfficer, Role::kEnterpriseUser,
                 Role::kInspector, Role::kViewer}) {
    EXPECT_FALSE(may_draft(r));
    for (Action a : kAllActions) {
      auto s = next_status(r, a, Facts{State::kDraft, MsgType::kAlert, false});
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.error().code, ErrorCode::kForbidden);
    }
  }
  EXPECT_TRUE(may_draft(Role::kAdmin));
  EXPECT_TRUE(may_draft(Role::kDistrictOfficer));
}

TEST(Scope, ATownSeesItsOwnAndDistrictWideWarnings) {
  Principal town;
  town.role = Role::kTownOfficer;
  town.scope_type = ScopeType::kTown;
  town.scope_code = "330106009";
  auto cond = scope_of(town, kScopeColumns);
  EXPECT_TRUE(visible(cond, "330106009"));
  EXPECT_TRUE(visible(cond, ""));
  EXPECT_FALSE(visible(cond, "330106010"));
  Principal district;
  district.scope_type = ScopeType::kDistrict;
  EXPECT_TRUE(visible(scope_of(district, kScopeColumns), "330106010"));
}

json::object good_draft() {
  return json::parse(R"({
    "category": "Met", "event": "暴雨", "colour": "yellow",
    "effective": "2026-07-01T14:00:00+08:00", "expires": "2026-07-01T20:00:00+08:00",
    "headline": "暴雨黄色预警", "description": "6小时降雨量将达50毫米以上。",
    "instruction": "注意防范。", "area_description": "西湖区",
    "geometry": {"type": "Polygon", "coordinates": [[[120.0, 30.2], [120.2, 30.2], [120.2, 30.3], [120.0, 30.2]]]}
  })")
      .as_object();
}

const int64_t kNow = *parse_instant("2026-07-01T12:00:00+08:00");

TEST(Draft, TakesTheColoursSeverityAndDefaults) {
  auto d = parse_draft(good_draft(), kNow, default_severities());
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->content.severity, "Moderate");
  EXPECT_EQ(d->content.urgency, "Expected");
  EXPECT_EQ(d->content.certainty, "Likely");
  EXPECT_EQ(d->content.cap_status, "Actual");
  // The request form reads back to the same draft.
  auto again = parse_draft(draft_json(*d), kNow, default_severities());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->content, d->content);
}

TEST(Draft, NamesTheBadField) {
  auto field_of = [](json::object o) {
    auto d = parse_draft(o, kNow, default_severities());
    return d.ok() ? std::string("ok") : d.error().field;
  };
  auto with = [](const char* key, json::value v) {
    json::object o = good_draft();
    o[key] = std::move(v);
    return o;
  };
  EXPECT_EQ(field_of(with("colour", "purple")), "colour");
  EXPECT_EQ(field_of(with("colour", "红")), "colour");  // the wire names are English
  EXPECT_EQ(field_of(with("category", "Weather")), "category");
  EXPECT_EQ(field_of(with("expires", "2026-07-01T13:00:00+08:00")), "expires");
  EXPECT_EQ(field_of(with("expires", "2026-09-01T13:00:00+08:00")), "expires");
  EXPECT_EQ(field_of(with("headline", json::value(std::string(141, 'x')))), "headline");
  EXPECT_EQ(field_of(with("headline", "a\x07")), "headline");
  EXPECT_EQ(field_of(with("town_code", "330107001")), "town_code");
  EXPECT_EQ(field_of(with("wat", 1)), "wat");
  // Polygons: open, too short, with a hole, out of range, degenerate.
  auto poly = [&](const char* coords) {
    return with("geometry",
                json::parse(std::string(R"({"type":"Polygon","coordinates":)") + coords + "}"));
  };
  EXPECT_EQ(field_of(poly("[[[120,30],[120.1,30],[120.1,30.1],[120,30.1]]]")), "geometry");
  EXPECT_EQ(field_of(poly("[[[120,30],[120.1,30],[120,30]]]")), "geometry");
  EXPECT_EQ(field_of(poly("[[[120,30],[120.1,30],[120.1,30.1],[120,30]],"
                          "[[120,30],[120.1,30],[120.1,30.1],[120,30]]]")),
            "geometry");
  EXPECT_EQ(field_of(poly("[[[190,30],[120.1,30],[120.1,30.1],[190,30]]]")), "geometry");
  EXPECT_EQ(field_of(poly("[[[120,30],[120.1,30],[120.2,30],[120,30]]]")), "geometry");
  EXPECT_EQ(field_of(with("geometry", json::parse(R"({"center":[120.1,30.2],"radius_m":0})"))),
            "geometry");
  EXPECT_EQ(field_of(with("geometry", json::parse(R"({"center":[120.1,30.2],"radius_m":500})"))),
            "ok");
  json::object en = good_draft();
  en["en"] = json::object{{"headline", "Yellow rainstorm warning"}};
  EXPECT_EQ(field_of(en), "en.description");
}

TEST(Draft, AMergedColourTakesItsOwnSeverity) {
  auto d = parse_draft(good_draft(), kNow, default_severities());
  ASSERT_TRUE(d.ok());
  auto m = merge_draft(*d, json::object{{"colour", "red"}}, kNow, default_severities());
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->content.severity, "Extreme");
  EXPECT_EQ(m->content.headline, d->content.headline);
}

}  // namespace
}  // namespace lakeguard::alerts
