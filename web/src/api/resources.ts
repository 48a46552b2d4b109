// Typed calls for each part of the API the console uses.
import { api, ApiError } from './index'
import type { Query } from './client'
import type {
  AccidentGradeBody,
  AccidentGradeResult,
  ApiToken,
  AuditEntry,
  BaseObject,
  ConsoleConfig,
  FeatureCollection,
  ImportReport,
  LecBody,
  LecResult,
  ListReply,
  LoginReply,
  LsBody,
  LsResult,
  MajorHazardBody,
  MajorHazardResult,
  MeReply,
  NewTokenBody,
  NewUserBody,
  SpatialReply,
  SpatialShape,
  UserAccount,
  UserPatchBody,
} from './types'
import type { ChildName, KindName } from '@/domain/kinds'

// --- auth ---------------------------------------------------------------------------------

export function login(username: string, password: string): Promise<LoginReply> {
  return api.post<LoginReply>('/auth/login', { username, password }, { allowUnauthenticated: true })
}

/** The signed-in user and what it may do, or null when there is no session. */
export async function me(): Promise<MeReply | null> {
  try {
    const reply = await api.get<MeReply>('/auth/me', undefined, { allowUnauthenticated: true })
    return { user: reply.user, permissions: reply.permissions ?? {} }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null
    throw e
  }
}

export function logout(): Promise<void> {
  return api.request<void>('/auth/logout', { method: 'POST', as: 'none', allowUnauthenticated: true })
}

// --- users, API tokens, audit log (F1) -----------------------------------------------------

/** Every user account (admin); the server answers all of them in one reply. */
export function listUsers(signal?: AbortSignal) {
  return api.get<ListReply<UserAccount>>('/users', undefined, { signal })
}

export function createUser(body: NewUserBody) {
  return api.post<UserAccount>('/users', body)
}

export function patchUser(id: number, body: UserPatchBody) {
  return api.patch<UserAccount>(`/users/${id}`, body)
}

/** The signed-in user's own API tokens. */
export function listTokens() {
  return api.get<ListReply<ApiToken>>('/tokens')
}

/** Creates a token; the reply's `token` is the only time the plaintext is seen. */
export function createToken(body: NewTokenBody) {
  return api.post<ApiToken>('/tokens', body)
}

export function revokeToken(id: number) {
  return api.delete(`/tokens/${id}`)
}

export interface AuditParams {
  entity?: string
  entity_id?: string
  actor?: string
  page?: number
  page_size?: number
}

export function listAudit(params: AuditParams, signal?: AbortSignal) {
  return api.get<ListReply<AuditEntry>>('/audit', params as Query, { signal })
}

// --- registry -----------------------------------------------------------------------------

export interface ListParams {
  page?: number
  page_size?: number
  sort?: string
  q?: string
  [filter: string]: string | number | boolean | undefined | null
}

export function listObjects<T extends BaseObject = BaseObject>(kind: KindName, params: ListParams = {}, signal?: AbortSignal) {
  return api.get<ListReply<T>>(`/${kind}`, params as Query, { signal })
}

export function getObject<T extends BaseObject = BaseObject>(kind: KindName, id: number | string) {
  return api.get<T>(`/${kind}/${encodeURIComponent(String(id))}`)
}

export function createObject<T extends BaseObject = BaseObject>(kind: KindName, body: Record<string, unknown>) {
  return api.post<T>(`/${kind}`, body)
}

export function patchObject<T extends BaseObject = BaseObject>(kind: KindName, id: number, body: Record<string, unknown>) {
  return api.patch<T>(`/${kind}/${id}`, body)
}

export function deleteObject(kind: KindName, id: number) {
  return api.delete(`/${kind}/${id}`)
}

export function geojson(kind: KindName, filters: Query = {}, signal?: AbortSignal) {
  return api.get<FeatureCollection>(`/${kind}.geojson`, filters, { signal })
}

export function exportCsv(kind: KindName, filters: Query = {}) {
  return api.get<Blob>(`/${kind}.csv`, filters, { as: 'blob' })
}

export type ImportBody = { csv: string } | { rows: Record<string, unknown>[] }

export function importObjects(kind: KindName, body: ImportBody, dryRun: boolean) {
  const query = { dry_run: dryRun ? 'true' : 'false' }
  if ('csv' in body) {
    return api.request<ImportReport>(`/${kind}/import`, {
      method: 'POST',
      query,
      body: { data: body.csv, contentType: 'text/csv; charset=utf-8' },
    })
  }
  return api.request<ImportReport>(`/${kind}/import`, { method: 'POST', query, json: { rows: body.rows } })
}

// --- nested children (enterprise chemicals, warehouse stock) -------------------------------

export const CHILD_PARENT: Record<ChildName, KindName> = { chemicals: 'enterprises', stock: 'warehouses' }

export function listChildren<T extends BaseObject = BaseObject>(child: ChildName, parentId: number, params: ListParams = {}) {
  return api.get<ListReply<T>>(`/${CHILD_PARENT[child]}/${parentId}/${child}`, params as Query)
}

export function createChild<T extends BaseObject = BaseObject>(child: ChildName, parentId: number, body: Record<string, unknown>) {
  return api.post<T>(`/${CHILD_PARENT[child]}/${parentId}/${child}`, body)
}

export function patchChild<T extends BaseObject = BaseObject>(child: ChildName, parentId: number, id: number, body: Record<string, unknown>) {
  return api.patch<T>(`/${CHILD_PARENT[child]}/${parentId}/${child}/${id}`, body)
}

export function deleteChild(child: ChildName, parentId: number, id: number) {
  return api.delete(`/${CHILD_PARENT[child]}/${parentId}/${child}/${id}`)
}

// --- map ----------------------------------------------------------------------------------

export function spatialWithin(shape: SpatialShape, layers: readonly string[]) {
  return api.post<SpatialReply>('/spatial/within', { shape, layers })
}

/** Console settings; a server without the endpoint (404) means "no settings". */
export async function consoleConfig(): Promise<ConsoleConfig> {
  try {
    const c = await api.get<Partial<ConsoleConfig>>('/config/console')
    return { tile_url: typeof c?.tile_url === 'string' && c.tile_url ? c.tile_url : null }
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { tile_url: null }
    throw e
  }
}

// --- risk calculators (F3): stateless, nothing is stored ------------------------------------------

export function calcLec(body: LecBody) {
  return api.post<LecResult>('/calc/lec', body)
}

export function calcLs(body: LsBody) {
  return api.post<LsResult>('/calc/ls', body)
}

export function calcMajorHazard(body: MajorHazardBody) {
  return api.post<MajorHazardResult>('/calc/major-hazard', body)
}

export function calcAccidentGrade(body: AccidentGradeBody) {
  return api.post<AccidentGradeResult>('/calc/accident-grade', body)
}
