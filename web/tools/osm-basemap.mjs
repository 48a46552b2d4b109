#!/usr/bin/env node
// The offline base map: converts an OpenStreetMap extract (OSM XML, .osm) into one compact GeoJSON
// FeatureCollection that the console draws under its layers (web/src/map/basemap.ts). Build/ops
// tool, no dependencies, no network.
//
//   node web/tools/osm-basemap.mjs extract.osm out.geojson [--gcj02]
//
// A district puts the output at <web-root>/basemap/osm.geojson (the console asks for exactly that
// path on its own origin; without the file it draws the district outline and towns only). See
// docs/basemap.md.
//
// Every feature has the properties `layer` and `class` (and `name` when the object has one):
//   layer "road"      LineString   class motorway | primary | secondary | tertiary | minor | path
//   layer "water"     Polygon      class lake | river | basin          (closed ways only)
//   layer "waterway"  LineString   class river | canal | stream
//   layer "place"     Point        class city | town | suburb | village | neighbourhood
// Coordinates are rounded to 6 decimals (about 0.1 m).
//
// --gcj02: OSM is WGS-84; the admin data the console shows (outline, town centres) is GCJ-02
// (shared/data/README.md). Chinese extracts are converted with this flag so that both line up.
// Licence of the output: ODbL 1.0, "© OpenStreetMap contributors" — keep the attribution.
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

/** OSM highway values → the console's road classes. Others (bus stops, crossings…) are not roads. */
export const ROAD_CLASSES = {
  motorway: 'motorway', motorway_link: 'motorway', trunk: 'motorway', trunk_link: 'motorway',
  primary: 'primary', primary_link: 'primary',
  secondary: 'secondary', secondary_link: 'secondary',
  tertiary: 'tertiary', tertiary_link: 'tertiary',
  residential: 'minor', unclassified: 'minor', living_street: 'minor', service: 'minor', road: 'minor',
  track: 'path', cycleway: 'path', footway: 'path', path: 'path', pedestrian: 'path', steps: 'path', bridleway: 'path',
}
const WATERWAY_CLASSES = { river: 'river', canal: 'canal', stream: 'stream', ditch: 'stream', drain: 'stream' }
const PLACE_CLASSES = { city: 'city', town: 'town', suburb: 'suburb', quarter: 'suburb', village: 'village', hamlet: 'neighbourhood', neighbourhood: 'neighbourhood', locality: 'neighbourhood' }

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
function unescapeXml(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e.toLowerCase()],
  )
}
function attrs(s) {
  const out = {}
  for (const m of s.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]] = unescapeXml(m[2] ?? m[3])
  return out
}

/** The nodes, ways and their tags of an OSM XML document (relations are not read). */
export function parseOsmXml(text) {
  const nodes = new Map() // id → { lon, lat, tags }
  const ways = [] // { id, refs, tags }
  let current = null
  for (const m of text.matchAll(/<(\/?)(node|way|nd|tag|relation)\b([^>]*?)(\/?)>/g)) {
    const [, closing, name, body, selfClosing] = m
    if (closing) {
      if (name === 'node' || name === 'way' || name === 'relation') current = null
      continue
    }
    const a = attrs(body)
    if (name === 'node') {
      const node = { lon: Number(a.lon), lat: Number(a.lat), tags: {} }
      if (Number.isFinite(node.lon) && Number.isFinite(node.lat)) nodes.set(a.id, node)
      current = selfClosing ? null : node
    } else if (name === 'way') {
      const way = { id: a.id, refs: [], tags: {} }
      ways.push(way)
      current = selfClosing ? null : way
    } else if (name === 'relation') {
      current = selfClosing ? null : { tags: {} } // read past, not kept
    } else if (name === 'nd' && current?.refs) {
      current.refs.push(a.ref)
    } else if (name === 'tag' && current && a.k !== undefined) {
      current.tags[a.k] = a.v ?? ''
    }
  }
  return { nodes, ways }
}

// WGS-84 → GCJ-02, the published offset formula (krasovsky ellipsoid), applied inside China only.
const GCJ_A = 6378245.0
const GCJ_EE = 0.00669342162296594323
function outOfChina(lon, lat) {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271
}
function dLat(x, y) {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0
  return r
}
function dLon(x, y) {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0
  return r
}
export function wgs84ToGcj02(lon, lat) {
  if (outOfChina(lon, lat)) return [lon, lat]
  let la = dLat(lon - 105.0, lat - 35.0)
  let lo = dLon(lon - 105.0, lat - 35.0)
  const rad = (lat / 180.0) * Math.PI
  let magic = Math.sin(rad)
  magic = 1 - GCJ_EE * magic * magic
  const sq = Math.sqrt(magic)
  la = (la * 180.0) / (((GCJ_A * (1 - GCJ_EE)) / (magic * sq)) * Math.PI)
  lo = (lo * 180.0) / ((GCJ_A / sq) * Math.cos(rad) * Math.PI)
  return [lon + lo, lat + la]
}

const round6 = (v) => Math.round(v * 1e6) / 1e6

/**
 * The base-map layers of a parsed extract. Ways with a missing node keep the nodes they have
 * (an extract cut at its border); fewer than two positions (four for an area) drop the way.
 */
export function basemapLayers({ nodes, ways }, { gcj02 = false } = {}) {
  const pos = (n) => {
    const [lon, lat] = gcj02 ? wgs84ToGcj02(n.lon, n.lat) : [n.lon, n.lat]
    return [round6(lon), round6(lat)]
  }
  const features = []
  const props = (layer, cls, tags) => (tags.name ? { layer, class: cls, name: tags['name:zh'] ?? tags.name } : { layer, class: cls })
  for (const w of ways) {
    const t = w.tags
    const coords = w.refs.flatMap((r) => (nodes.has(r) ? [pos(nodes.get(r))] : []))
    const closed = w.refs.length >= 4 && w.refs[0] === w.refs[w.refs.length - 1]
    const road = ROAD_CLASSES[t.highway]
    const waterArea =
      t.natural === 'water' ? (t.water === 'river' ? 'river' : 'lake')
      : t.waterway === 'riverbank' ? 'river'
      : t.landuse === 'reservoir' ? 'lake'
      : t.landuse === 'basin' ? 'basin'
      : undefined
    if (road && coords.length >= 2 && t.area !== 'yes') {
      features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: props('road', road, t) })
    } else if (waterArea && closed && coords.length >= 4) {
      const ring = coords[0][0] === coords.at(-1)[0] && coords[0][1] === coords.at(-1)[1] ? coords : [...coords, coords[0]]
      features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [counterClockwise(ring)] }, properties: props('water', waterArea, t) })
    } else if (WATERWAY_CLASSES[t.waterway] && coords.length >= 2) {
      features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: props('waterway', WATERWAY_CLASSES[t.waterway], t) })
    }
  }
  for (const n of nodes.values()) {
    const cls = PLACE_CLASSES[n.tags.place]
    if (cls && n.tags.name) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: pos(n) }, properties: props('place', cls, n.tags) })
  }
  return { type: 'FeatureCollection', features }
}

/** RFC 7946 wants exterior rings counter-clockwise. */
function counterClockwise(ring) {
  let area2 = 0
  for (let i = 0; i + 1 < ring.length; i++) area2 += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
  return area2 < 0 ? [...ring].reverse() : ring
}

export function convertOsmXml(text, options) {
  return basemapLayers(parseOsmXml(text), options)
}

/** Features per `layer/class`, for the tool's summary and tests. */
export function countByClass(fc) {
  const out = {}
  for (const f of fc.features) {
    const k = `${f.properties.layer}/${f.properties.class}`
    out[k] = (out[k] ?? 0) + 1
  }
  return out
}

async function main(argv) {
  const args = argv.filter((a) => !a.startsWith('--'))
  const gcj02 = argv.includes('--gcj02')
  if (args.length !== 2) {
    console.error('usage: node web/tools/osm-basemap.mjs extract.osm out.geojson [--gcj02]')
    return 2
  }
  const [input, output] = args
  if (!/\.osm$/i.test(input)) {
    console.error(`${input}: only OSM XML (.osm) is read; convert a .pbf first (osmium cat in.pbf -o out.osm)`)
    return 2
  }
  const fc = convertOsmXml(await readFile(input, 'utf8'), { gcj02 })
  const json = JSON.stringify(fc)
  await writeFile(output, json)
  console.log(`${output}: ${fc.features.length} features, ${json.length} bytes`, JSON.stringify(countByClass(fc)))
  return 0
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((rc) => process.exit(rc))
}
