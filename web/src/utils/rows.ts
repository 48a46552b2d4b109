// Turning spreadsheet rows into objects the import API takes, and objects into rows for export.
import type { FieldSpec, KindSpec } from '@/domain/kinds'
import { fieldOf } from '@/domain/kinds'

export interface SheetTable {
  header: string[]
  /** Data rows, without the header. */
  rows: unknown[][]
  /** The spreadsheet line of each data row (header = 1). */
  lines: number[]
}

export interface RecordsForImport {
  records: Record<string, unknown>[]
  /** The spreadsheet line of each record, to translate the server's row numbers back. */
  lines: number[]
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', '是', '有', '√'])
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', '否', '无', '×'])
const TAG_SEPARATORS = /[;；,，、|]/

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** YYYY-MM-DD of a date as the spreadsheet shows it (spreadsheet dates carry no zone: read as UTC). */
export function isoDate(d: Date): string {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
}

/** Excel's serial day number (1900 date system) to a date. */
export function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400 * 1000))
}

/** The plain value of an exceljs cell value (rich text, hyperlinks, formulas, errors). */
export function plainCell(value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value
  if (typeof value !== 'object') return value
  const v = value as Record<string, unknown>
  if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((r) => r.text).join('')
  if ('result' in v) return plainCell(v.result)
  if (typeof v.text === 'string') return v.text
  if ('error' in v) return null
  return String(value)
}

/**
 * Converts one cell to the JSON value of a field. Empty cells give undefined (the field is left
 * out). A value that cannot be converted is passed on unchanged so that the server names it in
 * its row report.
 */
export function coerceCell(field: FieldSpec | undefined, raw: unknown): unknown {
  const value = plainCell(raw)
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string' && value.trim() === '') return undefined
  if (!field) return typeof value === 'string' ? value.trim() : value
  switch (field.type) {
    case 'int':
    case 'number': {
      if (typeof value === 'number') return value
      const s = String(value).trim().replace(/,/g, '')
      const n = Number(s)
      return s !== '' && Number.isFinite(n) ? n : String(value).trim()
    }
    case 'bool': {
      if (typeof value === 'boolean') return value
      const s = String(value).trim().toLowerCase()
      if (TRUE_WORDS.has(s)) return true
      if (FALSE_WORDS.has(s)) return false
      return String(value).trim()
    }
    case 'tags': {
      if (Array.isArray(value)) return value.map((x) => String(x).trim()).filter(Boolean)
      return String(value)
        .split(TAG_SEPARATORS)
        .map((x) => x.trim())
        .filter(Boolean)
    }
    case 'date': {
      if (value instanceof Date) return isoDate(value)
      if (typeof value === 'number') return isoDate(excelSerialToDate(value))
      return String(value).trim()
    }
    default: {
      if (value instanceof Date) return isoDate(value)
      if (typeof value === 'number') return String(value)
      return String(value).trim()
    }
  }
}

/** Maps a table with a header row to objects for `POST …/import` with a JSON body. */
export function recordsFromTable(spec: KindSpec, table: SheetTable): RecordsForImport {
  const header = table.header.map((h) => String(plainCell(h) ?? '').trim())
  const records: Record<string, unknown>[] = []
  const lines: number[] = []
  table.rows.forEach((row, i) => {
    if (row.every((c) => {
      const v = plainCell(c)
      return v === null || (typeof v === 'string' && v.trim() === '')
    })) return
    const record: Record<string, unknown> = {}
    header.forEach((name, col) => {
      if (!name) return
      const v = coerceCell(fieldOf(spec, name), row[col])
      if (v !== undefined) record[name] = v
    })
    records.push(record)
    lines.push(table.lines[i] ?? i + 2)
  })
  return { records, lines }
}

/** Turns a CSV parse (first row = header) into a SheetTable with line numbers. */
export function tableFromCsvRows(rows: string[][]): SheetTable {
  const [header = [], ...data] = rows
  return { header, rows: data, lines: data.map((_, i) => i + 2) }
}

/** A cell for export of one field value. */
export function exportCell(field: FieldSpec | undefined, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null
  if (Array.isArray(value)) return value.join(';')
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    if (field?.type === 'bool' && typeof value === 'string') return value === 'true'
    return value
  }
  return JSON.stringify(value)
}

/** Column names of an export: the kind's fields, then the bookkeeping ones. */
export function exportColumns(spec: KindSpec): string[] {
  return ['id', ...spec.fields.map((f) => f.name), 'synthetic', 'updated_at']
}

export function objectsToRows(spec: KindSpec, items: readonly Record<string, unknown>[]): (string | number | boolean | null)[][] {
  const cols = exportColumns(spec)
  return items.map((item) => cols.map((c) => exportCell(fieldOf(spec, c), item[c])))
}
