import { describe, expect, it } from 'vitest'
import { wgs84ToGcj02 } from '@/domain/coords'

// Golden values as tests/unit/core/geo_test.cpp cites them: wandergis/coordtransform test/app.js
// and googollee/eviltransform python/test.py.
describe('wgs84ToGcj02', () => {
  it('matches coordtransform', () => {
    const g = wgs84ToGcj02(116.404, 39.915)
    expect(g.lon).toBeCloseTo(116.41024449916938, 9)
    expect(g.lat).toBeCloseTo(39.91640428150164, 9)
  })
  it('matches eviltransform', () => {
    for (const [wlat, wlon, glat, glon] of [
      [31.1774276, 121.5272106, 31.17530398364597, 121.531541859215],
      [22.543847, 113.912316, 22.540796131694766, 113.9171764808363],
    ]) {
      const g = wgs84ToGcj02(wlon, wlat)
      expect(g.lon).toBeCloseTo(glon, 8)
      expect(g.lat).toBeCloseTo(glat, 8)
    }
  })
  it('leaves points outside China alone', () => {
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual({ lon: 2.35, lat: 48.85 })
  })
})
