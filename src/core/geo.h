#pragma once
// Coordinates and small planar polygon helpers. Pure computation: no I/O, no allocation except the
// returned rings. All functions are thread-safe (no shared state).
//
// Coordinate systems (docs: shared/docs/domain/codes-and-coordinates.md):
//   WGS-84  GPS / OSM / Tianditu; the only system lakeguard stores and serves.
//   GCJ-02  国测局坐标 ("Mars coordinates"), the mandated offset of AMap, Tencent and DataV data.
//   BD-09   百度坐标, Baidu's further offset on top of GCJ-02.

#include <vector>

namespace lakeguard {

// A position in decimal degrees, longitude first (RFC 7946 order).
struct LonLat {
  double lon = 0.0;
  double lat = 0.0;
  friend bool operator==(const LonLat&, const LonLat&) = default;
};

// A linear ring of positions. Functions below accept a ring either open (first vertex not repeated)
// or closed (last == first), and treat both the same.
using Ring = std::vector<LonLat>;

// ---- Chinese offset systems ---------------------------------------------------------------------

// Returns true iff p lies outside the box lon 72.004–137.8347, lat 0.8293–55.8271, where the GCJ-02
// offset is not applied. (The box is the published test; it is a rectangle, not the border.)
bool outside_china(LonLat p) noexcept;

// WGS-84 → GCJ-02 by the published forward algorithm (Krasovsky a = 6378245 m,
// ee = 0.00669342162296594323). Identity outside_china(). Offsets in Hangzhou are ~450–500 m.
LonLat wgs84_to_gcj02(LonLat wgs) noexcept;

// GCJ-02 → WGS-84. The forward transform has no closed-form inverse: iterates
// wgs ← wgs − (f(wgs) − gcj) until both components change by less than 1e-9° (at most 30
// iterations; 3–5 in practice). Round trips over West Lake District agree to better than 1e-8°.
// Identity when gcj is outside_china().
LonLat gcj02_to_wgs84(LonLat gcj) noexcept;

// BD-09 ↔ GCJ-02 (closed form, x_pi = π·3000/180). The round trip agrees to ~1e-6°.
LonLat bd09_to_gcj02(LonLat bd) noexcept;
LonLat gcj02_to_bd09(LonLat gcj) noexcept;

// ---- Distances ----------------------------------------------------------------------------------

// Great-circle distance in metres (haversine on a sphere of the IUGG mean radius 6371008.8 m).
// Error against the WGS-84 ellipsoid is below 0.5 %; use GeographicLib where that matters.
double distance_m(LonLat a, LonLat b) noexcept;

// Returns true iff distance_m(p, centre) <= radius_m.
bool point_in_circle(LonLat p, LonLat centre, double radius_m) noexcept;

// ---- Planar ring helpers ------------------------------------------------------------------------
// These treat lon/lat as plain x/y (degrees). That is exact for orientation and point-in-polygon
// tests; for distances or "closer to" questions, scale lon by cos(latitude) first (see
// clip_ring_halfplane).

// Shoelace area in square degrees, positive iff the ring runs counter-clockwise (the RFC 7946
// exterior-ring orientation). 0 for fewer than 3 distinct vertices.
double signed_area(const Ring& ring) noexcept;

// Even-odd (ray-casting) test: true iff p lies inside the ring. For a point exactly on an edge the
// answer is either, consistently for the same input.
bool point_in_ring(LonLat p, const Ring& ring) noexcept;

// Sutherland–Hodgman clip of `ring` by the half-plane of points at least as close to `a` as to `b`
// (the side of the perpendicular bisector of a–b that contains a). Repeating this for every other
// site b clips a polygon to the Voronoi cell of site a. Distances are planar in the given
// coordinates, so for metric Voronoi cells pass coordinates with lon scaled by cos(latitude).
// Returns an open ring (first vertex not repeated) with the input's orientation; empty when
// nothing remains. When the ring is not convex and the bisector cuts it into several pieces, the
// pieces come back joined by zero-width edges along the bisector (point_in_ring still answers
// correctly away from those edges).
// REQUIRES: a != b.
Ring clip_ring_halfplane(const Ring& ring, LonLat a, LonLat b);

}  // namespace lakeguard
