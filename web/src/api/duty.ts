// The duty rota (值班, docs/duty.md): units, shifts of a week, who is on duty now, handovers, the
// duty log and the address book. Times come as UTC ISO strings with their Beijing-time text
// (`*_local`); a shift's interval is (starts_at, ends_at].
import { api } from './index'
import type { ListReply } from './types'

export type DutyRole = 'leader' | 'officer' | 'standby'
export type LogKind = 'report' | 'handling' | 'assignment' | 'other'

export interface DutyUnit {
  code: string
  name: string
  level: 'district' | 'town'
}

export interface DutyPerson {
  user_id: number
  name: string
  role: DutyRole
  role_label: string
  phone?: string | null
  tel?: string | null
}

export interface DutyHandover {
  id: number
  shift_id: number
  next_shift_id: number
  unit_code: string
  state: 'written' | 'acknowledged'
  open_items: string[]
  notes: string
  written_by: number
  written_by_name: string
  written_at: string
  acknowledged_by: number | null
  acknowledged_by_name: string | null
  acknowledged_at: string | null
}

export interface DutyShift {
  id: number
  unit_code: string
  unit_name: string
  town_code: string | null
  starts_at: string
  ends_at: string
  starts_at_local: string
  ends_at_local: string
  note: string | null
  people: DutyPerson[]
  leader: string | null
  synthetic: boolean
  version: number
  handover?: DutyHandover | null
  handover_received?: DutyHandover | null
}

export interface DutyFlag {
  shift_id: number
  rule: string
  other_shift_id: number | null
  user_id: number | null
}

export interface DutyRota {
  from: string
  to: string
  items: DutyShift[]
  flags: DutyFlag[]
}

export interface DutyNowRow {
  unit_code: string
  unit_name: string
  level: 'district' | 'town'
  shift: DutyShift | null
  people: DutyPerson[]
}

export interface DutyNow {
  at: string
  at_local: string
  items: DutyNowRow[]
}

export interface DutyLogEntry {
  id: number
  shift_id: number
  at: string
  at_local: string
  kind: LogKind
  kind_label: string
  text: string
  author_name: string
}

export interface DutyContact {
  user_id: number
  name: string
  unit_code: string
  town_code: string | null
  title: string
  phone: string | null
  tel: string | null
  synthetic: boolean
}

export interface ShiftBody {
  unit_code: string
  starts_at: string
  ends_at: string
  people: { user_id: number; role: DutyRole }[]
  note?: string | null
}

export const dutyUnits = () => api.get<DutyUnit[]>('/duty/units')
export const dutyRota = (from: string, to: string, unitCode?: string | null, signal?: AbortSignal) =>
  api.get<DutyRota>('/duty/shifts', { from, to, unit_code: unitCode ?? undefined }, { signal })
export const dutyShift = (id: number) => api.get<DutyShift>(`/duty/shifts/${id}`)
export const createShift = (body: ShiftBody) => api.post<DutyShift>('/duty/shifts', body)
export const deleteShift = (id: number) => api.delete(`/duty/shifts/${id}`)
export const dutyNow = (signal?: AbortSignal) => api.get<DutyNow>('/duty/now', undefined, { signal })
export const writeHandover = (shiftId: number, body: { open_items: string[]; notes: string }) =>
  api.post<DutyHandover>(`/duty/shifts/${shiftId}/handover`, body)
export const acknowledgeHandover = (id: number) => api.post<DutyHandover>(`/duty/handovers/${id}/acknowledge`)
export const dutyHandovers = (state?: string, page = 1, pageSize = 50) =>
  api.get<ListReply<DutyHandover>>('/duty/handovers', { state: state || undefined, page, page_size: pageSize })
export const dutyLog = (shiftId: number) => api.get<DutyLogEntry[]>(`/duty/shifts/${shiftId}/log`)
export const addLog = (shiftId: number, body: { kind: LogKind; text: string; at?: string }) =>
  api.post<DutyLogEntry>(`/duty/shifts/${shiftId}/log`, body)
export const dutyContacts = (page = 1, pageSize = 500) =>
  api.get<ListReply<DutyContact>>('/duty/contacts', { page, page_size: pageSize })
export const setPhone = (userId: number, phone: string) =>
  api.request<DutyContact>(`/duty/contacts/${userId}`, { method: 'PUT', json: { phone } })

/** Monday 00:00 Beijing time of the week holding `d`, as an ISO instant with +08:00. */
export function weekStart(d: Date): Date {
  const bj = new Date(d.getTime() + 8 * 3600_000) // Beijing wall clock in UTC fields
  const dow = (bj.getUTCDay() + 6) % 7 // 0 = Monday
  const monday = Date.UTC(bj.getUTCFullYear(), bj.getUTCMonth(), bj.getUTCDate() - dow)
  return new Date(monday - 8 * 3600_000)
}

/** "2026-12-07T08:00:00+08:00" for a Beijing date (YYYY-MM-DD) and time (HH:MM). */
export function beijingInstant(date: string, time: string): string {
  return `${date}T${time}:00+08:00`
}

/** The Beijing date (YYYY-MM-DD) of an instant. */
export function beijingDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}
