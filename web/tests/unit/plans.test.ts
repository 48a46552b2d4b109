import { describe, expect, it } from 'vitest'
import type { PlanContent } from '@/api/plans'
import {
  addLevel,
  blankModel,
  contentFromEditor,
  createBody,
  editionRows,
  editorFromPlan,
  errorTarget,
  fileSize,
  matchBody,
  blankMatchForm,
  offeredActions,
  patchBody,
  revisionFlag,
  roleNames,
} from '@/domain/plans'

// The structured content of docs/plans.md's example, in the shape the server returns it.
const CONTENT: PlanContent = {
  organisation: [
    { role: '总指挥', units: ['区应急管理局'], user_ids: [3] },
    { role: '抢险组', units: ['区消防救援大队', '区综合性应急救援队伍'] },
  ],
  levels: [
    {
      level: 3,
      trigger_mode: 'any',
      triggers: [{ indicator: 'rain_6h_mm', comparator: '>=', threshold: 50, unit: 'mm' }],
      tasks: [{ title: '加强巡查', responsible_role: '抢险组', deadline_offset_min: 120 }],
    },
    {
      level: 2,
      trigger_mode: 'all',
      triggers: [
        { indicator: 'rain_3h_mm', comparator: '>=', threshold: 100, unit: 'mm' },
        { indicator: 'keyword', comparator: 'has', keyword: '泄漏' },
      ],
      tasks: [{ title: '转移危险区人员', responsible_role: '总指挥', responsible_unit: '属地镇街', deadline_offset_min: 60, checklist: ['逐户通知', '上报人数'] }],
      description: '橙色',
      basis: '依据…',
    },
  ],
}
const PLAN = {
  title: '防汛防台应急预案',
  type: '自然灾害' as const,
  sub_type: '防汛防台',
  level: 'district' as const,
  jurisdiction: '330106',
  enterprise_id: null,
  owner_unit: '区应急管理局',
  keywords: ['暴雨', '台风'],
  summary: null,
  revision_due: null,
  content: CONTENT,
}

describe('editor model ↔ API JSON', () => {
  it('reads a plan into level order and writes back the same content', () => {
    const m = editorFromPlan(PLAN)
    expect(m.levels.map((l) => l.level)).toEqual([2, 3])
    expect(m.levels[0]!.tasks[0]!.checklist).toBe('逐户通知\n上报人数')
    expect(m.levels[0]!.triggers[0]!.threshold).toBe('100')
    expect(m.organisation[0]!.units).toBe('区应急管理局')
    const back = contentFromEditor(m)
    // Same levels, re-ordered Ⅰ first, with nothing added or lost.
    expect(back.levels).toEqual([...CONTENT.levels].sort((a, b) => a.level - b.level))
    expect(back.organisation).toEqual(CONTENT.organisation)
  })

  it('sends typed numbers as numbers, leaves blanks out, one checklist item and unit a line', () => {
    const m = blankModel({ level: 'town', jurisdiction: '330106009', enterprise_id: null })
    m.title = '  留下街道防汛预案 '
    m.owner_unit = '留下街道'
    m.organisation = [{ role: '街道防指', units: '留下街道办事处\n\n 各村社 \n', user_ids: '3, 7 ，9' }, { role: '', units: '', user_ids: '' }]
    m.levels[0]!.triggers.push({ indicator: 'rain_3h_mm', comparator: '>=', threshold: ' 50.5 ', unit: ' mm ', keyword: 'x' })
    m.levels[0]!.triggers.push({ indicator: 'rain_3h_mm', comparator: 'has', threshold: '9', unit: 'mm', keyword: ' 积水 ' })
    m.levels[0]!.tasks.push({ title: '巡查', responsible_role: '街道防指', responsible_unit: '', deadline_offset_min: 30, checklist: '点位一\n\n点位二  ' })
    const body = createBody(m)
    expect(body).toMatchObject({ title: '留下街道防汛预案', level: 'town', jurisdiction: '330106009', sub_type: null, summary: null })
    expect('enterprise_id' in body).toBe(false)
    expect('revision_due' in body).toBe(false)
    expect(body.content.organisation).toEqual([{ role: '街道防指', units: ['留下街道办事处', '各村社'], user_ids: [3, 7, 9] }])
    expect(body.content.levels[0]!.triggers).toEqual([
      { indicator: 'rain_3h_mm', comparator: '>=', threshold: 50.5, unit: 'mm' },
      { indicator: 'keyword', comparator: 'has', keyword: '积水' },
    ])
    expect(body.content.levels[0]!.tasks).toEqual([{ title: '巡查', responsible_role: '街道防指', deadline_offset_min: 30, checklist: ['点位一', '点位二'] }])
  })

  it('passes a threshold that is not a number on as text, so the server names the field', () => {
    const m = editorFromPlan(PLAN)
    m.levels[0]!.triggers[0]!.threshold = '一百'
    expect(contentFromEditor(m).levels[0]!.triggers![0]!.threshold).toBe('一百')
  })

  it('an enterprise plan sends its enterprise, never a jurisdiction; a PATCH neither', () => {
    const m = blankModel({ level: 'enterprise', jurisdiction: '', enterprise_id: 12 })
    const body = createBody(m)
    expect(body.enterprise_id).toBe(12)
    expect('jurisdiction' in body).toBe(false)
    const patch = patchBody(editorFromPlan(PLAN)) as Record<string, unknown>
    for (const k of ['level', 'jurisdiction', 'enterprise_id']) expect(k in patch).toBe(false)
    expect(patch.sub_type).toBe('防汛防台')
  })

  it('adds a level once, in level order', () => {
    const m = editorFromPlan(PLAN)
    const once = addLevel(m.levels, 1)
    expect(once.map((l) => l.level)).toEqual([1, 2, 3])
    expect(addLevel(once, 2)).toBe(once)
  })

  it('offers the organisation roles to tasks, once each, without blanks', () => {
    expect(roleNames({ organisation: [{ role: ' A ', units: '', user_ids: '' }, { role: 'A', units: '', user_ids: '' }, { role: '', units: '', user_ids: '' }] })).toEqual(['A'])
  })
})

describe('server field errors at their input', () => {
  it('maps a path to its input, an item of a text list to the list', () => {
    expect(errorTarget('content.levels[1].tasks[0].deadline_offset_min')).toBe('content.levels[1].tasks[0].deadline_offset_min')
    expect(errorTarget('content.organisation[1].role')).toBe('content.organisation[1].role')
    expect(errorTarget('content.levels[0].triggers[0].comparator')).toBe('content.levels[0].triggers[0].comparator')
    expect(errorTarget('content.levels[0].tasks[2].checklist[7]')).toBe('content.levels[0].tasks[2].checklist')
    expect(errorTarget('content.organisation[0].units[3]')).toBe('content.organisation[0].units')
    expect(errorTarget('keywords[4]')).toBe('keywords')
    expect(errorTarget('content.levels[2].tasks[1]')).toBe('content.levels[2].tasks[1].title')
    expect(errorTarget('title')).toBe('title')
  })
  it('has no input for unknown fields', () => {
    expect(errorTarget('version')).toBeNull()
    expect(errorTarget('content.levels[0].tasks[0].colour')).toBeNull()
    expect(errorTarget(null)).toBeNull()
  })
})

describe('revision flags', () => {
  const plan = (revision_due: string | null, status: 'published' | 'retired' | 'draft' = 'published', in_force_edition: number | null = 1) => ({ revision_due, status, in_force_edition })
  it('已逾期 after the date, 修订到期 within 90 days, nothing before', () => {
    expect(revisionFlag(plan('2026-12-07'), '2026-12-08')).toBe('overdue')
    expect(revisionFlag(plan('2026-12-08'), '2026-12-08')).toBe('due')
    expect(revisionFlag(plan('2027-03-08'), '2026-12-08')).toBe('due') // 90 days
    expect(revisionFlag(plan('2027-03-09'), '2026-12-08')).toBeNull() // 91 days
    expect(revisionFlag(plan('2027-01-01'), '2026-12-08', 10)).toBeNull()
  })
  it('no flag without an edition in force, for a retired plan or without a date', () => {
    expect(revisionFlag(plan('2020-01-01', 'draft', null), '2026-12-08')).toBeNull()
    expect(revisionFlag(plan('2020-01-01', 'retired', null), '2026-12-08')).toBeNull()
    expect(revisionFlag(plan(null), '2026-12-08')).toBeNull()
    // A revision in draft while edition 1 stays in force: still flagged.
    expect(revisionFlag(plan('2020-01-01', 'draft', 1), '2026-12-08')).toBe('overdue')
  })
})

describe('editions', () => {
  const v = (edition: number) => ({ edition, approver: `ap${edition}`, published_by: `pub${edition}`, published_at: `2026-0${edition}-01T00:00:00Z` })
  it('a revision in draft first, then the edition in force, then the superseded ones', () => {
    const rows = editionRows({ status: 'draft', edition: 3, in_force_edition: 2, author: 'district', approver: null, updated_at: 'now', versions: [v(1), v(2)] })
    expect(rows.map((r) => [r.edition, r.state])).toEqual([
      [3, 'draft'],
      [2, 'published'],
      [1, 'retired'],
    ])
    expect(rows[0]).toMatchObject({ author: 'district', publisher: null })
    expect(rows[1]).toMatchObject({ approver: 'ap2', publisher: 'pub2' })
  })
  it('a retired plan has no edition in force; a plan in review shows its approver', () => {
    expect(editionRows({ status: 'retired', edition: 1, in_force_edition: null, author: 'a', approver: 'b', updated_at: 'x', versions: [v(1)] }).map((r) => r.state)).toEqual(['retired'])
    const review = editionRows({ status: 'review', edition: 1, in_force_edition: null, author: 'a', approver: 'b', updated_at: 'x', versions: [] })
    expect(review).toEqual([{ edition: 1, state: 'review', author: 'a', approver: 'b', publisher: null, at: 'x' }])
  })
})

describe('match request', () => {
  it('sends only what was given', () => {
    expect(matchBody(blankMatchForm())).toEqual({})
    const f = blankMatchForm()
    f.type = '防汛防台'
    f.indicators = [{ name: 'rain_3h_mm', value: 120 }, { name: ' deaths ', value: 0 }, { name: '', value: 5 }, { name: 'wind_force', value: null }]
    f.place = 'town'
    f.town = '330106009'
    f.lon = 120.1
    f.lat = 30.2
    f.keywords = [' 山洪 ', '', '积水']
    expect(matchBody(f)).toEqual({ type: '防汛防台', indicators: { rain_3h_mm: 120, deaths: 0 }, town: '330106009', keywords: ['山洪', '积水'] })
    f.place = 'point'
    f.level = 2
    expect(matchBody(f)).toMatchObject({ level: 2, location: { lon: 120.1, lat: 30.2 } })
    expect('town' in matchBody(f)).toBe(false)
  })
})

describe('display', () => {
  it('orders the workflow buttons and keeps only the allowed ones', () => {
    expect(offeredActions(['revise', 'retire', 'publish', 'nonsense'])).toEqual(['publish', 'retire', 'revise'])
    expect(offeredActions(undefined)).toEqual([])
  })
  it('sizes in B, KB, MB', () => {
    expect(fileSize(980)).toBe('980 B')
    expect(fileSize(12_595)).toBe('12.3 KB')
    expect(fileSize(5 * 1024 * 1024)).toBe('5.0 MB')
  })
})
