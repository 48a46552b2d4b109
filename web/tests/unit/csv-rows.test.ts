import { describe, expect, it } from 'vitest'
import { parseCsv, toCsv } from '@/utils/csv'
import { coerceCell, excelSerialToDate, tableFromCsvRows } from '@/utils/rows'
import { ledgerRecords } from '@/utils/ledger'
import { KINDS, CHILD_KINDS, fieldOf } from '@/domain/kinds'

describe('parseCsv', () => {
  it('reads a BOM, CRLF, quotes, escaped quotes and newlines inside quotes', () => {
    const text = '\ufeffname,address\r\n"西湖, 企业","杭州""西湖""\n留下"\r\nplain,\r\n'
    expect(parseCsv(text)).toEqual([
      ['name', 'address'],
      ['西湖, 企业', '杭州"西湖"\n留下'],
      ['plain', ''],
    ])
  })

  it('keeps a last line without a newline and LF-only files', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']])
  })
})

describe('toCsv', () => {
  it('quotes what needs quoting and round-trips through parseCsv', () => {
    const rows = [['name', 'n', 'ok'], ['a,b', 3, true], ['say "hi"', null, false], ['line\nbreak', 1.5, null]]
    const text = toCsv(rows, true)
    expect(text.startsWith('\ufeffname,n,ok\r\n"a,b",3,true\r\n')).toBe(true)
    expect(parseCsv(text)).toEqual(rows.map((r) => r.map((c) => (c === null ? '' : String(c)))))
  })
})

describe('coerceCell', () => {
  const ent = KINDS.enterprises
  it('converts numbers, booleans and tag lists by field type', () => {
    expect(coerceCell(fieldOf(ent, 'lon'), '120.05')).toBe(120.05)
    expect(coerceCell(fieldOf(ent, 'lon'), 120.05)).toBe(120.05)
    expect(coerceCell(fieldOf(KINDS.shelters, 'capacity_people'), '1,200')).toBe(1200)
    expect(coerceCell(fieldOf(ent, 'hazchem_user'), '是')).toBe(true)
    expect(coerceCell(fieldOf(ent, 'hazchem_user'), 'FALSE')).toBe(false)
    expect(coerceCell(fieldOf(ent, 'flags'), '人员密集场所；出租房、 高危企业')).toEqual(['人员密集场所', '出租房', '高危企业'])
  })

  it('keeps codes as text even when the sheet stored a number', () => {
    expect(coerceCell(fieldOf(ent, 'town_code'), 330106009)).toBe('330106009')
    expect(coerceCell(fieldOf(ent, 'contact_phone'), 13805710000)).toBe('13805710000')
  })

  it('passes unconvertible values on for the server to judge, and drops empty cells', () => {
    expect(coerceCell(fieldOf(ent, 'lat'), 'north')).toBe('north')
    expect(coerceCell(fieldOf(ent, 'hazchem_user'), 'maybe')).toBe('maybe')
    expect(coerceCell(fieldOf(ent, 'name'), '   ')).toBeUndefined()
    expect(coerceCell(fieldOf(ent, 'name'), null)).toBeUndefined()
  })

  it('reads exceljs rich text, hyperlinks, formulas and dates', () => {
    expect(coerceCell(fieldOf(ent, 'name'), { richText: [{ text: '西湖' }, { text: '企业' }] })).toBe('西湖企业')
    expect(coerceCell(fieldOf(KINDS.shelters, 'video_url'), { text: 'http://v/1', hyperlink: 'http://v/1' })).toBe('http://v/1')
    expect(coerceCell(fieldOf(ent, 'lon'), { formula: 'A1+1', result: 121 })).toBe(121)
    const expiry = fieldOf(CHILD_KINDS.stock, 'expiry')
    expect(coerceCell(expiry, new Date(Date.UTC(2027, 5, 30)))).toBe('2027-06-30')
    expect(coerceCell(expiry, 46568)).toBe('2027-06-30')
    expect(excelSerialToDate(25569).toISOString()).toBe('1970-01-01T00:00:00.000Z')
  })
})

describe('ledgerRecords with field keys', () => {
  it('maps rows under the header to objects, skips blank rows and keeps spreadsheet line numbers', () => {
    const table = {
      header: ['name', 'credit_code', 'scale', 'town_code', 'lon', 'lat', 'hazchem_user', 'unknown_col'],
      rows: [
        ['甲', '91330106MA2XXXXXX1', '规上', 330106009, 120.1, 30.2, 'yes', 'x'],
        [null, '', null, null, null, null, null, null],
        ['乙', '', '小微', '330106010', '120.2', '30.3', '', ''],
      ],
      lines: [2, 3, 4],
    }
    const { records, lines } = ledgerRecords(KINDS.enterprises, table, { t: (k) => k, te: () => false, divisions: [] })
    expect(lines).toEqual([2, 4])
    expect(records[0]).toEqual({ name: '甲', credit_code: '91330106MA2XXXXXX1', scale: '规上', town_code: '330106009', lon: 120.1, lat: 30.2, hazchem_user: true, unknown_col: 'x' })
    expect(records[1]).toEqual({ name: '乙', scale: '小微', town_code: '330106010', lon: 120.2, lat: 30.3 })
  })

  it('numbers CSV data lines from 2', () => {
    const t = tableFromCsvRows([['name'], ['a'], ['b']])
    expect(t.lines).toEqual([2, 3])
  })
})
