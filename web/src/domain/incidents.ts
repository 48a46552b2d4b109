// Pure helpers of the incident-command pages (突发事件处置, docs/incidents.md): level names, the
// tasks board (指令跟踪) grouped by state, overdue tasks, the steps an assignee is offered, the list's
// filters and order, receipts per activation and the navigation entries.
import type { IncidentTask, Incident, PlanSummary, Receipt, TaskAction, TaskState } from '@/api/incidents'
import type { Permissions, User } from '@/api/types'
import type { NavItem } from './permissions'
import { can, canRead } from './permissions'

/** The board's columns, in the order a task moves through them. */
export const TASK_STATES: readonly TaskState[] = ['issued', 'read', 'accepted', 'feedback', 'done', 'rejected']
/** Response levels 1–4 (1 = Ⅰ级, the most severe; 突发事件应对法 第七十一条). */
export const RESPONSE_LEVELS = [1, 2, 3, 4] as const
/** The timeline kinds the console names; any other kind is shown with its text only. */
export const KNOWN_EVENT_KINDS = ['created', 'level', 'activation', 'task', 'note', 'notify', 'escalation', 'closed'] as const
export const INCIDENT_TYPES = ['防汛防台', '地质灾害', '森林火灾', '地震', '低温雨雪冰冻', '危化品', '生产安全事故', '火灾', '道路交通事故', '特种设备事故', '建设工程事故', '大面积停电', '传染病', '食品安全', '群体性事件', '大型群众性活动'] as const

const ROMAN = ['', 'Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ']

/** 'Ⅰ' … 'Ⅳ' for 1 … 4; '' for anything else. */
export function romanLevel(level: unknown): string {
  return typeof level === 'number' && Number.isInteger(level) && level >= 1 && level <= 4 ? ROMAN[level]! : ''
}

/** Whether a task still counts (not done, not rejected): escalation follows it. */
export function isOpenTask(state: TaskState): boolean {
  return state !== 'done' && state !== 'rejected'
}

/** An open task past its deadline. */
export function isOverdue(task: Pick<IncidentTask, 'state' | 'deadline'>, now: number = Date.now()): boolean {
  const d = Date.parse(task.deadline)
  return isOpenTask(task.state) && Number.isFinite(d) && d < now
}

const byDeadline = (a: IncidentTask, b: IncidentTask) => Date.parse(a.deadline) - Date.parse(b.deadline) || a.id - b.id

/** The board: one column per state (all six, empty ones too), each by deadline. */
export function boardColumns(tasks: readonly IncidentTask[]): Record<TaskState, IncidentTask[]> {
  const out = Object.fromEntries(TASK_STATES.map((s) => [s, [] as IncidentTask[]])) as Record<TaskState, IncidentTask[]>
  for (const t of tasks) (out[t.state] ?? (out[t.state] = [])).push(t)
  for (const s of Object.keys(out) as TaskState[]) out[s].sort(byDeadline)
  return out
}

/** How many tasks are open, overdue, and escalated (sum of escalations). */
export function boardCounts(tasks: readonly IncidentTask[], now: number = Date.now()): { open: number; overdue: number; escalations: number } {
  let open = 0
  let overdue = 0
  let escalations = 0
  for (const t of tasks) {
    if (isOpenTask(t.state)) open++
    if (isOverdue(t, now)) overdue++
    escalations += t.escalations
  }
  return { open, overdue, escalations }
}

/** The assignee's own tasks: open ones first, each group by deadline (the phone list). */
export function myTaskOrder(tasks: readonly IncidentTask[]): IncidentTask[] {
  return [...tasks].sort((a, b) => Number(isOpenTask(b.state)) - Number(isOpenTask(a.state)) || byDeadline(a, b))
}

/**
 * The steps the assignee is offered in a state (docs/incidents.md "Activation and instructions"):
 * issued → read (签收) or reject; read → accept or reject; accepted → feedback; feedback → more
 * feedback or done. The server decides; this only chooses the buttons.
 */
export function assigneeActions(state: TaskState): TaskAction[] {
  switch (state) {
    case 'issued':
      return ['read', 'reject']
    case 'read':
      return ['accept', 'reject']
    case 'accepted':
      return ['feedback']
    case 'feedback':
      return ['feedback', 'done']
    default:
      return []
  }
}

export interface IncidentFilters {
  status?: string
  town?: string
  level?: string | number
}

/** The list's town and level filters (the server filters status only), open ones first, newest first. */
export function filterIncidents<T extends Pick<Incident, 'id' | 'status' | 'town_code' | 'response_level'>>(rows: readonly T[], f: IncidentFilters): T[] {
  const level = f.level === undefined || f.level === '' ? null : Number(f.level)
  return rows
    .filter((r) => (!f.status || r.status === f.status) && (!f.town || r.town_code === f.town) && (level === null || r.response_level === level))
    .sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.id - a.id)
}

/** Receipts grouped by activation, each by user id. */
export function receiptsByActivation(receipts: readonly Receipt[]): Map<number, Receipt[]> {
  const out = new Map<number, Receipt[]>()
  for (const r of receipts) {
    const list = out.get(r.activation_id) ?? []
    list.push(r)
    out.set(r.activation_id, list)
  }
  for (const list of out.values()) list.sort((a, b) => a.user_id - b.user_id || a.channel.localeCompare(b.channel))
  return out
}

/** Counts of receipts by status (sent, failed, read, …). */
export function receiptCounts(receipts: readonly Receipt[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of receipts) out[r.status] = (out[r.status] ?? 0) + 1
  return out
}

/** Plans with an edition in force (published, or revised with the published one still in force). */
export function plansInForce(plans: readonly PlanSummary[]): PlanSummary[] {
  return plans.filter((p) => p.in_force_edition !== null && p.in_force_edition !== undefined && p.status !== 'retired')
}

/** The levels a plan's content has tasks for, most severe first (1–4); all four when unknown. */
export function planLevels(plan: Pick<PlanSummary, 'content'> | null | undefined): number[] {
  const levels = plan?.content?.levels
  if (!Array.isArray(levels)) return [1, 2, 3, 4]
  return [...new Set(levels.filter((l) => (l.tasks?.length ?? 0) > 0).map((l) => l.level))].filter((l) => l >= 1 && l <= 4).sort()
}

/** Whether a live event of the `incidents` topic concerns this incident. */
export function eventConcerns(e: { type: string; data: Record<string, unknown> }, incidentId: number): boolean {
  if (Number(e.data.incident_id) === incidentId) return true
  return (e.type === 'created' || e.type === 'updated' || e.type === 'deleted') && Number(e.data.id) === incidentId
}

/** The roles that open and command incidents (the server's may_command, docs/incidents.md). */
export function mayCommand(p: Permissions | null | undefined): boolean {
  return can(p, 'create', 'incidents')
}

/**
 * 我的任务 (any signed-in user may be a task's assignee) and 指挥调度 (who reads incidents;
 * enterprise users see none). 我的任务 comes first so that /incidents/my-tasks lights it, not 指挥调度.
 */
export function incidentNavItems(user: User | null, p: Permissions | null | undefined): NavItem[] {
  if (!user) return []
  const items: NavItem[] = [{ key: 'incident-tasks', to: '/incidents/my-tasks', label: 'incidents.navMyTasks' }]
  if (user.role !== 'enterprise_user' && canRead(p, 'incidents')) items.push({ key: 'incidents', to: '/incidents', label: 'incidents.nav' })
  return items
}
