import { describe, expect, it } from 'vitest'
import { IDLE, drawPreview, drawRadius, drawStep, type DrawState } from '@/map/draw'
import { searchFeatures } from '@/map/search'
import { distanceM, pointInPolygon } from '@/utils/geo'
import type { FeatureCollection } from '@/api/types'

const run = (events: Parameters<typeof drawStep>[1][]): DrawState => events.reduce(drawStep, IDLE)

describe('drawing a shape', () => {
  it('a polygon takes clicks and finishes on double-click with at least three corners', () => {
    let s = run([{ type: 'start', mode: 'polygon' }, { type: 'click', at: [120, 30] }, { type: 'click', at: [120.1, 30] }])
    expect(drawStep(s, { type: 'finish' }).mode).toBe('polygon')
    s = drawStep(s, { type: 'click', at: [120.1, 30.1] })
    s = drawStep(s, { type: 'move', at: [120.05, 30.15] })
    expect(drawPreview(s).features.some((f) => f.geometry.type === 'Polygon')).toBe(true)
    const done = drawStep(s, { type: 'finish' })
    expect(done.mode).toBe('done')
    if (done.mode !== 'done' || !('type' in done.shape)) throw new Error('expected a polygon')
    expect(pointInPolygon([120.07, 30.03], done.shape)).toBe(true)
  })

  it('a polygon also finishes by clicking near its first corner', () => {
    const s = run([
      { type: 'start', mode: 'polygon' },
      { type: 'click', at: [0, 0] },
      { type: 'click', at: [1, 0] },
      { type: 'click', at: [1, 1] },
      { type: 'click', at: [0, 0.0001], nearFirstVertex: true },
    ])
    expect(s.mode).toBe('done')
  })

  it('a circle takes a centre and an edge and reports its radius in metres', () => {
    let s = run([{ type: 'start', mode: 'circle' }, { type: 'click', at: [120.1, 30.2] }, { type: 'move', at: [120.11, 30.2] }])
    const r = drawRadius(s)!
    expect(r).toBeCloseTo(distanceM([120.1, 30.2], [120.11, 30.2]), 6)
    s = drawStep(s, { type: 'click', at: [120.11, 30.2] })
    expect(s.mode).toBe('done')
    if (s.mode !== 'done') throw new Error('unreachable')
    expect(s.shape).toEqual({ center: [120.1, 30.2], radius_m: Math.round(r) })
    expect(drawPreview(s).features[0].geometry.type).toBe('Polygon')
  })

  it('Escape cancels, and a zero radius does not finish', () => {
    expect(run([{ type: 'start', mode: 'circle' }, { type: 'click', at: [1, 1] }, { type: 'cancel' }])).toBe(IDLE)
    expect(run([{ type: 'start', mode: 'circle' }, { type: 'click', at: [1, 1] }, { type: 'click', at: [1, 1] }]).mode).toBe('circle')
  })
})

describe('searchFeatures', () => {
  const fc = (features: { id: number; name: string; code?: string; credit_code?: string }[]): FeatureCollection => ({
    type: 'FeatureCollection',
    features: features.map((p) => ({ type: 'Feature', id: p.id, geometry: { type: 'Point', coordinates: [120, 30] }, properties: p })),
  })
  const layers = {
    enterprises: fc([{ id: 1, name: '西溪化工有限公司', credit_code: '91330106ABCDEFGH12' }, { id: 2, name: '留下食品厂', credit_code: '91330106ZZZ' }]),
    devices: fc([{ id: 5, name: '西溪水位计', code: 'DEV-0005' }]),
    shelters: fc([{ id: 9, name: '西溪' }]),
  }

  it('finds short Chinese names, exact matches first', () => {
    const hits = searchFeatures(layers, '西溪')
    expect(hits.map((h) => `${h.layer}:${h.id}`)).toEqual(['shelters:9', 'devices:5', 'enterprises:1'])
    expect(hits[0].coordinates).toEqual([120, 30])
  })

  it('finds codes by prefix, case-insensitively', () => {
    expect(searchFeatures(layers, 'dev-00').map((h) => h.id)).toEqual([5])
    expect(searchFeatures(layers, '91330106abc').map((h) => h.id)).toEqual([1])
    expect(searchFeatures(layers, '  ')).toEqual([])
  })
})
