// The hidden-danger API (docs/hazards.md): the list, detail with its history, notices and photos,
// the workflow actions, raw-body photo uploads, statistics and the supervision (督办) list.
import { api } from './index'
import type { ListReply } from './types'

export type HazardStatus = 'reported' | 'rectifying' | 'submitted' | 'closed'
export type HazardClass = '一般' | '重大'
export type HazardSource = 'self_check' | 'inspection' | 'report' | 'public'
export type HazardAction = 'confirm' | 'plan' | 'submit' | 'accept' | 'reject' | 'reopen'

export const HAZARD_STATUSES: readonly HazardStatus[] = ['reported', 'rectifying', 'submitted', 'closed']
export const HAZARD_CLASSES: readonly HazardClass[] = ['一般', '重大']
export const HAZARD_SOURCES: readonly HazardSource[] = ['self_check', 'inspection', 'report', 'public']
export const HAZARD_ACTIONS: readonly HazardAction[] = ['confirm', 'plan', 'submit', 'accept', 'reject', 'reopen']

/** 事故隐患治理方案 (required for 重大 before confirm). */
export interface HazardPlan {
  measures: string
  funds_yuan: number
  responsible: string
  deadline: string
  interim_measures: string
}

export interface Hazard {
  id: number
  enterprise_id: number
  town_code: string
  community_code: string | null
  industry: string | null
  location: string | null
  description: string
  class: HazardClass
  source: HazardSource
  category: string | null
  found_at: string
  found_by: string
  status: HazardStatus
  deadline: string | null
  overdue: boolean
  plan: HazardPlan | null
  reported_by: string
  created_at: string
  updated_at: string
  confirmed_at: string | null
  closed_at: string | null
  version: number
  responsible_level?: string
}

export interface HazardActionRecord {
  id: number
  action: string
  from_status: HazardStatus | null
  to_status: HazardStatus
  actor: string
  at: string
  payload: Record<string, unknown>
}

export interface HazardNotice {
  id: number
  kind: 'reminder' | 'supervision'
  stage: number
  deadline: string
  to_level: string
  to_code: string
  due_at: string
  recorded_at: string
  late: boolean
  superseded: boolean
  delivery: string
  attempts: number
  delivered_at: string | null
  delivery_error: string | null
}

export interface HazardPhoto {
  hash: string
  media_type: string
  size_bytes: number
  purpose: 'finding' | 'evidence'
  added_by: string
  added_at: string
  url: string
}

export interface HazardDetail extends Hazard {
  actions: HazardActionRecord[]
  allowed_actions: HazardAction[]
  notices: HazardNotice[]
  photos: HazardPhoto[]
}

export interface HazardStats {
  total: number
  by_status: Record<string, number>
  by_class: Record<string, number>
  by_town: Record<string, number>
  by_industry: Record<string, number>
  by_source: Record<string, number>
  overdue: number
  closed: number
  closed_on_time: number
  on_time_rate: number | null
  mean_days_to_close: number | null
}

export interface Supervision extends Hazard {
  escalations: number
  supervised_by_level: string
  supervised_by_code: string | null
  first_order_at: string
  last_order_at: string
  days_overdue: number
}

export interface HazardFilters {
  status?: string
  class?: string
  town?: string | null
  enterprise_id?: number | string
  overdue?: string
}

export interface NewHazard {
  enterprise_id: number
  description: string
  class: HazardClass
  source: HazardSource
  location?: string
  category?: string
}

export function listHazards(query: HazardFilters & { page?: number; page_size?: number; sort?: string }, signal?: AbortSignal) {
  return api.get<ListReply<Hazard>>('/hazards', { ...query }, { signal })
}
export function getHazard(id: number | string) {
  return api.get<HazardDetail>(`/hazards/${id}`)
}
export function reportHazard(body: NewHazard) {
  return api.post<HazardDetail>('/hazards', body)
}
export function actOnHazard(id: number, body: { action: HazardAction } & Record<string, unknown>, version?: number) {
  return api.post<HazardDetail>(`/hazards/${id}/actions`, body, version !== undefined ? { headers: { 'If-Match': `"${version}"` } } : {})
}
/** One image as the raw body (no multipart); the server decides the type from the bytes. */
export function uploadHazardPhoto(id: number, file: Blob) {
  const type = ['image/jpeg', 'image/png', 'image/webp'].includes(file.type) ? file.type : 'application/octet-stream'
  return api.request<HazardPhoto>(`/hazards/${id}/photos`, { method: 'POST', body: { data: file, contentType: type } })
}
export function hazardStats(query: HazardFilters, signal?: AbortSignal) {
  return api.get<HazardStats>('/hazards/stats', { ...query }, { signal })
}
export function listSupervisions(query: { status?: string; town?: string | null; class?: string; page?: number; page_size?: number }, signal?: AbortSignal) {
  return api.get<ListReply<Supervision>>('/hazards/supervisions', { ...query }, { signal })
}

/** Every page of a list, up to `max` rows (the server's page size is at most 500). */
export async function allHazards(query: HazardFilters, max = 2000, signal?: AbortSignal): Promise<{ items: Hazard[]; total: number }> {
  const items: Hazard[] = []
  let total = 0
  for (let page = 1; items.length < max; page++) {
    const r = await listHazards({ ...query, page, page_size: 500, sort: '-id' }, signal)
    total = r.total
    items.push(...r.items)
    if (r.items.length < 500 || items.length >= r.total) break
  }
  return { items: items.slice(0, max), total }
}
