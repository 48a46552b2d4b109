// @vitest-environment node
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { createI18n } from 'vue-i18n'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'
import { KINDS } from '@/domain/kinds'
import {
  beijingDate,
  errorColumn,
  exportFileName,
  headerKey,
  ledgerColumns,
  ledgerRecords,
  ledgerRows,
  needsMapping,
  templateColumns,
  templateFileName,
  type LedgerContext,
} from '@/utils/ledger'
import { readXlsx, writeLedger, writeTemplate } from '@/utils/xlsx'

const DIVISIONS = [
  { code: '330106', name: '西湖区', level: 'district', parent_code: null },
  { code: '330106009', name: '留下街道', level: 'town', parent_code: '330106' },
  { code: '330106010', name: '转塘街道', level: 'town', parent_code: '330106' },
  { code: '330106009001', name: '东穆坞社区', level: 'community', parent_code: '330106009' },
  { code: '330106010001', name: '东穆坞社区', level: 'community', parent_code: '330106010' },
  { code: '330106010002', name: '之江社区', level: 'community', parent_code: '330106010' },
]

function ctxFor(locale: 'zh-CN' | 'en'): LedgerContext {
  const i18n = createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } })
  const g = i18n.global as unknown as { t: (k: string, n?: Record<string, unknown>) => string; te: (k: string) => boolean }
  return { t: (k, n) => (n ? g.t(k, n) : g.t(k)), te: (k) => g.te(k), divisions: DIVISIONS }
}
const zh = ctxFor('zh-CN')
const english = ctxFor('en')

describe('ledger names', () => {
  it('names files after the ledger and the Beijing date', () => {
    // 2026-12-05 17:00 UTC is already the 6th in Beijing.
    const d = new Date('2026-12-05T17:00:00Z')
    expect(beijingDate(d)).toBe('20261206')
    expect(exportFileName('enterprises', zh, 'xlsx', new Date('2026-12-05T03:00:00Z'))).toBe('企业台账_20261205.xlsx')
    expect(exportFileName('enterprises', english, 'xlsx', new Date('2026-12-05T03:00:00Z'))).toBe('Enterprise register_20261205.xlsx')
    expect(templateFileName('shelters', zh)).toBe('避灾安置场所台账导入模板.xlsx')
  })
})

describe('import mapping', () => {
  it('reads Chinese and English labels and keys, mixed; not other words', () => {
    const spec = KINDS.enterprises
    expect(headerKey(spec, '统一社会信用代码')).toBe('credit_code')
    expect(headerKey(spec, ' 镇街 * ')).toBe('town_code')
    expect(headerKey(spec, 'Credit code')).toBe('credit_code')
    expect(headerKey(spec, 'lon')).toBe('lon')
    expect(headerKey(KINDS.shelters, '面积(m²)')).toBe('area_m2')
    expect(headerKey(spec, '备注')).toBeNull()
    expect(needsMapping(spec, ['name', 'credit_code'])).toBe(false)
    expect(needsMapping(spec, ['name', '规模'])).toBe(true)
  })

  it('maps town and community names to codes, 是/否 to booleans, enum labels to values, keeps line numbers', () => {
    const table = {
      header: ['名称', 'credit_code', '规模', '镇街', '村社', '经度', '纬度', '使用危化品'],
      rows: [
        ['甲企业', '91330106MA2B3C4D5X', '规上', '留下街道', '东穆坞社区', 120.05, 30.24, '是'],
        [null, '', null, null, null, null, null, null],
        ['乙企业', '91330106MA2B3C4D5Y', 'Small/micro', '330106010', '东穆坞社区', '120.1', '30.3', '否'],
        ['丙企业', 'X', '特大型', '不存在街道', '之江社区', 120, 30, 'maybe'],
      ],
      lines: [2, 3, 4, 5],
    }
    const { records, lines } = ledgerRecords(KINDS.enterprises, table, zh)
    expect(lines).toEqual([2, 4, 5])
    expect(records[0]).toEqual({
      name: '甲企业',
      credit_code: '91330106MA2B3C4D5X',
      scale: '规上',
      town_code: '330106009',
      community_code: '330106009001',
      lon: 120.05,
      lat: 30.24,
      hazchem_user: true,
    })
    // The same community name in two towns: the row's town decides.
    expect(records[1]).toMatchObject({ scale: '小微', town_code: '330106010', community_code: '330106010001', lon: 120.1, hazchem_user: false })
    // What cannot be mapped goes to the server as written, which names the column.
    expect(records[2]).toMatchObject({ scale: '特大型', town_code: '不存在街道', community_code: '330106010002', hazchem_user: 'maybe' })
  })

  it('names an error column by its label, never the raw key', () => {
    expect(errorColumn(KINDS.enterprises, 'credit_code', zh)).toBe('统一社会信用代码')
    expect(errorColumn(KINDS.enterprises, 'town_code', english)).toBe('Town')
    expect(errorColumn(KINDS.enterprises, '备注', zh)).toBe('备注')
    expect(errorColumn(KINDS.enterprises, null, zh)).toBe('')
  })
})

describe('export cells', () => {
  it('writes 是/否, town names, Beijing time, decimal coordinates and codes as text', () => {
    const cols = ledgerColumns(KINDS.enterprises, zh)
    expect(cols.map((c) => c.label)).toContain('统一社会信用代码')
    expect(cols.map((c) => c.key)).not.toContain('id')
    const [row] = ledgerRows(
      cols,
      [
        {
          name: '甲',
          credit_code: '91330106MA2B3C4D5X',
          scale: '规上',
          hazchem_user: false,
          flags: ['出租房', '高危企业'],
          town_code: '330106009',
          community_code: '330106009001',
          lon: 120.1234567891,
          lat: 3.0e1,
          contact_phone: '057188888888',
          updated_at: '2026-12-05T16:30:00Z',
          synthetic: true,
        },
      ],
      zh,
    )
    const at = (key: string) => row[cols.findIndex((c) => c.key === key)]
    expect(at('hazchem_user')).toBe('否')
    expect(at('town_code')).toBe('留下街道')
    expect(at('community_code')).toBe('东穆坞社区')
    expect(at('updated_at')).toBe('2026-12-06 00:30')
    expect(at('lon')).toBe(120.123457)
    expect(at('lat')).toBe(30)
    expect(at('credit_code')).toBe('91330106MA2B3C4D5X')
    expect(at('contact_phone')).toBe('057188888888')
    expect(at('flags')).toBe('出租房、高危企业')
    expect(at('synthetic')).toBe('是')
    const enCols = ledgerColumns(KINDS.devices, english)
    const [enRow] = ledgerRows(enCols, [{ code: '0012', kind: 'rain_gauge', town_code: '330106010' }], english)
    expect(enCols[0].label).toBe('Code')
    expect(enRow[0]).toBe('0012')
    expect(enRow[enCols.findIndex((c) => c.key === 'kind')]).toBe('Rain gauge')
  })

  it('keeps codes as text cells in the workbook (no scientific notation, leading zeros kept)', async () => {
    const cols = ledgerColumns(KINDS.jurisdictions, zh)
    const buf = await writeLedger('行政区划台账', cols, ledgerRows(cols, [{ code: '330106009', name: '留下街道', level: 'town', parent_code: '330106', population: 1200, lon: 120.1, lat: 30.2, approximate: true }], zh))
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(buf)
    const ws = wb.worksheets[0]
    expect(ws.name).toBe('行政区划台账')
    const header = (ws.getRow(1).values as unknown[]).slice(1)
    expect(header.slice(0, 4)).toEqual(['编码', '名称', '级别', '上级编码'])
    expect(ws.getCell('A2').value).toBe('330106009')
    expect(ws.getCell('A2').numFmt).toBe('@')
    expect(ws.getCell('C2').value).toBe('镇街级')
    expect(ws.getCell('E2').value).toBe(1200)
    expect(ws.getCell('F2').value).toBe(120.1)
    expect(ws.getCell('F2').numFmt).toBe('0.000000')
  }, 30_000)
})

describe('import template', () => {
  it('has Chinese headers, 填写说明, dropdowns for enums, booleans, towns and communities, and text code columns', async () => {
    const cols = templateColumns(KINDS.enterprises, zh)
    const buf = await writeTemplate(cols, {
      data: '企业台账',
      instructions: '填写说明',
      lists: '可选值',
      instructionHeader: ['列名', '字段', '含义', '是否必填', '格式', '可选值', '示例'],
      note: '说明',
      requiredWords: ['必填', '选填'],
    })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(buf)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['企业台账', '填写说明', '可选值'])
    const ws = wb.getWorksheet('企业台账')!
    const header = (ws.getRow(1).values as unknown[]).slice(1)
    expect(header).toEqual(KINDS.enterprises.fields.map((f) => zhCN.fields[f.name as keyof typeof zhCN.fields]))
    const col = (label: string) => header.indexOf(label) + 1
    expect(ws.getColumn(col('统一社会信用代码')).numFmt).toBe('@')
    const scale = ws.getCell(2, col('规模')).dataValidation
    expect(scale.type).toBe('list')
    const lists = wb.getWorksheet('可选值')!
    const values = (formula: string) => {
      const m = /!\$([A-Z]+)\$2:\$[A-Z]+\$(\d+)$/.exec(formula)!
      const out: unknown[] = []
      for (let r = 2; r <= Number(m[2]); r++) out.push(lists.getCell(`${m[1]}${r}`).value)
      return out
    }
    expect(values(scale.formulae![0])).toEqual(['规上', '规下', '小微'])
    expect(values(ws.getCell(500, col('使用危化品')).dataValidation.formulae![0])).toEqual(['是', '否'])
    expect(values(ws.getCell(2, col('镇街')).dataValidation.formulae![0])).toEqual(['留下街道', '转塘街道'])
    expect(values(ws.getCell(2, col('村社')).dataValidation.formulae![0])).toEqual(['东穆坞社区', '之江社区'])
    expect(ws.getCell(2, col('名称')).dataValidation).toBeUndefined()

    const info = wb.getWorksheet('填写说明')!
    expect((info.getRow(1).values as unknown[]).slice(1)).toEqual(['列名', '字段', '含义', '是否必填', '格式', '可选值', '示例'])
    const rowOf = (key: string) => {
      for (let r = 2; r <= info.rowCount; r++) if (info.getCell(r, 2).value === key) return info.getRow(r)
      throw new Error(key)
    }
    expect(rowOf('credit_code').getCell(1).value).toBe('统一社会信用代码')
    expect(rowOf('credit_code').getCell(4).value).toBe('必填')
    expect(String(rowOf('credit_code').getCell(3).value)).toMatch(/GB 32100/)
    expect(rowOf('scale').getCell(6).value).toBe('规上、规下、小微')
    expect(rowOf('industry').getCell(4).value).toBe('选填')
    expect(String(rowOf('lon').getCell(5).value)).toMatch(/十进制/)

    // The template read back is a sheet the import takes.
    const table = await readXlsx(buf, ['填写说明', '可选值'])
    expect(table.header).toEqual(header)
  }, 30_000)
})
