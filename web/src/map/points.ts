// The seven point layers as ONE clustered source: a cluster holds objects of every type and is
// drawn by type (its colour and icon are those of the type it holds most of, or follow the
// enterprise colouring chosen — by scale or by hazchem use — when it holds enterprises), and
// names come on hover and as labels from zoom 15. Pure helpers: no map, no DOM.
import type { ExpressionSpecification } from 'maplibre-gl'
import { POINT_LAYERS, type PointLayer } from '@/domain/kinds'
import type { Feature, FeatureCollection } from '@/api/types'

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
export const OTHER_COLOUR = '#adb5bd'

/** A distinct shape per layer type (the icon drawn for a single object and in the legend). */
export type Shape = 'square' | 'house' | 'diamond' | 'triangle' | 'hexagon' | 'circle' | 'star'
export const LAYER_SHAPES: Record<PointLayer, Shape> = {
  enterprises: 'square',
  shelters: 'house',
  warehouses: 'diamond',
  teams: 'triangle',
  devices: 'hexagon',
  cameras: 'circle',
  stations: 'star',
}

/**
 * The outline of a shape as polygon vertices in a unit box (0..1, y down), for drawing icons on a
 * canvas and in the legend (SVG). A circle is a 24-gon.
 */
export function shapeVertices(shape: Shape): [number, number][] {
  const regular = (n: number, r: number, start: number): [number, number][] =>
    Array.from({ length: n }, (_, i) => {
      const a = start + (2 * Math.PI * i) / n
      return [0.5 + r * Math.cos(a), 0.5 + r * Math.sin(a)]
    })
  switch (shape) {
    case 'square':
      return [[0.12, 0.12], [0.88, 0.12], [0.88, 0.88], [0.12, 0.88]]
    case 'house':
      return [[0.5, 0.06], [0.94, 0.46], [0.82, 0.46], [0.82, 0.92], [0.18, 0.92], [0.18, 0.46], [0.06, 0.46]]
    case 'diamond':
      return [[0.5, 0.04], [0.96, 0.5], [0.5, 0.96], [0.04, 0.5]]
    case 'triangle':
      return [[0.5, 0.06], [0.96, 0.9], [0.04, 0.9]]
    case 'hexagon':
      return regular(6, 0.46, -Math.PI / 2)
    case 'circle':
      return regular(24, 0.44, 0)
    case 'star':
      return Array.from({ length: 10 }, (_, i) => {
        const a = -Math.PI / 2 + (Math.PI * i) / 5
        const r = i % 2 ? 0.21 : 0.48
        return [0.5 + r * Math.cos(a), 0.52 + r * Math.sin(a)] as [number, number]
      })
  }
}

/** The SVG points attribute of a shape in a box of `size` pixels (the legend). */
export const shapePoints = (shape: Shape, size: number): string =>
  shapeVertices(shape).map(([x, y]) => `${(x * size).toFixed(1)},${(y * size).toFixed(1)}`).join(' ')

/** The icon images the map needs: one per layer type, and enterprises in each of their colours. */
export function iconImages(): { name: string; shape: Shape; colour: string }[] {
  const out = POINT_LAYERS.map((l) => ({ name: `icon-${l}`, shape: LAYER_SHAPES[l], colour: LAYER_COLOURS[l] }))
  for (const [k, colour] of Object.entries(SCALE_COLOURS)) out.push({ name: `icon-enterprises-scale-${k}`, shape: 'square', colour })
  out.push({ name: 'icon-enterprises-other', shape: 'square', colour: OTHER_COLOUR })
  out.push({ name: 'icon-enterprises-hazchem-yes', shape: 'square', colour: HAZCHEM_COLOURS.yes })
  out.push({ name: 'icon-enterprises-hazchem-no', shape: 'square', colour: HAZCHEM_COLOURS.no })
  return out
}

// --- one source for every point layer ------------------------------------------------------

/** The combined source's id; its features carry `kind` (the layer) and `oid` (the object's id). */
export const POINTS_SOURCE = 'points'
const KINDS = POINT_LAYERS.length + 1 // ids are oid * 8 + kind index: unique across layers

export const pointId = (layer: PointLayer, oid: number): number => oid * KINDS + POINT_LAYERS.indexOf(layer)
export function fromPointId(id: number): { layer: PointLayer; oid: number } | null {
  const k = id % KINDS
  if (!Number.isSafeInteger(id) || id < 0 || k >= POINT_LAYERS.length) return null
  return { layer: POINT_LAYERS[k], oid: (id - k) / KINDS }
}

/** What the style and the hover read of an object. */
const KEEP = ['name', 'scale', 'hazchem_user', 'capacity_people'] as const

/**
 * The features of the visible layers as one collection for the clustered source: point
 * geometry only, a unique id, `kind`, and the few properties the style and the hover read.
 */
export function combinedPoints(data: ReadonlyMap<string, FeatureCollection>, visible: (layer: PointLayer) => boolean): FeatureCollection {
  const features: Feature[] = []
  for (const layer of POINT_LAYERS) {
    const fc = data.get(layer)
    if (!fc || !visible(layer)) continue
    for (const f of fc.features) {
      if (f.geometry?.type !== 'Point') continue
      const p = (f.properties ?? {}) as Record<string, unknown>
      const oid = Number(f.id ?? p.id)
      if (!Number.isSafeInteger(oid) || oid < 0) continue
      const properties: Record<string, unknown> = { kind: layer }
      for (const k of KEEP) if (p[k] !== undefined && p[k] !== null) properties[k] = p[k]
      features.push({ type: 'Feature', id: pointId(layer, oid), geometry: f.geometry, properties })
    }
  }
  return { type: 'FeatureCollection', features }
}

const isKind = (layer: PointLayer): ExpressionSpecification => ['==', ['get', 'kind'], layer]
const one = (cond: ExpressionSpecification): ExpressionSpecification => ['case', cond, 1, 0]

/** Counts a cluster keeps: objects per type, and enterprises by scale and hazchem use. */
export function clusterProperties(): Record<string, [string, ExpressionSpecification]> {
  const out: Record<string, [string, ExpressionSpecification]> = {}
  for (const l of POINT_LAYERS) out[`n_${l}`] = ['+', one(isKind(l))]
  out.n_hazchem = ['+', one(['all', isKind('enterprises'), ['==', ['get', 'hazchem_user'], true]])]
  out.n_above = ['+', one(['all', isKind('enterprises'), ['==', ['get', 'scale'], '规上']])]
  out.n_below = ['+', one(['all', isKind('enterprises'), ['==', ['get', 'scale'], '规下']])]
  out.n_micro = ['+', one(['all', isKind('enterprises'), ['==', ['get', 'scale'], '小微']])]
  return out
}

/** The type a cluster holds most of (first in layer order on a tie), as an expression. */
export function dominantKind(): ExpressionSpecification {
  // Each type wins when its count is at least every other's and beats those before it.
  const n = (l: PointLayer): ExpressionSpecification => ['get', `n_${l}`]
  const branches: (ExpressionSpecification | string)[] = []
  POINT_LAYERS.forEach((l, i) => {
    const before = POINT_LAYERS.slice(0, i).map((b): ExpressionSpecification => ['>', n(l), n(b)])
    const after = POINT_LAYERS.slice(i + 1).map((b): ExpressionSpecification => ['>=', n(l), n(b)])
    branches.push(['all', ...before, ...after] as ExpressionSpecification, l)
  })
  return ['case', ...branches, POINT_LAYERS[0]] as unknown as ExpressionSpecification
}

/**
 * A cluster's colour, following the chosen colouring. 按危化品使用 (hazchem): a cluster holding
 * enterprises is red when any of them uses hazardous chemicals, grey when none does. 按规模
 * (scale): a cluster is the colour of the type it holds most of, and one mostly of enterprises
 * the colour of its largest scale. A cluster without enterprises is its main type's colour in
 * both.
 */
export function clusterColour(by: ColourBy): ExpressionSpecification {
  const dominant = dominantKind()
  const kindColour = ['match', dominant, ...POINT_LAYERS.flatMap((l) => [l, LAYER_COLOURS[l]]), OTHER_COLOUR] as unknown as ExpressionSpecification
  if (by === 'hazchem') {
    return ['case', ['>', ['get', 'n_enterprises'], 0], ['case', ['>', ['get', 'n_hazchem'], 0], HAZCHEM_COLOURS.yes, HAZCHEM_COLOURS.no], kindColour]
  }
  const byScale: ExpressionSpecification = ['case', ['>', ['get', 'n_above'], 0], SCALE_COLOURS['规上'], ['>', ['get', 'n_below'], 0], SCALE_COLOURS['规下'], ['>', ['get', 'n_micro'], 0], SCALE_COLOURS['小微'], OTHER_COLOUR]
  return ['case', ['==', dominant, 'enterprises'], byScale, kindColour]
}

/** A single object's icon: its type's shape; enterprises in the colour of the chosen colouring. */
export function pointIcon(by: ColourBy): ExpressionSpecification {
  const enterprise: ExpressionSpecification =
    by === 'hazchem'
      ? ['case', ['==', ['get', 'hazchem_user'], true], 'icon-enterprises-hazchem-yes', 'icon-enterprises-hazchem-no']
      : ['match', ['get', 'scale'], '规上', 'icon-enterprises-scale-规上', '规下', 'icon-enterprises-scale-规下', '小微', 'icon-enterprises-scale-小微', 'icon-enterprises-other']
  return ['case', ['==', ['get', 'kind'], 'enterprises'], enterprise, ['concat', 'icon-', ['get', 'kind']]]
}

/** Icon size of a single object: shelters grow with capacity. (Icons are drawn at 32 px.) */
export const POINT_ICON_SIZE: ExpressionSpecification = [
  'case',
  ['==', ['get', 'kind'], 'shelters'],
  ['interpolate', ['linear'], ['to-number', ['get', 'capacity_people'], 0], 0, 0.4, 2000, 0.6, 10000, 0.85],
  0.45,
]

export interface ClusterBreakdown {
  total: number
  byKind: { layer: PointLayer; n: number }[]
  hazchem: number
}

/** A cluster's objects by type, largest first, from its properties (the hover text). */
export function clusterBreakdown(props: Record<string, unknown>): ClusterBreakdown {
  const byKind = POINT_LAYERS.map((layer) => ({ layer, n: Number(props[`n_${layer}`] ?? 0) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n)
  return { total: Number(props.point_count ?? byKind.reduce((a, x) => a + x.n, 0)), byKind, hazchem: Number(props.n_hazchem ?? 0) }
}

/**
 * The same breakdown computed from objects (what a cluster of them shows): counts per type and
 * the dominant type as the map's expression picks it.
 */
export function clusterByType(features: readonly Feature[]): { counts: Record<PointLayer, number>; dominant: PointLayer | null } {
  const counts = Object.fromEntries(POINT_LAYERS.map((l) => [l, 0])) as Record<PointLayer, number>
  for (const f of features) {
    const k = (f.properties as { kind?: string } | null)?.kind
    if (k && k in counts) counts[k as PointLayer]++
  }
  let dominant: PointLayer | null = null
  for (const l of POINT_LAYERS) if (counts[l] > 0 && (dominant === null || counts[l] > counts[dominant])) dominant = l
  return { counts, dominant }
}
