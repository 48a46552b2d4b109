// The map's look: colours per layer, how enterprises are coloured, how shelters are sized, and
// the MapLibre style built from them. No glyph server: text is drawn with the browser's fonts.
import type { ExpressionSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl'
import type { PointLayer } from '@/domain/kinds'
import { BASEMAP_SOURCE, basemapLayers } from './basemap'
import {
  clusterColour,
  clusterProperties,
  HAZCHEM_COLOURS,
  LAYER_COLOURS,
  OTHER_COLOUR,
  POINT_ICON_SIZE,
  pointIcon,
  POINTS_SOURCE,
  SCALE_COLOURS,
  type ColourBy,
} from './points'
import type { Feature, FeatureCollection, Position } from '@/api/types'
import { isValidLonLat } from '@/utils/geo'

export { HAZCHEM_COLOURS, LAYER_COLOURS, SCALE_COLOURS, type ColourBy } from './points'
const OTHER = OTHER_COLOUR

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
 * of its outline. (Labelling the polygons themselves would repeat a name on every map tile.) They
 * go into the map's jurisdictions source as level `town-label`, without an id.
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
    if (at) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { level: TOWN_LABEL, name: p.name, approximate: p.approximate === true } })
  }
  return { type: 'FeatureCollection', features }
}

const TOWN_LABEL = 'town-label'

/** The feature properties the style reads, by source (the others read none). */
export const STYLED_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  jurisdictions: ['level', 'name', 'approximate'],
  enterprises: ['scale', 'hazchem_user'],
  shelters: ['capacity_people'],
  risk: ['colour'],
}

// 四色图: enterprises coloured by their risk index's colour (GET /api/v1/risk/enterprises), one
// unclustered source above the point layers, hidden until switched on.
export const RISK_SOURCE = 'risk'
export const RISK_LAYER = 'risk-points'
/** The public four-colour palette (standards.md §4, as domain/risk.ts draws the chips). */
export const RISK_COLOURS = { red: '#FC1F02', orange: '#F17A0A', yellow: '#FBF719', blue: '#1E60FF' } as const
export const RISK_COLOUR_EXPR: ExpressionSpecification = [
  'match',
  ['get', 'colour'],
  'red', RISK_COLOURS.red,
  'orange', RISK_COLOURS.orange,
  'yellow', RISK_COLOURS.yellow,
  'blue', RISK_COLOURS.blue,
  OTHER,
]

function riskLayer(visible: boolean): LayerSpecification {
  return {
    id: RISK_LAYER,
    type: 'circle',
    source: RISK_SOURCE,
    layout: { visibility: visible ? 'visible' : 'none' },
    paint: {
      'circle-color': RISK_COLOUR_EXPR,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 4, 14, 8],
      'circle-opacity': 0.95,
      'circle-stroke-width': 1.2,
      'circle-stroke-color': '#1f2937',
    },
  }
}

/**
 * What a source needs of a layer's features: geometry, id and the properties the style reads.
 * The console keeps the whole features (counts, search, details); the map's worker gets less to
 * copy, index and cut into tiles.
 */
export function styledFeatures(source: string, fc: FeatureCollection): FeatureCollection {
  const keep = STYLED_PROPERTIES[source] ?? []
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f) => {
      const p = (f.properties ?? {}) as Record<string, unknown>
      const properties: Record<string, unknown> = {}
      for (const k of keep) if (p[k] !== undefined) properties[k] = p[k]
      return f.id === undefined ? { type: 'Feature', geometry: f.geometry, properties } : { type: 'Feature', id: f.id, geometry: f.geometry, properties }
    }),
  }
}

/** The map's jurisdictions: the styled features and a label point per town area. */
export function jurisdictionsForMap(fc: FeatureCollection): FeatureCollection {
  return { type: 'FeatureCollection', features: [...styledFeatures('jurisdictions', fc).features, ...townLabelPoints(fc).features] }
}

/** Ids of the MapLibre layers that draw the combined point source. */
export const POINT_LAYER_IDS = {
  clusters: 'points-clusters',
  count: 'points-cluster-count',
  icons: 'points-icons',
  labels: 'points-labels',
} as const

export interface StyleOptions {
  tileUrl: string | null
  colourBy: ColourBy
  /** Words after a town name whose area is approximate, e.g. "（示意）". */
  approximateSuffix: string
  dark?: boolean
  /** Whether the four-colour layer starts shown. */
  riskVisible?: boolean
  /** Credit shown while the OSM base map is drawn (ODbL: "© OpenStreetMap contributors"). */
  osmAttribution?: string
}

const IS_CLUSTER: ExpressionSpecification = ['has', 'point_count']

/**
 * Single-object colour of an enterprise (the legend and the icons), by scale or hazchem use.
 * Other types have their layer's colour (LAYER_COLOURS).
 */
export function pointColour(layer: PointLayer, colourBy: ColourBy): ExpressionSpecification | string {
  return layer === 'enterprises' ? enterpriseColour(colourBy) : LAYER_COLOURS[layer]
}

/** Cluster radius in pixels, growing with the number of objects. */
const CLUSTER_RADIUS: ExpressionSpecification = ['step', ['get', 'point_count'], 12, 10, 16, 50, 21, 200, 26]

/** Where clusters become single objects. */
export const CLUSTER_MAX_ZOOM = 13
/** From this zoom single objects carry their names. */
export const LABEL_MIN_ZOOM = 15

// ONE clustered source for all seven types (not seven sets of overlapping clusters): a cluster is
// coloured by the type it holds most of, or by the enterprise colouring chosen; single objects are
// icons of a distinct shape per type; names from zoom 15 (and on hover, see the controller).
function pointLayers(colourBy: ColourBy): LayerSpecification[] {
  const ids = POINT_LAYER_IDS
  return [
    {
      id: ids.clusters,
      type: 'circle',
      source: POINTS_SOURCE,
      filter: IS_CLUSTER,
      paint: {
        'circle-color': clusterColour(colourBy),
        'circle-radius': CLUSTER_RADIUS,
        'circle-opacity': 0.85,
        'circle-stroke-width': 2,
        'circle-stroke-color': '#ffffff',
      },
    },
    {
      id: ids.count,
      type: 'symbol',
      source: POINTS_SOURCE,
      filter: IS_CLUSTER,
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
      id: ids.icons,
      type: 'symbol',
      source: POINTS_SOURCE,
      filter: ['!', IS_CLUSTER],
      layout: {
        'icon-image': pointIcon(colourBy),
        'icon-size': POINT_ICON_SIZE,
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
    },
    {
      id: ids.labels,
      type: 'symbol',
      source: POINTS_SOURCE,
      minzoom: LABEL_MIN_ZOOM,
      filter: ['all', ['!', IS_CLUSTER], ['has', 'name']],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': TEXT_FONT,
        'text-size': 11,
        'text-offset': [0, 1.1],
        'text-anchor': 'top',
        'text-max-width': 10,
      },
      paint: { 'text-color': '#1f2937', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
    },
  ]
}

/** The configured raster tiles (intranet), drawn under everything else. */
export function basemap(tileUrl: string): { source: SourceSpecification; layer: LayerSpecification } {
  return { source: { type: 'raster', tiles: [tileUrl], tileSize: 256 }, layer: { id: 'basemap', type: 'raster', source: 'basemap' } }
}

/** A town's name, with the given words after it where its area is approximate. */
export function townLabelText(approximateSuffix: string): ExpressionSpecification {
  return ['case', ['==', ['get', 'approximate'], true], ['concat', ['get', 'name'], approximateSuffix], ['get', 'name']]
}

const IS_DISTRICT: ExpressionSpecification = ['==', ['get', 'level'], 'district']
/** The town area chosen in the town filter (feature state). */
const IS_CHOSEN: ExpressionSpecification = ['boolean', ['feature-state', 'chosen'], false]

/** Opacity of the district and town areas: the district lets raster tiles show through. */
export function areaOpacity(withTiles: boolean): ExpressionSpecification {
  return ['case', IS_CHOSEN, 0.55, IS_DISTRICT, withTiles ? 0.15 : 0.9, 0.35]
}

/** The colour under the map's layers (set on the map's container, not drawn by the map). */
export function mapBackground(dark = false): string {
  return dark ? '#0b1d3a' : '#eef2f6'
}

export function buildStyle(opts: StyleOptions): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {
    jurisdictions: { type: 'geojson', data: EMPTY_FC },
  }
  sources[BASEMAP_SOURCE] = { type: 'geojson', data: EMPTY_FC, attribution: opts.osmAttribution ?? '© OpenStreetMap contributors (ODbL)' }
  sources[POINTS_SOURCE] = {
    type: 'geojson',
    data: EMPTY_FC,
    cluster: true,
    clusterRadius: 40,
    clusterMaxZoom: CLUSTER_MAX_ZOOM,
    clusterProperties: clusterProperties(),
  }
  // No background layer: the map's container has the background colour (mapBackground), which
  // spares the map a full-screen pass in every frame.
  const layers: LayerSpecification[] = []
  if (opts.tileUrl) {
    const b = basemap(opts.tileUrl)
    sources.basemap = b.source
    layers.push(b.layer)
  }
  const isTown: ExpressionSpecification = ['==', ['get', 'level'], 'town']
  const isDistrict = IS_DISTRICT
  const isArea: ExpressionSpecification = ['!=', ['geometry-type'], 'Point']
  const lineColour = opts.dark ? '#7dd3fc' : '#1e3a8a'
  layers.push(
    // The district and its town areas in one layer (the district underneath): one fill shader.
    // No fill antialiasing: the boundary lines are drawn over every edge.
    {
      id: 'areas-fill',
      type: 'fill',
      source: 'jurisdictions',
      filter: ['all', isArea, ['any', isDistrict, isTown]],
      layout: { 'fill-sort-key': ['case', isDistrict, 0, 1] },
      paint: {
        'fill-color': ['case', IS_CHOSEN, '#fde68a', isDistrict, opts.dark ? '#123a6b' : '#ffffff', opts.dark ? '#1e4a80' : '#dbe4f0'],
        'fill-opacity': areaOpacity(!!opts.tileUrl),
        'fill-antialias': false,
      },
    },
    ...basemapLayers(opts.dark),
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
      // A dash without gaps: solid, drawn by the same shader as the dashed town lines.
      paint: { 'line-color': lineColour, 'line-width': 2.5, 'line-dasharray': [1, 0] },
    },
    {
      id: 'community-points',
      type: 'circle',
      source: 'jurisdictions',
      minzoom: 12,
      filter: ['all', ['==', ['geometry-type'], 'Point'], ['==', ['get', 'level'], 'community']],
      paint: { 'circle-radius': 2.5, 'circle-color': '#94a3b8' },
    },
    {
      id: 'community-labels',
      type: 'symbol',
      source: 'jurisdictions',
      minzoom: 14,
      filter: ['all', ['==', ['geometry-type'], 'Point'], ['==', ['get', 'level'], 'community']],
      layout: { 'text-field': ['get', 'name'], 'text-font': TEXT_FONT, 'text-size': 11, 'text-offset': [0, 0.9] },
      paint: { 'text-color': '#64748b', 'text-halo-color': '#ffffff', 'text-halo-width': 1 },
    },
  )
  layers.push(...pointLayers(opts.colourBy))
  sources[RISK_SOURCE] = { type: 'geojson', data: EMPTY_FC }
  layers.push(riskLayer(!!opts.riskVisible))
  // Town names above the points, so that cluster counts never hide them.
  layers.push(
    {
      id: 'town-labels',
      type: 'symbol',
      source: 'jurisdictions',
      filter: ['==', ['get', 'level'], TOWN_LABEL],
      layout: {
        'text-field': townLabelText(opts.approximateSuffix),
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
  // The selection rings and the shape being drawn, above everything.
  sources.selection = { type: 'geojson', data: EMPTY_FC }
  sources.shape = { type: 'geojson', data: EMPTY_FC }
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

/**
 * The part of a style a map starts with: the layers that need no GeoJSON data (raster tiles, if
 * any). A GeoJSON source is added when its data is first set, and its layers once the
 * worker holds that data: the map is complete (`load`) before the data has arrived, and a source's
 * tiles are made once, with its data, instead of first for an empty source and again after.
 */
export function initialStyle(style: StyleSpecification): StyleSpecification {
  const needsData = (id: string) => style.sources[id]?.type === 'geojson'
  return {
    ...style,
    sources: Object.fromEntries(Object.entries(style.sources).filter(([id]) => !needsData(id))),
    layers: style.layers.filter((l) => !('source' in l) || typeof l.source !== 'string' || !needsData(l.source)),
  }
}
