// What the console knows about each registry kind: its fields, their types, which are required,
// which are shown as columns, filtered on and sortable. Labels live in i18n under `fields.<name>`.

export type FieldType =
  | 'text'
  | 'int'
  | 'number'
  | 'bool'
  | 'enum'
  | 'tags'
  | 'town'
  | 'community'
  | 'date'
  | 'url'
  | 'phone'

export interface EnumOption {
  value: string
  /** i18n key below `enums.<field>`; omitted when the value is shown as it is (e.g. J1, W5.1). */
  key?: string
}

export interface FieldSpec {
  name: string
  type: FieldType
  required?: boolean
  options?: readonly EnumOption[]
  /** Suggested values for free tags (the user may add others). */
  suggestions?: readonly string[]
  /** Shown as a table column by default. */
  column?: boolean
  /** Offered as a filter above the table. */
  filter?: boolean
  sortable?: boolean
  min?: number
  max?: number
  maxLength?: number
  /** Extra validation beyond the type. */
  check?: 'credit_code' | 'cas' | 'lon' | 'lat'
}

/** Shelter types (避灾安置场所类型) as the district records them: 室外 outdoor, 室内 indoor, 综合 both. */
export const SHELTER_TYPE_OPTIONS: readonly EnumOption[] = [
  { value: '室外', key: 'outdoor' },
  { value: '室内', key: 'indoor' },
  { value: '综合', key: 'combined' },
]

export const KIND_NAMES = [
  'enterprises',
  'shelters',
  'warehouses',
  'teams',
  'stations',
  'devices',
  'cameras',
  'jurisdictions',
] as const
export type KindName = (typeof KIND_NAMES)[number]

/** Kinds that have points and so a map layer. */
export const POINT_LAYERS = ['enterprises', 'shelters', 'warehouses', 'teams', 'devices', 'cameras', 'stations'] as const
export type PointLayer = (typeof POINT_LAYERS)[number]

export type ChildName = 'chemicals' | 'stock'

export interface KindSpec {
  name: KindName | ChildName
  fields: readonly FieldSpec[]
  /** The field that names an object (shown as its title). */
  titleField: string
  /** Has lon/lat and a town_code: can be placed on the map and filtered by town. */
  located: boolean
  child?: ChildName
}

const e = (values: readonly string[], keys?: readonly string[]): EnumOption[] =>
  values.map((value, i) => ({ value, key: keys ? keys[i] : value }))

export const SCALE_OPTIONS = e(['规上', '规下', '小微'], ['above', 'below', 'micro'])
export const LEVEL_OPTIONS = e(['district', 'town', 'community'])
export const WAREHOUSE_LEVEL_OPTIONS = e(['district', 'town', 'village'])
export const DEVICE_KIND_OPTIONS = e([
  'rain_gauge',
  'water_level',
  'wind',
  'gas_detector',
  'pipeline_pressure',
  'waterlogging',
  'bridge_strain',
  'tunnel_water',
])
export const HAZARD_CLASS_OPTIONS: EnumOption[] = [
  'J1', 'J2', 'J3', 'J4', 'J5',
  'W1.1', 'W1.2', 'W1.3', 'W2', 'W3', 'W4',
  'W5.1', 'W5.2', 'W5.3', 'W5.4', 'W6.1', 'W6.2', 'W7.1', 'W7.2',
  'W8', 'W9.1', 'W9.2', 'W10', 'W11',
].map((value) => ({ value }))

/** Zhejiang's "三场所三企业" categories, offered as suggestions for enterprise flags. */
export const ENTERPRISE_FLAG_SUGGESTIONS = [
  '人员密集场所',
  '"三合一"场所',
  '出租房',
  '劳动密集型企业',
  '高危企业',
  '物流仓储企业',
] as const

const located = (): FieldSpec[] => [
  { name: 'town_code', type: 'town', required: true, column: true, sortable: true },
  { name: 'community_code', type: 'community', column: false },
  { name: 'lon', type: 'number', required: true, check: 'lon', min: -180, max: 180 },
  { name: 'lat', type: 'number', required: true, check: 'lat', min: -90, max: 90 },
]

export const KINDS: Record<KindName, KindSpec> = {
  enterprises: {
    name: 'enterprises',
    titleField: 'name',
    located: true,
    child: 'chemicals',
    fields: [
      { name: 'name', type: 'text', required: true, column: true, sortable: true, maxLength: 200 },
      { name: 'credit_code', type: 'text', required: true, column: true, sortable: true, check: 'credit_code', maxLength: 18 },
      { name: 'scale', type: 'enum', required: true, options: SCALE_OPTIONS, column: true, filter: true, sortable: true },
      { name: 'industry', type: 'text', column: true, sortable: true },
      { name: 'hazchem_user', type: 'bool', column: true, filter: true },
      { name: 'flags', type: 'tags', suggestions: ENTERPRISE_FLAG_SUGGESTIONS, column: false },
      { name: 'address', type: 'text', column: false },
      ...located(),
      { name: 'contact_name', type: 'text', column: false },
      { name: 'contact_phone', type: 'phone', column: false },
    ],
  },
  shelters: {
    name: 'shelters',
    titleField: 'name',
    located: true,
    fields: [
      { name: 'name', type: 'text', required: true, column: true, sortable: true },
      // Free text; the usual values have labels in every language (shown, never enforced).
      { name: 'type', type: 'text', column: true, sortable: true, options: SHELTER_TYPE_OPTIONS },
      { name: 'capacity_people', type: 'int', column: true, sortable: true, min: 0 },
      { name: 'area_m2', type: 'number', column: true, sortable: true, min: 0 },
      { name: 'standardised', type: 'bool', column: true, filter: true },
      { name: 'address', type: 'text', column: false },
      ...located(),
      { name: 'video_url', type: 'url', column: false },
    ],
  },
  warehouses: {
    name: 'warehouses',
    titleField: 'name',
    located: true,
    child: 'stock',
    fields: [
      { name: 'name', type: 'text', required: true, column: true, sortable: true },
      { name: 'level', type: 'enum', options: WAREHOUSE_LEVEL_OPTIONS, column: true, filter: true, sortable: true },
      { name: 'area_m2', type: 'number', column: true, sortable: true, min: 0 },
      { name: 'address', type: 'text', column: false },
      ...located(),
    ],
  },
  teams: {
    name: 'teams',
    titleField: 'name',
    located: true,
    fields: [
      { name: 'name', type: 'text', required: true, column: true, sortable: true },
      { name: 'type', type: 'text', column: true, sortable: true },
      { name: 'headcount', type: 'int', column: true, sortable: true, min: 0 },
      { name: 'capabilities', type: 'tags', suggestions: ['防汛', '消防', '危化', '医疗', '搜救', '森林防火', '交通', '电力'], column: true },
      { name: 'base_address', type: 'text', column: false },
      ...located(),
      { name: 'contact_phone', type: 'phone', column: false },
    ],
  },
  stations: {
    name: 'stations',
    titleField: 'name',
    located: true,
    fields: [
      { name: 'name', type: 'text', required: true, column: true, sortable: true },
      { name: 'address', type: 'text', column: true },
      ...located(),
      { name: 'contact_phone', type: 'phone', column: true },
    ],
  },
  devices: {
    name: 'devices',
    titleField: 'name',
    located: true,
    fields: [
      { name: 'code', type: 'text', required: true, column: true, sortable: true },
      { name: 'name', type: 'text', required: true, column: true, sortable: true },
      { name: 'kind', type: 'enum', required: true, options: DEVICE_KIND_OPTIONS, column: true, filter: true, sortable: true },
      { name: 'metrics', type: 'tags', column: false },
      ...located(),
    ],
  },
  cameras: {
    name: 'cameras',
    titleField: 'name',
    located: true,
    fields: [
      { name: 'code', type: 'text', required: true, column: true, sortable: true },
      { name: 'name', type: 'text', required: true, column: true, sortable: true },
      { name: 'stream_url', type: 'url', column: false },
      ...located(),
    ],
  },
  jurisdictions: {
    name: 'jurisdictions',
    titleField: 'name',
    located: false,
    fields: [
      { name: 'code', type: 'text', required: true, column: true, sortable: true },
      { name: 'name', type: 'text', required: true, column: true, sortable: true },
      { name: 'level', type: 'enum', required: true, options: LEVEL_OPTIONS, column: true, filter: true, sortable: true },
      { name: 'parent_code', type: 'text', column: true, filter: false, sortable: true },
      { name: 'population', type: 'int', column: true, sortable: true, min: 0 },
      { name: 'lon', type: 'number', check: 'lon', min: -180, max: 180 },
      { name: 'lat', type: 'number', check: 'lat', min: -90, max: 90 },
      { name: 'approximate', type: 'bool', column: true },
    ],
  },
}

export const CHILD_KINDS: Record<ChildName, KindSpec> = {
  chemicals: {
    name: 'chemicals',
    titleField: 'name',
    located: false,
    fields: [
      { name: 'name', type: 'text', required: true, column: true },
      { name: 'cas', type: 'text', column: true, check: 'cas' },
      { name: 'table1_seq', type: 'int', column: true, min: 1, max: 85 },
      { name: 'hazard_class', type: 'enum', options: HAZARD_CLASS_OPTIONS, column: true },
      { name: 'max_quantity_t', type: 'number', column: true, min: 0 },
      { name: 'storage_unit', type: 'text', column: true },
    ],
  },
  stock: {
    name: 'stock',
    titleField: 'name',
    located: false,
    fields: [
      { name: 'category', type: 'text', column: true, suggestions: ['防汛', '救灾', '消防', '医疗', '生活'] },
      { name: 'name', type: 'text', required: true, column: true },
      { name: 'quantity', type: 'number', required: true, column: true, min: 0 },
      { name: 'unit', type: 'text', column: true },
      { name: 'expiry', type: 'date', column: true },
    ],
  },
}

export function isKindName(s: string): s is KindName {
  return (KIND_NAMES as readonly string[]).includes(s)
}

export function fieldOf(spec: KindSpec, name: string): FieldSpec | undefined {
  return spec.fields.find((f) => f.name === name)
}

/** Fields every object carries besides its own (read-only in forms). */
export const META_FIELDS = ['id', 'version', 'created_at', 'updated_at', 'synthetic'] as const
