// Counting what the screen shows: objects per town and category, and the latest changes.
import type { BaseObject, FeatureCollection } from '@/api/types'

export type CountsByTown = Record<string, Record<string, number>>

/** counts[town_code][layer] from each layer's features (property town_code). */
export function countByTown(layers: Record<string, FeatureCollection>): CountsByTown {
  const out: CountsByTown = {}
  for (const [layer, fc] of Object.entries(layers)) {
    for (const f of fc.features) {
      const town = (f.properties as { town_code?: unknown })?.town_code
      const key = typeof town === 'string' && town ? town : ''
      out[key] ??= {}
      out[key][layer] = (out[key][layer] ?? 0) + 1
    }
  }
  return out
}

export function countByValue(fc: FeatureCollection, field: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const f of fc.features) {
    const v = (f.properties as Record<string, unknown>)?.[field]
    const key = v === undefined || v === null ? '' : String(v)
    out[key] = (out[key] ?? 0) + 1
  }
  return out
}

export interface Change {
  kind: string
  id: number
  name: string
  updated_at: string
  synthetic: boolean
}

/** The newest changes across kinds, newest first. */
export function latestChanges(lists: Record<string, readonly BaseObject[]>, limit: number): Change[] {
  const all: Change[] = []
  for (const [kind, items] of Object.entries(lists)) {
    for (const o of items) {
      all.push({
        kind,
        id: o.id,
        name: String(o.name ?? o.code ?? o.id),
        updated_at: o.updated_at,
        synthetic: o.synthetic === true,
      })
    }
  }
  all.sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at) || b.id - a.id)
  return all.slice(0, limit)
}
