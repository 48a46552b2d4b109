import { describe, expect, it } from 'vitest'
import type { IncidentTask, Receipt } from '@/api/incidents'
import type { Permissions, User } from '@/api/types'
import {
  assigneeActions,
  boardColumns,
  boardCounts,
  eventConcerns,
  filterIncidents,
  incidentNavItems,
  isOverdue,
  myTaskOrder,
  planLevels,
  plansInForce,
  receiptCounts,
  receiptsByActivation,
  romanLevel,
  TASK_STATES,
} from '@/domain/incidents'

const NOW = Date.parse('2026-12-07T10:00:00Z')
function task(id: number, state: IncidentTask['state'], deadline: string, extra: Partial<IncidentTask> = {}): IncidentTask {
  return {
    id, incident_id: 1, activation_id: 1, title: `t${id}`, role: null, unit: null, assignee_id: null, checklist: [], deadline, state,
    feedback_text: null, feedback_lon: null, feedback_lat: null, feedback_photo: null, reject_reason: null, escalations: 0,
    updated_at: deadline, version: 1, ...extra,
  }
}

describe('level names', () => {
  it('names 1–4 Ⅰ–Ⅳ and nothing else', () => {
    expect([1, 2, 3, 4].map(romanLevel)).toEqual(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'])
    expect([0, 5, 1.5, '1', null].map(romanLevel)).toEqual(['', '', '', '', ''])
  })
})

describe('overdue', () => {
  it('is an open task past its deadline only', () => {
    expect(isOverdue(task(1, 'issued', '2026-12-07T09:59:59Z'), NOW)).toBe(true)
    expect(isOverdue(task(1, 'feedback', '2026-12-07T09:00:00Z'), NOW)).toBe(true)
    expect(isOverdue(task(1, 'issued', '2026-12-07T10:00:01Z'), NOW)).toBe(false)
    expect(isOverdue(task(1, 'done', '2026-12-07T09:00:00Z'), NOW)).toBe(false)
    expect(isOverdue(task(1, 'rejected', '2026-12-07T09:00:00Z'), NOW)).toBe(false)
    expect(isOverdue(task(1, 'issued', 'not a time'), NOW)).toBe(false)
  })
})

describe('the tasks board', () => {
  const tasks = [
    task(3, 'issued', '2026-12-07T12:00:00Z'),
    task(1, 'issued', '2026-12-07T09:00:00Z', { escalations: 2 }),
    task(2, 'done', '2026-12-07T08:00:00Z', { escalations: 1 }),
    task(4, 'feedback', '2026-12-07T09:30:00Z'),
    task(5, 'rejected', '2026-12-07T07:00:00Z'),
  ]
  it('has all six columns in order, each by deadline', () => {
    const b = boardColumns(tasks)
    expect(Object.keys(b)).toEqual([...TASK_STATES])
    expect(b.issued.map((t) => t.id)).toEqual([1, 3])
    expect(b.read).toEqual([])
    expect(b.feedback.map((t) => t.id)).toEqual([4])
    expect(b.done.map((t) => t.id)).toEqual([2])
    expect(b.rejected.map((t) => t.id)).toEqual([5])
  })
  it('counts open, overdue and escalations', () => {
    expect(boardCounts(tasks, NOW)).toEqual({ open: 3, overdue: 2, escalations: 3 })
  })
  it("orders the assignee's tasks open first, then by deadline", () => {
    expect(myTaskOrder(tasks).map((t) => t.id)).toEqual([1, 4, 3, 5, 2])
  })
})

describe('assignee steps', () => {
  it('follow the state machine of docs/incidents.md', () => {
    expect(assigneeActions('issued')).toEqual(['read', 'reject'])
    expect(assigneeActions('read')).toEqual(['accept', 'reject'])
    expect(assigneeActions('accepted')).toEqual(['feedback'])
    expect(assigneeActions('feedback')).toEqual(['feedback', 'done'])
    expect(assigneeActions('done')).toEqual([])
    expect(assigneeActions('rejected')).toEqual([])
  })
})

describe('the incident list', () => {
  const rows = [
    { id: 1, status: 'closed' as const, town_code: '330106009', response_level: 2 },
    { id: 2, status: 'open' as const, town_code: '330106009', response_level: 4 },
    { id: 3, status: 'open' as const, town_code: '330106001', response_level: 2 },
    { id: 4, status: 'closed' as const, town_code: '330106001', response_level: 4 },
  ]
  it('puts open ones first, newest first', () => {
    expect(filterIncidents(rows, {}).map((r) => r.id)).toEqual([3, 2, 4, 1])
  })
  it('filters by town, level (as text from the URL) and status', () => {
    expect(filterIncidents(rows, { town: '330106009' }).map((r) => r.id)).toEqual([2, 1])
    expect(filterIncidents(rows, { level: '2' }).map((r) => r.id)).toEqual([3, 1])
    expect(filterIncidents(rows, { level: 4, status: 'closed' }).map((r) => r.id)).toEqual([4])
    expect(filterIncidents(rows, { town: '330106009', level: '1' })).toEqual([])
  })
})

describe('receipts', () => {
  const r = (id: number, activation_id: number, user_id: number, status: Receipt['status']): Receipt => ({ id, activation_id, user_id, channel: 'log', status, error: null, sent_at: null, read_at: null })
  it('group by activation, by person, and count by status', () => {
    const g = receiptsByActivation([r(1, 7, 5, 'sent'), r(2, 7, 3, 'read'), r(3, 8, 5, 'failed')])
    expect([...g.keys()]).toEqual([7, 8])
    expect(g.get(7)!.map((x) => x.user_id)).toEqual([3, 5])
    expect(receiptCounts(g.get(7)!)).toEqual({ read: 1, sent: 1 })
  })
})

describe('plans for activation', () => {
  it('keeps the plans with an edition in force, and the levels that have tasks', () => {
    const base = { title: 'p', type: '自然灾害', sub_type: null, level: 'district', edition: 1 }
    const plans = [
      { ...base, id: 1, status: 'published', in_force_edition: 1 },
      { ...base, id: 2, status: 'draft', in_force_edition: null },
      { ...base, id: 3, status: 'draft', in_force_edition: 1, edition: 2 },
      { ...base, id: 4, status: 'retired', in_force_edition: null },
    ]
    expect(plansInForce(plans).map((p) => p.id)).toEqual([1, 3])
    expect(planLevels({ content: { levels: [{ level: 4, tasks: [{}] }, { level: 2, tasks: [{}] }, { level: 3, tasks: [] }] } })).toEqual([2, 4])
    expect(planLevels(null)).toEqual([1, 2, 3, 4])
  })
})

describe('live events', () => {
  it('concern the incident by incident_id, or by id for the incident itself', () => {
    expect(eventConcerns({ type: 'timeline', data: { incident_id: 5 } }, 5)).toBe(true)
    expect(eventConcerns({ type: 'task', data: { id: 9, incident_id: 5 } }, 9)).toBe(false)
    expect(eventConcerns({ type: 'updated', data: { id: 5 } }, 5)).toBe(true)
    expect(eventConcerns({ type: 'updated', data: { id: 6 } }, 5)).toBe(false)
  })
})

describe('navigation', () => {
  const user = (role: User['role']): User => ({ id: 1, username: 'u', display_name: 'u', role, scope_type: 'district', scope_code: '330106', enterprise_id: null })
  const perms = { incidents: { read: true, create: false, update: false, delete: false } } as Permissions
  it('offers 我的任务 to everyone and 指挥调度 to those who read incidents, not enterprises', () => {
    expect(incidentNavItems(user('district_officer'), perms).map((i) => i.key)).toEqual(['incident-tasks', 'incidents'])
    expect(incidentNavItems(user('enterprise_user'), perms).map((i) => i.key)).toEqual(['incident-tasks'])
    expect(incidentNavItems(user('viewer'), {}).map((i) => i.key)).toEqual(['incident-tasks'])
    expect(incidentNavItems(null, perms)).toEqual([])
  })
})

describe('labels', () => {
  it('name every state, event kind, receipt status, action and live state in both languages', async () => {
    const zh = (await import('@/i18n/zh-CN')).default.incidents
    const en = (await import('@/i18n/en')).default.incidents
    const { KNOWN_EVENT_KINDS } = await import('@/domain/incidents')
    for (const m of [zh, en]) {
      for (const s of TASK_STATES) expect(m.states[s], s).toBeTruthy()
      for (const k of KNOWN_EVENT_KINDS) expect(m.kinds[k], k).toBeTruthy()
      for (const r of ['pending', 'sent', 'delivered', 'read', 'failed'] as const) expect(m.receiptStatuses[r], r).toBeTruthy()
      for (const a of ['read', 'accept', 'feedback', 'done', 'reject'] as const) expect(m.actions[a] && m.actionDone[a], a).toBeTruthy()
      for (const l of ['connected', 'connecting', 'reconnecting', 'offline'] as const) expect(m.live[l], l).toBeTruthy()
    }
  })
})
