// What a live event does to what is on screen: an open list page and a map layer. The server
// sends an object that leaves the caller's scope (deleted, moved to another town) as `deleted` and
// one that enters it (created, moved in) as `created`, so both are handled alike.
import type { LiveEvent } from '@/api/live'
import type { Feature, FeatureCollection } from '@/api/types'
import { isValidLonLat } from './geo'

interface Row {
  id: number | string
  version?: number
}

export interface LiveListContext {
  /** Whether the list, as filtered, would hold this object (created events). */
  admits: (obj: Record<string, unknown>) => boolean
  /** A created object goes on top of the first page only (elsewhere it is counted). */
  firstPage: boolean
}

/**
 * The list after the event, and whether it is a change the list could not apply (it is then
 * counted in the "N new changes" hint):
 *   deleted → the row goes (a row not on this page: counted, the paging moved);
 *   created → on top of the first page when the filters admit it, else counted;
 *   updated → counted unless the row already shows that version.
 */
export function applyToRows<T extends Row>(
  rows: readonly T[],
  total: number,
  e: LiveEvent,
  ctx: LiveListContext,
): { rows: T[]; total: number; counted: boolean } {
  const id = e.data.id
  const at = rows.findIndex((r) => r.id === id)
  if (e.type === 'deleted') {
    if (at < 0) return { rows: [...rows], total, counted: true }
    return { rows: rows.filter((_, i) => i !== at), total: Math.max(0, total - 1), counted: false }
  }
  if (e.type === 'created') {
    if (at >= 0) return { rows: [...rows], total, counted: false } // this page's own write, reloaded
    if (ctx.firstPage && ctx.admits(e.data) && (typeof id === 'number' || typeof id === 'string')) {
      return { rows: [e.data as unknown as T, ...rows], total: total + 1, counted: false }
    }
    return { rows: [...rows], total, counted: true }
  }
  const shown = at >= 0 ? rows[at] : undefined
  const version = e.data.version
  if (shown && typeof version === 'number' && (shown.version ?? 0) >= version) return { rows: [...rows], total, counted: false }
  return { rows: [...rows], total, counted: true }
}

/** The layer after the event: deleted → the feature goes; created or updated → it is placed anew. */
export function applyToLayer(fc: FeatureCollection, layer: string, e: LiveEvent): FeatureCollection {
  const id = Number(e.data.id)
  const rest = fc.features.filter((f) => Number(f.id) !== id)
  if (e.type === 'deleted' || !Number.isFinite(id)) return { type: 'FeatureCollection', features: rest }
  const { lon, lat } = e.data
  if (!isValidLonLat(lon, lat)) return { type: 'FeatureCollection', features: rest }
  const feature: Feature = {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [lon as number, lat as number] },
    properties: { ...e.data, layer },
  }
  return { type: 'FeatureCollection', features: [...rest, feature] }
}
