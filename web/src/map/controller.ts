// One MapLibre map with the console's layers: jurisdictions, the seven point layers, a drawn
// shape and a selection highlight. Vue components drive it; it knows nothing of the API.
import {
  AttributionControl,
  FullscreenControl,
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
  type GeoJSONSource,
  type MapGeoJSONFeature,
  type MapLayerMouseEvent,
} from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url'
import 'maplibre-gl/dist/maplibre-gl.css'
import type { FeatureCollection, Position } from '@/api/types'
import { POINT_LAYERS, type PointLayer } from '@/domain/kinds'
import { collectionBBox, featuresBBox, type BBox } from '@/utils/geo'
import { buildStyle, EMPTY_FC, enterpriseColour, layerIds, townLabelPoints, type ColourBy } from './layers'

setWorkerUrl(workerUrl)

type GeoJSONData = Parameters<GeoJSONSource['setData']>[0]

/** West Lake District, for the first view before data arrives. */
export const DISTRICT_BOUNDS: BBox = [119.998, 30.0755, 120.1814, 30.3554]

export type MapLayerName = PointLayer | 'jurisdictions'

export interface MapOptions {
  container: HTMLElement
  /** The element that goes full screen (the map and its panels). */
  fullscreenContainer?: HTMLElement
  tileUrl: string | null
  colourBy: ColourBy
  approximateSuffix: string
  attribution: string
  dark?: boolean
  /** The screen: no zoom buttons, no full-screen button. */
  compact?: boolean
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
  ready: boolean
}

declare global {
  interface Window {
    __lakeguardMap?: MapHandle
  }
}

export class MapController {
  readonly map: MapLibreMap
  private readonly data = new Map<MapLayerName, FeatureCollection>()
  private readonly loadedStyle: Promise<void>
  private framed = false
  private chosenTown: number | string | null = null
  private clickHandler: ((hit: FeatureHit) => void) | null = null
  private handle: MapHandle

  constructor(opts: MapOptions) {
    this.map = new MapLibreMap({
      container: opts.container,
      style: buildStyle({ tileUrl: opts.tileUrl, colourBy: opts.colourBy, approximateSuffix: opts.approximateSuffix, dark: opts.dark }),
      bounds: DISTRICT_BOUNDS,
      fitBoundsOptions: { padding: 20 },
      attributionControl: false,
      localIdeographFontFamily: 'sans-serif',
      maxZoom: 19,
      minZoom: 6,
    })
    this.map.addControl(new AttributionControl({ compact: true, customAttribution: opts.attribution }), 'bottom-right')
    this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left')
    if (!opts.compact) {
      this.map.addControl(new NavigationControl({ showCompass: true }), 'top-right')
      this.map.addControl(new FullscreenControl({ container: opts.fullscreenContainer ?? opts.container }), 'top-right')
    }
    this.loadedStyle = new Promise((resolve) => {
      if (this.map.isStyleLoaded()) resolve()
      else this.map.once('load', () => resolve())
    })
    for (const layer of POINT_LAYERS) this.bindLayer(layer)
    this.handle = {
      map: this.map,
      layerCounts: () => this.layerCounts(),
      hasFeature: (layer, id) => this.hasFeature(layer as MapLayerName, id),
      ready: false,
    }
    window.__lakeguardMap = this.handle
  }

  /** Resolves once the style is ready for data. */
  whenLoaded(): Promise<void> {
    return this.loadedStyle
  }

  onFeatureClick(fn: (hit: FeatureHit) => void): void {
    this.clickHandler = fn
  }

  private bindLayer(layer: PointLayer): void {
    const ids = layerIds(layer)
    this.map.on('click', ids.points, (e: MapLayerMouseEvent) => {
      const f = e.features?.[0]
      if (!f || f.id === undefined) return
      const coords = (f.geometry.type === 'Point' ? f.geometry.coordinates : [e.lngLat.lng, e.lngLat.lat]) as Position
      this.clickHandler?.({ layer, id: Number(f.id), properties: f.properties ?? {}, coordinates: coords })
    })
    this.map.on('click', ids.clusters, async (e: MapLayerMouseEvent) => {
      const f = e.features?.[0] as MapGeoJSONFeature | undefined
      const clusterId = f?.properties?.cluster_id
      if (clusterId === undefined || f?.geometry.type !== 'Point') return
      const source = this.map.getSource(layer) as GeoJSONSource
      const zoom = await source.getClusterExpansionZoom(Number(clusterId))
      this.map.easeTo({ center: f.geometry.coordinates as [number, number], zoom: Math.min(zoom, 18) })
    })
    for (const id of [ids.points, ids.clusters]) {
      this.map.on('mouseenter', id, () => {
        if (!this.map.getCanvas().style.cursor) this.map.getCanvas().style.cursor = 'pointer'
      })
      this.map.on('mouseleave', id, () => {
        if (this.map.getCanvas().style.cursor === 'pointer') this.map.getCanvas().style.cursor = ''
      })
    }
  }

  async setData(layer: MapLayerName, fc: FeatureCollection): Promise<void> {
    this.data.set(layer, fc)
    await this.loadedStyle
    ;(this.map.getSource(layer) as GeoJSONSource | undefined)?.setData(fc as GeoJSONData)
    if (layer === 'jurisdictions') {
      ;(this.map.getSource('town-label-points') as GeoJSONSource | undefined)?.setData(townLabelPoints(fc) as GeoJSONData)
      this.applyChosenTown()
    }
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
    return !!this.data.get(layer)?.features.some((f) => Number(f.id ?? (f.properties as { id?: unknown }).id) === id)
  }

  /** Marks the handle ready for tests once every requested layer has arrived. */
  markReady(): void {
    this.handle.ready = true
  }

  async setVisible(layer: PointLayer, visible: boolean): Promise<void> {
    await this.loadedStyle
    const ids = layerIds(layer)
    for (const id of [ids.clusters, ids.count, ids.points]) {
      this.map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none')
    }
  }

  async setColourBy(by: ColourBy): Promise<void> {
    await this.loadedStyle
    this.map.setPaintProperty(layerIds('enterprises').points, 'circle-color', enterpriseColour(by))
  }

  async setApproximateSuffix(suffix: string): Promise<void> {
    await this.loadedStyle
    this.map.setLayoutProperty('town-labels', 'text-field', [
      'case',
      ['==', ['get', 'approximate'], true],
      ['concat', ['get', 'name'], suffix],
      ['get', 'name'],
    ])
  }

  async setShape(fc: FeatureCollection | null): Promise<void> {
    await this.loadedStyle
    ;(this.map.getSource('shape') as GeoJSONSource).setData((fc ?? EMPTY_FC) as GeoJSONData)
  }

  async setSelection(points: Position[]): Promise<void> {
    await this.loadedStyle
    const fc = {
      type: 'FeatureCollection' as const,
      features: points.map((p) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: p }, properties: {} })),
    }
    ;(this.map.getSource('selection') as GeoJSONSource).setData(fc)
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
    if (!this.map.getSource('jurisdictions')) return
    this.map.removeFeatureState({ source: 'jurisdictions' })
    if (this.chosenTown !== null) this.map.setFeatureState({ source: 'jurisdictions', id: this.chosenTown }, { chosen: true })
  }

  /** Frames a box; the first framing after load jumps (an animation would only delay the first idle map). */
  fitBBox(box: BBox, maxZoom = 15): void {
    this.map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding: 30, maxZoom, duration: this.framed ? 600 : 0 })
    this.framed = true
  }

  flyTo(p: Position, zoom = 16): void {
    this.map.flyTo({ center: p as [number, number], zoom, speed: 1.6 })
  }

  resize(): void {
    this.map.resize()
  }

  destroy(): void {
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
