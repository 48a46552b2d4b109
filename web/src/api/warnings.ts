// The warnings API (docs/alerts.md): CAP 1.2 warnings drafted, approved by a second officer,
// published, updated and cancelled.
import { api } from './index'
import type { ListReply } from './types'

export type WarningColour = 'blue' | 'yellow' | 'orange' | 'red'
export type WarningStatus = 'draft' | 'approved' | 'published' | 'updated' | 'cancelled'
export type WarningAction = 'approve' | 'publish' | 'update' | 'cancel'

export interface Warning {
  id: number
  status: WarningStatus
  msg_type: 'Alert' | 'Update' | 'Cancel'
  cap_status: 'Actual' | 'Exercise' | 'Test'
  category: string
  event: string
  colour: WarningColour
  severity: string
  effective: string
  expires: string
  headline: string
  description: string
  instruction: string
  area_description: string
  town_code: string | null
  identifier: string | null
  sent: string | null
  xml_url: string | null
  drafted_by: string
  approved_by: string | null
  previous_id: number | null
  version: number
  allowed_actions?: WarningAction[]
  editable?: boolean
}

export interface WarningDraft {
  category: string
  event: string
  colour: WarningColour
  cap_status: string
  effective: string
  expires: string
  headline: string
  description: string
  instruction: string
  area_description: string
  geometry: unknown
  town_code?: string
}

export const WARNING_COLOURS: readonly WarningColour[] = ['blue', 'yellow', 'orange', 'red']
export const CAP_CATEGORIES = ['Met', 'Geo', 'Safety', 'Fire', 'Env', 'Transport', 'Infra', 'CBRNE', 'Health', 'Rescue', 'Security', 'Other'] as const

export function listWarnings(query: { status?: string; page?: number; page_size?: number } = {}) {
  return api.get<ListReply<Warning>>('/warnings', query)
}
export function getWarning(id: number) {
  return api.get<Warning>(`/warnings/${id}`)
}
export function createWarning(body: WarningDraft) {
  return api.post<Warning>('/warnings', body)
}
export function actOnWarning(id: number, body: { action: WarningAction } & Record<string, unknown>) {
  return api.post<Warning>(`/warnings/${id}/actions`, body)
}
