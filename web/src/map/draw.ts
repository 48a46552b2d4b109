// Drawing a polygon or a circle on the map to select what lies inside. The state machine is pure
// (drawStep) so that it can be tested without a map; DrawTool binds it to MapLibre's events.
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl'
import type { Feature, FeatureCollection, PolygonGeometry, Position, SpatialShape } from '@/api/types'
import { circlePolygon, distanceM, polygonFromVertices } from '@/utils/geo'

export type DrawMode = 'polygon' | 'circle'

export type DrawState =
  | { mode: 'idle' }
  | { mode: 'polygon'; vertices: Position[]; cursor: Position | null }
  | { mode: 'circle'; center: Position | null; cursor: Position | null }
  | { mode: 'done'; shape: SpatialShape; outline: PolygonGeometry }

export type DrawEvent =
  | { type: 'start'; mode: DrawMode }
  | { type: 'click'; at: Position; nearFirstVertex?: boolean }
  | { type: 'move'; at: Position }
  | { type: 'finish' }
  | { type: 'cancel' }

export const IDLE: DrawState = { mode: 'idle' }

export function drawStep(state: DrawState, event: DrawEvent): DrawState {
  if (event.type === 'start') {
    return event.mode === 'polygon'
      ? { mode: 'polygon', vertices: [], cursor: null }
      : { mode: 'circle', center: null, cursor: null }
  }
  if (event.type === 'cancel') return IDLE
  switch (state.mode) {
    case 'polygon': {
      if (event.type === 'move') return { ...state, cursor: event.at }
      if (event.type === 'click') {
        if (event.nearFirstVertex && state.vertices.length >= 3) return finishPolygon(state.vertices)
        return { ...state, vertices: [...state.vertices, event.at] }
      }
      if (event.type === 'finish') return finishPolygon(state.vertices) ?? state
      return state
    }
    case 'circle': {
      if (event.type === 'move') return { ...state, cursor: event.at }
      if (event.type === 'click') {
        if (!state.center) return { ...state, center: event.at, cursor: event.at }
        return finishCircle(state.center, event.at) ?? state
      }
      return state
    }
    default:
      return state
  }
}

function finishPolygon(vertices: readonly Position[]): DrawState {
  const polygon = polygonFromVertices(vertices)
  if (!polygon) return { mode: 'polygon', vertices: [...vertices], cursor: null }
  return { mode: 'done', shape: polygon, outline: polygon }
}

function finishCircle(center: Position, edge: Position): DrawState | null {
  const radius = Math.round(distanceM(center, edge))
  if (radius < 1) return null
  return { mode: 'done', shape: { center, radius_m: radius }, outline: circlePolygon(center, radius) }
}

/** The current radius of a circle being drawn, in metres. */
export function drawRadius(state: DrawState): number | null {
  if (state.mode === 'circle' && state.center && state.cursor) return distanceM(state.center, state.cursor)
  if (state.mode === 'done' && 'radius_m' in state.shape) return state.shape.radius_m
  return null
}

/** What to show while drawing (and the finished outline). */
export function drawPreview(state: DrawState): FeatureCollection {
  const features: Feature[] = []
  const point = (p: Position): Feature => ({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: {} })
  if (state.mode === 'polygon') {
    const line = state.cursor ? [...state.vertices, state.cursor] : state.vertices
    if (line.length >= 3) {
      features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...line, line[0]]] }, properties: {} })
    } else if (line.length === 2) {
      features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: {} })
    }
    features.push(...state.vertices.map(point))
  } else if (state.mode === 'circle' && state.center) {
    features.push(point(state.center))
    const r = drawRadius(state)
    if (r && r >= 1) features.push({ type: 'Feature', geometry: circlePolygon(state.center, r), properties: {} })
  } else if (state.mode === 'done') {
    features.push({ type: 'Feature', geometry: state.outline, properties: {} })
  }
  return { type: 'FeatureCollection', features }
}

export interface DrawCallbacks {
  onChange: (state: DrawState) => void
  onDone: (shape: SpatialShape, outline: PolygonGeometry) => void
}

/** Binds the state machine to a map. */
export class DrawTool {
  private state: DrawState = IDLE
  private readonly map: MapLibreMap
  private readonly cb: DrawCallbacks

  constructor(map: MapLibreMap, cb: DrawCallbacks) {
    this.map = map
    this.cb = cb
    map.on('click', this.onClick)
    map.on('mousemove', this.onMove)
    map.on('dblclick', this.onDblClick)
    window.addEventListener('keydown', this.onKey)
  }

  get active(): boolean {
    return this.state.mode === 'polygon' || this.state.mode === 'circle'
  }

  start(mode: DrawMode): void {
    this.map.doubleClickZoom.disable()
    this.map.getCanvas().style.cursor = 'crosshair'
    this.apply({ type: 'start', mode })
  }

  cancel(): void {
    this.apply({ type: 'cancel' })
  }

  destroy(): void {
    this.map.off('click', this.onClick)
    this.map.off('mousemove', this.onMove)
    this.map.off('dblclick', this.onDblClick)
    window.removeEventListener('keydown', this.onKey)
  }

  private apply(event: DrawEvent): void {
    const before = this.state
    this.state = drawStep(this.state, event)
    if (this.state === before) return
    if (!this.active) {
      this.map.getCanvas().style.cursor = ''
      // Re-enable after this event's own double-click handling has passed.
      setTimeout(() => this.map.doubleClickZoom.enable(), 0)
    }
    this.cb.onChange(this.state)
    if (this.state.mode === 'done') this.cb.onDone(this.state.shape, this.state.outline)
  }

  private readonly onClick = (e: MapMouseEvent) => {
    if (!this.active) return
    const at: Position = [e.lngLat.lng, e.lngLat.lat]
    let nearFirstVertex = false
    if (this.state.mode === 'polygon' && this.state.vertices.length >= 3) {
      const first = this.map.project(this.state.vertices[0] as [number, number])
      nearFirstVertex = Math.hypot(first.x - e.point.x, first.y - e.point.y) < 10
    }
    this.apply({ type: 'click', at, nearFirstVertex })
  }

  private readonly onMove = (e: MapMouseEvent) => {
    if (this.active) this.apply({ type: 'move', at: [e.lngLat.lng, e.lngLat.lat] })
  }

  private readonly onDblClick = (e: MapMouseEvent) => {
    if (this.state.mode !== 'polygon') return
    e.preventDefault()
    this.apply({ type: 'finish' })
  }

  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.active) this.apply({ type: 'cancel' })
  }
}
