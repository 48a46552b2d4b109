// Turning stored values into the words a table cell, detail page or map drawer shows.
import type { FieldSpec } from './kinds'

export interface DisplayContext {
  t: (key: string, named?: Record<string, unknown>) => string
  te: (key: string) => boolean
  nameOf: (code: unknown) => string
}

export const SHANGHAI = 'Asia/Shanghai'

/** "2025-11-29 13:24" in Beijing time, whatever the browser's zone. */
export function formatTime(iso: unknown, withSeconds = false): string {
  if (typeof iso !== 'string' && typeof iso !== 'number') return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: SHANGHAI,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: withSeconds ? '2-digit' : undefined,
    hourCycle: 'h23',
  }).formatToParts(d)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  const time = `${get('hour')}:${get('minute')}${withSeconds ? `:${get('second')}` : ''}`
  return `${get('year')}-${get('month')}-${get('day')} ${time}`
}

export function enumLabel(field: FieldSpec, value: unknown, ctx: Pick<DisplayContext, 't' | 'te'>): string {
  const s = value === null || value === undefined ? '' : String(value)
  const option = field.options?.find((o) => o.value === s)
  if (option?.key) {
    const key = `enums.${field.name}.${option.key}`
    if (ctx.te(key)) return ctx.t(key)
  }
  return s
}

/** A one-line text for any field value. */
export function formatValue(field: FieldSpec | undefined, value: unknown, ctx: DisplayContext): string {
  if (value === null || value === undefined || value === '') return ''
  if (!field) {
    if (typeof value === 'boolean') return ctx.t(value ? 'common.yes' : 'common.no')
    return Array.isArray(value) ? value.join('、') : String(value)
  }
  switch (field.type) {
    case 'bool':
      return ctx.t(value === true || value === 'true' ? 'common.yes' : 'common.no')
    case 'enum':
      return enumLabel(field, value, ctx)
    case 'tags':
      return Array.isArray(value) ? value.join('、') : String(value)
    case 'town':
    case 'community':
      return ctx.nameOf(value)
    case 'number':
      return typeof value === 'number' ? String(Number(value.toFixed(6))) : String(value)
    case 'int':
      return typeof value === 'number' ? value.toLocaleString('en-US') : String(value)
    default:
      // A text field with labelled usual values (e.g. shelter types) shows their label.
      return field.options ? enumLabel(field, value, ctx) : String(value)
  }
}

export function metaFieldValue(name: string, value: unknown, ctx: DisplayContext): string {
  if (name === 'created_at' || name === 'updated_at') return formatTime(value)
  if (name === 'synthetic') return ctx.t(value ? 'common.yes' : 'common.no')
  return value === null || value === undefined ? '' : String(value)
}
