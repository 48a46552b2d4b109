import { describe, expect, it } from 'vitest'
import { buildStyle, enterpriseColour, townLabelPoints } from '@/map/layers'
import { POINT_LAYERS } from '@/domain/kinds'
import type { FeatureCollection } from '@/api/types'

describe('map style', () => {
  const style = buildStyle({ tileUrl: null, colourBy: 'scale', approximateSuffix: '（示意）' })

  it('needs nothing from outside: no glyph server, no sprite, no tiles by default', () => {
    expect(style.glyphs).toBeUndefined()
    expect(style.sprite).toBeUndefined()
    expect(JSON.stringify(style)).not.toMatch(/https?:\/\//)
    for (const layer of style.layers) {
      if (layer.type === 'symbol') expect(layer.layout?.['text-font']).toEqual(['sans-serif'])
    }
  })

  it('adds the configured raster tiles under everything else', () => {
    const withTiles = buildStyle({ tileUrl: 'http://tiles.intranet/{z}/{x}/{y}.png', colourBy: 'scale', approximateSuffix: '' })
    expect(withTiles.sources.basemap).toMatchObject({ type: 'raster', tiles: ['http://tiles.intranet/{z}/{x}/{y}.png'] })
    expect(withTiles.layers[1].id).toBe('basemap')
  })

  it('clusters every point layer and draws clusters, counts and points for each', () => {
    for (const layer of POINT_LAYERS) {
      expect(style.sources[layer]).toMatchObject({ type: 'geojson', cluster: true })
      const ids = style.layers.filter((l) => 'source' in l && l.source === layer).map((l) => l.id)
      expect(ids).toEqual([`${layer}-clusters`, `${layer}-cluster-count`, `${layer}-points`])
    }
  })

  it('colours enterprises by scale or by hazardous-chemical use', () => {
    expect(JSON.stringify(enterpriseColour('scale'))).toContain('规上')
    expect(JSON.stringify(enterpriseColour('hazchem'))).toContain('hazchem_user')
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
