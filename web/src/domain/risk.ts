// The risk calculators' tables and the pure helpers the forms use. The numbers and their
// descriptions are the published tables of ../shared/docs/domain/standards.md; the server
// (POST /api/v1/calc/*) does every calculation and is the authority on levels and colours — the
// console only offers the values the tables allow and shows what the server answers.

/** One value of a factor table: the number sent to the server and the i18n key of its words. */
export interface FactorOption {
  value: number
  /** i18n key of the description (zh-CN: the standard's own wording). */
  key: string
}

const factor = (table: string, values: readonly number[]): FactorOption[] =>
  values.map((value) => ({ value, key: `risk.lec.${table}.v${String(value).replace('.', '_')}` }))

// LEC (Graham–Kinney), standards.md §2: D = L × E × C. No national standard; the tables are the
// versions repeated by several independent Chinese sources.
/** L — likelihood of an accident (事故发生的可能性). */
export const LEC_L = factor('L', [10, 6, 3, 1, 0.5, 0.2, 0.1])
/** E — frequency of exposure (暴露于危险环境的频繁程度). */
export const LEC_E = factor('E', [10, 6, 3, 2, 1, 0.5])
/** C — consequence (发生事故可能造成的后果); the classic wording of the descriptions. */
export const LEC_C = factor('C', [100, 40, 15, 7, 3, 1])

// LS risk matrix, standards.md §3: R = L × S, both 1–5. The descriptors are a widely used
// enterprise set (provenance unconfirmed), shipped as the editable default.
export const LS_VALUES = [5, 4, 3, 2, 1] as const
/** The five columns of the S descriptor table; S is the most severe level any one reaches. */
export const LS_S_COLUMNS = ['law', 'people', 'loss', 'shutdown', 'image'] as const

/** Where a level the server names is described (i18n key), or null when it is not one we know. */
function keyed(map: Record<string, string>, prefix: string, value: unknown): string | null {
  return typeof value === 'string' && Object.hasOwn(map, value) ? `${prefix}.${map[value]}` : null
}

// The server answers the regulatory terms themselves (API-CONVENTIONS: Chinese terms as values).
const LEC_LEVELS: Record<string, string> = {
  极其危险: 'extreme',
  高度危险: 'high',
  显著危险: 'significant',
  一般危险: 'moderate',
  稍有危险: 'slight',
}
const RISK_LEVELS: Record<string, string> = {
  重大风险: 'major',
  较大风险: 'considerable',
  一般风险: 'general',
  低风险: 'low',
}
const ACCIDENT_GRADES: Record<string, string> = {
  特别重大: 'especiallySerious',
  重大: 'serious',
  较大: 'larger',
  一般: 'ordinary',
}

/** i18n key of an LEC danger band (极其危险 …), null for a term we do not know. */
export const lecLevelKey = (level: unknown) => keyed(LEC_LEVELS, 'risk.lec.levels', level)
/** i18n key of the measure the LEC band calls for (不能继续作业 …). */
export const lecMeasureKey = (level: unknown) => keyed(LEC_LEVELS, 'risk.lec.measures', level)
/** i18n key of a risk level (重大风险 …): an LS result's level, an LEC result's `risk_level`. */
export const riskLevelKey = (level: unknown) => keyed(RISK_LEVELS, 'risk.levels', level)
/** i18n key of a production-safety accident grade (特别重大 …). */
export const accidentGradeKey = (grade: unknown) => keyed(ACCIDENT_GRADES, 'risk.accident.grades', grade)
/** i18n key of where a term's Q or β came from (GB 18218 Table 1–4). */
export function tableSourceKey(source: unknown): string | null {
  return source === 'table1' || source === 'table2' || source === 'table3' || source === 'table4' ? `risk.major.sources.${source}` : null
}
/** i18n key of a GB 18218 grade (1–4 → 一级…四级), null when there is none. */
export function hazardGradeKey(grade: unknown): string | null {
  return grade === 1 || grade === 2 || grade === 3 || grade === 4 ? `risk.major.grades.g${grade}` : null
}

/** The four risk colours (安全风险四色, standards.md §4), as the server names them. */
export const RISK_COLORS = ['red', 'orange', 'yellow', 'blue'] as const
export type RiskColor = (typeof RISK_COLORS)[number]

export interface ColorChip {
  /** i18n key of the colour's name (the chip always carries words, never colour alone). */
  key: string
  /** Display colour: the public 四色图 palette of standards.md §4 (not normative); grey if unknown. */
  hex: string
}

const PALETTE: Record<RiskColor, string> = { red: '#FC1F02', orange: '#F17A0A', yellow: '#FBF719', blue: '#1E60FF' }

export function colorChip(color: unknown): ColorChip {
  if (typeof color === 'string' && (RISK_COLORS as readonly string[]).includes(color)) {
    return { key: `risk.colors.${color}`, hex: PALETTE[color as RiskColor] }
  }
  return { key: 'risk.colors.none', hex: '#9CA3AF' }
}

/**
 * The colour of an LS matrix cell under the shipped default banding (standards.md §3: 20–25 red,
 * 15–16 orange, 9–12 yellow, 1–8 blue). The matrix is drawn with it; the result of a calculation
 * always shows the server's own colour, which follows its configuration.
 */
export function lsDefaultColor(r: number): RiskColor {
  if (r >= 20) return 'red'
  if (r >= 15) return 'orange'
  if (r >= 9) return 'yellow'
  return 'blue'
}

/** The 5×5 matrix, rows L = 5…1 from the top, columns S = 1…5, each cell with R = L × S. */
export function lsMatrix(): { l: number; cells: { s: number; r: number; color: RiskColor }[] }[] {
  return LS_VALUES.map((l) => ({
    l,
    cells: [...LS_VALUES].reverse().map((s) => ({ s, r: l * s, color: lsDefaultColor(l * s) })),
  }))
}

// --- money -------------------------------------------------------------------------------------

/** 万元 = 10⁴ 元 (standards.md §0). The loss is entered with at most 6 decimals (1 分). */
export const WAN_DECIMALS = 6

/**
 * 元 from 万元, exact to the 分: rounded through whole 分 so that binary fractions do not move a
 * value across a boundary (1000 万元 is 10,000,000 元, not 9,999,999.999…).
 */
export function wanToYuan(wan: number): number {
  return Math.round(wan * 1_000_000) / 100
}

/** 万元 from 元, for showing an amount entered in 元 in the other unit. */
export function yuanToWan(yuan: number): number {
  return Math.round(yuan * 100) / 1_000_000
}

// --- numbers -----------------------------------------------------------------------------------

/**
 * A number for a results table: at most `digits` decimals, trailing zeros dropped; but never rounded
 * onto a whole number it is not (0.99999 stays 0.99999, so S never looks like 1 when it is below).
 */
export function formatNumber(x: unknown, digits = 4): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return ''
  let d = digits
  let s = String(Number(x.toFixed(d)))
  while (Number.isInteger(Number(s)) && !Number.isInteger(x) && d < 12) {
    d++
    s = String(Number(x.toFixed(d)))
  }
  return s
}

// --- major hazard form rows ----------------------------------------------------------------

/** One row of the major-hazard form as the user fills it. */
export interface SubstanceRow {
  /** A Table 1 name, alias or short name, or a CAS number; empty for a chemical known by class only. */
  substance: string
  /** GB 18218 Table 1 序号 (1–85), for a name or CAS number several rows share (硝酸铵: 43 or 44). */
  table1_seq: number | null
  /** Table 2 classes (J1…W11): needed where a substance's class is ambiguous, or alone; several
   *  classes for one substance are allowed (the server takes the lowest Q and the highest β). */
  hazard_class: string[]
  quantity_t: number | null
}

export type SubstanceBody = { name?: string; cas?: string; table1_seq?: number; hazard_class?: string | string[]; quantity_t?: number | null }

const CAS_SHAPE = /^\d{2,7}-\d{2}-\d$/

export function isBlankRow(row: SubstanceRow): boolean {
  return row.substance.trim() === '' && row.table1_seq == null && row.hazard_class.length === 0 && row.quantity_t == null
}

/**
 * The request's `substances` from the form rows: a CAS-shaped entry goes as `cas`, any other text
 * as `name`, beside them the Table 1 序号 and the class (one as a string, several as a list). Blank
 * rows are left out, so `rowOf[i]` is the form row of `substances[i]` — the server's field paths
 * count in the request, not in the form.
 */
export function substancesBody(rows: readonly SubstanceRow[]): { substances: SubstanceBody[]; rowOf: number[] } {
  const substances: SubstanceBody[] = []
  const rowOf: number[] = []
  rows.forEach((row, i) => {
    if (isBlankRow(row)) return
    const text = row.substance.trim()
    const item: SubstanceBody = {}
    if (text !== '') item[CAS_SHAPE.test(text) ? 'cas' : 'name'] = text
    if (row.table1_seq != null) item.table1_seq = row.table1_seq
    if (row.hazard_class.length === 1) item.hazard_class = row.hazard_class[0]
    else if (row.hazard_class.length > 1) item.hazard_class = [...row.hazard_class]
    item.quantity_t = row.quantity_t
    substances.push(item)
    rowOf.push(i)
  })
  return { substances, rowOf }
}

/** A path in a 422's `field`: `people_within_500m`, `substances[1].name`, `substances[0]`, `L`. */
export interface FieldPath {
  /** The top-level field. */
  field: string
  /** The array index, when the path has one. */
  index: number | null
  /** What follows the index (`name`, `quantity_t`), or null. */
  sub: string | null
}

export function parseFieldPath(path: string): FieldPath | null {
  const m = /^([A-Za-z_][\w]*)(?:\[(\d+)\](?:\.([A-Za-z_][\w]*))?)?$/.exec(path.trim())
  if (!m) return null
  return { field: m[1], index: m[2] !== undefined ? Number(m[2]) : null, sub: m[3] ?? null }
}

/** The inputs of a major-hazard form row that an error can be shown beside. */
export type RowInput = 'substance' | 'table1_seq' | 'hazard_class' | 'quantity_t'

/**
 * Where the major-hazard form shows a server error: the key of one input (`rows.2.quantity_t`,
 * `people_within_500m`) or `substances` for the list as a whole; null when the path names nothing
 * in the form (the error is then shown above it).
 */
export function majorHazardErrorKey(path: string | null | undefined, rowOf: readonly number[]): string | null {
  if (!path) return null
  const p = parseFieldPath(path)
  if (!p) return null
  if (p.field === 'people_within_500m' && p.index === null) return 'people_within_500m'
  if (p.field !== 'substances') return null
  if (p.index === null) return 'substances'
  const row = rowOf[p.index]
  if (row === undefined) return 'substances'
  const input: RowInput = p.sub === 'hazard_class' || p.sub === 'quantity_t' || p.sub === 'table1_seq' ? p.sub : 'substance'
  return rowKey(row, input)
}

export const rowKey = (row: number, input: RowInput) => `rows.${row}.${input}`
