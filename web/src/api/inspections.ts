// The 双随机 API (docs/inspections.md): inspection plans (抽查计划) and verifiable draws —
// commitment first, witnesses' texts, then the reveal.
import { api } from './index'
import type { ListReply } from './types'

export interface Named {
  id: number
  name: string
}

export interface Draw {
  id: number
  title: string
  status: 'open' | 'revealed'
  k: number
  m: number
  town_code: string | null
  plan_id: number | null
  plan_target: number | null
  pool_filter?: Record<string, unknown>
  commitment: string
  pool_enterprises: Named[]
  pool_inspectors: Named[]
  excluded_inspectors: (Named & { reason: string })[]
  witnesses: { name?: string; entropy: string; added_at?: string }[]
  seed: string | null
  final_seed: string | null
  selected_enterprises: Named[] | null
  selected_inspectors: Named[] | null
  created_at: string
  revealed_at: string | null
  version: number
}

export interface PlanTarget {
  label: string
  pool?: Record<string, unknown>
  ratio_percent: number
  times_per_year: number
  /** GET /plans/{id} only. */
  progress?: { pool_size: number; per_draw: number; planned_per_year: number; draws: number; revealed: number; enterprises_drawn: number }
}

export interface InspectionPlan {
  id: number
  year: number
  name: string
  town_code: string | null
  targets: PlanTarget[]
  created_at: string
  version: number
}

export interface NewDraw {
  title?: string
  k?: number
  m: number
  pool?: Record<string, unknown>
  plan_id?: number
  plan_target?: number
  exclude_inspectors?: { id: number; reason: string }[]
}

export function listDraws(query: { status?: string; page?: number; page_size?: number } = {}, signal?: AbortSignal) {
  return api.get<ListReply<Draw>>('/inspections/draws', query, { signal })
}
export function getDraw(id: number | string) {
  return api.get<Draw>(`/inspections/draws/${id}`)
}
export function createDraw(body: NewDraw) {
  return api.post<Draw>('/inspections/draws', body)
}
export function addWitness(id: number, body: { name: string; entropy: string }) {
  return api.post<Draw>(`/inspections/draws/${id}/witness`, body)
}
export function revealDraw(id: number) {
  return api.post<Draw>(`/inspections/draws/${id}/reveal`, {})
}
export function listPlans(query: { year?: number; page?: number; page_size?: number } = {}, signal?: AbortSignal) {
  return api.get<ListReply<InspectionPlan>>('/inspections/plans', query, { signal })
}
export function getPlan(id: number | string) {
  return api.get<InspectionPlan>(`/inspections/plans/${id}`)
}
export function createPlan(body: { year: number; name: string; targets: PlanTarget[] }) {
  return api.post<InspectionPlan>('/inspections/plans', body)
}
