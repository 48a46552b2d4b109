// XLSX in the browser with exceljs, loaded only when a user imports or exports a workbook.
import { plainCell, type SheetTable } from './rows'

type Cell = string | number | boolean | null

async function loadExcelJs() {
  const mod = await import('exceljs')
  // The browser build is a UMD bundle: its namespace arrives as the default export.
  return (mod as unknown as { default?: typeof mod }).default ?? mod
}

/** Reads the first worksheet: row 1 is the header. */
export async function readXlsx(data: ArrayBuffer): Promise<SheetTable> {
  const ExcelJS = await loadExcelJs()
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(data)
  const ws = wb.worksheets[0]
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

/** Writes one worksheet with a bold, frozen header row. */
export async function writeXlsx(sheetName: string, header: readonly string[], rows: readonly (readonly Cell[])[]): Promise<ArrayBuffer> {
  const ExcelJS = await loadExcelJs()
  const wb = new ExcelJS.Workbook()
  wb.creator = 'lakeguard'
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.addRow([...header])
  ws.getRow(1).font = { bold: true }
  for (const r of rows) ws.addRow(r.map((c) => (c === null ? '' : c)))
  ws.columns.forEach((col, i) => {
    const longest = Math.max(String(header[i] ?? '').length, ...rows.slice(0, 200).map((r) => String(r[i] ?? '').length))
    col.width = Math.min(60, Math.max(8, longest + 2))
  })
  const buf = await wb.xlsx.writeBuffer()
  return buf as ArrayBuffer
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
