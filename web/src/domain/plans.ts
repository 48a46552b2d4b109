// Pure helpers of the plan-centre pages (预案中心, docs/plans.md): the structured editor's model and
// its mapping to and from the API's JSON, where a server field error (422 `field`) is shown, the
// revision-due flag (修订到期/已逾期), the match request from the dialog's form, and the order of
// the workflow buttons. The server decides what is allowed (`allowed_actions`, `editable`).
import type {
  Comparator,
  MatchRequest,
  PlanAction,
  PlanCategory,
  PlanContent,
  PlanInput,
  PlanLevel,
  PlanPatch,
  PlanResponseLevel,
  PlanStatus,
} from '@/api/plans'

/** Ⅰ–Ⅳ级 (1 the most severe, 突发事件应对法 第七十一条). */
export const LEVEL_NUMERALS = ['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'] as const
export const RESPONSE_LEVELS = [1, 2, 3, 4] as const

export function levelNumeral(level: number | null | undefined): string {
  return level && level >= 1 && level <= 4 ? LEVEL_NUMERALS[level - 1]! : ''
}

/** The indicators docs/plans.md names (with Chinese labels in the server's reasons). */
export const INDICATORS = [
  'rain_1h_mm',
  'rain_3h_mm',
  'rain_6h_mm',
  'rain_12h_mm',
  'rain_24h_mm',
  'wind_force',
  'gust_force',
  'water_level_m',
  'deaths',
  'missing',
  'serious_injuries',
  'poisoned',
  'trapped',
  'evacuated',
  'affected_people',
  'loss_10k_yuan',
  'fire_area_ha',
  'cases',
  'participants',
  'warning_level',
] as const

// --- the editor's model ------------------------------------------------------------------------

export interface EditorTrigger {
  indicator: string
  comparator: Comparator
  /** As typed; sent as a number when it reads as one (the server names the field otherwise). */
  threshold: string
  unit: string
  keyword: string
}

export interface EditorTask {
  title: string
  responsible_role: string
  responsible_unit: string
  deadline_offset_min: number | null
  /** One item a line. */
  checklist: string
}

export interface EditorLevel {
  level: number
  name: string
  trigger_mode: 'all' | 'any'
  triggers: EditorTrigger[]
  tasks: EditorTask[]
  description: string
  basis: string
}

export interface EditorRole {
  role: string
  /** One unit a line. */
  units: string
  /** User ids separated by commas or spaces. */
  user_ids: string
}

export interface EditorModel {
  title: string
  type: PlanCategory
  sub_type: string
  level: PlanLevel
  jurisdiction: string
  enterprise_id: number | null
  owner_unit: string
  keywords: string[]
  summary: string
  revision_due: string
  organisation: EditorRole[]
  /** Kept in level order (Ⅰ first), so index i here is `content.levels[i]` on the server. */
  levels: EditorLevel[]
}

export function blankTrigger(): EditorTrigger {
  return { indicator: 'rain_3h_mm', comparator: '>=', threshold: '', unit: '', keyword: '' }
}
export function blankTask(): EditorTask {
  return { title: '', responsible_role: '', responsible_unit: '', deadline_offset_min: 60, checklist: '' }
}
export function blankLevel(level: number): EditorLevel {
  return { level, name: '', trigger_mode: 'all', triggers: [], tasks: [], description: '', basis: '' }
}
export function blankRole(): EditorRole {
  return { role: '', units: '', user_ids: '' }
}

/** A new plan's model: blank, at the caller's own level and jurisdiction. */
export function blankModel(scope: { level: PlanLevel; jurisdiction: string; enterprise_id: number | null }): EditorModel {
  return {
    title: '',
    type: '自然灾害',
    sub_type: '',
    level: scope.level,
    jurisdiction: scope.jurisdiction,
    enterprise_id: scope.enterprise_id,
    owner_unit: '',
    keywords: [],
    summary: '',
    revision_due: '',
    organisation: [blankRole()],
    levels: [blankLevel(4)],
  }
}

/** Inserts a level in level order; nothing when it is already there. */
export function addLevel(levels: EditorLevel[], level: number): EditorLevel[] {
  if (levels.some((l) => l.level === level)) return levels
  return [...levels, blankLevel(level)].sort((a, b) => a.level - b.level)
}

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter((x) => x !== '')

function levelToEditor(l: PlanResponseLevel): EditorLevel {
  return {
    level: l.level,
    name: l.name ?? '',
    trigger_mode: l.trigger_mode ?? 'all',
    triggers: (l.triggers ?? []).map((t) => ({
      indicator: t.indicator,
      comparator: t.comparator,
      threshold: t.threshold === undefined || t.threshold === null ? '' : String(t.threshold),
      unit: t.unit ?? '',
      keyword: t.keyword ?? '',
    })),
    tasks: (l.tasks ?? []).map((t) => ({
      title: t.title,
      responsible_role: t.responsible_role ?? '',
      responsible_unit: t.responsible_unit ?? '',
      deadline_offset_min: t.deadline_offset_min,
      checklist: (t.checklist ?? []).join('\n'),
    })),
    description: l.description ?? '',
    basis: l.basis ?? '',
  }
}

/** The model of a stored plan or a template (their JSON has the same fields). */
export function editorFromPlan(p: {
  title: string
  type: PlanCategory
  sub_type?: string | null
  level: PlanLevel
  jurisdiction?: string | null
  enterprise_id?: number | null
  owner_unit: string
  keywords?: string[]
  summary?: string | null
  revision_due?: string | null
  content: PlanContent
}): EditorModel {
  return {
    title: p.title,
    type: p.type,
    sub_type: p.sub_type ?? '',
    level: p.level,
    jurisdiction: p.jurisdiction ?? '',
    enterprise_id: p.enterprise_id ?? null,
    owner_unit: p.owner_unit,
    keywords: [...(p.keywords ?? [])],
    summary: p.summary ?? '',
    revision_due: p.revision_due ?? '',
    organisation: (p.content.organisation ?? []).map((r) => ({
      role: r.role,
      units: (r.units ?? []).join('\n'),
      user_ids: (r.user_ids ?? []).join(', '),
    })),
    levels: [...(p.content.levels ?? [])].sort((a, b) => a.level - b.level).map(levelToEditor),
  }
}

/** A number when the text reads as one, else the text itself (so the server names the field). */
function numberOrText(s: string): number | string {
  const v = s.trim()
  if (v === '') return v
  const n = Number(v)
  return Number.isFinite(n) ? n : v
}

function idsOf(s: string): (number | string)[] {
  return s
    .split(/[\s,，、]+/)
    .filter((x) => x !== '')
    .map((x) => (/^\d+$/.test(x) ? Number(x) : x))
}

/** The API's `content` from the model: blank optional fields left out, one entry per row. */
export function contentFromEditor(m: EditorModel): PlanContent {
  const organisation = m.organisation
    .filter((r) => r.role.trim() !== '' || r.units.trim() !== '' || r.user_ids.trim() !== '')
    .map((r) => {
      const out: Record<string, unknown> = { role: r.role.trim() }
      const units = lines(r.units)
      const ids = idsOf(r.user_ids)
      if (units.length) out.units = units
      if (ids.length) out.user_ids = ids
      return out as unknown as NonNullable<PlanContent['organisation']>[number]
    })
  const levels = m.levels.map((l) => {
    const out: Record<string, unknown> = { level: l.level, trigger_mode: l.trigger_mode }
    if (l.name.trim()) out.name = l.name.trim()
    out.triggers = l.triggers.map((t) => {
      if (t.comparator === 'has') return { indicator: 'keyword', comparator: 'has', keyword: t.keyword.trim() }
      const tr: Record<string, unknown> = { indicator: t.indicator.trim(), comparator: t.comparator, threshold: numberOrText(t.threshold) }
      if (t.unit.trim()) tr.unit = t.unit.trim()
      return tr
    })
    out.tasks = l.tasks.map((t) => {
      const task: Record<string, unknown> = { title: t.title.trim(), deadline_offset_min: t.deadline_offset_min }
      if (t.responsible_role.trim()) task.responsible_role = t.responsible_role.trim()
      if (t.responsible_unit.trim()) task.responsible_unit = t.responsible_unit.trim()
      const checklist = lines(t.checklist)
      if (checklist.length) task.checklist = checklist
      return task
    })
    if (l.description.trim()) out.description = l.description.trim()
    if (l.basis.trim()) out.basis = l.basis.trim()
    return out as unknown as PlanResponseLevel
  })
  return { organisation, levels }
}

function commonFields(m: EditorModel) {
  const body: Record<string, unknown> = {
    title: m.title.trim(),
    type: m.type,
    sub_type: m.sub_type || null,
    owner_unit: m.owner_unit.trim(),
    keywords: m.keywords.map((k) => k.trim()).filter((k) => k !== ''),
    summary: m.summary.trim() || null,
    content: contentFromEditor(m),
  }
  if (m.revision_due) body.revision_due = m.revision_due
  return body
}

/** POST /plans: the level's place is a jurisdiction code, or an enterprise for enterprise plans. */
export function createBody(m: EditorModel): PlanInput {
  const body = commonFields(m)
  body.level = m.level
  if (m.level === 'enterprise') {
    if (m.enterprise_id !== null) body.enterprise_id = m.enterprise_id
  } else body.jurisdiction = m.jurisdiction.trim()
  return body as unknown as PlanInput
}

/** PATCH /plans/{id}: everything a draft may change (not its level or place). */
export function patchBody(m: EditorModel): PlanPatch {
  return commonFields(m) as PlanPatch
}

// --- where a server field error is shown --------------------------------------------------------

/** The editor's inputs, by the server's field paths (list items shown at their list's input). */
const SHOWN: readonly RegExp[] = [
  /^(title|type|sub_type|level|jurisdiction|enterprise_id|owner_unit|keywords|summary|revision_due|content)$/,
  /^content\.(organisation|levels)$/,
  /^content\.organisation\[\d+\]\.(role|units|user_ids)$/,
  /^content\.levels\[\d+\]\.(level|name|trigger_mode|triggers|tasks|description|basis)$/,
  /^content\.levels\[\d+\]\.triggers\[\d+\]\.(indicator|comparator|threshold|unit|keyword)$/,
  /^content\.levels\[\d+\]\.tasks\[\d+\]\.(title|responsible_role|responsible_unit|deadline_offset_min|checklist)$/,
]

/**
 * The input a server field path is shown at: an item of a list of texts at the list
 * (`….checklist[2]` → `….checklist`, `keywords[1]` → `keywords`), a whole trigger, task or role at
 * its first input; null when the editor has no input for it (shown above the form then).
 */
export function errorTarget(field: string | null | undefined): string | null {
  if (!field) return null
  let f = field.replace(/\.(checklist|units|user_ids)\[\d+\]$/, '.$1').replace(/^keywords\[\d+\]$/, 'keywords')
  if (/^content\.levels\[\d+\]\.triggers\[\d+\]$/.test(f)) f += '.indicator'
  else if (/^content\.levels\[\d+\]\.tasks\[\d+\]$/.test(f)) f += '.title'
  else if (/^content\.organisation\[\d+\]$/.test(f)) f += '.role'
  else if (/^content\.levels\[\d+\]$/.test(f)) f += '.level'
  return SHOWN.some((re) => re.test(f)) ? f : null
}

// --- the revision-due flag -------------------------------------------------------------------

export type RevisionFlag = 'overdue' | 'due' | null

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return Math.round(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / 86_400_000)
}

/**
 * 已逾期 when the revision date of an edition in force has passed, 修订到期 when it is within
 * `soonDays` (90 by default); nothing for a plan with no edition in force or a retired one.
 */
export function revisionFlag(
  plan: { status: PlanStatus; in_force_edition: number | null; revision_due: string | null },
  today: string,
  soonDays = 90,
): RevisionFlag {
  if (plan.status === 'retired' || plan.in_force_edition === null || !plan.revision_due) return null
  const left = dayNumber(plan.revision_due) - dayNumber(today)
  if (left < 0) return 'overdue'
  if (left <= soonDays) return 'due'
  return null
}

// --- workflow buttons ------------------------------------------------------------------------

const ORDER: readonly PlanAction[] = ['submit', 'approve', 'publish', 'reject', 'retire', 'revise']

/** The actions to offer, in workflow order; only those the server allows. */
export function offeredActions(allowed: readonly string[] | undefined): PlanAction[] {
  const set = new Set(allowed ?? [])
  return ORDER.filter((a) => set.has(a))
}

/** Actions that take a reason (required for reject, optional for retire). */
export function actionReason(action: PlanAction): 'required' | 'optional' | null {
  return action === 'reject' ? 'required' : action === 'retire' ? 'optional' : null
}

// --- the match dialog ------------------------------------------------------------------------

export interface MatchForm {
  type: string
  /** 0: not given (the server finds the level from the indicators). */
  level: number
  indicators: { name: string; value: number | null }[]
  place: 'none' | 'town' | 'point'
  town: string
  lon: number | null
  lat: number | null
  keywords: string[]
}

export function blankMatchForm(): MatchForm {
  return { type: '', level: 0, indicators: [{ name: 'rain_3h_mm', value: null }], place: 'none', town: '', lon: null, lat: null, keywords: [] }
}

/** POST /plans/match from the dialog: only what was given. */
export function matchBody(f: MatchForm): MatchRequest {
  const body: MatchRequest = {}
  if (f.type) body.type = f.type
  if (f.level >= 1 && f.level <= 4) body.level = f.level
  const indicators: Record<string, number> = {}
  for (const i of f.indicators) {
    const name = i.name.trim()
    if (name && i.value !== null && Number.isFinite(i.value)) indicators[name] = i.value
  }
  if (Object.keys(indicators).length) body.indicators = indicators
  if (f.place === 'town' && f.town) body.town = f.town
  if (f.place === 'point' && f.lon !== null && f.lat !== null) body.location = { lon: f.lon, lat: f.lat }
  const keywords = f.keywords.map((k) => k.trim()).filter((k) => k !== '')
  if (keywords.length) body.keywords = keywords
  return body
}

// --- display ---------------------------------------------------------------------------------

/** A file size in words: 980 B, 12.3 KB, 4.5 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** The roles of the organisation that a task may name (non-blank, once each). */
export function roleNames(m: Pick<EditorModel, 'organisation'>): string[] {
  return [...new Set(m.organisation.map((r) => r.role.trim()).filter((r) => r !== ''))]
}

// --- the edition list ------------------------------------------------------------------------

export interface EditionRow {
  edition: number
  state: PlanStatus
  /** Who: the author of a draft or review edition, approver and publisher of a published one. */
  author: string | null
  approver: string | null
  publisher: string | null
  at: string | null
}

/**
 * Every edition, newest first: the current one when it is not yet published (draft or review,
 * its author and approver), and each published snapshot — published while it is the one in force,
 * retired once superseded or withdrawn.
 */
export function editionRows(p: {
  status: PlanStatus
  edition: number
  in_force_edition: number | null
  author: string
  approver: string | null
  updated_at: string
  versions: { edition: number; approver: string; published_by: string; published_at: string }[]
}): EditionRow[] {
  const rows: EditionRow[] = []
  const published = new Set(p.versions.map((v) => v.edition))
  if (!published.has(p.edition))
    rows.push({ edition: p.edition, state: p.status, author: p.author, approver: p.approver, publisher: null, at: p.updated_at })
  for (const v of [...p.versions].sort((a, b) => b.edition - a.edition)) {
    const inForce = v.edition === p.in_force_edition && p.status !== 'retired'
    rows.push({ edition: v.edition, state: inForce ? 'published' : 'retired', author: null, approver: v.approver, publisher: v.published_by, at: v.published_at })
  }
  return rows
}
