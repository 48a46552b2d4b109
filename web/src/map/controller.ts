// One MapLibre map with the console's layers: jurisdictions, the seven point layers, a drawn
// shape and a selection highlight. Vue components drive it; it knows nothing of the API.
//
// Where WebGL is drawn in software (no usable GPU) every frame costs tens of milliseconds, most of
// them spent by the GPU process, and the page waits for each one. So the map draws as few frames,
// shaders and passes as it can: it loads at its first frame (it starts with no GeoJSON sources);
// data set in one go reaches the worker together, each source is added with its first data and its
// layers once the worker holds that data, so every layer's tiles are made once, with the data, and
// drawn together; until then it draws at a fraction of its resolution, hidden (see
// LOADING_PIXEL_RATIO); labels do not fade; the first framing does not move a camera that already
// shows the area; one shader draws each kind of layer; there is no background pass (mapBackground).
import {
  AttributionControl,
  FullscreenControl,
  Map as MapLibreMap,
  NavigationControl,
  Popup,
  prewarm,
  ScaleControl,
  setWorkerUrl,
  type GeoJSONSource,
  type LngLatLike,
  type MapGeoJSONFeature,
  type MapLayerMouseEvent,
} from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url'
import 'maplibre-gl/dist/maplibre-gl.css'
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl'
import type { Feature, FeatureCollection, Position } from '@/api/types'
import { POINT_LAYERS, type PointLayer } from '@/domain/kinds'
import { collectionBBox, featuresBBox, type BBox } from '@/utils/geo'
import {
  areaOpacity,
  basemap,
  buildStyle,
  EMPTY_FC,
  initialStyle,
  jurisdictionsForMap,
  mapBackground,
  POINT_LAYER_IDS,
  RISK_LAYER,
  styledFeatures,
  townLabelText,
  type ColourBy,
} from './layers'
import { clusterBreakdown, clusterColour, combinedPoints, fromPointId, iconImages, pointIcon, POINTS_SOURCE, shapeVertices } from './points'
import { BASEMAP_SOURCE } from './basemap'

setWorkerUrl(workerUrl)
// Start MapLibre's worker (fetch and compile its script) as soon as the map code is loaded, while
// the page around the map is still being built, instead of when the first map is created.
prewarm()

type GeoJSONData = Parameters<GeoJSONSource['setData']>[0]

/**
 * West Lake District (the bounding box of its outline in data/admin), for the first view before
 * data arrives. Framing the district once the data is there then leaves the camera where it is.
 */
export const DISTRICT_BOUNDS: BBox = [119.993295, 30.077755, 120.176771, 30.357728]

/** Pixels around a framed area. */
const FRAME_PADDING = 30

/**
 * Until its first data is drawn, a map draws at this fraction of its resolution, into a hidden
 * canvas; once every source with data has its tiles, it switches to full resolution and shows the
 * canvas, whose next frame is the complete map (at the latest FULL_RESOLUTION_AT_THE_LATEST_MS after
 * its creation). Where WebGL and the page are drawn in software, the frames drawn while data is
 * being tiled (a dozen: sources, outlines, points, labels arrive one after the other) each cost the
 * GPU process a full-size pass or more, and each one shown is read back while the page waits; at
 * this size they cost almost nothing, while the shaders get compiled and the tiles made in the
 * meantime. Nothing is lost to sight: before its data the map shows only its background, which
 * its container shows too (see mapBackground).
 */
const LOADING_PIXEL_RATIO = 0.125
const FULL_RESOLUTION_AT_THE_LATEST_MS = 5000

export type MapLayerName = PointLayer | 'jurisdictions' | 'risk' | typeof BASEMAP_SOURCE

export interface MapOptions {
  container: HTMLElement
  /** The element that goes full screen (the map and its panels). */
  fullscreenContainer?: HTMLElement
  /** Raster tiles under the map; null for none. Also settable later (setBasemap). */
  tileUrl?: string | null
  colourBy: ColourBy
  approximateSuffix: string
  attribution: string
  dark?: boolean
  /** The screen: no zoom buttons, no full-screen button. */
  compact?: boolean
  /** Whether the four-colour layer starts shown. */
  riskVisible?: boolean
  /** Credit for the OSM base map, in the user's language. */
  osmAttribution?: string
  /** The name of a layer type in the user's language (hover texts). */
  kindLabel?: (layer: PointLayer) => string
}

export interface FeatureHit {
  layer: PointLayer
  id: number
  properties: Record<string, unknown>
  coordinates: Position
}

/** What tests read through window.__lakeguardMap. */
export interface MapHandle {
  map: MapLibreMap
  layerCounts(): Record<string, number>
  hasFeature(layer: string, id: number): boolean
  /** Whether the four-colour layer is switched on. */
  riskVisible(): boolean
  /** What hovering over a feature of the points source shows. */
  hoverText(f: { id?: string | number; properties?: Record<string, unknown> | null }): string
  ready: boolean
}

declare global {
  interface Window {
    __lakeguardMap?: MapHandle
  }
}

/** Layout and paint of a layer, whatever its type. */
type LayerProps = { layout?: Record<string, unknown>; paint?: Record<string, unknown> }

export class MapController {
  readonly map: MapLibreMap
  private readonly data = new Map<MapLayerName, FeatureCollection>()
  /** The whole style: the sources and layers not on the map yet wait here, kept up to date. */
  private readonly style: StyleSpecification
  private readonly loadedStyle: Promise<void>
  /** Data on its way to the worker. */
  private readonly sending = new Set<Promise<void>>()
  /** The sources the worker has data for. */
  private readonly withData = new Set<string>()
  private framed = false
  private atFullResolution = false
  private awaitingTiles = false
  private fullResolutionTimer = 0
  private chosenTown: number | string | null = null
  /** The town area highlighted on the map (feature state). */
  private shownTown: number | string | null = null
  private clickHandler: ((hit: FeatureHit) => void) | null = null
  private handle: MapHandle
  /** Point layers switched off (left out of the combined source). */
  private readonly hidden = new Set<PointLayer>()
  private pointsPending: Promise<void> | null = null
  private readonly popup = new Popup({ closeButton: false, closeOnClick: false, offset: 10, className: 'lg-map-hover' })
  private kindLabel: (layer: PointLayer) => string

  constructor(opts: MapOptions) {
    this.style = buildStyle({ tileUrl: opts.tileUrl ?? null, colourBy: opts.colourBy, approximateSuffix: opts.approximateSuffix, dark: opts.dark, riskVisible: opts.riskVisible, osmAttribution: opts.osmAttribution })
    opts.container.style.backgroundColor = mapBackground(opts.dark)
    this.map = new MapLibreMap({
      container: opts.container,
      style: initialStyle(this.style),
      bounds: DISTRICT_BOUNDS,
      fitBoundsOptions: { padding: FRAME_PADDING },
      attributionControl: false,
      localIdeographFontFamily: 'sans-serif',
      maxZoom: 19,
      minZoom: 6,
      // Labels appear at once instead of fading in: a fade keeps the map redrawing for 300 ms
      // after every change, which costs several frames where WebGL is drawn in software.
      fadeDuration: 0,
      pixelRatio: LOADING_PIXEL_RATIO,
    })
    this.map.getCanvas().style.visibility = 'hidden'
    this.fullResolutionTimer = window.setTimeout(this.fullResolution, FULL_RESOLUTION_AT_THE_LATEST_MS)
    this.map.addControl(new AttributionControl({ compact: true, customAttribution: opts.attribution }), 'bottom-right')
    this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left')
    if (!opts.compact) {
      this.map.addControl(new NavigationControl({ showCompass: true }), 'top-right')
      this.map.addControl(new FullscreenControl({ container: opts.fullscreenContainer ?? opts.container }), 'top-right')
    }
    // The map loads at its first frame: it starts without GeoJSON sources (see setData).
    this.kindLabel = opts.kindLabel ?? ((l) => l)
    this.loadedStyle = new Promise((resolve) =>
      this.map.once('load', () => {
        this.addIcons()
        resolve()
      }),
    )
    this.bindPoints()
    this.bindRiskLayer()
    this.handle = {
      map: this.map,
      layerCounts: () => this.layerCounts(),
      hasFeature: (layer, id) => this.hasFeature(layer as MapLayerName, id),
      riskVisible: () => this.riskVisible(),
      hoverText: (f) => this.hoverText(f),
      ready: false,
    }
    window.__lakeguardMap = this.handle
  }

  /** Resolves once the map has loaded and takes data. */
  whenLoaded(): Promise<void> {
    return this.loadedStyle
  }

  onFeatureClick(fn: (hit: FeatureHit) => void): void {
    this.clickHandler = fn
  }

  /** The icons: a distinct shape per type, drawn on a canvas (no sprite server). */
  private addIcons(): void {
    const size = 32
    for (const icon of iconImages()) {
      if (this.map.hasImage(icon.name)) continue
      const canvas = document.createElement('canvas')
      canvas.width = canvas.height = size
      const ctx = canvas.getContext('2d')
      if (!ctx) return
      ctx.beginPath()
      shapeVertices(icon.shape).forEach(([x, y], i) => (i ? ctx.lineTo(x * (size - 4) + 2, y * (size - 4) + 2) : ctx.moveTo(x * (size - 4) + 2, y * (size - 4) + 2)))
      ctx.closePath()
      ctx.fillStyle = icon.colour
      ctx.fill()
      ctx.lineWidth = 3
      ctx.strokeStyle = '#ffffff'
      ctx.stroke()
      this.map.addImage(icon.name, ctx.getImageData(0, 0, size, size), { pixelRatio: 1 })
    }
  }

  private bindPoints(): void {
    const ids = POINT_LAYER_IDS
    // A cluster zooms in; an object opens.
    this.map.on('click', ids.clusters, async (e: MapLayerMouseEvent) => {
      const f = e.features?.[0] as MapGeoJSONFeature | undefined
      const clusterId = f?.properties?.cluster_id
      if (!f || clusterId === undefined || f.geometry.type !== 'Point') return
      const source = this.map.getSource(POINTS_SOURCE) as GeoJSONSource
      const zoom = await source.getClusterExpansionZoom(Number(clusterId))
      this.map.easeTo({ center: f.geometry.coordinates as [number, number], zoom: Math.min(zoom, 18) })
    })
    this.map.on('click', ids.icons, (e: MapLayerMouseEvent) => {
      const f = e.features?.[0] as MapGeoJSONFeature | undefined
      const at = f?.id === undefined ? null : fromPointId(Number(f.id))
      if (!f || !at) return
      const coords = (f.geometry.type === 'Point' ? f.geometry.coordinates : [e.lngLat.lng, e.lngLat.lat]) as Position
      // The map holds only the styled properties; the console holds them all.
      const properties = this.findFeature(at.layer, at.oid)?.properties ?? f.properties ?? {}
      this.clickHandler?.({ layer: at.layer, id: at.oid, properties, coordinates: coords })
    })
    for (const id of [ids.clusters, ids.icons]) {
      this.map.on('mousemove', id, (e: MapLayerMouseEvent) => {
        const f = e.features?.[0] as MapGeoJSONFeature | undefined
        if (!f || f.geometry.type !== 'Point') return
        const text = this.hoverText(f)
        if (!text) return
        this.popup.setLngLat(f.geometry.coordinates as [number, number]).setText(text)
        if (!this.popup.isOpen()) this.popup.addTo(this.map)
      })
      this.map.on('mouseenter', id, () => {
        if (!this.map.getCanvas().style.cursor) this.map.getCanvas().style.cursor = 'pointer'
      })
      this.map.on('mouseleave', id, () => {
        this.popup.remove()
        if (this.map.getCanvas().style.cursor === 'pointer') this.map.getCanvas().style.cursor = ''
      })
    }
  }

  /** What hovering shows: an object's name and type, or a cluster's objects by type. */
  hoverText(f: { id?: string | number; properties?: Record<string, unknown> | null }): string {
    const p = f.properties ?? {}
    if (p.cluster_id !== undefined) {
      const b = clusterBreakdown(p)
      return `${b.total}: ${b.byKind.map((x) => `${this.kindLabel(x.layer)} ${x.n}`).join(' · ')}`
    }
    const at = f.id === undefined ? null : fromPointId(Number(f.id))
    if (!at) return ''
    const name = (this.findFeature(at.layer, at.oid)?.properties as { name?: unknown } | undefined)?.name ?? p.name
    return `${typeof name === 'string' && name ? name : '#' + at.oid} · ${this.kindLabel(at.layer)}`
  }

  setKindLabel(fn: (layer: PointLayer) => string): void {
    this.kindLabel = fn
  }

  /** The four-colour layer's points are enterprises: a click opens the enterprise. */
  private bindRiskLayer(): void {
    this.map.on('click', RISK_LAYER, (e: MapLayerMouseEvent) => {
      const f = e.features?.[0] as MapGeoJSONFeature | undefined
      if (!f || f.id === undefined) return
      const id = Number(f.id)
      const coords = (f.geometry.type === 'Point' ? f.geometry.coordinates : [e.lngLat.lng, e.lngLat.lat]) as Position
      const properties = this.findFeature('risk', id)?.properties ?? f.properties ?? {}
      this.clickHandler?.({ layer: 'enterprises', id, properties, coordinates: coords })
    })
    this.map.on('mouseenter', RISK_LAYER, () => {
      if (!this.map.getCanvas().style.cursor) this.map.getCanvas().style.cursor = 'pointer'
    })
    this.map.on('mouseleave', RISK_LAYER, () => {
      if (this.map.getCanvas().style.cursor === 'pointer') this.map.getCanvas().style.cursor = ''
    })
  }

  /** Shows or hides the four-colour layer (四色图). */
  setRiskVisible(visible: boolean): void {
    this.setProperty('layout', RISK_LAYER, 'visibility', visible ? 'visible' : 'none')
  }

  /** Whether the four-colour layer is drawn (for tests: the style's own state). */
  riskVisible(): boolean {
    const layer = this.style.layers.find((l) => l.id === RISK_LAYER) as (LayerSpecification & LayerProps) | undefined
    return layer?.layout?.visibility === 'visible'
  }

  /**
   * Shows a layer's features, adding its source the first time and its layers once the worker has
   * its data. Data set in the same task for several layers is tiled and drawn together.
   */
  async setData(layer: MapLayerName, fc: FeatureCollection): Promise<void> {
    this.data.set(layer, fc)
    await this.loadedStyle
    if (this.data.get(layer) !== fc) return // newer data was set meanwhile
    if ((POINT_LAYERS as readonly string[]).includes(layer)) return this.sendPoints()
    const sent = this.send(layer, layer === 'jurisdictions' ? jurisdictionsForMap(fc) : layer === BASEMAP_SOURCE ? fc : styledFeatures(layer, fc))
    if (layer === 'jurisdictions') this.applyChosenTown()
    await sent
  }

  /**
   * Sends the visible point layers as one collection to the clustered source, once for all the
   * layers set (or switched) in the same task.
   */
  private sendPoints(): Promise<void> {
    if (!this.pointsPending) {
      this.pointsPending = Promise.resolve().then(() => {
        this.pointsPending = null
        return this.send(POINTS_SOURCE, combinedPoints(this.data, (l) => !this.hidden.has(l)))
      })
    }
    return this.pointsPending
  }

  /**
   * Sets a source's data. The layers of a source come once the worker holds its data and all other
   * data being sent: a layer on an empty source would have its tiles made twice, and layers whose
   * tiles arrive one after the other would have the map drawn for each.
   */
  private async send(id: string, data: GeoJSONData): Promise<void> {
    const source = this.source(id)
    if (!source) return
    const sent = source.setData(data)
    this.sending.add(sent)
    try {
      await sent
    } finally {
      this.sending.delete(sent)
    }
    this.withData.add(id)
    while (this.sending.size) await Promise.allSettled([...this.sending])
    // (Still in the task that delivered the last data: no frame, hence no `idle`, in between.)
    this.addLayers((source) => this.withData.has(source))
    this.fullResolutionWhenLoaded()
  }

  /** Ends the loading resolution once every source with data has its tiles. */
  private fullResolutionWhenLoaded(): void {
    if (this.atFullResolution || this.awaitingTiles) return
    this.awaitingTiles = true
    const check = () => {
      if (!this.atFullResolution) for (const source of this.withData) if (!this.map.isSourceLoaded(source)) return
      this.map.off('sourcedata', check)
      this.fullResolution()
    }
    // From the next frame on, which asks for the tiles of the layers just added.
    this.map.once('render', () => this.map.on('sourcedata', check))
  }

  /** Ends the loading resolution (see LOADING_PIXEL_RATIO). */
  private readonly fullResolution = (): void => {
    if (this.atFullResolution) return
    this.atFullResolution = true
    window.clearTimeout(this.fullResolutionTimer)
    this.map.setPixelRatio(null as unknown as number) // (null: the device's, as by default)
    this.map.getCanvas().style.visibility = ''
  }

  /** A GeoJSON source of the style, added to the map (without its layers) on first use. */
  private source(id: string): GeoJSONSource | undefined {
    if (!this.map.getSource(id)) {
      const spec = this.style.sources[id]
      if (!spec) return undefined
      this.map.addSource(id, spec)
    }
    return this.map.getSource(id) as GeoJSONSource | undefined
  }

  /** Adds the layers of these sources that are not on the map yet, in the style's order. */
  private addLayers(ofSource: (source: string) => boolean): void {
    const order = this.style.layers
    order.forEach((layer, i) => {
      if (!('source' in layer) || typeof layer.source !== 'string' || !ofSource(layer.source) || this.map.getLayer(layer.id)) return
      const before = order.slice(i + 1).find((l) => this.map.getLayer(l.id))
      this.map.addLayer(layer, before?.id)
    })
  }

  /** Sets a layout or paint property in the style and, if the layer is on the map, there too. */
  private setProperty(kind: 'layout' | 'paint', id: string, name: string, value: unknown): void {
    const layer = this.style.layers.find((l) => l.id === id) as (LayerSpecification & LayerProps) | undefined
    if (layer) layer[kind] = { ...layer[kind], [name]: value }
    if (!this.map.getLayer(id)) return
    // (MapLibre types each property's value; the style spec above has been typed already.)
    if (kind === 'layout') this.map.setLayoutProperty(id, name as never, value as never)
    else this.map.setPaintProperty(id, name as never, value as never)
  }

  getData(layer: MapLayerName): FeatureCollection | undefined {
    return this.data.get(layer)
  }

  layerCounts(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [layer, fc] of this.data) out[layer] = fc.features.length
    return out
  }

  hasFeature(layer: MapLayerName, id: number): boolean {
    return !!this.findFeature(layer, id)
  }

  private findFeature(layer: MapLayerName, id: number): Feature | undefined {
    return this.data.get(layer)?.features.find((f) => Number(f.id ?? (f.properties as { id?: unknown }).id) === id)
  }

  /** Marks the handle ready for tests once every requested layer has arrived. */
  markReady(): void {
    if (!this.withData.size) this.fullResolution() // (no data to wait for)
    this.handle.ready = true
  }

  /** Shows or hides a type: the combined source (and so its clusters) is rebuilt without it. */
  async setVisible(layer: PointLayer, visible: boolean): Promise<void> {
    if (visible === !this.hidden.has(layer)) return
    if (visible) this.hidden.delete(layer)
    else this.hidden.add(layer)
    if (!this.map.getSource(POINTS_SOURCE)) return
    await this.loadedStyle
    await this.sendPoints()
  }

  async setColourBy(by: ColourBy): Promise<void> {
    this.setProperty('paint', POINT_LAYER_IDS.clusters, 'circle-color', clusterColour(by))
    this.setProperty('layout', POINT_LAYER_IDS.icons, 'icon-image', pointIcon(by))
  }

  /** Adds raster tiles under the map (once; null: none). */
  async setBasemap(tileUrl: string | null): Promise<void> {
    if (!tileUrl || this.style.sources.basemap) return
    const b = basemap(tileUrl)
    this.style.sources.basemap = b.source
    this.style.layers.unshift(b.layer) // under everything
    this.setProperty('paint', 'areas-fill', 'fill-opacity', areaOpacity(true))
    await this.loadedStyle
    this.map.addSource('basemap', b.source)
    this.addLayers((source) => source === 'basemap')
  }

  async setApproximateSuffix(suffix: string): Promise<void> {
    this.setProperty('layout', 'town-labels', 'text-field', townLabelText(suffix))
  }

  async setShape(fc: FeatureCollection | null): Promise<void> {
    await this.loadedStyle
    if (!fc && !this.map.getSource('shape')) return
    await this.send('shape', (fc ?? EMPTY_FC) as GeoJSONData)
  }

  async setSelection(points: Position[]): Promise<void> {
    await this.loadedStyle
    if (!points.length && !this.map.getSource('selection')) return
    const fc = {
      type: 'FeatureCollection' as const,
      features: points.map((p) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: p }, properties: {} })),
    }
    await this.send('selection', fc)
  }

  /** Highlights one town area (by its code) and zooms to it; null shows the whole district. */
  async chooseTown(code: string | null): Promise<void> {
    await this.loadedStyle
    const fc = this.data.get('jurisdictions')
    const town = code ? fc?.features.find((f) => (f.properties as { code?: string }).code === code && f.geometry.type !== 'Point') : undefined
    this.chosenTown = town?.id ?? null
    this.applyChosenTown()
    const box = town ? featuresBBox([town]) : fc ? collectionBBox({ type: 'FeatureCollection', features: fc.features.filter((f) => f.geometry.type !== 'Point') }) : null
    this.fitBBox(box ?? DISTRICT_BOUNDS)
  }

  private applyChosenTown(): void {
    if (!this.map.getSource('jurisdictions') || this.shownTown === this.chosenTown) return
    // (Each change redraws the map: none when nothing changes.)
    if (this.shownTown !== null) this.map.removeFeatureState({ source: 'jurisdictions' })
    if (this.chosenTown !== null) this.map.setFeatureState({ source: 'jurisdictions', id: this.chosenTown }, { chosen: true })
    this.shownTown = this.chosenTown
  }

  /**
   * Frames a box. The first framing jumps (an animation would only delay the first complete map),
   * later ones ease; none moves the camera when it already shows the box as asked, so that tiles
   * already drawn stay.
   */
  fitBBox(box: BBox, maxZoom = 15): void {
    const bounds: [[number, number], [number, number]] = [[box[0], box[1]], [box[2], box[3]]]
    const camera = this.map.cameraForBounds(bounds, { padding: FRAME_PADDING, maxZoom })
    const first = !this.framed
    this.framed = true
    if (camera?.center && this.showsCamera(camera.center, camera.zoom ?? this.map.getZoom(), camera.bearing ?? 0)) return
    this.map.fitBounds(bounds, { padding: FRAME_PADDING, maxZoom, duration: first ? 0 : 600 })
  }

  /** Flies to a place; the first framing jumps there. */
  flyTo(p: Position, zoom = 16): void {
    const first = !this.framed
    this.framed = true
    if (first) this.map.jumpTo({ center: p as [number, number], zoom })
    else this.map.flyTo({ center: p as [number, number], zoom, speed: 1.6 })
  }

  /** Whether the camera already shows this centre (within a pixel), zoom and bearing, unpitched. */
  private showsCamera(center: LngLatLike, zoom: number, bearing: number): boolean {
    const at = this.map.project(center)
    const mid = this.map.project(this.map.getCenter())
    return (
      Math.abs(this.map.getZoom() - zoom) < 1e-3 &&
      Math.abs(this.map.getBearing() - bearing) < 1e-3 &&
      this.map.getPitch() === 0 &&
      Math.hypot(at.x - mid.x, at.y - mid.y) < 1
    )
  }

  resize(): void {
    this.map.resize()
  }

  destroy(): void {
    this.popup.remove()
    window.clearTimeout(this.fullResolutionTimer)
    if (window.__lakeguardMap === this.handle) delete window.__lakeguardMap
    this.map.remove()
  }
}

/** True when the browser can create a WebGL context (MapLibre needs one). */
export function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas')
    return !!(canvas.getContext('webgl2') ?? canvas.getContext('webgl'))
  } catch {
    return false
  }
}
