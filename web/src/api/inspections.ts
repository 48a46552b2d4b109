// Inspections API (docs/inspections.md, docs/api.md "Inspection tasks"). First 掌上执法 (issue 10
// item 4): inspection tasks, their checklist items, photos, findings and penalties.
import { api } from './index'
import type { ListReply } from './types'

export type TaskStatus = 'assigned' | 'in_progress' | 'completed' | 'cancelled'
export type ItemResult = 'pass' | 'fail' | 'na'

export interface TaskItem {
  seq: number
  text: string
  basis: string
  result: ItemResult | null
  note: string
  photo: string | null
  lon: number | null
  lat: number | null
  recorded_by: string | null
  recorded_at: string | null
  hazard_id: number | null
}

export interface Penalty {
  id: number
  violation: string
  violation_text: string
  basis: string
  level: string
  amount_yuan: number
  note: string
  decided_by: string
  decided_at: string
}

export interface InspectionTask {
  id: number
  template_id: number
  template_name: string
  draw_id: number | null
  enterprise_id: number
  enterprise_name: string
  town_code: string
  inspectors: { id: number; name: string }[]
  status: TaskStatus
  cancel_reason: string | null
  created_at: string
  started_at: string | null
  completed_at: string | null
  items?: TaskItem[]
  penalties?: Penalty[]
  version: number
}

export interface BenchmarkRule {
  code: string
  violation: string
  basis: string
  ranges: { level: string; min_yuan: number; max_yuan: number }[]
}

const base = '/inspections/tasks'

export const myTasks = (status?: TaskStatus) =>
  api.get<ListReply<InspectionTask>>(base, { mine: true, status, page_size: 100 })
export const getTask = (id: number) => api.get<InspectionTask>(`${base}/${id}`)
export const actOnTask = (id: number, action: 'start' | 'complete' | 'cancel', reason?: string) =>
  api.post<InspectionTask>(`${base}/${id}/actions`, reason ? { action, reason } : { action })
export const recordItem = (id: number, seq: number, body: { result: ItemResult; note?: string; lon?: number; lat?: number }) =>
  api.request<InspectionTask>(`${base}/${id}/items/${seq}`, { method: 'PUT', json: body })
export const uploadItemPhoto = (id: number, seq: number, file: Blob) =>
  api.request<InspectionTask>(`${base}/${id}/items/${seq}/photo`, {
    method: 'POST',
    body: { data: file, contentType: file.type || 'application/octet-stream' },
  })
export const itemPhotoUrl = (id: number, seq: number) => api.url(`${base}/${id}/items/${seq}/photo`)
export const findingToHazard = (id: number, seq: number, body: { class?: '一般' | '重大'; category?: string }) =>
  api.post<{ id: number }>(`${base}/${id}/items/${seq}/hazard`, body)
export const addPenalty = (id: number, body: { violation: string; level: string; amount_yuan: number; note?: string }) =>
  api.post<InspectionTask>(`${base}/${id}/penalties`, body)
export const penaltyBenchmark = () => api.get<ListReply<BenchmarkRule>>('/inspections/penalty-benchmark')
export const reportUrl = (id: number) => api.url(`${base}/${id}/report`)

// The 双随机 API (docs/inspections.md): inspection plans (抽查计划) and verifiable draws —
// commitment first, witnesses' texts, then the reveal.

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
