// The offline base map (一张图底图): roads, water and place names converted from an OSM extract
// by web/tools/osm-basemap.mjs and served by lakeguard itself from its web root, at BASEMAP_PATH.
// No tile server, no request off the console's own origin. Without the file (the demo: no
// Hangzhou roads are licensed here) the map shows the district outline and its towns only.
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'
import type { FeatureCollection } from '@/api/types'

/** Where the console asks for the base map: on its own origin, in the web root. */
export const BASEMAP_PATH = '/basemap/osm.geojson'
export const BASEMAP_SOURCE = 'osm'

/** Road classes of the converter, widest first, with their line colour and width at zoom 14. */
export const ROAD_STYLE: Record<string, { colour: string; width: number }> = {
  motorway: { colour: '#f59f00', width: 4 },
  primary: { colour: '#fcc419', width: 3 },
  secondary: { colour: '#ffe066', width: 2.5 },
  tertiary: { colour: '#ffffff', width: 2 },
  minor: { colour: '#ffffff', width: 1.4 },
  path: { colour: '#ced4da', width: 0.8 },
}
export const WATER_COLOUR = '#a5d8ff'

const layerIs = (layer: string): ExpressionSpecification => ['==', ['get', 'layer'], layer]

/** The base map's layers, drawn over the district's fill and under everything else. */
export function basemapLayers(dark = false): LayerSpecification[] {
  const roadColour = ['match', ['get', 'class'], ...Object.entries(ROAD_STYLE).flatMap(([k, s]) => [k, dark ? '#64748b' : s.colour]), '#ffffff'] as unknown as ExpressionSpecification
  const roadWidth = ['match', ['get', 'class'], ...Object.entries(ROAD_STYLE).flatMap(([k, s]) => [k, s.width]), 1] as unknown as ExpressionSpecification
  const water = dark ? '#1e3a5f' : WATER_COLOUR
  return [
    { id: 'osm-water', type: 'fill', source: BASEMAP_SOURCE, filter: layerIs('water'), paint: { 'fill-color': water } },
    { id: 'osm-waterway', type: 'line', source: BASEMAP_SOURCE, filter: layerIs('waterway'), paint: { 'line-color': water, 'line-width': ['match', ['get', 'class'], 'river', 3, 'canal', 2, 1] } },
    // Casing under the roads, so that white minor roads show on the light fill.
    {
      id: 'osm-road-casing',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: ['all', layerIs('road'), ['!=', ['get', 'class'], 'path']],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': dark ? '#0f172a' : '#adb5bd', 'line-width': ['interpolate', ['exponential', 1.5], ['zoom'], 10, ['*', roadWidth, 0.4], 14, ['+', roadWidth, 1.5], 18, ['*', ['+', roadWidth, 1.5], 4]] },
    },
    {
      id: 'osm-road',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: layerIs('road'),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': roadColour, 'line-width': ['interpolate', ['exponential', 1.5], ['zoom'], 10, ['*', roadWidth, 0.25], 14, roadWidth, 18, ['*', roadWidth, 4]] },
    },
    {
      id: 'osm-road-names',
      type: 'symbol',
      source: BASEMAP_SOURCE,
      minzoom: 15,
      filter: ['all', layerIs('road'), ['has', 'name']],
      layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': ['sans-serif'], 'text-size': 11 },
      paint: { 'text-color': dark ? '#cbd5e1' : '#495057', 'text-halo-color': dark ? '#0b1d3a' : '#ffffff', 'text-halo-width': 1.2 },
    },
    {
      id: 'osm-places',
      type: 'symbol',
      source: BASEMAP_SOURCE,
      filter: layerIs('place'),
      layout: { 'text-field': ['get', 'name'], 'text-font': ['sans-serif'], 'text-size': ['match', ['get', 'class'], 'city', 15, 'town', 13, 11] },
      paint: { 'text-color': dark ? '#94a3b8' : '#868e96', 'text-halo-color': dark ? '#0b1d3a' : '#ffffff', 'text-halo-width': 1 },
    },
  ]
}

/** Whether a parsed reply is the converter's output (a FeatureCollection of layered features). */
export function isBasemap(data: unknown): data is FeatureCollection {
  const fc = data as FeatureCollection | null
  return !!fc && fc.type === 'FeatureCollection' && Array.isArray(fc.features) && fc.features.every((f) => typeof (f.properties as { layer?: unknown } | null)?.layer === 'string')
}

/** The configured base map, or null when the web root has none (a 404) or it is not one. */
export async function loadBasemap(fetchFn: typeof fetch = fetch): Promise<FeatureCollection | null> {
  const r = await fetchFn(BASEMAP_PATH, { credentials: 'same-origin' })
  if (r.status === 404) return null
  if (!r.ok) throw new Error(`${BASEMAP_PATH}: HTTP ${r.status}`)
  const data: unknown = await r.json()
  if (!isBasemap(data)) throw new Error(`${BASEMAP_PATH}: not a base map (run web/tools/osm-basemap.mjs)`)
  return data
}
