// Enterprise risk (the index, its history, risk points, the four-colour list) and safety codes:
// docs/risk.md, docs/codes.md and docs/api.md "Enterprise risk", "Risk points", "Four-colour map
// list", "Safety codes".
import { api } from './index'
import type { ListReply } from './types'

export type RiskColour = 'red' | 'orange' | 'yellow' | 'blue'
/** A code's colour: a worker's code may also be green (valid). */
export type CodeColour = RiskColour | 'green'

/** One factor's contribution to the index: `points` of `weight`; the rows add up to the index. */
export interface RiskFactor {
  factor: string
  value: number | string | null
  points: number
  weight: number
  note: string
}

export interface EnterpriseRisk {
  enterprise_id: number
  index: number
  colour: RiskColour
  level: string
  major_hazard: {
    is_major_hazard: boolean
    grade: number | null
    grade_name: string | null
    S: number
    R: number
    alpha: number
    units: { storage_unit: string | null; S: number; R: number; is_major_hazard: boolean; grade: number | null }[]
  }
  factors: RiskFactor[]
  computed_at: string
}

export interface RiskChange {
  id: number
  index: number
  colour: RiskColour
  factors: RiskFactor[]
  computed_at: string
}

export interface RiskSummary {
  enterprise_id: number
  index: number
  colour: RiskColour
  level: string
  town_code: string
  community_code: string | null
  computed_at: string
  name: string | null
  lon: number | null
  lat: number | null
}

export type RiskMethod = 'LEC' | 'LS'

export interface RiskPointBody {
  name: string
  location?: string | null
  method: RiskMethod
  L: number | null
  E?: number | null
  C?: number | null
  S?: number | null
  assessed_by: string
  assessed_at: string
}

export interface RiskPoint extends RiskPointBody {
  id: number
  enterprise_id: number
  score: number
  level: string
  colour: RiskColour
  created_at: string
  updated_at: string
  version: number
}

export interface CodeReason {
  rule: string
  colour: CodeColour
  value: string
}

export interface SafetyCode {
  subject: 'enterprise' | 'worker'
  subject_id: number
  enterprise_id: number
  name: string
  colour: CodeColour
  colour_label: string
  reasons: CodeReason[]
  valid_until: string | null
  token: string
  url: string
  claimed: boolean
  claimed_at: string | null
  checked_at: string
}

export interface SpecialWorker {
  id: number
  enterprise_id: number
  name: string
  category: string
  certificate_no: string
  certificate_valid_until: string
  trained_on: string | null
  open_violation: boolean
  colour: CodeColour
  valid: boolean
  reasons: CodeReason[]
  version: number
}

export const enterpriseRisk = (id: number, signal?: AbortSignal) => api.get<EnterpriseRisk>(`/enterprises/${id}/risk`, undefined, { signal })

export const riskHistory = (id: number, page = 1, pageSize = 50) =>
  api.get<ListReply<RiskChange>>(`/enterprises/${id}/risk/history`, { page, page_size: pageSize })

/** The four-colour list, one page (page_size ≤ 500). */
export const riskEnterprises = (query: { town?: string | null; colour?: RiskColour | null; page?: number; page_size?: number }, signal?: AbortSignal) =>
  api.get<ListReply<RiskSummary>>('/risk/enterprises', query, { signal })

/** Every item of the four-colour list in scope (pages of 500, at most `limit` items). */
export async function allRiskEnterprises(town: string | null, signal?: AbortSignal, limit = 20_000): Promise<RiskSummary[]> {
  const out: RiskSummary[] = []
  for (let page = 1; ; page++) {
    const r = await riskEnterprises({ town, page, page_size: 500 }, signal)
    out.push(...r.items)
    if (r.items.length === 0 || out.length >= r.total || out.length >= limit) return out
  }
}

export const listRiskPoints = (enterpriseId: number) =>
  api.get<ListReply<RiskPoint>>(`/enterprises/${enterpriseId}/risk-points`, { page_size: 500 })

export const createRiskPoint = (enterpriseId: number, body: RiskPointBody) => api.post<RiskPoint>(`/enterprises/${enterpriseId}/risk-points`, body)

export const patchRiskPoint = (id: number, body: Partial<RiskPointBody>, version?: number) =>
  api.patch<RiskPoint>(`/risk-points/${id}`, body, version !== undefined ? { headers: { 'If-Match': `"${version}"` } } : {})

export const deleteRiskPoint = (id: number) => api.delete(`/risk-points/${id}`)

export const enterpriseCode = (id: number) => api.get<SafetyCode>(`/enterprises/${id}/code`)
export const workerCode = (id: number) => api.get<SafetyCode>(`/special-workers/${id}/code`)
export const getSpecialWorker = (id: number) => api.get<SpecialWorker>(`/special-workers/${id}`)
export const listSpecialWorkers = (enterpriseId: number) =>
  api.get<ListReply<SpecialWorker>>(`/enterprises/${enterpriseId}/special-workers`, { page_size: 500 })

/** The QR image of a code (PNG, drawn by the server; the session cookie authorises it). */
export function codePngUrl(subject: 'enterprise' | 'worker', id: number, modulePx = 8): string {
  const base = subject === 'enterprise' ? `/api/v1/enterprises/${id}` : `/api/v1/special-workers/${id}`
  return `${base}/code.png?module_px=${modulePx}`
}
