#include "core/geo.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace lakeguard {
namespace {

constexpr double kPi = std::numbers::pi;
// GCJ-02 constants of the published algorithm (Krasovsky 1940 ellipsoid).
constexpr double kKrasovskyA = 6378245.0;
constexpr double kKrasovskyEe = 0.00669342162296594323;
constexpr double kXPi = kPi * 3000.0 / 180.0;    // BD-09
constexpr double kEarthMeanRadiusM = 6371008.8;  // IUGG mean radius R1

double transform_lat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double transform_lon(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

// The GCJ-02 offset at a WGS-84 position (no outside-China check).
LonLat gcj_offset(LonLat wgs) {
  const double x = wgs.lon - 105.0;
  const double y = wgs.lat - 35.0;
  const double phi = wgs.lat / 180.0 * kPi;
  const double s = std::sin(phi);
  const double m = 1.0 - kKrasovskyEe * s * s;
  const double sqrt_m = std::sqrt(m);
  const double dlat =
      transform_lat(x, y) * 180.0 / ((kKrasovskyA * (1.0 - kKrasovskyEe)) / (m * sqrt_m) * kPi);
  const double dlon = transform_lon(x, y) * 180.0 / (kKrasovskyA / sqrt_m * std::cos(phi) * kPi);
  return {dlon, dlat};
}

// Drops the closing vertex of a closed ring so every algorithm below sees an open ring.
std::size_t open_size(const Ring& ring) {
  std::size_t n = ring.size();
  if (n >= 2 && ring.front() == ring.back()) --n;
  return n;
}

}  // namespace

bool outside_china(LonLat p) noexcept {
  return p.lon < 72.004 || p.lon > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271;
}

LonLat wgs84_to_gcj02(LonLat wgs) noexcept {
  if (outside_china(wgs)) return wgs;
  const LonLat d = gcj_offset(wgs);
  return {wgs.lon + d.lon, wgs.lat + d.lat};
}

LonLat gcj02_to_wgs84(LonLat gcj) noexcept {
  if (outside_china(gcj)) return gcj;
  // Fixed-point iteration: the offset varies slowly (its derivative is ~1e-4), so each step gains
  // about four digits; the one-step inverse alone is off by up to a couple of metres.
  LonLat wgs = gcj;
  for (int i = 0; i < 30; ++i) {
    const LonLat f = wgs84_to_gcj02(wgs);
    const double dlon = f.lon - gcj.lon;
    const double dlat = f.lat - gcj.lat;
    wgs.lon -= dlon;
    wgs.lat -= dlat;
    if (std::abs(dlon) < 1e-9 && std::abs(dlat) < 1e-9) break;
  }
  return wgs;
}

LonLat bd09_to_gcj02(LonLat bd) noexcept {
  const double x = bd.lon - 0.0065;
  const double y = bd.lat - 0.006;
  const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kXPi);
  const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kXPi);
  return {z * std::cos(theta), z * std::sin(theta)};
}

LonLat gcj02_to_bd09(LonLat gcj) noexcept {
  const double x = gcj.lon;
  const double y = gcj.lat;
  const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * kXPi);
  const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * kXPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

double distance_m(LonLat a, LonLat b) noexcept {
  const double to_rad = kPi / 180.0;
  const double phi1 = a.lat * to_rad;
  const double phi2 = b.lat * to_rad;
  const double s_dphi = std::sin((phi2 - phi1) / 2.0);
  const double s_dlam = std::sin((b.lon - a.lon) * to_rad / 2.0);
  const double h = s_dphi * s_dphi + std::cos(phi1) * std::cos(phi2) * s_dlam * s_dlam;
  return 2.0 * kEarthMeanRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

bool point_in_circle(LonLat p, LonLat centre, double radius_m) noexcept {
  return distance_m(p, centre) <= radius_m;
}

double signed_area(const Ring& ring) noexcept {
  const std::size_t n = open_size(ring);
  if (n < 3) return 0.0;
  // Shoelace relative to the first vertex, which keeps the products small and precise.
  const LonLat o = ring[0];
  double twice = 0.0;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double x1 = ring[i].lon - o.lon, y1 = ring[i].lat - o.lat;
    const double x2 = ring[i + 1].lon - o.lon, y2 = ring[i + 1].lat - o.lat;
    twice += x1 * y2 - x2 * y1;
  }
  return twice / 2.0;
}

bool point_in_ring(LonLat p, const Ring& ring) noexcept {
  const std::size_t n = open_size(ring);
  if (n < 3) return false;
  bool inside = false;
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const LonLat& u = ring[i];
    const LonLat& v = ring[j];
    if ((u.lat > p.lat) != (v.lat > p.lat)) {
      const double x = u.lon + (p.lat - u.lat) * (v.lon - u.lon) / (v.lat - u.lat);
      if (p.lon < x) inside = !inside;
    }
  }
  return inside;
}

Ring clip_ring_halfplane(const Ring& ring, LonLat a, LonLat b) {
  // Keep f(p) <= 0 with f(p) = (p − m)·(b − a), m the midpoint of a–b: the points at least as close
  // to a as to b. One Sutherland–Hodgman pass over the edges (s → e).
  const double nx = b.lon - a.lon;
  const double ny = b.lat - a.lat;
  const double mx = (a.lon + b.lon) / 2.0;
  const double my = (a.lat + b.lat) / 2.0;
  auto f = [&](const LonLat& p) { return (p.lon - mx) * nx + (p.lat - my) * ny; };

  const std::size_t n = open_size(ring);
  Ring out;
  if (n == 0) return out;
  out.reserve(n + 4);
  for (std::size_t i = 0; i < n; ++i) {
    const LonLat& s = ring[(i + n - 1) % n];
    const LonLat& e = ring[i];
    const double fs = f(s);
    const double fe = f(e);
    const bool s_in = fs <= 0.0;
    const bool e_in = fe <= 0.0;
    if (s_in != e_in) {
      const double t = fs / (fs - fe);
      out.push_back({s.lon + t * (e.lon - s.lon), s.lat + t * (e.lat - s.lat)});
    }
    if (e_in) out.push_back(e);
  }
  // Drop consecutive duplicates (an edge endpoint exactly on the bisector is emitted twice).
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.size() >= 2 && out.front() == out.back()) out.pop_back();
  if (out.size() < 3) out.clear();
  return out;
}

}  // namespace lakeguard
