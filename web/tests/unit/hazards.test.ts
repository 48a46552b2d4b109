// Pure helpers of the hidden-danger pages (domain/hazards.ts).
import { describe, expect, it } from 'vitest'
import type { HazardDetail } from '@/api/hazards'
import {
  actionBody,
  addDays,
  bars,
  confirmNeedsPlan,
  countByMonth,
  daysLeft,
  deadlineState,
  missingFields,
  offeredActions,
  overdueByTown,
  shanghaiDate,
  timeline,
} from '@/domain/hazards'

describe('offered actions', () => {
  it('offers exactly what the server allows, in workflow order', () => {
    expect(offeredActions(['reject', 'accept'])).toEqual(['accept', 'reject'])
    expect(offeredActions(['confirm', 'plan'])).toEqual(['plan', 'confirm'])
    expect(offeredActions(['reopen', 'bogus'])).toEqual(['reopen'])
    expect(offeredActions([])).toEqual([])
    expect(offeredActions(undefined)).toEqual([])
  })

  it('asks for the remediation plan before confirming a 重大 one, also when confirm corrects the class', () => {
    const plan = { measures: 'm', funds_yuan: 1, responsible: 'r', deadline: '2027-01-01', interim_measures: 'i' }
    expect(confirmNeedsPlan({ class: '重大', plan: null })).toBe(true)
    expect(confirmNeedsPlan({ class: '重大', plan })).toBe(false)
    expect(confirmNeedsPlan({ class: '一般', plan: null })).toBe(false)
    expect(confirmNeedsPlan({ class: '一般', plan: null }, '重大')).toBe(true)
    expect(confirmNeedsPlan({ class: '重大', plan: null }, '一般')).toBe(false)
  })
})

describe('action bodies', () => {
  it('sends only the fields of the action, without blanks; class only when it corrects', () => {
    expect(actionBody('confirm', { class: '一般', deadline: '', note: '  ok ' }, { class: '一般' })).toEqual({ action: 'confirm', note: 'ok' })
    expect(actionBody('confirm', { class: '重大', deadline: '2027-01-05' }, { class: '一般' })).toEqual({ action: 'confirm', class: '重大', deadline: '2027-01-05' })
    expect(actionBody('submit', { note: 'done', photos: ['ab'], reason: 'x' })).toEqual({ action: 'submit', note: 'done', photos: ['ab'] })
    expect(actionBody('submit', { note: 'done', photos: [] })).toEqual({ action: 'submit', note: 'done' })
    expect(actionBody('plan', { measures: 'm', funds_yuan: '12000', responsible: 'r', deadline: '2027-01-01', interim_measures: 'i' })).toEqual({
      action: 'plan',
      measures: 'm',
      funds_yuan: 12000,
      responsible: 'r',
      deadline: '2027-01-01',
      interim_measures: 'i',
    })
    expect(actionBody('reject', { reason: 'no photo', note: 'x' })).toEqual({ action: 'reject', reason: 'no photo' })
  })

  it('names the required fields left blank', () => {
    expect(missingFields('reject', { reason: ' ' })).toEqual(['reason'])
    expect(missingFields('submit', {})).toEqual(['note'])
    expect(missingFields('plan', { measures: 'm', funds_yuan: 0 })).toEqual(['responsible', 'deadline', 'interim_measures'])
    expect(missingFields('accept', {})).toEqual([])
  })
})

describe('deadlines in Asia/Shanghai', () => {
  it("takes today's date in Beijing, whatever the browser's zone", () => {
    expect(shanghaiDate(Date.parse('2026-12-07T15:59:59Z'))).toBe('2026-12-07')
    expect(shanghaiDate(Date.parse('2026-12-07T16:00:00Z'))).toBe('2026-12-08')
  })

  it('counts calendar days; the deadline day itself is still in time', () => {
    expect(daysLeft('2026-12-20', '2026-12-13')).toBe(7)
    expect(daysLeft('2027-01-01', '2026-12-31')).toBe(1)
    expect(daysLeft('2026-12-20', '2026-12-21')).toBe(-1)
    expect(daysLeft(null, '2026-12-21')).toBeNull()
    expect(deadlineState({ status: 'rectifying', deadline: '2026-12-20' }, '2026-12-20')).toEqual({ tone: 'soon', days: 0 })
    expect(deadlineState({ status: 'rectifying', deadline: '2026-12-20' }, '2026-12-21')).toEqual({ tone: 'overdue', days: -1 })
    expect(deadlineState({ status: 'submitted', deadline: '2026-12-20' }, '2026-12-25').tone).toBe('overdue')
    expect(deadlineState({ status: 'rectifying', deadline: '2026-12-31' }, '2026-12-20').tone).toBe('ok')
    // Closed or not yet confirmed: not followed, whatever the date.
    expect(deadlineState({ status: 'closed', deadline: '2026-12-20' }, '2026-12-25').tone).toBe('none')
    expect(deadlineState({ status: 'reported', deadline: null }, '2026-12-25').tone).toBe('none')
  })

  it('adds days across months and leap years', () => {
    expect(addDays('2026-12-07', 30)).toBe('2027-01-06')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
  })
})

describe('timeline, board and charts', () => {
  it('merges actions, notices and photos by time', () => {
    const d = {
      actions: [
        { id: 1, action: 'create', from_status: null, to_status: 'reported', actor: 'a', at: '2026-12-01T01:00:00Z', payload: {} },
        { id: 2, action: 'confirm', from_status: 'reported', to_status: 'rectifying', actor: 'b', at: '2026-12-02T01:00:00Z', payload: {} },
      ],
      notices: [{ kind: 'supervision', due_at: '2026-12-10T01:00:00Z' }],
      photos: [{ hash: 'h', added_at: '2026-12-01T01:00:00Z' }],
    } as unknown as HazardDetail
    expect(timeline(d).map((e) => e.kind + (e.action?.action ?? ''))).toEqual(['actioncreate', 'photo', 'actionconfirm', 'notice'])
  })

  it('groups overdue hidden dangers per town, the most first, counting the major ones', () => {
    const g = overdueByTown([
      { town_code: 'B', class: '一般' },
      { town_code: 'A', class: '重大' },
      { town_code: 'B', class: '重大' },
      { town_code: 'C', class: '一般' },
    ] as const)
    expect(g.map((x) => [x.town, x.total, x.major])).toEqual([
      ['B', 2, 1],
      ['A', 1, 1],
      ['C', 1, 0],
    ])
  })

  it('counts per Beijing month and scales bars to the largest', () => {
    expect(countByMonth([{ found_at: '2026-11-30T16:30:00Z' }, { found_at: '2026-12-05T00:00:00Z' }, { found_at: '2026-10-01T00:00:00Z' }])).toEqual([
      { month: '2026-10', count: 1 },
      { month: '2026-12', count: 2 },
    ])
    expect(bars([['a', 2], ['b', 4], ['c', 0]]).map((b) => b.share)).toEqual([0.5, 1, 0])
    expect(bars([['a', 0]])[0]!.share).toBe(0)
  })
})
