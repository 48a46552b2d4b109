// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { readXlsx, writeXlsx } from '@/utils/xlsx'
import { recordsFromTable } from '@/utils/rows'
import { KINDS } from '@/domain/kinds'

describe('XLSX with exceljs', () => {
  it('round-trips a sheet and turns it into import rows', async () => {
    const header = ['name', 'credit_code', 'scale', 'town_code', 'lon', 'lat', 'hazchem_user', 'flags']
    const rows = [
      ['西湖示例企业', '91330106MA2XXXXXX1', '规上', '330106009', 120.05, 30.24, true, '人员密集场所;出租房'],
      ['第二家', '91330106MA2YYYYYY2', '小微', '330106010', 120.1, 30.3, false, null],
    ]
    const buf = await writeXlsx('enterprises', header, rows)
    expect(buf.byteLength).toBeGreaterThan(1000)
    const table = await readXlsx(buf)
    expect(table.header).toEqual(header)
    expect(table.lines).toEqual([2, 3])
    const { records, lines } = recordsFromTable(KINDS.enterprises, table)
    expect(lines).toEqual([2, 3])
    expect(records[0]).toEqual({
      name: '西湖示例企业',
      credit_code: '91330106MA2XXXXXX1',
      scale: '规上',
      town_code: '330106009',
      lon: 120.05,
      lat: 30.24,
      hazchem_user: true,
      flags: ['人员密集场所', '出租房'],
    })
    expect(records[1]).toEqual({ name: '第二家', credit_code: '91330106MA2YYYYYY2', scale: '小微', town_code: '330106010', lon: 120.1, lat: 30.3, hazchem_user: false })
  })
})
