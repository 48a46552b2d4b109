#include "core/geo.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace lakeguard {
namespace {

// West Lake District (330106) bounding box, from shared/data/README.md.
constexpr double kMinLon = 119.998, kMaxLon = 120.1814, kMinLat = 30.0755, kMaxLat = 30.3554;

// ---- Golden forward transforms from published test suites ---------------------------------------

// Source: GitHub wandergis/coordtransform, test/app.js (commit 242324636adb), the JavaScript
// reference implementation most Chinese projects copy; its "//result" comments give these values.
TEST(Gcj02, ForwardMatchesCoordtransformGolden) {
  const LonLat g = wgs84_to_gcj02({116.404, 39.915});
  EXPECT_NEAR(g.lon, 116.41024449916938, 1e-11);
  EXPECT_NEAR(g.lat, 39.91640428150164, 1e-11);
}

TEST(Bd09, MatchesCoordtransformGolden) {
  const LonLat to_gcj = bd09_to_gcj02({116.404, 39.915});
  EXPECT_NEAR(to_gcj.lon, 116.39762729119315, 1e-11);
  EXPECT_NEAR(to_gcj.lat, 39.90865673957631, 1e-11);
  const LonLat to_bd = gcj02_to_bd09({116.404, 39.915});
  EXPECT_NEAR(to_bd.lon, 116.41036949371029, 1e-11);
  EXPECT_NEAR(to_bd.lat, 39.92133699351021, 1e-11);
}

// Source: GitHub googollee/eviltransform, python/test.py (commit 3416646abc64), TESTS table
// (wgsLat, wgsLng, gcjLat, gcjLng); that suite checks 6 decimal places, and its gcj2wgs_exact
// must land within 0.5 m of the WGS-84 point.
struct EvilCase {
  const char* where;
  double wgs_lat, wgs_lon, gcj_lat, gcj_lon;
};
constexpr EvilCase kEvilCases[] = {
    {"shanghai", 31.1774276, 121.5272106, 31.17530398364597, 121.531541859215},
    {"shenzhen", 22.543847, 113.912316, 22.540796131694766, 113.9171764808363},
    {"beijing", 39.911954, 116.377817, 39.91334545536069, 116.38404722455657},
};

TEST(Gcj02, ForwardMatchesEviltransformGolden) {
  for (const auto& c : kEvilCases) {
    const LonLat g = wgs84_to_gcj02({c.wgs_lon, c.wgs_lat});
    EXPECT_NEAR(g.lon, c.gcj_lon, 1e-9) << c.where;
    EXPECT_NEAR(g.lat, c.gcj_lat, 1e-9) << c.where;
  }
}

TEST(Gcj02, InverseOfEviltransformGoldenIsWithinACentimetre) {
  for (const auto& c : kEvilCases) {
    const LonLat w = gcj02_to_wgs84({c.gcj_lon, c.gcj_lat});
    EXPECT_LT(distance_m(w, {c.wgs_lon, c.wgs_lat}), 0.01) << c.where;
  }
}

// ---- Properties ---------------------------------------------------------------------------------

TEST(Gcj02, RoundTripOverTheDistrictAgreesToBetterThanMicroDegree) {
  constexpr int kSteps = 40;
  double worst = 0.0;
  for (int i = 0; i <= kSteps; ++i) {
    for (int j = 0; j <= kSteps; ++j) {
      const LonLat wgs{kMinLon + (kMaxLon - kMinLon) * i / kSteps,
                       kMinLat + (kMaxLat - kMinLat) * j / kSteps};
      const LonLat back = gcj02_to_wgs84(wgs84_to_gcj02(wgs));
      worst = std::max({worst, std::abs(back.lon - wgs.lon), std::abs(back.lat - wgs.lat)});
      // And the other way round: a GCJ-02 point read from AMap data.
      const LonLat gcj = wgs;
      const LonLat again = wgs84_to_gcj02(gcj02_to_wgs84(gcj));
      worst = std::max({worst, std::abs(again.lon - gcj.lon), std::abs(again.lat - gcj.lat)});
    }
  }
  EXPECT_LT(worst, 1e-6);
  EXPECT_LT(worst, 1e-8) << "the iteration should reach well below the required 1e-6°";
}

TEST(Gcj02, OffsetInHangzhouIsAbout450To500Metres) {
  for (const LonLat p : {LonLat{120.1551, 30.2741}, LonLat{kMinLon, kMinLat},
                         LonLat{kMaxLon, kMaxLat}, LonLat{120.0799, 30.1592}}) {
    const double d = distance_m(p, wgs84_to_gcj02(p));
    EXPECT_GT(d, 400.0) << p.lon << "," << p.lat;
    EXPECT_LT(d, 550.0) << p.lon << "," << p.lat;
  }
}

TEST(Gcj02, NoOffsetOutsideChina) {
  for (const LonLat p : {LonLat{-0.1276, 51.5072}, LonLat{139.6917, 35.6895}, LonLat{72.0, 30.0},
                         LonLat{137.9, 30.0}, LonLat{100.0, 0.8}, LonLat{100.0, 55.9}}) {
    EXPECT_TRUE(outside_china(p));
    EXPECT_EQ(wgs84_to_gcj02(p), p);
    EXPECT_EQ(gcj02_to_wgs84(p), p);
  }
  EXPECT_FALSE(outside_china({120.1, 30.2}));
  EXPECT_FALSE(outside_china({72.004, 0.8293}));  // the box is closed
}

TEST(Bd09, RoundTripIsWithinTenCentimetres) {
  const LonLat gcj{120.1, 30.25};
  EXPECT_LT(distance_m(bd09_to_gcj02(gcj02_to_bd09(gcj)), gcj), 0.1);
}

TEST(Distance, HaversineMatchesKnownValues) {
  // One degree of latitude on the mean sphere: R·π/180.
  EXPECT_NEAR(distance_m({120.0, 30.0}, {120.0, 31.0}), 6371008.8 * std::numbers::pi / 180.0, 1e-6);
  // One degree of longitude at 60° N is half of one at the equator.
  EXPECT_NEAR(distance_m({0, 60}, {1, 60}) / distance_m({0, 0}, {1, 0}), 0.5, 1e-4);
  EXPECT_DOUBLE_EQ(distance_m({120.1, 30.2}, {120.1, 30.2}), 0.0);
  // Antipodes: half the circumference, no NaN from rounding above 1 inside asin.
  EXPECT_NEAR(distance_m({0, 0}, {180, 0}), 6371008.8 * std::numbers::pi, 1e-3);
}

TEST(Distance, PointInCircle) {
  const LonLat c{120.1, 30.25};
  const LonLat p{120.1, 30.25 + 1000.0 / (6371008.8 * std::numbers::pi / 180.0)};  // 1000 m north
  EXPECT_TRUE(point_in_circle(p, c, 1000.5));
  EXPECT_FALSE(point_in_circle(p, c, 999.5));
}

// ---- Rings --------------------------------------------------------------------------------------

const Ring kSquareCcw = {{0, 0}, {2, 0}, {2, 2}, {0, 2}};

TEST(Ring, SignedAreaIsPositiveForCounterClockwise) {
  EXPECT_DOUBLE_EQ(signed_area(kSquareCcw), 4.0);
  Ring cw(kSquareCcw.rbegin(), kSquareCcw.rend());
  EXPECT_DOUBLE_EQ(signed_area(cw), -4.0);
  Ring closed = kSquareCcw;
  closed.push_back(closed.front());
  EXPECT_DOUBLE_EQ(signed_area(closed), 4.0) << "closed and open rings are the same";
  EXPECT_DOUBLE_EQ(signed_area(Ring{{0, 0}, {1, 1}}), 0.0);
  EXPECT_DOUBLE_EQ(signed_area(Ring{}), 0.0);
}

TEST(Ring, PointInRingHandlesConcaveRings) {
  // A "U": the notch (1..2, 1..3) is outside.
  const Ring u = {{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}};
  EXPECT_TRUE(point_in_ring({0.5, 2.5}, u));
  EXPECT_TRUE(point_in_ring({2.5, 2.5}, u));
  EXPECT_TRUE(point_in_ring({1.5, 0.5}, u));
  EXPECT_FALSE(point_in_ring({1.5, 2.0}, u));
  EXPECT_FALSE(point_in_ring({-0.1, 1.0}, u));
  EXPECT_FALSE(point_in_ring({1.5, 3.5}, u));
  EXPECT_FALSE(point_in_ring({1.0, 1.0}, Ring{{0, 0}, {2, 2}}));
  // Orientation does not matter.
  Ring cw(u.rbegin(), u.rend());
  EXPECT_TRUE(point_in_ring({0.5, 2.5}, cw));
  EXPECT_FALSE(point_in_ring({1.5, 2.0}, cw));
}

TEST(Ring, ClipKeepsTheHalfCloserToA) {
  // Bisector of (0.5,1)–(1.5,1) is x = 1: keep the left half.
  const Ring left = clip_ring_halfplane(kSquareCcw, {0.5, 1}, {1.5, 1});
  EXPECT_DOUBLE_EQ(signed_area(left), 2.0);
  EXPECT_TRUE(point_in_ring({0.5, 0.5}, left));
  EXPECT_FALSE(point_in_ring({1.5, 0.5}, left));
  for (const LonLat& p : left) EXPECT_LE(p.lon, 1.0);
  EXPECT_NE(left.front(), left.back()) << "returns an open ring";
}

TEST(Ring, ClipWithTheWholeRingOnOneSide) {
  Ring closed = kSquareCcw;
  closed.push_back(closed.front());
  // Everything is closer to a: the ring comes back unchanged (open).
  EXPECT_EQ(clip_ring_halfplane(closed, {1, 1}, {10, 1}), kSquareCcw);
  // Everything is closer to b: nothing remains.
  EXPECT_TRUE(clip_ring_halfplane(kSquareCcw, {10, 1}, {1, 1}).empty());
}

TEST(Ring, ClipAlongADiagonalKeepsATriangle) {
  // Bisector of (0,0)–(2,2) is x + y = 2, through two corners.
  const Ring tri = clip_ring_halfplane(kSquareCcw, {0, 0}, {2, 2});
  EXPECT_EQ(tri.size(), 3u);
  EXPECT_DOUBLE_EQ(signed_area(tri), 2.0);
}

TEST(Ring, RepeatedClipsMakeAVoronoiCell) {
  // Sites on a 3×3 grid at 1, 3, 5 in a 6×6 square: the centre cell is [2,4]².
  const Ring box = {{0, 0}, {6, 0}, {6, 6}, {0, 6}};
  const LonLat centre{3, 3};
  Ring cell = box;
  for (double x : {1.0, 3.0, 5.0})
    for (double y : {1.0, 3.0, 5.0})
      if (!(x == 3.0 && y == 3.0)) cell = clip_ring_halfplane(cell, centre, {x, y});
  EXPECT_NEAR(signed_area(cell), 4.0, 1e-12);
  EXPECT_TRUE(point_in_ring({2.1, 3.9}, cell));
  EXPECT_FALSE(point_in_ring({1.9, 3.0}, cell));
}

TEST(Ring, ClipOfAConcaveRingKeepsBothPieces) {
  // The "U" cut by y <= 2 keeps the base; cut by y >= 2 keeps both arms, joined along y = 2.
  const Ring u = {{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}};
  const Ring arms = clip_ring_halfplane(u, {1.5, 3}, {1.5, 1});
  EXPECT_NEAR(signed_area(arms), 2.0, 1e-12);
  EXPECT_TRUE(point_in_ring({0.5, 2.5}, arms));
  EXPECT_TRUE(point_in_ring({2.5, 2.5}, arms));
  EXPECT_FALSE(point_in_ring({1.5, 2.5}, arms));
  EXPECT_FALSE(point_in_ring({0.5, 1.5}, arms));
}

}  // namespace
}  // namespace lakeguard
