// The offline base-map converter (web/tools/osm-basemap.mjs) on a real OSM extract: part of
// Bautzen (data/osm/bautzen.osm, a copy of shared/data/osm/bautzen.osm; ODbL, © OpenStreetMap contributors). The expected counts
// were taken from the file itself (its ways by highway/natural tag, see docs/basemap.md).
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
// @ts-expect-error a plain ES module without types (a build/ops tool)
import { convertOsmXml, countByClass, parseOsmXml, wgs84ToGcj02 } from '../../tools/osm-basemap.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
// The repository's own copy (data/osm/), so that a clean clone needs nothing beside it.
const BAUTZEN = path.resolve(here, '../../../data/osm/bautzen.osm')

type Fc = { type: string; features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, string> }[] }

describe('osm-basemap converter', () => {
  it('finds the test extract in data/osm/', () => {
    expect(existsSync(BAUTZEN), BAUTZEN).toBe(true)
  })

  it('reads every node and way of bautzen.osm', () => {
    const { nodes, ways } = parseOsmXml(readFileSync(BAUTZEN, 'utf8'))
    expect(nodes.size).toBe(781)
    expect(ways.length).toBe(97)
  })

  it('classes the roads and water of bautzen.osm as the file tags them', () => {
    const fc: Fc = convertOsmXml(readFileSync(BAUTZEN, 'utf8'))
    // highway=motorway 17 + motorway_link 14; primary 16; residential 4 + service 5 +
    // unclassified 1; track 2 + cycleway 1; natural=water 2 (both also landuse=basin). Bus stops,
    // crossings and milestones are nodes, not roads; scrub, farmland and grass are not drawn.
    expect(countByClass(fc)).toEqual({ 'road/motorway': 31, 'road/primary': 16, 'road/minor': 10, 'road/path': 3, 'water/lake': 2 })
    const roads = fc.features.filter((f) => f.properties.layer === 'road')
    expect(roads.every((f) => f.geometry.type === 'LineString')).toBe(true)
    expect(roads.filter((f) => f.properties.name).length).toBe(21)
    // Positions of the file's nodes (osmfilter kept whole ways, so some lie outside <bounds>),
    // rounded to 6 decimals.
    const { nodes } = parseOsmXml(readFileSync(BAUTZEN, 'utf8'))
    const lons = [...nodes.values()].map((n: { lon: number }) => n.lon)
    const lats = [...nodes.values()].map((n: { lat: number }) => n.lat)
    for (const f of roads) {
      for (const [lon, lat] of f.geometry.coordinates as number[][]) {
        expect(lon).toBeGreaterThanOrEqual(Math.min(...lons) - 1e-6)
        expect(lon).toBeLessThanOrEqual(Math.max(...lons) + 1e-6)
        expect(lat).toBeGreaterThanOrEqual(Math.min(...lats) - 1e-6)
        expect(lat).toBeLessThanOrEqual(Math.max(...lats) + 1e-6)
        expect(Math.round(lon * 1e6) / 1e6).toBe(lon)
      }
    }
    // Water areas are closed, counter-clockwise rings (RFC 7946).
    for (const f of fc.features.filter((x) => x.properties.layer === 'water')) {
      const ring = (f.geometry.coordinates as number[][][])[0]
      expect(ring[0]).toEqual(ring.at(-1))
      let a = 0
      for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
      expect(a).toBeGreaterThan(0)
    }
  })

  it('reads place labels, waterways and escaped names; drops ways without nodes', () => {
    const xml = `<?xml version="1.0"?><osm version="0.6">
      <node id="1" lat="30.25" lon="120.15"><tag k="place" v="suburb"/><tag k="name" v="A &amp; B"/><tag k="name:zh" v="西溪"/></node>
      <node id="2" lat="30.26" lon="120.16"/>
      <node id="3" lat="30.27" lon="120.17"><tag k="place" v="village"/></node>
      <way id="10"><nd ref="1"/><nd ref="2"/><tag k="waterway" v="canal"/><tag k="name" v="R &lt;1&gt;"/></way>
      <way id="11"><nd ref="99"/><nd ref="98"/><tag k="highway" v="primary"/></way>
      <way id="12"><nd ref="1"/><nd ref="2"/><tag k="highway" v="bus_stop"/></way>
    </osm>`
    const fc: Fc = convertOsmXml(xml)
    expect(countByClass(fc)).toEqual({ 'waterway/canal': 1, 'place/suburb': 1 })
    expect(fc.features.find((f) => f.properties.layer === 'place')?.properties.name).toBe('西溪')
    expect(fc.features.find((f) => f.properties.layer === 'waterway')?.properties.name).toBe('R <1>')
  })

  it('shifts Chinese positions to GCJ-02 by a few hundred metres, others not at all', () => {
    const [lon, lat] = wgs84ToGcj02(120.15, 30.25)
    const metres = Math.hypot((lon - 120.15) * 111320 * Math.cos((30.25 * Math.PI) / 180), (lat - 30.25) * 110540)
    expect(metres).toBeGreaterThan(200)
    expect(metres).toBeLessThan(800)
    expect(lon).toBeGreaterThan(120.15) // east and slightly south in Hangzhou
    expect(wgs84ToGcj02(14.41, 51.19)).toEqual([14.41, 51.19])
    const shifted: Fc = convertOsmXml('<osm><node id="1" lat="30.25" lon="120.15"><tag k="place" v="town"/><tag k="name" v="x"/></node></osm>', { gcj02: true })
    expect(shifted.features[0].geometry.coordinates).toEqual([Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6])
  })
})
