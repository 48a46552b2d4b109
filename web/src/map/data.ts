// Fetching the map's layers as GeoJSON, in the user's scope and the chosen town.
import type { Feature, FeatureCollection } from '@/api/types'
import type { Query } from '@/api/client'
import { geojson } from '@/api/resources'
import type { KindName } from '@/domain/kinds'

/** Gives every feature a numeric id (the object id) so that clicks and highlights can find it. */
export function withIds(fc: FeatureCollection): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: (fc.features ?? []).map((f: Feature) => {
      if (f.id !== undefined && f.id !== null && f.id !== '') return { ...f, id: Number(f.id) }
      const pid = (f.properties as { id?: unknown } | null)?.id
      return pid !== undefined ? { ...f, id: Number(pid) } : f
    }),
  }
}

export async function loadLayer(kind: KindName, filters: Query, signal?: AbortSignal): Promise<FeatureCollection> {
  return withIds(await geojson(kind, filters, signal))
}
