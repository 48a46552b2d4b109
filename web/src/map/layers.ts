// The map's look: colours per layer, how enterprises are coloured, how shelters are sized, and
// the MapLibre style built from them. No glyph server: text is drawn with the browser's fonts.
import type { ExpressionSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl'
import { POINT_LAYERS, type PointLayer } from '@/domain/kinds'
import type { Feature, FeatureCollection, Position } from '@/api/types'
import { isValidLonLat } from '@/utils/geo'

export type ColourBy = 'scale' | 'hazchem'

export const LAYER_COLOURS: Record<PointLayer, string> = {
  enterprises: '#e03131',
  shelters: '#2b8a3e',
  warehouses: '#7048e8',
  teams: '#c2255c',
  devices: '#0c8599',
  cameras: '#343a40',
  stations: '#1971c2',
}

export const SCALE_COLOURS: Record<string, string> = { 规上: '#e03131', 规下: '#f76707', 小微: '#f5b700' }
export const HAZCHEM_COLOURS = { yes: '#e03131', no: '#868e96' }
const OTHER = '#adb5bd'

export const TEXT_FONT = ['sans-serif']

export function enterpriseColour(by: ColourBy): ExpressionSpecification {
  if (by === 'hazchem') {
    return ['case', ['==', ['get', 'hazchem_user'], true], HAZCHEM_COLOURS.yes, HAZCHEM_COLOURS.no]
  }
  return ['match', ['get', 'scale'], '规上', SCALE_COLOURS['规上'], '规下', SCALE_COLOURS['规下'], '小微', SCALE_COLOURS['小微'], OTHER]
}

/** Shelter circle radius in pixels, growing with capacity. */
export const SHELTER_RADIUS: ExpressionSpecification = [
  'interpolate',
  ['linear'],
  ['to-number', ['get', 'capacity_people'], 0],
  0, 4,
  500, 7,
  2000, 10,
  10000, 16,
]

export const EMPTY_FC = { type: 'FeatureCollection' as const, features: [] }

/**
 * One label point per town area: the town's own centre (lon/lat) when it has one, else the mean
 * of its outline. (Labelling the polygons themselves would repeat a name on every map tile.)
 */
export function townLabelPoints(fc: FeatureCollection): FeatureCollection {
  const features: Feature[] = []
  for (const f of fc.features) {
    const p = (f.properties ?? {}) as Record<string, unknown>
    if (p.level !== 'town' || !f.geometry || f.geometry.type === 'Point') continue
    let at: Position | null = isValidLonLat(p.lon, p.lat) ? [p.lon as number, p.lat as number] : null
    if (!at) {
      const ring = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates[0]?.[0] : undefined
      if (ring?.length) at = [ring.reduce((a, q) => a + q[0], 0) / ring.length, ring.reduce((a, q) => a + q[1], 0) / ring.length]
    }
    if (at) features.push({ type: 'Feature', id: f.id, geometry: { type: 'Point', coordinates: at }, properties: { name: p.name, approximate: p.approximate === true, code: p.code } })
  }
  return { type: 'FeatureCollection', features }
}

/** Ids of the MapLibre layers that draw one point layer. */
export const layerIds = (layer: PointLayer) => ({
  clusters: `${layer}-clusters`,
  count: `${layer}-cluster-count`,
  points: `${layer}-points`,
})

export interface StyleOptions {
  tileUrl: string | null
  colourBy: ColourBy
  /** Words after a town name whose area is approximate, e.g. "（示意）". */
  approximateSuffix: string
  dark?: boolean
}

function pointLayers(layer: PointLayer, colourBy: ColourBy): LayerSpecification[] {
  const ids = layerIds(layer)
  const colour = layer === 'enterprises' ? enterpriseColour(colourBy) : LAYER_COLOURS[layer]
  return [
    {
      id: ids.clusters,
      type: 'circle',
      source: layer,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': LAYER_COLOURS[layer],
        'circle-opacity': 0.8,
        'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 50, 21, 200, 26],
        'circle-stroke-width': 2,
        'circle-stroke-color': '#ffffff',
      },
    },
    {
      id: ids.count,
      type: 'symbol',
      source: layer,
      filter: ['has', 'point_count'],
      layout: {
        'text-field': ['to-string', ['get', 'point_count']],
        'text-font': TEXT_FONT,
        'text-size': 12,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: ids.points,
      type: 'circle',
      source: layer,
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': colour,
        'circle-radius': layer === 'shelters' ? SHELTER_RADIUS : 5,
        'circle-opacity': layer === 'shelters' ? 0.75 : 0.95,
        'circle-stroke-width': 1.2,
        'circle-stroke-color': '#ffffff',
      },
    },
  ]
}

export function buildStyle(opts: StyleOptions): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {
    jurisdictions: { type: 'geojson', data: EMPTY_FC },
    'town-label-points': { type: 'geojson', data: EMPTY_FC },
    shape: { type: 'geojson', data: EMPTY_FC },
    selection: { type: 'geojson', data: EMPTY_FC },
  }
  for (const layer of POINT_LAYERS) {
    sources[layer] = {
      type: 'geojson',
      data: EMPTY_FC,
      cluster: true,
      clusterRadius: 40,
      clusterMaxZoom: 13,
    }
  }
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': opts.dark ? '#0b1d3a' : '#eef2f6' } },
  ]
  if (opts.tileUrl) {
    sources.basemap = { type: 'raster', tiles: [opts.tileUrl], tileSize: 256 }
    layers.push({ id: 'basemap', type: 'raster', source: 'basemap' })
  }
  const isTown: ExpressionSpecification = ['==', ['get', 'level'], 'town']
  const isDistrict: ExpressionSpecification = ['==', ['get', 'level'], 'district']
  const isArea: ExpressionSpecification = ['!=', ['geometry-type'], 'Point']
  const lineColour = opts.dark ? '#7dd3fc' : '#1e3a8a'
  layers.push(
    {
      id: 'district-fill',
      type: 'fill',
      source: 'jurisdictions',
      filter: ['all', isArea, isDistrict],
      paint: { 'fill-color': opts.dark ? '#123a6b' : '#ffffff', 'fill-opacity': opts.tileUrl ? 0.15 : 0.9 },
    },
    {
      id: 'town-fill',
      type: 'fill',
      source: 'jurisdictions',
      filter: ['all', isArea, isTown],
      paint: {
        'fill-color': ['case', ['boolean', ['feature-state', 'chosen'], false], '#fde68a', opts.dark ? '#1e4a80' : '#dbe4f0'],
        'fill-opacity': ['case', ['boolean', ['feature-state', 'chosen'], false], 0.55, 0.35],
      },
    },
    {
      id: 'town-line',
      type: 'line',
      source: 'jurisdictions',
      filter: ['all', isArea, isTown],
      paint: { 'line-color': opts.dark ? '#60a5fa' : '#64748b', 'line-width': 1, 'line-dasharray': [3, 2] },
    },
    {
      id: 'district-line',
      type: 'line',
      source: 'jurisdictions',
      filter: ['all', isArea, isDistrict],
      paint: { 'line-color': lineColour, 'line-width': 2.5 },
    },
    {
      id: 'community-points',
      type: 'circle',
      source: 'jurisdictions',
      minzoom: 12,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 2.5, 'circle-color': '#94a3b8' },
    },
    {
      id: 'community-labels',
      type: 'symbol',
      source: 'jurisdictions',
      minzoom: 14,
      filter: ['==', ['geometry-type'], 'Point'],
      layout: { 'text-field': ['get', 'name'], 'text-font': TEXT_FONT, 'text-size': 11, 'text-offset': [0, 0.9] },
      paint: { 'text-color': '#64748b', 'text-halo-color': '#ffffff', 'text-halo-width': 1 },
    },
  )
  for (const layer of POINT_LAYERS) layers.push(...pointLayers(layer, opts.colourBy))
  // Town names above the points, so that cluster counts never hide them.
  layers.push(
    {
      id: 'town-labels',
      type: 'symbol',
      source: 'town-label-points',
      layout: {
        'text-field': [
          'case',
          ['==', ['get', 'approximate'], true],
          ['concat', ['get', 'name'], opts.approximateSuffix],
          ['get', 'name'],
        ],
        'text-font': TEXT_FONT,
        'text-size': 13,
      },
      paint: {
        'text-color': opts.dark ? '#e0f2fe' : '#334155',
        'text-halo-color': opts.dark ? '#0b1d3a' : '#ffffff',
        'text-halo-width': 1.5,
      },
    },
  )
  layers.push(
    {
      id: 'selection-ring',
      type: 'circle',
      source: 'selection',
      paint: {
        'circle-radius': 10,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#fbbf24',
        'circle-stroke-width': 3,
      },
    },
    {
      id: 'shape-fill',
      type: 'fill',
      source: 'shape',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': '#fbbf24', 'fill-opacity': 0.15 },
    },
    {
      id: 'shape-line',
      type: 'line',
      source: 'shape',
      filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'line-color': '#d97706', 'line-width': 2, 'line-dasharray': [2, 1] },
    },
    {
      id: 'shape-vertices',
      type: 'circle',
      source: 'shape',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': '#d97706', 'circle-stroke-width': 2 },
    },
  )
  return { version: 8, sources, layers }
}
