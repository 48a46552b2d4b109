// Geometry helpers on WGS-84 lon/lat: distances, circles as polygons, rings and boxes.
import type { Feature, FeatureCollection, Geometry, PolygonGeometry, Position } from '@/api/types'

const EARTH_RADIUS_M = 6_371_008.8
const rad = (d: number) => (d * Math.PI) / 180
const deg = (r: number) => (r * 180) / Math.PI

export function isValidLonLat(lon: unknown, lat: unknown): boolean {
  return (
    typeof lon === 'number' && typeof lat === 'number' &&
    Number.isFinite(lon) && Number.isFinite(lat) &&
    lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90
  )
}

/** Great-circle distance in metres. */
export function distanceM(a: Position, b: Position): number {
  const dLat = rad(b[1] - a[1])
  const dLon = rad(b[0] - a[0])
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** The point `distance` metres from `from` on the initial bearing (degrees clockwise from north). */
export function destination(from: Position, distance: number, bearing: number): Position {
  const d = distance / EARTH_RADIUS_M
  const b = rad(bearing)
  const lat1 = rad(from[1])
  const lon1 = rad(from[0])
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b))
  const lon2 = lon1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2))
  return [((deg(lon2) + 540) % 360) - 180, deg(lat2)]
}

/** Twice the signed area of a ring in degrees² (shoelace): positive when counter-clockwise. */
export function ringSignedArea(ring: readonly Position[]): number {
  let s = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1])
  }
  return s
}

export function isClosed(ring: readonly Position[]): boolean {
  if (ring.length < 2) return false
  const a = ring[0]
  const b = ring[ring.length - 1]
  return a[0] === b[0] && a[1] === b[1]
}

/** A closed, counter-clockwise copy of a ring (RFC 7946 exterior rings). */
export function normaliseExteriorRing(ring: readonly Position[]): Position[] {
  const r: Position[] = ring.map((p) => [p[0], p[1]])
  if (!isClosed(r) && r.length > 0) r.push([r[0][0], r[0][1]])
  return ringSignedArea(r) < 0 ? r.reverse() : r
}

/** A polygon from clicked vertices; null when fewer than three distinct vertices. */
export function polygonFromVertices(vertices: readonly Position[]): PolygonGeometry | null {
  const distinct: Position[] = []
  for (const v of vertices) {
    const last = distinct[distinct.length - 1]
    if (!last || last[0] !== v[0] || last[1] !== v[1]) distinct.push([v[0], v[1]])
  }
  if (distinct.length > 1 && isClosed(distinct)) distinct.pop()
  if (distinct.length < 3) return null
  return { type: 'Polygon', coordinates: [normaliseExteriorRing(distinct)] }
}

/** A circle as a closed counter-clockwise polygon with `steps` vertices (for drawing it). */
export function circlePolygon(center: Position, radiusM: number, steps = 64): PolygonGeometry {
  const ring: Position[] = []
  for (let i = 0; i < steps; i++) ring.push(destination(center, radiusM, (-360 * i) / steps))
  ring.push([ring[0][0], ring[0][1]])
  return { type: 'Polygon', coordinates: [ring] }
}

/** Ray casting; points on an edge may fall either way. */
export function pointInRing(p: Position, ring: readonly Position[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

export function pointInPolygon(p: Position, polygon: PolygonGeometry): boolean {
  const [outer, ...holes] = polygon.coordinates
  if (!outer || !pointInRing(p, outer)) return false
  return !holes.some((h) => pointInRing(p, h))
}

export type BBox = [number, number, number, number]

function extend(box: BBox | null, p: readonly number[]): BBox {
  if (!box) return [p[0], p[1], p[0], p[1]]
  return [Math.min(box[0], p[0]), Math.min(box[1], p[1]), Math.max(box[2], p[0]), Math.max(box[3], p[1])]
}

export function geometryBBox(g: Geometry, box: BBox | null = null): BBox | null {
  switch (g.type) {
    case 'Point':
      return extend(box, g.coordinates)
    case 'LineString':
      return g.coordinates.reduce<BBox | null>(extend, box)
    case 'Polygon':
      return g.coordinates.flat().reduce<BBox | null>(extend, box)
    case 'MultiPolygon':
      return g.coordinates.flat(2).reduce<BBox | null>(extend, box)
  }
}

export function featuresBBox(features: readonly Feature[]): BBox | null {
  let box: BBox | null = null
  for (const f of features) if (f.geometry) box = geometryBBox(f.geometry, box)
  return box
}

export function collectionBBox(fc: FeatureCollection): BBox | null {
  return featuresBBox(fc.features)
}

/** "120.12346°E 30.27346°N" */
export function formatLonLat(lon: number, lat: number, digits = 5): string {
  const ew = lon >= 0 ? 'E' : 'W'
  const ns = lat >= 0 ? 'N' : 'S'
  return `${Math.abs(lon).toFixed(digits)}°${ew} ${Math.abs(lat).toFixed(digits)}°${ns}`
}

/** "850 m" or "1.25 km" */
export function formatDistance(m: number): string {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(m < 10_000 ? 2 : 1)} km`
}

/** A point feature collection from objects with lon/lat (objects without a valid place are left out). */
export function pointsFromObjects<T extends { id: number; lon?: unknown; lat?: unknown }>(items: readonly T[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: items
      .filter((o) => isValidLonLat(o.lon, o.lat))
      .map((o) => ({
        type: 'Feature',
        id: o.id,
        geometry: { type: 'Point', coordinates: [o.lon as number, o.lat as number] },
        properties: { ...o },
      })),
  }
}
