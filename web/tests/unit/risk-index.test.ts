import { describe, expect, it } from 'vitest'
import type { RiskFactor, RiskSummary } from '@/api/risk'
import { codeColourKey, codeHex, countByTown, pointsSum, riskFeatures, shanghaiDate, stackSegments } from '@/domain/riskIndex'
import { buildStyle, RISK_COLOURS, RISK_LAYER, RISK_SOURCE, styledFeatures } from '@/map/layers'

const f = (factor: string, points: number, weight = 10): RiskFactor => ({ factor, value: null, points, weight, note: '' })

describe('the contribution chart', () => {
  it('lays the factors with points end to end, so that the bar ends at the index', () => {
    // docs/risk.md: a 一级 major hazard (35) and a red risk point (25) give 60.
    const factors = [f('major_hazard', 35, 35), f('worst_risk_point', 25, 25), f('open_hazards', 0, 8), f('overdue_hazards', 3.2, 8)]
    expect(stackSegments(factors)).toEqual([
      { factor: 'major_hazard', start: 0, width: 35 },
      { factor: 'worst_risk_point', start: 35, width: 25 },
      { factor: 'overdue_hazards', start: 60, width: 3.2 },
    ])
    expect(pointsSum(factors)).toBe(63.2)
  })

  it('trims the last segments by a negative cap row: the bar never passes 100', () => {
    const factors = [f('major_hazard', 70, 70), f('worst_risk_point', 50, 50), f('cap', -20, 0)]
    const segs = stackSegments(factors)
    expect(segs).toEqual([
      { factor: 'major_hazard', start: 0, width: 70 },
      { factor: 'worst_risk_point', start: 70, width: 30 },
    ])
    expect(segs.reduce((s, x) => s + x.width, 0)).toBe(100)
    expect(pointsSum(factors)).toBe(100)
  })

  it('sums tenths exactly (0.1 + 0.2 is 0.3, not 0.30000000000000004)', () => {
    expect(pointsSum([f('a', 0.1), f('b', 0.2)])).toBe(0.3)
  })
})

const item = (id: number, town: string, colour: RiskSummary['colour'], lon: number | null = 120.1, lat: number | null = 30.2): RiskSummary => ({
  enterprise_id: id,
  index: 10,
  colour,
  level: '低风险',
  town_code: town,
  community_code: null,
  computed_at: '2026-12-07T01:00:00Z',
  name: `企业${id}`,
  lon,
  lat,
})

describe('the town risk view and the four-colour layer', () => {
  it('counts the enterprises of each colour per town, towns in code order', () => {
    const rows = countByTown([item(1, '330106009', 'red'), item(2, '330106001', 'blue'), item(3, '330106009', 'red'), item(4, '330106009', 'yellow')])
    expect(rows.map((r) => r.town_code)).toEqual(['330106001', '330106009'])
    expect(rows[1].counts).toEqual({ red: 2, orange: 0, yellow: 1, blue: 0 })
    expect(rows[1].total).toBe(3)
    expect(rows[0].counts.blue).toBe(1)
  })

  it('places only the enterprises with a point, by enterprise id, with their colour', () => {
    const fc = riskFeatures([item(1, '330106009', 'red'), item(2, '330106009', 'blue', null, null), item(3, '330106009', 'orange', 500, 30)])
    expect(fc.features.map((x) => x.id)).toEqual([1])
    expect(fc.features[0].properties).toMatchObject({ colour: 'red', name: '企业1' })
    // The map's worker gets only what the style reads.
    expect(styledFeatures('risk', fc).features[0].properties).toEqual({ colour: 'red' })
  })

  it('draws the layer above the point layers, hidden until switched on, in the four colours', () => {
    const off = buildStyle({ tileUrl: null, colourBy: 'scale', approximateSuffix: '' })
    const layer = off.layers.find((l) => l.id === RISK_LAYER) as { source: string; layout: { visibility: string }; paint: Record<string, unknown> }
    expect(layer.source).toBe(RISK_SOURCE)
    expect(off.sources[RISK_SOURCE]).toMatchObject({ type: 'geojson' })
    expect((off.sources[RISK_SOURCE] as { cluster?: boolean }).cluster).toBeUndefined()
    expect(layer.layout.visibility).toBe('none')
    const colours = JSON.stringify(layer.paint['circle-color'])
    for (const hex of Object.values(RISK_COLOURS)) expect(colours).toContain(hex)
    const ids = off.layers.map((l) => l.id)
    expect(ids.indexOf(RISK_LAYER)).toBeGreaterThan(ids.indexOf('enterprises-points'))
    const on = buildStyle({ tileUrl: null, colourBy: 'scale', approximateSuffix: '', riskVisible: true })
    expect((on.layers.find((l) => l.id === RISK_LAYER) as { layout: { visibility: string } }).layout.visibility).toBe('visible')
  })
})

describe('safety codes', () => {
  it('names every code colour, green included, and greys an unknown one', () => {
    expect(codeColourKey('green')).toBe('riskPages.codeColours.green')
    expect(codeColourKey('red')).toBe('riskPages.codeColours.red')
    expect(codeColourKey('purple')).toBe('risk.colors.none')
    expect(codeHex('purple')).toBe('#9CA3AF')
    expect(codeHex('blue')).not.toBe(codeHex('green'))
  })

  it('prints the issue date in Beijing time', () => {
    expect(shanghaiDate('2026-12-06T17:30:00Z')).toBe('2026-12-07')
    expect(shanghaiDate('2026-12-06T15:59:59Z')).toBe('2026-12-06')
    expect(shanghaiDate(null)).toBe('')
  })
})
