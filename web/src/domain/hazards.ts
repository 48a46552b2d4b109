// Pure helpers of the hidden-danger pages (docs/hazards.md): which workflow forms the console
// offers, what each needs, the overdue display and the timeline. The server decides what is
// allowed (`allowed_actions` of GET /hazards/{id}); nothing here widens it.
import type { Hazard, HazardAction, HazardActionRecord, HazardClass, HazardDetail, HazardNotice, HazardPhoto } from '@/api/hazards'

/** The order the buttons are shown in (the workflow's own order). */
const ORDER: readonly HazardAction[] = ['plan', 'confirm', 'submit', 'accept', 'reject', 'reopen']

/** The actions to offer, in workflow order; only those the server allows. */
export function offeredActions(allowed: readonly string[] | undefined): HazardAction[] {
  const set = new Set(allowed ?? [])
  return ORDER.filter((a) => set.has(a))
}

/** The form fields of an action (besides `action`), as docs/hazards.md's table gives them. */
export const ACTION_FIELDS: Record<HazardAction, readonly string[]> = {
  confirm: ['class', 'deadline', 'note'],
  plan: ['measures', 'funds_yuan', 'responsible', 'deadline', 'interim_measures'],
  submit: ['note', 'photos'],
  accept: ['note'],
  reject: ['reason'],
  reopen: ['reason', 'deadline'],
}

/** Fields that must not be blank before the request is sent (the server checks them again). */
export const REQUIRED_FIELDS: Record<HazardAction, readonly string[]> = {
  confirm: [],
  plan: ['measures', 'funds_yuan', 'responsible', 'deadline', 'interim_measures'],
  submit: ['note'],
  accept: [],
  reject: ['reason'],
  reopen: ['reason'],
}

/**
 * Whether confirming needs the remediation plan first (事故隐患治理方案, 16号令 第十五条): the
 * class that counts is the one after confirm's correction.
 */
export function confirmNeedsPlan(h: Pick<Hazard, 'class' | 'plan'>, correctedClass?: HazardClass | ''): boolean {
  const cls = correctedClass || h.class
  return cls === '重大' && !h.plan
}

/**
 * The request body of an action from the form's values: blank optional fields are left out, a
 * number field is sent as a number; `class` only when it corrects the hidden danger's.
 */
export function actionBody(action: HazardAction, form: Record<string, unknown>, current?: Pick<Hazard, 'class'>): { action: HazardAction } & Record<string, unknown> {
  const body: { action: HazardAction } & Record<string, unknown> = { action }
  for (const f of ACTION_FIELDS[action]) {
    const v = form[f]
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v) && v.length === 0) continue
    if (f === 'class' && current && v === current.class) continue
    if (f === 'funds_yuan') {
      body[f] = typeof v === 'number' ? v : Number(v)
      continue
    }
    body[f] = typeof v === 'string' ? v.trim() : v
  }
  return body
}

/** Missing required fields of a form (names), before sending. */
export function missingFields(action: HazardAction, form: Record<string, unknown>): string[] {
  return REQUIRED_FIELDS[action].filter((f) => {
    const v = form[f]
    return v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
  })
}

/** Today's date (YYYY-MM-DD) in Asia/Shanghai, the zone every deadline is in. */
export function shanghaiDate(now: Date | number = Date.now()): string {
  // UTC+8 all year (no daylight saving since 1991).
  return new Date(new Date(now).getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return Math.round(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / 86_400_000)
}

/** Days from `today` to `deadline` (negative when past); null without a deadline. */
export function daysLeft(deadline: string | null, today: string): number | null {
  if (!deadline || !/^\d{4}-\d{2}-\d{2}$/.test(deadline)) return null
  return dayNumber(deadline) - dayNumber(today)
}

/** Followed: rectifying or submitted (evidence not yet accepted is no rectification yet). */
export function isFollowed(status: string): boolean {
  return status === 'rectifying' || status === 'submitted'
}

export type DeadlineTone = 'none' | 'ok' | 'soon' | 'overdue'

/**
 * How a deadline reads: the deadline day itself is still in time; overdue from the day after; due
 * "soon" within the 7-day reminder window. Closed and reported ones are not followed.
 */
export function deadlineState(h: Pick<Hazard, 'status' | 'deadline'>, today: string): { tone: DeadlineTone; days: number | null } {
  const days = daysLeft(h.deadline, today)
  if (days === null || !isFollowed(h.status)) return { tone: 'none', days }
  if (days < 0) return { tone: 'overdue', days }
  if (days <= 7) return { tone: 'soon', days }
  return { tone: 'ok', days }
}

/** Date + 30 days (the default deadline of 一般, shown as the form's placeholder). */
export function addDays(date: string, n: number): string {
  return new Date((dayNumber(date) + n) * 86_400_000).toISOString().slice(0, 10)
}

export interface TimelineEntry {
  at: string
  kind: 'action' | 'notice' | 'photo'
  action?: HazardActionRecord
  notice?: HazardNotice
  photo?: HazardPhoto
}

/** The full history of one hidden danger: actions, notices (reminders, 督办) and photos, by time. */
export function timeline(d: Pick<HazardDetail, 'actions' | 'notices' | 'photos'>): TimelineEntry[] {
  const out: TimelineEntry[] = []
  for (const a of d.actions ?? []) out.push({ at: a.at, kind: 'action', action: a })
  for (const n of d.notices ?? []) out.push({ at: n.due_at, kind: 'notice', notice: n })
  for (const p of d.photos ?? []) out.push({ at: p.added_at, kind: 'photo', photo: p })
  const rank = { action: 0, photo: 1, notice: 2 }
  return out.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : rank[x.kind] - rank[y.kind]))
}

/** Counts per month (YYYY-MM, Beijing time) of when hidden dangers were found, oldest first. */
export function countByMonth(rows: readonly Pick<Hazard, 'found_at'>[]): { month: string; count: number }[] {
  const m = new Map<string, number>()
  for (const r of rows) {
    const month = shanghaiDate(new Date(r.found_at)).slice(0, 7)
    if (!/^\d{4}-\d{2}$/.test(month)) continue
    m.set(month, (m.get(month) ?? 0) + 1)
  }
  return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([month, count]) => ({ month, count }))
}

/** Overdue hidden dangers grouped per town for the board, towns with the most first. */
export function overdueByTown<T extends Pick<Hazard, 'town_code' | 'class'>>(rows: readonly T[]): { town: string; total: number; major: number; rows: T[] }[] {
  const m = new Map<string, T[]>()
  for (const r of rows) {
    const list = m.get(r.town_code) ?? []
    list.push(r)
    m.set(r.town_code, list)
  }
  return [...m.entries()]
    .map(([town, list]) => ({ town, total: list.length, major: list.filter((r) => r.class === '重大').length, rows: list }))
    .sort((a, b) => b.total - a.total || a.town.localeCompare(b.town))
}

/** Bars of a chart (plain SVG): each value's width as a share of the largest. */
export function bars(entries: readonly [string, number][]): { key: string; value: number; share: number }[] {
  const max = Math.max(1, ...entries.map(([, v]) => v))
  return entries.map(([key, value]) => ({ key, value, share: value / max }))
}
