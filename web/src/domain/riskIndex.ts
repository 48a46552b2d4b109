// The enterprise risk index on the console: the contribution chart's geometry, the town × colour
// counts of the four-colour list, and the card data of a safety code. Pure helpers; the server
// (docs/risk.md "Enterprise risk index") computes every number shown.
import type { CodeColour, RiskColour, RiskFactor, RiskSummary } from '@/api/risk'
import type { FeatureCollection } from '@/api/types'
import { RISK_COLORS } from './risk'

/** Factors the server names today (docs/risk.md); another one is still shown, by its name. */
export const KNOWN_FACTORS = [
  'major_hazard',
  'worst_risk_point',
  'open_hazards',
  'overdue_hazards',
  'open_major_hazards',
  'active_alarms',
  'recent_penalties',
  'accidents_3y',
  'expired_licences',
  'cap',
] as const

export const isKnownFactor = (f: string): boolean => (KNOWN_FACTORS as readonly string[]).includes(f)

/** One segment of the stacked bar: where a factor's points start and how wide they are (0–100). */
export interface Segment {
  factor: string
  start: number
  width: number
}

/**
 * The stacked bar of the index: the factors with points, end to end from 0; a negative `cap` row
 * (weights summing over 100) trims the last segments so that the bar ends at the index.
 */
export function stackSegments(factors: readonly RiskFactor[]): Segment[] {
  const out: Segment[] = []
  let at = 0
  for (const f of factors) {
    if (!(f.points > 0)) continue
    out.push({ factor: f.factor, start: at, width: f.points })
    at += f.points
  }
  let excess = -factors.filter((f) => f.points < 0).reduce((s, f) => s + f.points, 0)
  for (let i = out.length - 1; i >= 0 && excess > 0; i--) {
    const cut = Math.min(out[i].width, excess)
    out[i].width -= cut
    excess -= cut
  }
  return out.filter((s) => s.width > 0)
}

/** The sum of the factors' points, to one decimal (the server's index is this sum). */
export function pointsSum(factors: readonly RiskFactor[]): number {
  return Math.round(factors.reduce((s, f) => s + f.points * 10, 0)) / 10
}

/** Per town, the number of enterprises of each colour (and in all), towns in code order. */
export interface TownCounts {
  town_code: string
  counts: Record<RiskColour, number>
  total: number
}

export function countByTown(items: readonly Pick<RiskSummary, 'town_code' | 'colour'>[]): TownCounts[] {
  const byTown = new Map<string, TownCounts>()
  for (const it of items) {
    let row = byTown.get(it.town_code)
    if (!row) {
      row = { town_code: it.town_code, counts: { red: 0, orange: 0, yellow: 0, blue: 0 }, total: 0 }
      byTown.set(it.town_code, row)
    }
    if ((RISK_COLORS as readonly string[]).includes(it.colour)) row.counts[it.colour]++
    row.total++
  }
  return [...byTown.values()].sort((a, b) => a.town_code.localeCompare(b.town_code))
}

/** The four-colour list as map points: items without a valid point are left out. */
export function riskFeatures(items: readonly RiskSummary[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: items
      .filter((it) => typeof it.lon === 'number' && typeof it.lat === 'number' && Math.abs(it.lon) <= 180 && Math.abs(it.lat) <= 90)
      .map((it) => ({
        type: 'Feature' as const,
        id: it.enterprise_id,
        geometry: { type: 'Point' as const, coordinates: [it.lon as number, it.lat as number] as [number, number] },
        properties: { id: it.enterprise_id, name: it.name ?? '', colour: it.colour, index: it.index, town_code: it.town_code },
      })),
  }
}

/** Display colours of codes: the risk palette plus green (a valid worker's code). */
const CODE_HEX: Record<CodeColour, string> = { red: '#FC1F02', orange: '#F17A0A', yellow: '#FBF719', blue: '#1E60FF', green: '#16A34A' }

export function codeHex(colour: unknown): string {
  return typeof colour === 'string' && Object.hasOwn(CODE_HEX, colour) ? CODE_HEX[colour as CodeColour] : '#9CA3AF'
}

/** i18n key of a code colour's name. */
export function codeColourKey(colour: unknown): string {
  return typeof colour === 'string' && Object.hasOwn(CODE_HEX, colour) ? `riskPages.codeColours.${colour}` : 'risk.colors.none'
}

/** The date part (YYYY-MM-DD) of an ISO time, in Asia/Shanghai as the server's dates are. */
export function shanghaiDate(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso.slice(0, 10)
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}
