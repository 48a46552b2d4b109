// The MQTT ingest journal (src/monitor/mqtt.h, Journal): what is appended and not released survives
// the journal's owner going away (a crash) and is read back in order; a torn or corrupt tail
// ends a segment (never acknowledged); released segments are deleted or truncated, so the files
// stay bounded by what is outstanding.

#include "monitor/mqtt.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace lakeguard::monitor {
namespace {

namespace fs = std::filesystem;

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lg-journal-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  Journal::Options opts(int64_t segment = 64LL << 20) {
    return Journal::Options{.dir = dir_.string(), .name = "lg-1", .segment_bytes = segment};
  }
  size_t files() const {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir_)) n += e.path().extension() == ".journal";
    return n;
  }
  int64_t total_bytes() const {
    int64_t n = 0;
    for (const auto& e : fs::directory_iterator(dir_)) n += static_cast<int64_t>(e.file_size());
    return n;
  }
  fs::path dir_;
};

TEST_F(JournalTest, EncodeDecodeRoundTripAndATornTailEndsTheSegment) {
  std::string b = Journal::encode("lakeguard/v1/telemetry/RG-1", R"({"ts":1,"value":0.5})") +
                  Journal::encode("t2", "") + Journal::encode("t3", "payload three");
  auto all = Journal::decode(b);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].topic, "lakeguard/v1/telemetry/RG-1");
  EXPECT_EQ(all[0].payload, R"({"ts":1,"value":0.5})");
  EXPECT_EQ(all[1].payload, "");
  EXPECT_EQ(all[2].payload, "payload three");
  // Cut inside the last record (a crash inside write): the first two only.
  EXPECT_EQ(Journal::decode(b.substr(0, b.size() - 3)).size(), 2u);
  // A flipped byte in the second record's payload: its checksum fails, the rest is not trusted.
  std::string bad = b;
  const size_t second =
      Journal::encode("lakeguard/v1/telemetry/RG-1", R"({"ts":1,"value":0.5})").size();
  bad[second + 20 + 1] ^= 0x20;  // inside "t2"
  EXPECT_EQ(Journal::decode(bad).size(), 1u);
  EXPECT_TRUE(Journal::decode("").empty());
  EXPECT_TRUE(Journal::decode("LGJ1").empty());
}

TEST_F(JournalTest, UnreleasedRecordsAreRecoveredInOrderAfterACrash) {
  {
    Journal j(opts());
    EXPECT_TRUE(j.recover().empty());
    j.release_recovered();
    std::vector<uint64_t> first;
    for (int i = 0; i < 10; ++i) first.push_back(j.append("t", "m" + std::to_string(i)));
    j.release({first.begin(), first.begin() + 4});  // 4 committed, 6 outstanding
    EXPECT_EQ(j.outstanding(), 6);
    // Destroyed without releasing the rest: a crash (kill -9 leaves the same bytes behind).
  }
  Journal again(opts());
  auto left = again.recover();
  // A segment is truncated only when nothing in it is outstanding: all 10 are still there; the
  // 4 committed ones are stored again as repeats (stored once: the reading's key).
  ASSERT_EQ(left.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(left[size_t(i)].payload, "m" + std::to_string(i));
  // New appends go to a new segment, so the old one can go once its records are stored.
  const uint64_t seg = again.append("t", "new");
  again.release_recovered();
  auto still = Journal(opts()).recover();  // a third run sees only the new record
  ASSERT_EQ(still.size(), 1u);
  EXPECT_EQ(still[0].payload, "new");
  again.release({seg});
}

TEST_F(JournalTest, ReleasingEverythingEmptiesTheFiles) {
  Journal j(opts());
  j.release_recovered();
  std::vector<uint64_t> segs;
  for (int i = 0; i < 100; ++i) segs.push_back(j.append("topic", std::string(100, 'x')));
  EXPECT_GT(total_bytes(), 100 * 100);
  j.release(segs);
  EXPECT_EQ(j.outstanding(), 0);
  EXPECT_EQ(total_bytes(), 0);
  EXPECT_EQ(j.bytes(), 0);
  // Appends after a truncation start at offset 0 and are read back alone.
  j.append("topic", "after");
  auto back = Journal(opts()).recover();
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].payload, "after");
}

TEST_F(JournalTest, SegmentsRotateAndAreDeletedWhenReleased) {
  Journal j(opts(1000));  // a small segment: rotates every few records
  j.release_recovered();
  std::vector<uint64_t> segs;
  for (int i = 0; i < 50; ++i) segs.push_back(j.append("topic", std::string(200, 'a' + i % 26)));
  EXPECT_GT(segs.back(), segs.front());
  EXPECT_GT(files(), 5u);
  // Release all but the last 3: the sealed, fully released segments are deleted.
  j.release({segs.begin(), segs.end() - 3});
  EXPECT_LE(files(), 2u);
  EXPECT_EQ(j.outstanding(), 3);
  auto left = Journal(opts(1000)).recover();
  ASSERT_GE(left.size(), 3u);  // the 3 outstanding (and released ones sharing their segment)
  EXPECT_EQ(left.back().payload, std::string(200, 'a' + 49 % 26));
  j.release({segs.end() - 3, segs.end()});
  EXPECT_EQ(total_bytes(), 0);
}

}  // namespace
}  // namespace lakeguard::monitor
