// RFC 4180 CSV: parse what spreadsheets write (BOM, quotes, CRLF, newlines inside quotes) and
// write what they read back.

export type Cell = string | number | boolean | null | undefined

/** Parses CSV text into rows of cells. A trailing newline does not make an empty last row. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let inQuotes = false
  let i = 0
  const n = text.length
  while (i < n) {
    const ch = text[i]
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"'
          i += 2
          continue
        }
        inQuotes = false
        i++
        continue
      }
      cell += ch
      i++
      continue
    }
    if (ch === '"' && cell === '') {
      inQuotes = true
      i++
    } else if (ch === delimiter) {
      row.push(cell)
      cell = ''
      i++
    } else if (ch === '\r' || ch === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
    } else {
      cell += ch
      i++
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell)
    rows.push(row)
  }
  return rows
}

function quote(value: Cell): string {
  if (value === null || value === undefined) return ''
  const s = String(value)
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Writes rows as CSV with CRLF line ends; `bom` prefixes the UTF-8 byte-order mark for Excel. */
export function toCsv(rows: readonly (readonly Cell[])[], bom = false): string {
  const body = rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n'
  return bom ? `\ufeff${body}` : body
}
