// Finding loaded map objects by name or code (credit code, device code, division code).
import type { Feature, FeatureCollection, Position } from '@/api/types'

export interface SearchHit {
  layer: string
  id: number
  name: string
  code: string
  coordinates: Position | null
  feature: Feature
}

const CODE_FIELDS = ['code', 'credit_code'] as const

function centre(f: Feature): Position | null {
  const g = f.geometry
  if (!g) return null
  if (g.type === 'Point') return g.coordinates
  if (g.type === 'Polygon') {
    const ring = g.coordinates[0] ?? []
    if (ring.length === 0) return null
    const n = ring.length
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n]
  }
  return null
}

/**
 * Objects whose name contains the text, or whose code starts with it (case-insensitive).
 * Exact matches come first, then name matches, then code matches; at most `limit`.
 */
export function searchFeatures(layers: ReadonlyMap<string, FeatureCollection> | Record<string, FeatureCollection>, text: string, limit = 20): SearchHit[] {
  const q = text.trim().toLowerCase()
  if (!q) return []
  const entries = layers instanceof Map ? [...layers.entries()] : Object.entries(layers)
  const scored: { hit: SearchHit; score: number }[] = []
  for (const [layer, fc] of entries) {
    for (const f of fc.features) {
      const p = (f.properties ?? {}) as Record<string, unknown>
      const name = typeof p.name === 'string' ? p.name : ''
      const code = CODE_FIELDS.map((k) => p[k]).find((v): v is string => typeof v === 'string' && v !== '') ?? ''
      const lname = name.toLowerCase()
      const lcode = code.toLowerCase()
      let score = -1
      if (lname === q || lcode === q) score = 0
      else if (lname.includes(q)) score = 1
      else if (lcode.startsWith(q)) score = 2
      if (score < 0) continue
      const id = Number(f.id ?? p.id)
      scored.push({ hit: { layer, id, name, code, coordinates: centre(f), feature: f }, score })
    }
  }
  scored.sort((a, b) => a.score - b.score || a.hit.name.length - b.hit.name.length)
  return scored.slice(0, limit).map((s) => s.hit)
}
