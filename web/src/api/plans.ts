// The plan-centre API (预案中心, docs/plans.md): the list, one plan with its editions, attachments
// and the actions the server allows the caller, create and PATCH (If-Match), the workflow actions,
// raw-body attachment uploads, the templates, the types and the match of an event to plans.
import { api } from './index'
import type { ListReply } from './types'

export type PlanCategory = '自然灾害' | '事故灾难' | '公共卫生' | '社会安全'
export type PlanLevel = 'district' | 'town' | 'community' | 'enterprise'
export type PlanStatus = 'draft' | 'review' | 'published' | 'retired'
export type PlanAction = 'submit' | 'reject' | 'approve' | 'publish' | 'retire' | 'revise'
export type Comparator = '>=' | '>' | '<=' | '<' | '==' | 'has'

export const PLAN_CATEGORIES: readonly PlanCategory[] = ['自然灾害', '事故灾难', '公共卫生', '社会安全']
export const PLAN_LEVELS: readonly PlanLevel[] = ['district', 'town', 'community', 'enterprise']
export const PLAN_STATUSES: readonly PlanStatus[] = ['draft', 'review', 'published', 'retired']
export const PLAN_ACTIONS: readonly PlanAction[] = ['submit', 'reject', 'approve', 'publish', 'retire', 'revise']
export const COMPARATORS: readonly Comparator[] = ['>=', '>', '<=', '<', '==', 'has']

export interface PlanTrigger {
  indicator: string
  comparator: Comparator
  threshold?: number
  unit?: string
  keyword?: string
}

export interface PlanTaskTemplate {
  title: string
  responsible_role?: string
  responsible_unit?: string
  deadline_offset_min: number
  checklist?: string[]
}

/** A response level: 1 = Ⅰ级 (the most severe) … 4 = Ⅳ级. */
export interface PlanResponseLevel {
  level: number
  name?: string
  trigger_mode?: 'all' | 'any'
  triggers?: PlanTrigger[]
  tasks?: PlanTaskTemplate[]
  description?: string
  basis?: string
}

export interface PlanOrgRole {
  role: string
  units?: string[]
  user_ids?: number[]
}

export interface PlanContent {
  organisation?: PlanOrgRole[]
  levels: PlanResponseLevel[]
}

export interface Plan {
  id: number
  title: string
  type: PlanCategory
  sub_type: string | null
  level: PlanLevel
  owner_unit: string
  jurisdiction: string | null
  town_code: string | null
  community_code: string | null
  enterprise_id: number | null
  keywords: string[]
  summary: string | null
  content?: PlanContent
  status: PlanStatus
  edition: number
  in_force_edition: number | null
  author: string
  approver: string | null
  approved_at: string | null
  revision_due: string | null
  synthetic: boolean
  created_at: string
  updated_at: string
  published_at: string | null
  version: number
}

export interface PlanEdition {
  edition: number
  approver: string
  published_by: string
  published_at: string
}

export interface PlanAttachment {
  id: number
  plan_id: number
  filename: string
  media_type: string
  size_bytes: number
  sha256: string
  uploaded_by: string
  uploaded_at: string
}

export interface PlanDetail extends Plan {
  content: PlanContent
  versions: PlanEdition[]
  attachments: PlanAttachment[]
  allowed_actions: PlanAction[]
  editable: boolean
}

/** POST /plans (and the templates, which carry `key` besides). */
export interface PlanInput {
  title: string
  type: PlanCategory
  sub_type?: string | null
  level: PlanLevel
  owner_unit: string
  jurisdiction?: string
  enterprise_id?: number
  keywords?: string[]
  summary?: string | null
  content: PlanContent
  revision_due?: string
}

export type PlanPatch = Partial<Omit<PlanInput, 'level' | 'jurisdiction' | 'enterprise_id'>>

export interface PlanTemplate extends PlanInput {
  key: string
}

export interface PlanTypeGroup {
  type: PlanCategory
  sub_types: string[]
}

export interface PlanFilters {
  type?: string
  level?: string
  status?: string
  town?: string | null
  q?: string
}

export interface MatchRequest {
  type?: string
  level?: number
  indicators?: Record<string, number>
  location?: { lon: number; lat: number } | { town: string }
  town?: string
  enterprise_id?: number
  keywords?: string[]
  limit?: number
}

export interface MatchItem {
  plan_id: number
  title: string
  type: PlanCategory
  sub_type: string | null
  level: PlanLevel
  jurisdiction: string
  edition: number
  score: number
  matched_level: number | null
  matched_level_name: string | null
  reasons: string[]
}

export interface MatchReply {
  items: MatchItem[]
  place: string | null
  place_from: 'given' | 'enterprise' | 'caller_scope' | 'none'
  candidates: number
}

const ifMatch = (version: number) => ({ headers: { 'If-Match': `"${version}"` } })

export function listPlans(query: PlanFilters & { page?: number; page_size?: number }, signal?: AbortSignal) {
  return api.get<ListReply<Plan>>('/plans', { ...query }, { signal })
}
export function getPlan(id: number | string) {
  return api.get<PlanDetail>(`/plans/${id}`)
}
export function createPlan(body: PlanInput) {
  return api.post<PlanDetail>('/plans', body)
}
export function patchPlan(id: number, body: PlanPatch, version: number) {
  return api.patch<PlanDetail>(`/plans/${id}`, body, ifMatch(version))
}
export function actOnPlan(id: number, body: { action: PlanAction; reason?: string }, version: number) {
  return api.post<PlanDetail>(`/plans/${id}/actions`, body, ifMatch(version))
}
/** The file as the raw body; the server types it from its bytes (PDF or DOCX). */
export function uploadPlanAttachment(id: number, file: Blob, filename: string) {
  return api.request<PlanAttachment>(`/plans/${id}/attachments`, {
    method: 'POST',
    query: { filename },
    body: { data: file, contentType: 'application/octet-stream' },
  })
}
export function attachmentUrl(planId: number, attachmentId: number): string {
  return api.url(`/plans/${planId}/attachments/${attachmentId}`)
}
export function listTemplates() {
  return api.get<{ items: PlanTemplate[] }>('/plans/templates')
}
export function listPlanTypes() {
  return api.get<{ items: PlanTypeGroup[] }>('/plans/types')
}
export function matchPlans(body: MatchRequest) {
  return api.post<MatchReply>('/plans/match', body)
}
