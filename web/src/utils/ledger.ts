// The registry as a ledger (台账) in Excel: column labels in the user's language, the cells of an
// export as people read them (是/否, town names, Beijing time, codes as text), and the way back for
// an import (Chinese or English labels or field keys; town and community names; 是/否; enum
// labels). Pure: no exceljs here (utils/xlsx.ts writes and reads the workbook).
import type { FieldSpec, KindName, KindSpec } from '@/domain/kinds'
import { fieldOf, META_FIELDS } from '@/domain/kinds'
import { formatTime, SHANGHAI } from '@/domain/display'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'
import { coerceCell, plainCell, type RecordsForImport, type SheetTable } from './rows'

export interface Division {
  code: string
  name: string
  level?: string
  parent_code?: string | null
}

export interface LedgerContext {
  t: (key: string, named?: Record<string, unknown>) => string
  te: (key: string) => boolean
  /** Towns and communities the user can see (names for export, dropdowns and import). */
  divisions: readonly Division[]
}

/** How a column's cells are written: text cells are formatted '@' so Excel keeps them as typed. */
export type LedgerCellKind = 'text' | 'code' | 'int' | 'number' | 'coord'

export interface LedgerColumn {
  key: string
  label: string
  kind: LedgerCellKind
  field?: FieldSpec
}

export type LedgerCell = string | number | null

/** Fields whose values are identifiers: written as text so that Excel never turns them into numbers. */
const CODE_FIELDS = new Set(['credit_code', 'code', 'parent_code', 'cas'])

export function cellKind(field: FieldSpec | undefined): LedgerCellKind {
  if (!field) return 'text'
  if (CODE_FIELDS.has(field.name) || field.check === 'credit_code' || field.check === 'cas' || field.type === 'phone') return 'code'
  if (field.check === 'lon' || field.check === 'lat') return 'coord'
  if (field.type === 'int') return 'int'
  if (field.type === 'number') return 'number'
  return 'text'
}

export function fieldLabel(name: string, ctx: Pick<LedgerContext, 't' | 'te'>): string {
  const key = `fields.${name}`
  return ctx.te(key) ? ctx.t(key) : name
}

/** The kind's ledger name in the user's language, e.g. 企业台账. */
export function ledgerName(kind: KindName, ctx: Pick<LedgerContext, 't'>): string {
  return ctx.t(`ledger.names.${kind}`)
}

/** YYYYMMDD of a moment in Beijing time. */
export function beijingDate(d = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: SHANGHAI, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(d)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}${get('month')}${get('day')}`
}

/** 企业台账_20261205.xlsx: the ledger name and the Beijing date. */
export function exportFileName(kind: KindName, ctx: Pick<LedgerContext, 't'>, ext: 'xlsx' | 'csv', d = new Date()): string {
  return `${ledgerName(kind, ctx)}_${beijingDate(d)}.${ext}`
}

export function templateFileName(kind: KindName, ctx: Pick<LedgerContext, 't'>): string {
  return `${ctx.t('ledger.templateName', { ledger: ledgerName(kind, ctx) })}.xlsx`
}

// --- export ------------------------------------------------------------------------------------

/** Columns of an export: the kind's fields, then when it was last changed and whether it is synthetic. */
export function ledgerColumns(spec: KindSpec, ctx: Pick<LedgerContext, 't' | 'te'>): LedgerColumn[] {
  const cols: LedgerColumn[] = spec.fields.map((f) => ({ key: f.name, label: fieldLabel(f.name, ctx), kind: cellKind(f), field: f }))
  cols.push({ key: 'updated_at', label: fieldLabel('updated_at', ctx), kind: 'text' })
  cols.push({ key: 'synthetic', label: fieldLabel('synthetic', ctx), kind: 'text' })
  return cols
}

function enumText(field: FieldSpec, value: string, ctx: Pick<LedgerContext, 't' | 'te'>): string {
  const option = field.options?.find((o) => o.value === value)
  if (option?.key) {
    const key = `enums.${field.name}.${option.key}`
    if (ctx.te(key)) return ctx.t(key)
  }
  return value
}

function divisionName(code: unknown, ctx: LedgerContext): string {
  if (typeof code !== 'string' || code === '') return ''
  return ctx.divisions.find((d) => d.code === code)?.name ?? code
}

const yesNo = (v: unknown, ctx: Pick<LedgerContext, 't'>) => ctx.t(v === true || v === 'true' ? 'common.yes' : 'common.no')

/** One cell of an export, as the console shows the value. */
export function ledgerCell(col: LedgerColumn, value: unknown, ctx: LedgerContext): LedgerCell {
  if (col.key === 'updated_at' || col.key === 'created_at') return value ? formatTime(value) : null
  if (col.key === 'synthetic') return yesNo(value, ctx)
  if (value === null || value === undefined || value === '') return null
  const f = col.field
  if (f?.type === 'bool') return yesNo(value, ctx)
  if (f?.type === 'enum') return enumText(f, String(value), ctx)
  if (f?.type === 'town' || f?.type === 'community') return divisionName(value, ctx)
  if (Array.isArray(value)) return value.map(String).join(ctx.t('ledger.tagSeparator'))
  if (col.kind === 'code') return String(value)
  if (col.kind === 'int' || col.kind === 'number' || col.kind === 'coord') {
    const n = typeof value === 'number' ? value : Number(value)
    if (!Number.isFinite(n)) return String(value)
    // Coordinates in plain decimal degrees: at most 6 decimals (about 0.1 m), never 1.2e+2.
    return col.kind === 'coord' ? Number(n.toFixed(6)) : n
  }
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

export function ledgerRows(cols: readonly LedgerColumn[], items: readonly Record<string, unknown>[], ctx: LedgerContext): LedgerCell[][] {
  return items.map((item) => cols.map((c) => ledgerCell(c, item[c.key], ctx)))
}

// --- template ----------------------------------------------------------------------------------

export interface TemplateColumn extends LedgerColumn {
  required: boolean
  meaning: string
  format: string
  /** Values offered by the column's dropdown (empty: no dropdown). */
  choices: string[]
  /** The words of the 可选值 column of the instructions. */
  allowed: string
  example: string
}

function towns(ctx: LedgerContext): Division[] {
  return ctx.divisions.filter((d) => d.level === 'town').sort((a, b) => a.code.localeCompare(b.code))
}
function communities(ctx: LedgerContext): Division[] {
  return ctx.divisions.filter((d) => d.level === 'community').sort((a, b) => a.code.localeCompare(b.code))
}
const unique = (xs: string[]) => [...new Set(xs)]

function formatWords(f: FieldSpec, kind: LedgerCellKind, ctx: Pick<LedgerContext, 't'>): string {
  const base =
    kind === 'code' && f.type !== 'phone'
      ? ctx.t('ledger.format.code')
      : kind === 'coord'
        ? ctx.t('ledger.format.coord')
        : ctx.t(`ledger.format.${f.type}`)
  const extra: string[] = []
  if (kind !== 'coord' && f.min !== undefined && f.max !== undefined) extra.push(ctx.t('ledger.format.range', { min: f.min, max: f.max }))
  else if (kind !== 'coord' && f.min !== undefined) extra.push(ctx.t('ledger.format.atLeast', { min: f.min }))
  if (f.maxLength) extra.push(ctx.t('ledger.format.maxLength', { max: f.maxLength }))
  return [base, ...extra].join('；')
}

/** What the template says and offers for each column of a kind. */
export function templateColumns(spec: KindSpec, ctx: LedgerContext): TemplateColumn[] {
  const sep = '、'
  return spec.fields.map((f) => {
    const kind = cellKind(f)
    let choices: string[] = []
    let allowed = ''
    let example = ctx.te(`ledger.example.${f.name}`) ? ctx.t(`ledger.example.${f.name}`) : ''
    if (f.type === 'bool') {
      choices = [ctx.t('common.yes'), ctx.t('common.no')]
      allowed = choices.join(sep)
      example = choices[0]
    } else if (f.type === 'enum') {
      choices = (f.options ?? []).map((o) => enumText(f, o.value, ctx))
      allowed = choices.join(sep)
      example = choices[0] ?? ''
    } else if (f.type === 'town') {
      choices = unique(towns(ctx).map((d) => d.name))
      allowed = choices.join(sep)
      example = choices[0] ?? ''
    } else if (f.type === 'community') {
      choices = unique(communities(ctx).map((d) => d.name))
      allowed = ctx.t('ledger.allowedCommunities')
      example = choices[0] ?? ''
    } else if (f.suggestions?.length) {
      allowed = ctx.t('ledger.allowedSuggestions', { values: f.suggestions.join(sep) })
    }
    return {
      key: f.name,
      label: fieldLabel(f.name, ctx),
      kind,
      field: f,
      required: !!f.required,
      meaning: ctx.te(`ledger.meaning.${f.name}`) ? ctx.t(`ledger.meaning.${f.name}`) : fieldLabel(f.name, ctx),
      format: formatWords(f, kind, ctx),
      choices,
      allowed,
      example,
    }
  })
}

// --- import ------------------------------------------------------------------------------------

type Messages = { fields: Record<string, string>; enums: Record<string, Record<string, string>> }
const CATALOGS = [zhCN, en] as unknown as Messages[]

/** Labels are compared without spaces, full-width forms and a required-marker star. */
export function normaliseLabel(s: string): string {
  return s.normalize('NFKC').replace(/[\s*]/g, '').toLowerCase()
}

/** The field key a header cell names: a key, or a label in either language; null when none. */
export function headerKey(spec: KindSpec, header: string): string | null {
  const h = normaliseLabel(header)
  if (!h) return null
  for (const f of spec.fields) if (normaliseLabel(f.name) === h) return f.name
  for (const m of CATALOGS) for (const f of spec.fields) if (m.fields[f.name] && normaliseLabel(m.fields[f.name]) === h) return f.name
  return null
}

/** Whether a header names one of the bookkeeping columns of an export (更新时间, 合成数据, …). */
export function isMetaHeader(header: string): boolean {
  const h = normaliseLabel(header)
  return META_FIELDS.some((k) => normaliseLabel(k) === h || CATALOGS.some((m) => m.fields[k] && normaliseLabel(m.fields[k]) === h))
}

/** An enum cell: a stored value, or an option's label in either language. */
function enumValue(field: FieldSpec, raw: string): string {
  const s = normaliseLabel(raw)
  for (const o of field.options ?? []) {
    if (normaliseLabel(o.value) === s) return o.value
    if (!o.key) continue
    for (const m of CATALOGS) {
      const label = m.enums[field.name]?.[o.key]
      if (label && normaliseLabel(label) === s) return o.value
    }
  }
  return raw
}

function divisionCode(raw: unknown, level: 'town' | 'community', ctx: LedgerContext, town?: unknown): unknown {
  if (raw === undefined) return raw
  const s = String(raw).trim()
  if (/^\d+$/.test(s)) return s
  const named = ctx.divisions.filter((d) => d.level === level && normaliseLabel(d.name) === normaliseLabel(s))
  const inTown = level === 'community' && typeof town === 'string' ? named.filter((d) => d.parent_code === town) : named
  const pick = inTown.length === 1 ? inTown : named
  // An unknown or ambiguous name goes to the server unchanged: it names the column in its report.
  return pick.length === 1 ? pick[0].code : s
}

/**
 * Maps a sheet under a header of keys or labels (mixed is fine) to objects for `POST …/import`.
 * Town and community names become codes, 是/否 booleans, enum labels their values. Columns the
 * kind does not have are passed on under their header, for the server to name them (the export's
 * 更新时间 and 合成数据 excepted: an export re-imports).
 */
export function ledgerRecords(spec: KindSpec, table: SheetTable, ctx: LedgerContext): RecordsForImport {
  // An export read back: its bookkeeping columns are the server's to set, left out here.
  const keys = table.header.map((h) => {
    const text = String(plainCell(h) ?? '').trim()
    return headerKey(spec, text) ?? (isMetaHeader(text) ? '' : text)
  })
  const records: Record<string, unknown>[] = []
  const lines: number[] = []
  table.rows.forEach((row, i) => {
    const blank = row.every((c) => {
      const v = plainCell(c)
      return v === null || (typeof v === 'string' && v.trim() === '')
    })
    if (blank) return
    const record: Record<string, unknown> = {}
    keys.forEach((key, col) => {
      if (!key) return
      const field = fieldOf(spec, key)
      let v = coerceCell(field, row[col])
      if (v !== undefined && field?.type === 'enum' && typeof v === 'string') v = enumValue(field, v)
      if (v !== undefined) record[key] = v
    })
    for (const f of spec.fields) {
      if (f.type === 'town' && record[f.name] !== undefined) record[f.name] = divisionCode(record[f.name], 'town', ctx)
    }
    for (const f of spec.fields) {
      if (f.type === 'community' && record[f.name] !== undefined) record[f.name] = divisionCode(record[f.name], 'community', ctx, record.town_code)
    }
    records.push(record)
    lines.push(table.lines[i] ?? i + 2)
  })
  return { records, lines }
}

/** Whether a header row uses anything but the kind's field keys (then the console maps it). */
export function needsMapping(spec: KindSpec, header: readonly string[]): boolean {
  return header.some((h) => {
    const s = h.trim()
    return s !== '' && !fieldOf(spec, s)
  })
}

/** The column of an import error as the user knows it: its label, never the raw key. */
export function errorColumn(spec: KindSpec, column: string | null, ctx: Pick<LedgerContext, 't' | 'te'>): string {
  if (!column) return ''
  return fieldOf(spec, column) || ctx.te(`fields.${column}`) ? fieldLabel(column, ctx) : column
}
