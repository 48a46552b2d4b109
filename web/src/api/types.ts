// Wire types of the lakeguard HTTP API (/api/v1), as the console uses them.

export type Role =
  | 'admin'
  | 'district_officer'
  | 'town_officer'
  | 'community_officer'
  | 'enterprise_user'
  | 'inspector'
  | 'viewer'

export type ScopeType = 'district' | 'town' | 'community' | 'enterprise'

export interface User {
  id: number
  username: string
  display_name: string
  role: Role
  scope_type: ScopeType
  scope_code: string | null
  enterprise_id: number | null
}

/** A user account as the admin pages see it (GET /api/v1/users). */
export interface UserAccount extends User {
  disabled: boolean
  created_at: string
}

export interface NewUserBody {
  username: string
  password: string
  role: Role
  display_name?: string
  scope_code?: string
  enterprise_id?: number
}

export interface UserPatchBody {
  display_name?: string
  role?: Role
  scope_code?: string
  enterprise_id?: number
  disabled?: boolean
  password?: string
}

/** One of the signed-in user's API tokens; `token` (plaintext) only in the reply that creates it. */
export interface ApiToken {
  id: number
  name: string
  read_only: boolean
  created_at: string
  expires_at: string | null
  revoked: boolean
  token?: string
}

export interface NewTokenBody {
  name: string
  read_only?: boolean
  ttl_s?: number
}

/** One audited write, newest first in GET /api/v1/audit. */
export interface AuditEntry {
  id: number
  at: string
  actor: string
  actor_id?: number | null
  action: string
  entity: string
  entity_id: string
  before: unknown
  after: unknown
  request_id: string
}

/** What the caller may do with one collection (GET /api/v1/auth/me → permissions). */
export interface Allowed {
  read: boolean
  create: boolean
  update: boolean
  delete: boolean
  /** The only fields it may update (absent: all). */
  fields?: string[]
  /** The only values of a closed-set field it may write (e.g. warehouses.level). */
  values?: Record<string, string[]>
}

/** Per collection (registry kinds and their children, users, audit, tokens). */
export type Permissions = Record<string, Allowed>

export interface MeReply {
  user: User
  permissions: Permissions
}

export interface LoginReply {
  token: string
  user: User
}

export interface ErrorBody {
  error: {
    code: string
    message: string
    field?: string | null
    request_id?: string | null
  }
}

export interface ListReply<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

/** Fields every stored object carries. */
export interface BaseObject {
  id: number
  created_at: string
  updated_at: string
  version: number
  synthetic: boolean
  [field: string]: unknown
}

export interface ImportError {
  row: number
  column: string | null
  reason: string
}

export interface ImportReport {
  rows: number
  valid: number
  errors: ImportError[]
  committed: boolean
}

export type Position = [number, number]

export interface PointGeometry {
  type: 'Point'
  coordinates: Position
}
export interface PolygonGeometry {
  type: 'Polygon'
  coordinates: Position[][]
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon'
  coordinates: Position[][][]
}
export interface LineStringGeometry {
  type: 'LineString'
  coordinates: Position[]
}
export type Geometry = PointGeometry | PolygonGeometry | MultiPolygonGeometry | LineStringGeometry

export interface Feature<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: 'Feature'
  id?: number | string
  geometry: G
  properties: P
}

export interface FeatureCollection<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: 'FeatureCollection'
  features: Feature<G, P>[]
}

export type SpatialShape = PolygonGeometry | { center: Position; radius_m: number }

export interface SpatialReply {
  layers: Record<string, FeatureCollection>
}

export interface ConsoleConfig {
  tile_url: string | null
}

// --- risk calculators (POST /api/v1/calc/*) ------------------------------------------------

/** The four risk colours as the server names them; a colour mapping is server configuration. */
export type RiskColorName = 'red' | 'orange' | 'yellow' | 'blue'

export interface LecBody {
  L: number
  E: number
  C: number
}

export interface LecResult {
  D: number
  /** The danger band, the standard's term (极其危险 … 稍有危险). */
  level: string
  /** What the band calls for (不能继续作业 …). */
  measure?: string
  /** The four-colour risk level the configured mapping gives D (重大风险 … 低风险). */
  risk_level?: string
  color: RiskColorName
}

export interface LsBody {
  L: number
  S: number
}

export interface LsResult {
  R: number
  level: string
  color: RiskColorName
}

export interface MajorHazardBody {
  substances: { name?: string; cas?: string; table1_seq?: number; hazard_class?: string | string[]; quantity_t?: number | null }[]
  people_within_500m: number | null
}

export interface MajorHazardTerm {
  substance: string
  /** The Table 1 row, null for a Table 2 chemical. */
  table1_seq?: number | null
  hazard_classes?: string[]
  /** Whether the class is lakeguard's default for the Table 1 substance (none was given). */
  class_defaulted?: boolean
  q: number
  Q: number
  beta: number
  ratio: number
  Q_source?: 'table1' | 'table2'
  beta_source?: 'table3' | 'table4'
}

export interface MajorHazardResult {
  S: number
  is_major_hazard: boolean
  alpha: number
  R: number
  /** 1–4, null when not a major hazard. */
  grade: 1 | 2 | 3 | 4 | null
  grade_name: string | null
  terms: MajorHazardTerm[]
}

export interface AccidentGradeBody {
  deaths: number | null
  serious_injuries: number | null
  direct_loss_yuan: number | null
}

export interface AccidentGradeResult {
  /** 特别重大 | 重大 | 较大 | 一般 */
  grade: string
  /** The grade each criterion reaches; the highest decides. */
  criteria?: { deaths?: string; serious_injuries?: string; direct_loss_yuan?: string }
}
