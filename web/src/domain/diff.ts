// The before/after of an audit entry as rows a person can read: one row per field, marked as
// added, removed (cleared), changed or the same; and each value as one line of text.
import { formatTime, type DisplayContext } from './display'

export type Change = 'added' | 'removed' | 'changed' | 'same'

export interface DiffRow {
  field: string
  before: unknown
  after: unknown
  change: Change
}

/** Bookkeeping fields, listed after the fields a person edits. */
export const TRAILING_FIELDS: readonly string[] = ['id', 'version', 'synthetic', 'created_at', 'updated_at']

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const absent = (v: unknown) => v === null || v === undefined

/** JSON text with object keys sorted, so that key order does not make values differ. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => v[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(v ?? null)
}

/** Deep equality of JSON values; null and a missing value are the same. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (absent(a) && absent(b)) return true
  return canonical(a) === canonical(b)
}

function changeOf(before: unknown, after: unknown): Change {
  if (sameValue(before, after)) return 'same'
  if (absent(before)) return 'added'
  if (absent(after)) return 'removed'
  return 'changed'
}

/**
 * Field-by-field comparison of two audit snapshots. Either side may be null (a creation has no
 * before, a deletion no after). Fields keep the order they have in `before`, then those only in
 * `after`, with bookkeeping fields last. A snapshot that is not an object is one row named ''.
 */
export function diffFields(before: unknown, after: unknown): DiffRow[] {
  if ((!absent(before) && !isObject(before)) || (!absent(after) && !isObject(after))) {
    return absent(before) && absent(after) ? [] : [{ field: '', before, after, change: changeOf(before, after) }]
  }
  const b = (before ?? {}) as Record<string, unknown>
  const a = (after ?? {}) as Record<string, unknown>
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
  const rank = (k: string) => (TRAILING_FIELDS.includes(k) ? 1 + TRAILING_FIELDS.indexOf(k) : 0)
  keys.sort((x, y) => rank(x) - rank(y)) // stable: equal ranks keep their order
  return keys.map((field) => ({ field, before: b[field], after: a[field], change: changeOf(b[field], a[field]) }))
}

export function changedFields(rows: readonly DiffRow[]): DiffRow[] {
  return rows.filter((r) => r.change !== 'same')
}

const CODE_FIELDS = new Set(['scope_code', 'town_code', 'community_code', 'parent_code', 'code'])
const TIME_FIELDS = new Set(['created_at', 'updated_at', 'at', 'expires_at'])

/** One line of text for a value in an audit snapshot; '' for none. */
export function auditValueText(field: string, value: unknown, ctx: DisplayContext): string {
  if (absent(value) || value === '') return ''
  if (typeof value === 'boolean') return ctx.t(value ? 'common.yes' : 'common.no')
  if (field === 'role' && typeof value === 'string' && ctx.te(`roles.${value}`)) return ctx.t(`roles.${value}`)
  if (CODE_FIELDS.has(field) && typeof value === 'string') {
    const name = ctx.nameOf(value)
    return name && name !== value ? `${name} (${value})` : value
  }
  if (TIME_FIELDS.has(field) && typeof value === 'string') return formatTime(value, true)
  if (Array.isArray(value)) return value.every((v) => typeof v !== 'object' || v === null) ? value.join('、') : JSON.stringify(value)
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}
