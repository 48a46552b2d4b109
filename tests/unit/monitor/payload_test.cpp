// Telemetry payload parsing (src/monitor/payload.h) against golden cases written from issue 9
// item 1 and docs/monitor.md (tests/unit/monitor/golden/payloads.txt), plus the line splitter,
// topics and dead-letter truncation.

#include "monitor/payload.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

namespace lakeguard::monitor {
namespace {

constexpr int64_t kNow = 1796601600000;  // 2026-12-07T00:00:00Z

std::string trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string outcome(const Parsed& p) {
  if (p.rejection) return std::string(reason_code(p.rejection->reason));
  std::string out = "ok";
  for (const auto& s : p.samples) out += fmt::format(" {}={}@{}", s.metric, s.value, s.ts_ms);
  return out;
}

TEST(Payload, GoldenCases) {
  std::ifstream in(LAKEGUARD_GOLDEN_DIR "/payloads.txt");
  ASSERT_TRUE(in) << "golden file missing";
  std::string line;
  int n = 0, cases = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    // kind | device | payload | expected (the payload holds no " | ").
    std::vector<std::string> f;
    size_t pos = 0;
    for (int i = 0; i < 3; ++i) {
      size_t bar = line.find(" | ", pos);
      ASSERT_NE(bar, std::string::npos) << "line " << n;
      f.push_back(line.substr(pos, bar - pos));
      pos = bar + 3;
    }
    f.push_back(line.substr(pos));
    const std::string kind = trim(f[0]), device = trim(f[1]), payload = trim(f[2]),
                      expected = trim(f[3]);
    Limits limits;
    if (kind.ends_with("-long")) limits.max_line_bytes = 200;
    Parsed p = kind.starts_with("mqtt") ? parse_mqtt_payload(device, payload, kNow, limits)
                                        : parse_ndjson_line(payload, kNow, limits);
    EXPECT_EQ(outcome(p), expected) << "golden line " << n << ": " << payload;
    if (p.rejection) {
      EXPECT_TRUE(p.samples.empty()) << "line " << n;
      EXPECT_FALSE(p.rejection->message.empty()) << "line " << n;
    }
    if (!p.rejection && kind.starts_with("ndjson")) {
      for (const auto& s : p.samples) {
        EXPECT_EQ(s.device_code, "RG001");
      }
    }
    ++cases;
  }
  EXPECT_GE(cases, 50);
}

TEST(Payload, EveryReasonHasADistinctStableCode) {
  std::vector<std::string> seen;
  for (Reason r : kAllReasons) {
    std::string c(reason_code(r));
    EXPECT_EQ(std::count(seen.begin(), seen.end(), c), 0) << c;
    seen.push_back(c);
  }
  EXPECT_EQ(reason_code(Reason::kUnknownDevice), "unknown_device");
  EXPECT_EQ(reason_code(Reason::kTimestampOutOfRange), "ts_out_of_range");
}

TEST(Payload, TopicsCarryOneDeviceCode) {
  EXPECT_EQ(device_code_of_topic("lakeguard/v1/telemetry/RG330106001001"), "RG330106001001");
  EXPECT_EQ(device_code_of_topic("lakeguard/v1/telemetry/"), std::nullopt);
  EXPECT_EQ(device_code_of_topic("lakeguard/v1/telemetry/a/b"), std::nullopt);
  EXPECT_EQ(device_code_of_topic("lakeguard/v2/telemetry/RG1"), std::nullopt);
  EXPECT_EQ(device_code_of_topic("lakeguard/v1/telemetry/" + std::string(41, 'A')), std::nullopt);
  EXPECT_EQ(device_code_of_topic("lakeguard/v1/telemetry/" + std::string(40, 'A')),
            std::string(40, 'A'));
}

TEST(Payload, LinesAreSplitOnLfAndCrlfAndBlankLinesKeepTheirNumbers) {
  auto lines = split_lines("a\r\n\nb\n  \nc");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].number, 1u);
  EXPECT_EQ(lines[0].text, "a");
  EXPECT_EQ(lines[1].number, 3u);
  EXPECT_EQ(lines[1].text, "b");
  EXPECT_EQ(lines[2].number, 5u);
  EXPECT_EQ(lines[2].text, "c");
  EXPECT_TRUE(split_lines("").empty());
  EXPECT_EQ(split_lines("x\n").size(), 1u);
}

TEST(Payload, DeadLettersAreCutOnACharacterBoundary) {
  EXPECT_EQ(truncate_utf8("abc", 10), "abc");
  EXPECT_EQ(truncate_utf8("abcdef", 3), "abc");
  // "雨" is 3 bytes: cutting at 4 keeps "a雨"; at 3 only "a".
  EXPECT_EQ(truncate_utf8("a雨量", 4), "a雨");
  EXPECT_EQ(truncate_utf8("a雨量", 3), "a");
}

}  // namespace
}  // namespace lakeguard::monitor
