import { describe, expect, it } from 'vitest'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'
import {
  LEC_C,
  LEC_E,
  LEC_L,
  LS_S_COLUMNS,
  LS_VALUES,
  accidentGradeKey,
  colorChip,
  formatNumber,
  hazardGradeKey,
  lecLevelKey,
  lecMeasureKey,
  lsDefaultColor,
  lsMatrix,
  majorHazardErrorKey,
  parseFieldPath,
  riskLevelKey,
  substancesBody,
  tableSourceKey,
  wanToYuan,
  yuanToWan,
  type SubstanceRow,
} from '@/domain/risk'

type Tree = { [k: string]: string | Tree }
function lookup(tree: unknown, key: string): string | undefined {
  let node: unknown = tree
  for (const part of key.split('.')) node = (node as Tree | undefined)?.[part]
  return typeof node === 'string' ? node : undefined
}
const zh = (key: string) => lookup(zhCN, key)
const english = (key: string) => lookup(en, key)

describe('LEC value tables (standards.md §2)', () => {
  // The tables as standards.md §2 prints them, value and wording.
  const L = { 10: '完全可以预料', 6: '相当可能', 3: '可能，但不经常', 1: '可能性小，完全意外', 0.5: '很不可能，可以设想', 0.2: '极不可能', 0.1: '实际不可能' }
  const E = { 10: '连续暴露', 6: '每天工作时间内暴露', 3: '每周一次或偶然暴露', 2: '每月一次暴露', 1: '每年几次暴露', 0.5: '非常罕见地暴露' }
  const C = { 100: '大灾难，许多人死亡', 40: '灾难，数人死亡', 15: '非常严重，一人死亡', 7: '严重，重伤', 3: '重大，致残', 1: '引人注目，需要救护' }

  it('offers exactly the published values, highest first, with the standard\'s words in zh-CN and a translation in en', () => {
    for (const [options, table] of [[LEC_L, L], [LEC_E, E], [LEC_C, C]] as const) {
      const published = Object.entries(table).map(([v, words]) => [Number(v), words] as const).sort((a, b) => b[0] - a[0])
      expect(options.map((o) => o.value)).toEqual(published.map(([v]) => v))
      for (const [i, o] of options.entries()) {
        expect(zh(o.key), o.key).toBe(published[i][1])
        expect(english(o.key), o.key).toMatch(/^[A-Z][^\u4e00-\u9fff]+$/)
      }
    }
  })

  it('names the five danger bands by the server\'s terms, with their measures', () => {
    const bands = { 极其危险: '不能继续作业', 高度危险: '需立即整改', 显著危险: '需要整改', 一般危险: '需要注意', 稍有危险: '可以接受' }
    for (const [term, measure] of Object.entries(bands)) {
      // zh-CN shows the term exactly as the server sends it.
      expect(zh(lecLevelKey(term)!)).toBe(term)
      expect(zh(lecMeasureKey(term)!)).toBe(measure)
      expect(english(lecLevelKey(term)!)).toBeTruthy()
    }
    expect(lecLevelKey('很危险')).toBeNull()
    expect(lecLevelKey(undefined)).toBeNull()
  })
})

describe('LS matrix (standards.md §3)', () => {
  it('has L and S descriptors for 1–5 in both languages', () => {
    expect([...LS_VALUES]).toEqual([5, 4, 3, 2, 1])
    for (const v of LS_VALUES) {
      expect(zh(`risk.ls.L.v${v}`)).toBeTruthy()
      expect(english(`risk.ls.L.v${v}`)).toBeTruthy()
      for (const c of LS_S_COLUMNS) {
        expect(zh(`risk.ls.S.v${v}.${c}`), `${v}.${c}`).toBeTruthy()
        expect(english(`risk.ls.S.v${v}.${c}`), `${v}.${c}`).toBeTruthy()
      }
    }
    expect(zh('risk.ls.S.v5.people')).toBe('死亡')
    expect(zh('risk.ls.L.v1')).toMatch(/极不可能发生事故或事件$/)
  })

  it('draws 5×5 cells with R = L × S, L from 5 at the top, S from 1 at the left', () => {
    const m = lsMatrix()
    expect(m.map((r) => r.l)).toEqual([5, 4, 3, 2, 1])
    for (const row of m) {
      expect(row.cells.map((c) => c.s)).toEqual([1, 2, 3, 4, 5])
      for (const c of row.cells) expect(c.r).toBe(row.l * c.s)
    }
    expect(m[1].cells[4]).toEqual({ s: 5, r: 20, color: 'red' })
    expect(m[4].cells[0]).toEqual({ s: 1, r: 1, color: 'blue' })
  })

  it('colours cells by the default banding at its boundaries', () => {
    expect([1, 3, 4, 8].map(lsDefaultColor)).toEqual(['blue', 'blue', 'blue', 'blue'])
    expect([9, 10, 12].map(lsDefaultColor)).toEqual(['yellow', 'yellow', 'yellow'])
    expect([15, 16].map(lsDefaultColor)).toEqual(['orange', 'orange'])
    expect([20, 25].map(lsDefaultColor)).toEqual(['red', 'red'])
  })

  it('names the four risk levels by the server\'s terms', () => {
    for (const term of ['重大风险', '较大风险', '一般风险', '低风险']) {
      expect(zh(riskLevelKey(term)!)).toBe(term)
      expect(english(riskLevelKey(term)!)).toMatch(/ risk$/)
    }
    expect(riskLevelKey('中风险')).toBeNull()
  })
})

describe('colour chips', () => {
  it('give each of the four colours its name and the 四色图 palette, anything else a grey "not graded"', () => {
    expect(colorChip('red')).toEqual({ key: 'risk.colors.red', hex: '#FC1F02' })
    expect(colorChip('orange')).toEqual({ key: 'risk.colors.orange', hex: '#F17A0A' })
    expect(colorChip('yellow')).toEqual({ key: 'risk.colors.yellow', hex: '#FBF719' })
    expect(colorChip('blue')).toEqual({ key: 'risk.colors.blue', hex: '#1E60FF' })
    for (const other of ['green', 'RED', '', null, undefined, 3]) expect(colorChip(other).key).toBe('risk.colors.none')
    for (const c of ['red', 'orange', 'yellow', 'blue', 'none']) {
      expect(zh(`risk.colors.${c}`)).toBeTruthy()
      expect(english(`risk.colors.${c}`)).toBeTruthy()
    }
    expect(zh('risk.colors.yellow')).toBe('黄色')
  })
})

describe('accident and major-hazard grades', () => {
  it('label the four accident grades (第三条) and the four GB 18218 grades', () => {
    expect(zh(accidentGradeKey('特别重大')!)).toBe('特别重大事故')
    expect(zh(accidentGradeKey('重大')!)).toBe('重大事故')
    expect(zh(accidentGradeKey('较大')!)).toBe('较大事故')
    expect(zh(accidentGradeKey('一般')!)).toBe('一般事故')
    expect(accidentGradeKey('严重')).toBeNull()
    expect([1, 2, 3, 4].map((g) => zh(hazardGradeKey(g)!))).toEqual(['一级', '二级', '三级', '四级'])
    expect(hazardGradeKey(null)).toBeNull()
    expect(hazardGradeKey(5)).toBeNull()
    expect(hazardGradeKey('1')).toBeNull()
  })
})

describe('table sources', () => {
  it('name the four tables of GB 18218-2018', () => {
    expect(['table1', 'table2', 'table3', 'table4'].map((s) => zh(tableSourceKey(s)!))).toEqual(['表1', '表2', '表3', '表4'])
    expect(tableSourceKey('table5')).toBeNull()
  })
})

describe('万元 and 元', () => {
  it('converts exactly to the 分 at the accident-grade boundaries', () => {
    // 1000万元, 5000万元 and 1亿元 are the tiers of 第三条; 0.1 + 0.2 style drift must not move them.
    expect(wanToYuan(1000)).toBe(10_000_000)
    expect(wanToYuan(5000)).toBe(50_000_000)
    expect(wanToYuan(10000)).toBe(100_000_000)
    expect(wanToYuan(1.1)).toBe(11_000)
    expect(wanToYuan(999.99)).toBe(9_999_900)
    expect(wanToYuan(0.000001)).toBe(0.01)
    expect(wanToYuan(0)).toBe(0)
    // A negative amount is converted as it is; the server refuses it, naming the field.
    expect(wanToYuan(-2)).toBe(-20_000)
  })

  it('converts back for a change of unit', () => {
    expect(yuanToWan(10_000_000)).toBe(1000)
    expect(yuanToWan(12_345.67)).toBe(1.234567)
    for (const wan of [0.5, 1.1, 999.99, 4999.999999]) expect(yuanToWan(wanToYuan(wan))).toBe(wan)
  })
})

describe('numbers in the results', () => {
  it('drop trailing zeros and never round onto a whole number', () => {
    expect(formatNumber(126)).toBe('126')
    expect(formatNumber(1)).toBe('1')
    expect(formatNumber(2.4)).toBe('2.4')
    expect(formatNumber(1.23456)).toBe('1.2346')
    expect(formatNumber(0.99999999)).toBe('0.99999999')
    expect(formatNumber(1.00001)).toBe('1.00001')
    expect(formatNumber(0.1 + 0.2)).toBe('0.3')
    expect(formatNumber(Number.NaN)).toBe('')
    expect(formatNumber('1')).toBe('')
  })
})

describe('major hazard rows and the server\'s field paths', () => {
  const row = (substance: string, quantity_t: number | null, hazard_class: string[] = [], table1_seq: number | null = null): SubstanceRow => ({
    substance,
    table1_seq,
    hazard_class,
    quantity_t,
  })

  it('sends a CAS-shaped entry as cas, other text as name, the Table 1 No. and classes beside, and skips blank rows', () => {
    const rows = [row('氯', 5), row('', null), row(' 7664-41-7 ', 5), row('汽油', 200, ['W5.2']), row('', 12, ['W5.2']), row('硝酸铵', 10, [], 44), row('一号罐', 3, ['W5.1', 'J2'])]
    const { substances, rowOf } = substancesBody(rows)
    expect(substances).toEqual([
      { name: '氯', quantity_t: 5 },
      { cas: '7664-41-7', quantity_t: 5 },
      { name: '汽油', hazard_class: 'W5.2', quantity_t: 200 },
      { hazard_class: 'W5.2', quantity_t: 12 },
      { name: '硝酸铵', table1_seq: 44, quantity_t: 10 },
      { name: '一号罐', hazard_class: ['W5.1', 'J2'], quantity_t: 3 },
    ])
    expect(rowOf).toEqual([0, 2, 3, 4, 5, 6])
    // The list sent is a copy: editing the form afterwards does not change it.
    rows[6].hazard_class.push('W2')
    expect(substances[5].hazard_class).toEqual(['W5.1', 'J2'])
    // Text that only looks like a number is a name, for the server to judge.
    expect(substancesBody([row('7664-41', 1)]).substances).toEqual([{ name: '7664-41', quantity_t: 1 }])
    // A row with a quantity only is sent too: the server says what is missing.
    expect(substancesBody([row('', 3)]).substances).toEqual([{ quantity_t: 3 }])
  })

  it('parses field paths', () => {
    expect(parseFieldPath('substances[1].name')).toEqual({ field: 'substances', index: 1, sub: 'name' })
    expect(parseFieldPath('substances[12]')).toEqual({ field: 'substances', index: 12, sub: null })
    expect(parseFieldPath('people_within_500m')).toEqual({ field: 'people_within_500m', index: null, sub: null })
    expect(parseFieldPath('L')).toEqual({ field: 'L', index: null, sub: null })
    for (const bad of ['', 'substances[', 'substances[x].name', 'substances[1].', '[1].name', 'a.b']) expect(parseFieldPath(bad), bad).toBeNull()
  })

  it('puts an error beside the form row the request element came from', () => {
    const rowOf = [0, 2, 3]
    expect(majorHazardErrorKey('substances[1].name', rowOf)).toBe('rows.2.substance')
    expect(majorHazardErrorKey('substances[1].cas', rowOf)).toBe('rows.2.substance')
    expect(majorHazardErrorKey('substances[1]', rowOf)).toBe('rows.2.substance')
    expect(majorHazardErrorKey('substances[2].hazard_class', rowOf)).toBe('rows.3.hazard_class')
    expect(majorHazardErrorKey('substances[0].quantity_t', rowOf)).toBe('rows.0.quantity_t')
    expect(majorHazardErrorKey('substances[1].table1_seq', rowOf)).toBe('rows.2.table1_seq')
    expect(majorHazardErrorKey('substances[7].name', rowOf)).toBe('substances')
    expect(majorHazardErrorKey('substances', rowOf)).toBe('substances')
    expect(majorHazardErrorKey('people_within_500m', rowOf)).toBe('people_within_500m')
    expect(majorHazardErrorKey('people_within_500m[0]', rowOf)).toBeNull()
    expect(majorHazardErrorKey('Idempotency-Key', rowOf)).toBeNull()
    expect(majorHazardErrorKey(null, rowOf)).toBeNull()
  })
})
