import { describe, expect, it } from 'vitest'
import {
  areaOpacity,
  buildStyle,
  enterpriseColour,
  initialStyle,
  jurisdictionsForMap,
  LAYER_COLOURS,
  LABEL_MIN_ZOOM,
  mapBackground,
  POINT_LAYER_IDS,
  pointColour,
  STYLED_PROPERTIES,
  styledFeatures,
  townLabelPoints,
} from '@/map/layers'
import { POINT_LAYERS } from '@/domain/kinds'
import type { FeatureCollection } from '@/api/types'

describe('map style', () => {
  const style = buildStyle({ tileUrl: null, colourBy: 'scale', approximateSuffix: '（示意）' })

  it('needs nothing from outside: no glyph server, no sprite, no tiles by default', () => {
    expect(style.glyphs).toBeUndefined()
    expect(style.sprite).toBeUndefined()
    expect(JSON.stringify(style)).not.toMatch(/https?:\/\//)
    for (const layer of style.layers) {
      if (layer.type === 'symbol' && layer.layout?.['text-field']) expect(layer.layout?.['text-font']).toEqual(['sans-serif'])
    }
  })

  it('adds the configured raster tiles under everything else', () => {
    const withTiles = buildStyle({ tileUrl: 'http://tiles.intranet/{z}/{x}/{y}.png', colourBy: 'scale', approximateSuffix: '' })
    expect(withTiles.sources.basemap).toMatchObject({ type: 'raster', tiles: ['http://tiles.intranet/{z}/{x}/{y}.png'] })
    expect(withTiles.layers[0].id).toBe('basemap')
    expect(JSON.stringify(withTiles.layers.find((l) => l.id === 'areas-fill')?.paint)).toContain('0.15')
  })

  it('draws no background (the map container has the colour) and starts a map without its data layers', () => {
    expect(style.layers.some((l) => l.type === 'background')).toBe(false)
    expect(mapBackground()).toBe('#eef2f6')
    expect(mapBackground(true)).not.toBe(mapBackground())
    const withTiles = buildStyle({ tileUrl: 'http://tiles.intranet/{z}/{x}/{y}.png', colourBy: 'scale', approximateSuffix: '' })
    const first = initialStyle(withTiles)
    expect(Object.keys(first.sources)).toEqual(['basemap'])
    expect(first.layers.map((l) => l.id)).toEqual(['basemap'])
    expect(initialStyle(style).layers).toEqual([])
    // Everything else comes later, in this order.
    expect(Object.keys(style.sources)).toEqual(['jurisdictions', 'osm', 'points', 'risk', 'selection', 'shape'])
  })

  it('labels the town areas from the jurisdictions source, once each, and keeps communities apart', () => {
    const byId = Object.fromEntries(style.layers.map((l) => [l.id, l]))
    expect(byId['town-labels']).toMatchObject({ source: 'jurisdictions', filter: ['==', ['get', 'level'], 'town-label'] })
    for (const id of ['community-points', 'community-labels']) expect(JSON.stringify(byId[id])).toMatch(/"filter":.*community/)
  })

  it('clusters all seven point layers in ONE source, counting each type in every cluster', () => {
    for (const layer of POINT_LAYERS) expect(style.sources[layer]).toBeUndefined()
    const points = style.sources.points as { type: string; cluster: boolean; clusterProperties: Record<string, unknown> }
    expect(points).toMatchObject({ type: 'geojson', cluster: true })
    expect(Object.keys(points.clusterProperties).sort()).toEqual([...POINT_LAYERS.map((l) => `n_${l}`), 'n_above', 'n_below', 'n_hazchem', 'n_micro'].sort())
    const ids = style.layers.filter((l) => 'source' in l && l.source === 'points').map((l) => l.id)
    expect(ids).toEqual([POINT_LAYER_IDS.clusters, POINT_LAYER_IDS.count, POINT_LAYER_IDS.icons, POINT_LAYER_IDS.labels])
    const byId = Object.fromEntries(style.layers.map((l) => [l.id, l]))
    expect(byId[POINT_LAYER_IDS.clusters].type).toBe('circle')
    expect(byId[POINT_LAYER_IDS.icons].type).toBe('symbol')
    // Names from zoom 15; town names above every point layer (cluster counts included).
    expect(byId[POINT_LAYER_IDS.labels].minzoom).toBe(LABEL_MIN_ZOOM)
    expect(LABEL_MIN_ZOOM).toBe(15)
    const order = style.layers.map((l) => l.id)
    for (const id of Object.values(POINT_LAYER_IDS)) expect(order.indexOf('town-labels')).toBeGreaterThan(order.indexOf(id))
  })

  it('draws the offline base map over the district fill and under the boundaries and points', () => {
    const order = style.layers.map((l) => l.id)
    const osm = style.layers.filter((l) => 'source' in l && l.source === 'osm').map((l) => l.id)
    expect(osm).toEqual(['osm-water', 'osm-waterway', 'osm-road-casing', 'osm-road', 'osm-road-names', 'osm-places'])
    for (const id of osm) {
      expect(order.indexOf(id)).toBeGreaterThan(order.indexOf('areas-fill'))
      expect(order.indexOf(id)).toBeLessThan(order.indexOf('town-line'))
    }
  })

  it('fills the district and its town areas in one layer, the district underneath', () => {
    const fills = style.layers.filter((l) => l.type === 'fill' && 'source' in l && l.source === 'jurisdictions')
    expect(fills.map((l) => l.id)).toEqual(['areas-fill'])
    expect(JSON.stringify(fills[0].layout)).toMatch(/fill-sort-key.*district/)
    expect(JSON.stringify(areaOpacity(true))).not.toEqual(JSON.stringify(areaOpacity(false)))
  })

  it('draws both boundary lines with one (dashed-line) shader', () => {
    const lines = style.layers.filter((l) => l.type === 'line' && 'source' in l && l.source === 'jurisdictions')
    expect(lines.map((l) => l.id)).toEqual(['town-line', 'district-line'])
    for (const l of lines) expect(l.paint).toHaveProperty('line-dasharray')
  })

  it('colours single enterprises by scale or hazardous-chemical use, other types by layer', () => {
    expect(JSON.stringify(pointColour('enterprises', 'scale'))).toContain('规上')
    expect(JSON.stringify(pointColour('enterprises', 'hazchem'))).toContain('hazchem_user')
    expect(pointColour('shelters', 'scale')).toEqual(LAYER_COLOURS.shelters)
  })

  it('colours enterprises by scale or by hazardous-chemical use', () => {
    expect(JSON.stringify(enterpriseColour('scale'))).toContain('规上')
    expect(JSON.stringify(enterpriseColour('hazchem'))).toContain('hazchem_user')
  })
})

describe('styledFeatures', () => {
  it('keeps every property the style reads from a source, the id and the geometry, and nothing else', () => {
    const gets = (v: unknown, out: Set<string>): Set<string> => {
      if (Array.isArray(v)) {
        if (v[0] === 'get' && typeof v[1] === 'string') out.add(v[1])
        v.forEach((x) => gets(x, out))
      } else if (v && typeof v === 'object') Object.values(v).forEach((x) => gets(x, out))
      return out
    }
    for (const colourBy of ['scale', 'hazchem'] as const) {
      const style = buildStyle({ tileUrl: null, colourBy, approximateSuffix: '' })
      for (const source of ['jurisdictions']) {
        const read = new Set<string>()
        for (const l of style.layers) if ('source' in l && l.source === source) gets([l.filter, l.layout, l.paint], read)
        read.delete('point_count') // made by the clustering
        expect([...read].filter((k) => !(STYLED_PROPERTIES[source] ?? []).includes(k)), `${source} (${colourBy})`).toEqual([])
      }
    }
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', id: 7, geometry: { type: 'Point', coordinates: [120.1, 30.2] }, properties: { id: 7, name: '甲', scale: '规上', hazchem_user: false, address: '…' } }],
    }
    expect(styledFeatures('enterprises', fc).features).toEqual([
      { type: 'Feature', id: 7, geometry: { type: 'Point', coordinates: [120.1, 30.2] }, properties: { scale: '规上', hazchem_user: false } },
    ])
    expect(styledFeatures('cameras', fc).features[0].properties).toEqual({})
  })
})

describe('jurisdictionsForMap', () => {
  it('gives the map the styled areas and a label point (level town-label, no id) per town area', () => {
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: 1, geometry: { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 0]]] }, properties: { level: 'district', name: '区', code: '330106' } },
        { type: 'Feature', id: 2, geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 0]]] }, properties: { level: 'town', name: '甲', approximate: true, population: 5 } },
      ],
    }
    const out = jurisdictionsForMap(fc).features
    expect(out.map((f) => [f.id, f.properties.level])).toEqual([[1, 'district'], [2, 'town'], [undefined, 'town-label']])
    expect(out[0].properties).toEqual({ level: 'district', name: '区' })
    expect(out[2].properties).toEqual({ level: 'town-label', name: '甲', approximate: true })
    expect('id' in out[2]).toBe(false)
  })
})

describe('townLabelPoints', () => {
  it('labels each town area once, at its centre point or the mean of its outline', () => {
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: 1, geometry: { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]] }, properties: { level: 'district', name: '区' } },
        { type: 'Feature', id: 2, geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2]]] }, properties: { level: 'town', name: '甲', approximate: true } },
        { type: 'Feature', id: 3, geometry: { type: 'Polygon', coordinates: [[[2, 2], [4, 2], [4, 4], [2, 2]]] }, properties: { level: 'town', name: '乙', lon: 3.5, lat: 3 } },
        { type: 'Feature', id: 4, geometry: { type: 'Point', coordinates: [1, 1] }, properties: { level: 'community', name: '丙' } },
      ],
    }
    const labels = townLabelPoints(fc)
    expect(labels.features.map((f) => [f.properties.name, f.geometry.type === 'Point' && f.geometry.coordinates])).toEqual([
      ['甲', [1, 1]],
      ['乙', [3.5, 3]],
    ])
    expect(labels.features[0].properties).toMatchObject({ approximate: true })
  })
})
