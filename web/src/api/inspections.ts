// 掌上执法 (issue 10 item 4): inspection tasks, their checklist items, photos, findings and
// penalties — docs/inspections.md and docs/api.md "Inspection tasks".
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
