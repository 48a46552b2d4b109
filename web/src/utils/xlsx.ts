// XLSX in the browser with exceljs, loaded only when a user imports or exports a workbook.
import { plainCell, type SheetTable } from './rows'
import type { LedgerCell, LedgerColumn, TemplateColumn } from './ledger'

async function loadExcelJs() {
  const mod = await import('exceljs')
  // The browser build is a UMD bundle: its namespace arrives as the default export.
  return (mod as unknown as { default?: typeof mod }).default ?? mod
}

/**
 * Reads the first worksheet that is not one of the template's helper sheets (named in `skip`, e.g.
 * 填写说明 and 可选值 in either language): row 1 is the header.
 */
export async function readXlsx(data: ArrayBuffer, skip: readonly string[] = []): Promise<SheetTable> {
  const ExcelJS = await loadExcelJs()
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(data)
  const ws = wb.worksheets.find((w) => w.state === 'visible' && !skip.includes(w.name)) ?? wb.worksheets[0]
  if (!ws) return { header: [], rows: [], lines: [] }
  const header: string[] = []
  const rows: unknown[][] = []
  const lines: number[] = []
  let width = 0
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // row.values is 1-based: index 0 is empty.
    const values = (row.values as unknown[]).slice(1)
    if (rowNumber === 1) {
      for (const v of values) header.push(String(plainCell(v) ?? '').trim())
      width = header.length
      return
    }
    const cells: unknown[] = []
    for (let i = 0; i < Math.max(width, values.length); i++) cells.push(values[i] ?? null)
    rows.push(cells)
    lines.push(rowNumber)
  })
  return { header, rows, lines }
}

/** Rows of a template's data sheet that carry the dropdowns and the text format. */
export const TEMPLATE_ROWS = 1000

const TEXT_FORMAT = '@'
const COORD_FORMAT = '0.000000'
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } } as const
const REQUIRED_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } } as const

function columnLetter(n: number): string {
  let s = ''
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s
  return s
}
const sheetRef = (name: string) => `'${name.replace(/'/g, "''")}'`

/** The format of a column's cells: text for codes (no 1.2E+17, leading zeros kept), decimals for coordinates. */
function numFmtOf(kind: LedgerColumn['kind']): string | undefined {
  if (kind === 'code' || kind === 'text') return TEXT_FORMAT
  if (kind === 'coord') return COORD_FORMAT
  return undefined
}

export interface TemplateSheets {
  data: string
  instructions: string
  lists: string
  /** Headers of the instructions sheet: 列名, 字段, 含义, 是否必填, 格式, 可选值, 示例. */
  instructionHeader: readonly string[]
  note: string
  requiredWords: readonly [string, string]
}

/**
 * An import template: the data sheet (labels as headers, code columns as text, dropdowns for
 * enumerated fields, towns and communities), 填写说明 (one row per column) and the lists the
 * dropdowns read (a sheet of their own: a list written into the rule may not exceed 255 characters).
 */
export async function writeTemplate(cols: readonly TemplateColumn[], names: TemplateSheets): Promise<ArrayBuffer> {
  const ExcelJS = await loadExcelJs()
  const wb = new ExcelJS.Workbook()
  wb.creator = 'lakeguard'
  const ws = wb.addWorksheet(names.data.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] })
  const info = wb.addWorksheet(names.instructions.slice(0, 31))
  const lists = wb.addWorksheet(names.lists.slice(0, 31))

  ws.addRow(cols.map((c) => c.label))
  const head = ws.getRow(1)
  head.font = { bold: true }
  cols.forEach((c, i) => {
    const cell = head.getCell(i + 1)
    cell.fill = c.required ? REQUIRED_FILL : HEADER_FILL
    cell.note = [c.meaning, c.format, c.required ? names.requiredWords[0] : names.requiredWords[1]].filter(Boolean).join('\n')
    const col = ws.getColumn(i + 1)
    col.width = Math.min(40, Math.max(12, c.label.length * 2 + 4))
    const fmt = numFmtOf(c.kind)
    if (fmt) col.numFmt = fmt
  })

  // The lists sheet: one column per dropdown, header = the data column's label.
  let listCol = 0
  cols.forEach((c, i) => {
    if (!c.choices.length) return
    listCol++
    const letter = columnLetter(listCol)
    lists.getCell(`${letter}1`).value = c.label
    lists.getCell(`${letter}1`).font = { bold: true }
    c.choices.forEach((v, j) => (lists.getCell(`${letter}${j + 2}`).value = v))
    lists.getColumn(listCol).width = 24
    const formula = `${sheetRef(lists.name)}!$${letter}$2:$${letter}$${c.choices.length + 1}`
    const dataLetter = columnLetter(i + 1)
    for (let r = 2; r <= TEMPLATE_ROWS + 1; r++) {
      ws.getCell(`${dataLetter}${r}`).dataValidation = {
        type: 'list',
        allowBlank: !c.required,
        formulae: [formula],
        showErrorMessage: true,
        // A town or community may also be given by its code: warn, do not refuse.
        errorStyle: c.field?.type === 'town' || c.field?.type === 'community' ? 'warning' : 'stop',
        error: c.format,
      }
    }
  })

  info.addRow([...names.instructionHeader])
  info.getRow(1).font = { bold: true }
  info.getRow(1).eachCell((cell) => (cell.fill = HEADER_FILL))
  for (const c of cols) {
    const row = info.addRow([c.label, c.key, c.meaning, c.required ? names.requiredWords[0] : names.requiredWords[1], c.format, c.allowed, c.example])
    if (c.required) row.getCell(4).font = { bold: true, color: { argb: 'FFC00000' } }
  }
  info.addRow([])
  info.addRow([names.note])
  ;[14, 16, 32, 10, 36, 48, 28].forEach((w, i) => {
    info.getColumn(i + 1).width = w
    info.getColumn(i + 1).alignment = { wrapText: true, vertical: 'top' }
  })
  info.getColumn(7).numFmt = TEXT_FORMAT
  info.views = [{ state: 'frozen', ySplit: 1 }]

  return (await wb.xlsx.writeBuffer()) as ArrayBuffer
}

/** An export: labels as headers, code and text columns formatted as text, coordinates as decimals. */
export async function writeLedger(sheetName: string, cols: readonly LedgerColumn[], rows: readonly (readonly LedgerCell[])[]): Promise<ArrayBuffer> {
  const ExcelJS = await loadExcelJs()
  const wb = new ExcelJS.Workbook()
  wb.creator = 'lakeguard'
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.addRow(cols.map((c) => c.label))
  ws.getRow(1).font = { bold: true }
  ws.getRow(1).eachCell((cell) => (cell.fill = HEADER_FILL))
  for (const r of rows) ws.addRow(r.map((c) => (c === null ? null : c)))
  cols.forEach((c, i) => {
    const col = ws.getColumn(i + 1)
    const fmt = numFmtOf(c.kind)
    if (fmt) col.eachCell({ includeEmpty: false }, (cell, n) => n > 1 && (cell.numFmt = fmt))
    const longest = Math.max(c.label.length * 2, ...rows.slice(0, 200).map((r) => String(r[i] ?? '').length))
    col.width = Math.min(60, Math.max(8, longest + 2))
  })
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
