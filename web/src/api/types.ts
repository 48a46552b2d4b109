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
