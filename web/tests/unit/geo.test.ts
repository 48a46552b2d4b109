import { describe, expect, it } from 'vitest'
import {
  circlePolygon, destination, distanceM, featuresBBox, formatDistance, formatLonLat, isValidLonLat,
  normaliseExteriorRing, pointInPolygon, pointsFromObjects, polygonFromVertices, ringSignedArea,
} from '@/utils/geo'
import type { Position } from '@/api/types'

const WEST_LAKE: Position = [120.13, 30.26]

describe('distances', () => {
  it('measures a degree of latitude as about 111 km', () => {
    expect(distanceM([120, 30], [120, 31])).toBeGreaterThan(110_900)
    expect(distanceM([120, 30], [120, 31])).toBeLessThan(111_300)
    expect(distanceM(WEST_LAKE, WEST_LAKE)).toBe(0)
  })

  it('destination goes the asked distance on the asked bearing', () => {
    const east = destination(WEST_LAKE, 1000, 90)
    expect(distanceM(WEST_LAKE, east)).toBeCloseTo(1000, 3)
    expect(east[0]).toBeGreaterThan(WEST_LAKE[0])
    expect(east[1]).toBeCloseTo(WEST_LAKE[1], 4)
  })
})

describe('circles and polygons', () => {
  it('a circle polygon is closed, counter-clockwise and at the radius', () => {
    const c = circlePolygon(WEST_LAKE, 500, 32)
    const ring = c.coordinates[0]
    expect(ring).toHaveLength(33)
    expect(ring[0]).toEqual(ring[32])
    expect(ringSignedArea(ring)).toBeGreaterThan(0)
    for (const p of ring) expect(distanceM(WEST_LAKE, p)).toBeCloseTo(500, 1)
    expect(pointInPolygon(WEST_LAKE, c)).toBe(true)
    expect(pointInPolygon(destination(WEST_LAKE, 600, 45), c)).toBe(false)
  })

  it('normalises rings to RFC 7946 exterior orientation', () => {
    const clockwise: Position[] = [[0, 0], [0, 1], [1, 1], [1, 0]]
    const r = normaliseExteriorRing(clockwise)
    expect(r[0]).toEqual(r[r.length - 1])
    expect(ringSignedArea(r)).toBeGreaterThan(0)
  })

  it('builds a polygon from clicks, ignoring repeated clicks, and needs three corners', () => {
    expect(polygonFromVertices([[0, 0], [1, 0]])).toBeNull()
    expect(polygonFromVertices([[0, 0], [1, 0], [1, 0], [0, 0]])).toBeNull()
    const p = polygonFromVertices([[0, 0], [1, 0], [1, 1], [1, 1]])!
    expect(p.coordinates[0]).toEqual([[0, 0], [1, 0], [1, 1], [0, 0]])
  })

  it('honours holes', () => {
    const poly = { type: 'Polygon' as const, coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]]] as Position[][] }
    expect(pointInPolygon([0.5, 0.5], poly)).toBe(true)
    expect(pointInPolygon([2, 2], poly)).toBe(false)
  })
})

describe('helpers', () => {
  it('boxes features', () => {
    expect(featuresBBox([
      { type: 'Feature', geometry: { type: 'Point', coordinates: [120.1, 30.2] }, properties: {} },
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[120, 30], [120.2, 30], [120.2, 30.3], [120, 30]]] }, properties: {} },
    ])).toEqual([120, 30, 120.2, 30.3])
    expect(featuresBBox([])).toBeNull()
  })

  it('validates and formats coordinates and distances', () => {
    expect(isValidLonLat(120.1, 30.2)).toBe(true)
    expect(isValidLonLat(200, 30)).toBe(false)
    expect(isValidLonLat('120', 30)).toBe(false)
    expect(formatLonLat(120.123456, 30.25)).toBe('120.12346°E 30.25000°N')
    expect(formatLonLat(-1.5, -2.25, 2)).toBe('1.50°W 2.25°S')
    expect(formatDistance(850.4)).toBe('850 m')
    expect(formatDistance(1250)).toBe('1.25 km')
  })

  it('makes point features from objects with places only', () => {
    const fc = pointsFromObjects([{ id: 1, lon: 120, lat: 30 }, { id: 2, lon: null, lat: 30 }])
    expect(fc.features).toHaveLength(1)
    expect(fc.features[0]).toMatchObject({ id: 1, geometry: { type: 'Point', coordinates: [120, 30] } })
  })
})
