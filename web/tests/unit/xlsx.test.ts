// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { readXlsx, writeLedger } from '@/utils/xlsx'
import { ledgerColumns, ledgerRecords, ledgerRows, type LedgerContext } from '@/utils/ledger'
import { KINDS } from '@/domain/kinds'
import zhCN from '@/i18n/zh-CN'

const labels = zhCN as unknown as Record<string, Record<string, unknown>>
const lookup = (key: string): string | undefined => {
  let v: unknown = labels
  for (const part of key.split('.')) v = (v as Record<string, unknown> | undefined)?.[part]
  return typeof v === 'string' ? v : undefined
}
const ctx: LedgerContext = {
  t: (k) => lookup(k) ?? k,
  te: (k) => lookup(k) !== undefined,
  divisions: [
    { code: '330106009', name: '留下街道', level: 'town', parent_code: '330106' },
    { code: '330106010', name: '转塘街道', level: 'town', parent_code: '330106' },
  ],
}

describe('XLSX with exceljs', () => {
  it('round-trips an export: what the console writes, its import reads back to the same objects', async () => {
    const objects = [
      { name: '西湖示例企业', credit_code: '91330106MA2XXXXXX1', scale: '规上', town_code: '330106009', lon: 120.05, lat: 30.24, hazchem_user: true, flags: ['人员密集场所', '出租房'] },
      { name: '第二家', credit_code: '91330106MA2YYYYYY2', scale: '小微', town_code: '330106010', lon: 120.1, lat: 30.3, hazchem_user: false },
    ]
    const cols = ledgerColumns(KINDS.enterprises, ctx)
    const buf = await writeLedger('企业台账', cols, ledgerRows(cols, objects, ctx))
    expect(buf.byteLength).toBeGreaterThan(1000)
    const table = await readXlsx(buf)
    expect(table.header).toEqual(cols.map((c) => c.label))
    expect(table.lines).toEqual([2, 3])
    const { records, lines } = ledgerRecords(KINDS.enterprises, table, ctx)
    expect(lines).toEqual([2, 3])
    // 更新时间 and 合成数据 are left out; the fields come back as they were.
    expect(records).toEqual(objects)
  }, 30_000)
})
