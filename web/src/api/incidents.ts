// Incident command API (突发事件处置, docs/incidents.md, docs/api.md "Incidents"): incidents with
// their timeline, plan activations into tasks (指令), 一键通 receipts, the situation report (续报)
// and the assignee's own tasks.
import { api } from './index'
import type { ListReply } from './types'

export type IncidentStatus = 'open' | 'closed'
export type TaskState = 'issued' | 'read' | 'accepted' | 'feedback' | 'done' | 'rejected'
export type TaskAction = 'read' | 'accept' | 'feedback' | 'done' | 'reject'
export type IncidentAction = 'level_up' | 'level_down' | 'note' | 'close'
export type ReceiptStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed'

export interface Incident {
  id: number
  title: string
  type: string
  town_code: string
  community_code: string | null
  lon: number | null
  lat: number | null
  location: string | null
  deaths: number
  serious_injuries: number
  direct_loss_yuan: number
  /** 一般 | 较大 | 重大 | 特别重大 (the server's rule, 国务院令第493号 第三条) */
  accident_grade: string
  /** 1–4, 1 = Ⅰ级 the most severe */
  response_level: number
  response_level_name: string
  status: IncidentStatus
  opened_by: string
  opened_at: string
  closed_at: string | null
  version: number
}

export interface TimelineEvent {
  id: number
  at: string
  /** created | level | activation | task | note | notify | escalation | closed — or a newer kind */
  kind: string
  actor: string
  text: string
  payload: Record<string, unknown>
}

export interface IncidentTask {
  id: number
  incident_id: number
  activation_id: number
  title: string
  role: string | null
  unit: string | null
  assignee_id: number | null
  checklist: string[]
  deadline: string
  state: TaskState
  feedback_text: string | null
  feedback_lon: number | null
  feedback_lat: number | null
  feedback_photo: string | null
  reject_reason: string | null
  escalations: number
  updated_at: string
  version: number
}

export interface Activation {
  id: number
  incident_id: number
  plan_id: number
  plan_edition: number
  plan_title: string
  response_level: number
  activated_by: string
  activated_at: string
  /** The POST's reply only. */
  tasks?: IncidentTask[]
  responsible_ids?: number[]
}

export interface Receipt {
  id: number
  activation_id: number
  user_id: number
  channel: string
  status: ReceiptStatus
  error: string | null
  sent_at: string | null
  read_at: string | null
}

export interface IncidentDetail extends Incident {
  timeline: TimelineEvent[]
  activations: Activation[]
  tasks: IncidentTask[]
  receipts: Receipt[]
  may_command: boolean
}

export interface NewIncident {
  title: string
  type: string
  town_code: string
  community_code?: string
  lon?: number
  lat?: number
  location?: string
  deaths?: number
  serious_injuries?: number
  direct_loss_yuan?: number
  response_level: number
}

export interface NotifyResult {
  activation_id: number
  sent: number
  failed: number
  receipts: Receipt[]
}

export interface TaskActionBody {
  action: TaskAction
  text?: string
  lon?: number
  lat?: number
  photo_sha256?: string
  reason?: string
}

/** A plan as the plan centre lists it (the fields activation needs). */
export interface PlanSummary {
  id: number
  title: string
  type: string
  sub_type: string | null
  level: string
  status: string
  edition: number
  in_force_edition: number | null
  synthetic?: boolean
  content?: { levels?: { level: number; tasks?: unknown[] }[] }
}

export const INCIDENT_LIST_MAX = 500

export function listIncidents(query: { status?: string; page?: number; page_size?: number } = {}, signal?: AbortSignal) {
  return api.get<ListReply<Incident>>('/incidents', query, { signal })
}
export const getIncident = (id: number) => api.get<IncidentDetail>(`/incidents/${id}`)
export const openIncident = (body: NewIncident) => api.post<IncidentDetail>('/incidents', body)
export const actOnIncident = (id: number, action: IncidentAction, text?: string) =>
  api.post<IncidentDetail>(`/incidents/${id}/actions`, text ? { action, text } : { action })
export const activatePlan = (id: number, planId: number, level?: number) =>
  api.post<Activation>(`/incidents/${id}/activations`, level ? { plan_id: planId, level } : { plan_id: planId })
export const notifyActivation = (id: number, activationId: number) =>
  api.post<NotifyResult>(`/incidents/${id}/activations/${activationId}/notify`, {})
export const sitrepUrl = (id: number) => api.url(`/incidents/${id}/sitrep`)
export const sitrepText = (id: number) => api.get<string>(`/incidents/${id}/sitrep`, { format: 'text' }, { as: 'text' })
export const myIncidentTasks = () => api.get<ListReply<IncidentTask>>('/incident-tasks')
export const actOnIncidentTask = (id: number, body: TaskActionBody) => api.post<IncidentTask>(`/incident-tasks/${id}/actions`, body)

/** Published plans the caller may read (the plan centre's list), for activation. */
export const publishedPlans = () => api.get<ListReply<PlanSummary>>('/plans', { status: 'published', page_size: 100 })
export const getPlanContent = (id: number) => api.get<PlanSummary>(`/plans/${id}`)
