// The combined point source: one cluster for every type, drawn by type, coloured by the chosen
// enterprise colouring. The style's expressions are evaluated with MapLibre's own evaluator, as
// the map evaluates them (clusterProperties: map per object, then '+' over the cluster).
import { describe, expect, it } from 'vitest'
import { createExpression } from '@maplibre/maplibre-gl-style-spec'
import type { Feature, FeatureCollection } from '@/api/types'
import { POINT_LAYERS, type PointLayer } from '@/domain/kinds'
import {
  clusterBreakdown,
  clusterByType,
  clusterColour,
  clusterProperties,
  combinedPoints,
  fromPointId,
  HAZCHEM_COLOURS,
  iconImages,
  LAYER_COLOURS,
  LAYER_SHAPES,
  pointIcon,
  pointId,
  SCALE_COLOURS,
  shapePoints,
  shapeVertices,
  type ColourBy,
} from '@/map/points'

function evaluate(expr: unknown, properties: Record<string, unknown>, zoom = 10): unknown {
  const parsed = createExpression(expr, 'layers[0].paint.test', null)
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value))
  return parsed.value.evaluate({ zoom }, { type: 'Point', properties, geometry: [] } as never)
}

const obj = (kind: PointLayer, props: Record<string, unknown> = {}): Record<string, unknown> => ({ kind, ...props })

/** The properties MapLibre gives a cluster of these objects. */
function cluster(objects: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = { cluster: true, cluster_id: 1, point_count: objects.length }
  for (const [name, [op, map]] of Object.entries(clusterProperties())) {
    expect(op).toBe('+')
    out[name] = objects.reduce((a: number, o) => a + Number(evaluate(map, o)), 0)
  }
  return out
}

const colour = (by: ColourBy, objects: Record<string, unknown>[]) => evaluate(clusterColour(by), cluster(objects))

describe('one cluster drawn by type', () => {
  it('counts each type and enterprises by scale and hazchem use in a cluster', () => {
    const c = cluster([obj('shelters'), obj('shelters'), obj('enterprises', { scale: '规下', hazchem_user: true }), obj('cameras')])
    expect(c).toMatchObject({ n_shelters: 2, n_enterprises: 1, n_cameras: 1, n_teams: 0, n_hazchem: 1, n_below: 1, n_above: 0 })
    expect(clusterBreakdown(c)).toEqual({ total: 4, hazchem: 1, byKind: [{ layer: 'shelters', n: 2 }, { layer: 'enterprises', n: 1 }, { layer: 'cameras', n: 1 }] })
  })

  it('colours a cluster without enterprises by the type it holds most of (first type on a tie)', () => {
    for (const by of ['scale', 'hazchem'] as const) {
      expect(colour(by, [obj('shelters'), obj('shelters'), obj('cameras')])).toBe(LAYER_COLOURS.shelters)
      expect(colour(by, [obj('cameras'), obj('stations'), obj('stations')])).toBe(LAYER_COLOURS.stations)
      expect(colour(by, [obj('stations'), obj('warehouses')])).toBe(LAYER_COLOURS.warehouses) // warehouses come first
    }
    // The pure helper agrees with the expression.
    const fs = [obj('cameras'), obj('stations'), obj('stations')].map((p): Feature => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: p }))
    expect(clusterByType(fs)).toMatchObject({ dominant: 'stations', counts: { stations: 2, cameras: 1, enterprises: 0 } })
  })

  it('follows the chosen colouring when the cluster holds enterprises (按危化品使用 / 按规模)', () => {
    const mixed = [obj('shelters'), obj('shelters'), obj('shelters'), obj('enterprises', { scale: '小微', hazchem_user: true }), obj('enterprises', { scale: '规下', hazchem_user: false })]
    expect(colour('hazchem', mixed)).toBe(HAZCHEM_COLOURS.yes) // any enterprise using hazchem
    expect(colour('scale', mixed)).toBe(LAYER_COLOURS.shelters) // mostly shelters
    const mostlyEnterprises = [...mixed, obj('enterprises', { scale: '小微' }), obj('enterprises', { scale: '小微' })]
    expect(colour('scale', mostlyEnterprises)).toBe(SCALE_COLOURS['规下']) // its largest scale
    const noHazchem = [obj('enterprises', { scale: '规上', hazchem_user: false }), obj('enterprises', { scale: '小微' })]
    expect(colour('hazchem', noHazchem)).toBe(HAZCHEM_COLOURS.no)
    expect(colour('scale', noHazchem)).toBe(SCALE_COLOURS['规上'])
  })

  it('draws single objects as icons of their type; enterprises in the chosen colouring', () => {
    expect(evaluate(pointIcon('scale'), obj('shelters'))).toBe('icon-shelters')
    expect(evaluate(pointIcon('scale'), obj('enterprises', { scale: '规上' }))).toBe('icon-enterprises-scale-规上')
    expect(evaluate(pointIcon('scale'), obj('enterprises', {}))).toBe('icon-enterprises-other')
    expect(evaluate(pointIcon('hazchem'), obj('enterprises', { hazchem_user: true }))).toBe('icon-enterprises-hazchem-yes')
    const names = new Set(iconImages().map((i) => i.name))
    for (const by of ['scale', 'hazchem'] as const) {
      for (const l of POINT_LAYERS) for (const p of [{}, { scale: '规下' }, { hazchem_user: true }]) expect(names.has(String(evaluate(pointIcon(by), obj(l, p))))).toBe(true)
    }
  })

  it('gives every type its own shape', () => {
    expect(new Set(Object.values(LAYER_SHAPES)).size).toBe(POINT_LAYERS.length)
    const outlines = POINT_LAYERS.map((l) => JSON.stringify(shapeVertices(LAYER_SHAPES[l])))
    expect(new Set(outlines).size).toBe(POINT_LAYERS.length)
    for (const l of POINT_LAYERS) for (const [x, y] of shapeVertices(LAYER_SHAPES[l])) expect(x >= 0 && x <= 1 && y >= 0 && y <= 1).toBe(true)
    expect(shapePoints('diamond', 10)).toBe('5.0,0.4 9.6,5.0 5.0,9.6 0.4,5.0')
  })
})

describe('combinedPoints', () => {
  const fc = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features })
  const pt = (id: number, properties: Record<string, unknown> = {}): Feature => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [120.1, 30.2] }, properties })

  it('puts the visible layers into one collection with ids unique across layers', () => {
    const data = new Map<string, FeatureCollection>([
      ['enterprises', fc([pt(7, { name: '甲厂', scale: '规上', hazchem_user: true, address: '…' })])],
      ['shelters', fc([pt(7, { name: '乙', capacity_people: 300 }), { type: 'Feature', id: 9, geometry: { type: 'Polygon', coordinates: [] }, properties: {} }])],
      ['cameras', fc([pt(1)])],
    ])
    const out = combinedPoints(data, (l) => l !== 'cameras')
    expect(out.features.map((f) => f.properties)).toEqual([
      { kind: 'enterprises', name: '甲厂', scale: '规上', hazchem_user: true },
      { kind: 'shelters', name: '乙', capacity_people: 300 },
    ])
    const ids = out.features.map((f) => Number(f.id))
    expect(new Set(ids).size).toBe(2)
    expect(ids.map(fromPointId)).toEqual([{ layer: 'enterprises', oid: 7 }, { layer: 'shelters', oid: 7 }])
  })

  it('round-trips every layer and large ids', () => {
    for (const l of POINT_LAYERS) for (const oid of [0, 1, 123456789]) expect(fromPointId(pointId(l, oid))).toEqual({ layer: l, oid })
    expect(fromPointId(7)).toBeNull() // index 7 is no layer
  })
})
