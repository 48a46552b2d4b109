// The safety codes' rules and QR images. Expectations come from issue 8 item 4 and
// docs/codes.md: an enterprise code takes the risk index's colour and the hard rules raise it; a
// personnel code is green only with a certificate valid beyond 30 days, training recorded and no
// open violation. QR images are decoded by an independent reader (zbarimg, ZBar) when present.

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "codes/qr.h"
#include "codes/requests.h"
#include "codes/rules.h"
#include "core/dates.h"

namespace lakeguard::codes {
namespace {

std::string plus_days(std::string_view today, int64_t n) {
  return date_of_days(*parse_date(today) + n);
}

TEST(WorkerVerdict, CertificateBoundariesAtThirtyDays) {
  const std::string today = "2026-12-07";
  auto colour = [&](int64_t days_left, bool trained = true, bool violation = false) {
    WorkerFacts f{plus_days(today, days_left),
                  trained ? std::optional<std::string>("2026-06-01") : std::nullopt, violation};
    return std::string(colour_name(worker_verdict(f, today).colour));
  };
  EXPECT_EQ(colour(31), "green");   // valid beyond 30 days
  EXPECT_EQ(colour(30), "yellow");  // expires within 30 days (valid-until ≤ today + 30)
  EXPECT_EQ(colour(1), "yellow");
  EXPECT_EQ(colour(0), "yellow");  // valid through its last day
  EXPECT_EQ(colour(-1), "red");    // lapsed
  EXPECT_EQ(colour(365, false), "yellow");
  EXPECT_EQ(colour(365, true, true), "red");
  EXPECT_EQ(colour(10, false, true), "red");
  // Across a month and a leap day: 2028-02-29 is 30 days before 2028-03-30.
  EXPECT_EQ(
      std::string(colour_name(
          worker_verdict({"2028-03-30", std::string("2028-01-01"), false}, "2028-02-29").colour)),
      "yellow");
  EXPECT_EQ(
      std::string(colour_name(
          worker_verdict({"2028-03-31", std::string("2028-01-01"), false}, "2028-02-29").colour)),
      "green");
}

TEST(WorkerVerdict, EveryRuleThatAppliesIsAReason) {
  auto v = worker_verdict({"2026-12-01", std::nullopt, true}, "2026-12-07");
  ASSERT_EQ(v.reasons.size(), 3u);
  EXPECT_EQ(v.reasons[0].rule, "certificate_expired");
  EXPECT_EQ(v.reasons[0].value, "2026-12-01");
  EXPECT_EQ(v.reasons[1].rule, "open_violation");
  EXPECT_EQ(v.reasons[2].rule, "training_missing");
  EXPECT_TRUE(worker_verdict({"2030-01-01", std::string("2026-01-01"), false}, "2026-12-07")
                  .reasons.empty());
}

TEST(EnterpriseVerdict, IndexColourRaisedByHardRulesNeverLowered) {
  auto colour = [](EnterpriseFacts f) {
    return std::string(colour_name(enterprise_verdict(f).colour));
  };
  EXPECT_EQ(colour({}), "blue");
  EXPECT_EQ(colour({.index_colour = Colour::kYellow}), "yellow");
  EXPECT_EQ(colour({.index_colour = Colour::kRed}), "red");
  // "red while a major hidden danger is overdue" (issue 8), whatever the index says.
  EXPECT_EQ(colour({.index_colour = Colour::kBlue, .open_major = 1, .overdue_major = 1}), "red");
  EXPECT_EQ(colour({.open_major = 1}), "orange");
  EXPECT_EQ(colour({.overdue_general = 2}), "yellow");
  EXPECT_EQ(colour({.index_colour = Colour::kOrange, .overdue_general = 2}), "orange");
  EXPECT_EQ(colour({.index_colour = Colour::kRed, .overdue_general = 1}), "red");
  auto v = enterprise_verdict({.open_major = 3, .overdue_major = 1, .overdue_general = 4});
  ASSERT_EQ(v.reasons.size(), 4u);
  EXPECT_EQ(v.reasons[0].rule, "no_risk_index");
  EXPECT_EQ(v.reasons[1].rule, "major_hazard_overdue");
  EXPECT_EQ(v.reasons[1].value, "1");
  EXPECT_EQ(v.reasons[2].rule, "major_hazard_open");
  EXPECT_EQ(v.reasons[2].value, "2");
  EXPECT_EQ(v.reasons[3].value, "4");
  EXPECT_EQ(index_colour("orange"), Colour::kOrange);
  EXPECT_EQ(index_colour("green"), std::nullopt);  // the index has four colours, no green
  EXPECT_EQ(index_colour("purple"), std::nullopt);
}

TEST(MaskedName, KeepsOnlyTheFirstCharacter) {
  EXPECT_EQ(masked_name("张三"), "张*");
  EXPECT_EQ(masked_name("欧阳小明"), "欧***");
  EXPECT_EQ(masked_name("Li"), "L*");
  EXPECT_EQ(masked_name("王"), "王");
  EXPECT_EQ(masked_name(""), "");
}

TEST(ParseWorker, NamesTheFieldAtFault) {
  auto field = [](boost::json::object body) {
    auto r = parse_worker(body, false, Worker{}, "2026-12-07");
    return r ? std::string("ok") : r.error().field;
  };
  boost::json::object ok{{"name", "张三"},
                         {"category", "电工作业"},
                         {"certificate_no", "t330106-0001"},
                         {"certificate_valid_until", "2028-01-31"},
                         {"trained_on", "2026-11-01"}};
  EXPECT_EQ(field(ok), "ok");
  EXPECT_EQ(parse_worker(ok, false, Worker{}, "2026-12-07")->certificate_no, "T330106-0001");
  auto with = [&](std::string_view k, boost::json::value v) {
    auto o = ok;
    o[k] = std::move(v);
    return field(o);
  };
  EXPECT_EQ(with("category", "跳舞作业"), "category");
  EXPECT_EQ(with("certificate_no", "12"), "certificate_no");
  EXPECT_EQ(with("certificate_no", "T3301 06"), "certificate_no");
  EXPECT_EQ(with("certificate_valid_until", "2028-02-30"), "certificate_valid_until");
  EXPECT_EQ(with("trained_on", "2026-12-08"), "trained_on");  // tomorrow
  EXPECT_EQ(with("open_violation", "yes"), "open_violation");
  EXPECT_EQ(with("name", "   "), "name");
  EXPECT_EQ(with("name", boost::json::string(std::string(51, 'a'))), "name");
  EXPECT_EQ(with("id_card", "330106199001011234"), "id_card");
  auto missing = ok;
  missing.erase("certificate_valid_until");
  EXPECT_EQ(field(missing), "certificate_valid_until");
}

TEST(Qr, EncodesAndRefusesOversizedText) {
  auto m = encode_qr("http://127.0.0.1:8080/public/codes/0123456789abcdef0123456789abcdef");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ((m->width - 17) % 4, 0);  // ISO/IEC 18004: width = 17 + 4 × version
  EXPECT_GE(m->width, 21);
  // The three finder patterns: a dark 7×7 ring at three corners.
  for (auto [x0, y0] : {std::pair{0, 0}, std::pair{m->width - 7, 0}, std::pair{0, m->width - 7}}) {
    for (int i = 0; i < 7; ++i) {
      EXPECT_TRUE(m->at(x0 + i, y0));
      EXPECT_TRUE(m->at(x0, y0 + i));
    }
    EXPECT_FALSE(m->at(x0 + 1, y0 + 1));
    EXPECT_TRUE(m->at(x0 + 3, y0 + 3));
  }
  EXPECT_FALSE(encode_qr("").ok());
  EXPECT_EQ(encode_qr(std::string(kMaxQrText + 1, 'a')).error().field, "text");
  std::string svg = qr_svg(*m, 4);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  const int px = (m->width + 2 * kQuietModules) * 4;
  EXPECT_NE(svg.find("viewBox=\"0 0 " + std::to_string(px)), std::string::npos);
  std::string png = qr_png(*m, 3);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

// Decoded by ZBar, a reader that shares no code with libqrencode.
TEST(Qr, AnIndependentReaderDecodesThePng) {
  if (std::system("command -v zbarimg >/dev/null 2>&1") != 0) {
    if (std::getenv("LAKEGUARD_REQUIRE_ZBAR"))
      FAIL() << "zbarimg is required (scripts/install-deps)";
    GTEST_SKIP() << "zbarimg not installed";
  }
  const std::string url =
      "http://lakeguard.test:8080/public/codes/7f3a9c0e5b2d4f6a8c1e3b5d7f9a0c2e";
  auto m = encode_qr(url);
  ASSERT_TRUE(m.ok());
  const std::string path = ::testing::TempDir() + "lakeguard_qr_test.png";
  {
    std::ofstream f(path, std::ios::binary);
    f << qr_png(*m, 4);
  }
  std::string cmd = "zbarimg --quiet --raw -Sdisable -Sqrcode.enable " + path + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int rc = pclose(p);
  EXPECT_EQ(rc, 0) << out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  EXPECT_EQ(out, url);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace lakeguard::codes
