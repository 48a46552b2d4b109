// Reading spreadsheet cells: plain values of exceljs cells and their conversion to a field's JSON
// value (utils/ledger.ts maps whole sheets, with labels and names, and writes exports).
import type { FieldSpec } from '@/domain/kinds'

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

/** Turns a CSV parse (first row = header) into a SheetTable with line numbers. */
export function tableFromCsvRows(rows: string[][]): SheetTable {
  const [header = [], ...data] = rows
  return { header, rows: data, lines: data.map((_, i) => i + 2) }
}
