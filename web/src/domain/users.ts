// User administration rules the console applies before the server does: which scopes a role may
// have (the server's validate_role_scope in src/auth/model.cpp), how a scope code's length names
// its level, filtering the user list, and the body a create or edit form sends.
import type { NewUserBody, Role, User, UserAccount, UserPatchBody } from '@/api/types'

export const ROLES: readonly Role[] = [
  'admin',
  'district_officer',
  'town_officer',
  'community_officer',
  'enterprise_user',
  'inspector',
  'viewer',
]

export type ScopeLevel = 'district' | 'town' | 'community' | 'enterprise'
export type JurisdictionLevel = Exclude<ScopeLevel, 'enterprise'>

/** The scope levels each role may have, most likely first (PRODUCT.md roles table). */
const ROLE_SCOPES: Record<Role, readonly ScopeLevel[]> = {
  admin: ['district'],
  district_officer: ['district'],
  inspector: ['district'],
  town_officer: ['town'],
  community_officer: ['community'],
  enterprise_user: ['enterprise'],
  viewer: ['district', 'town', 'community'],
}

export function scopeLevels(role: Role): readonly ScopeLevel[] {
  return ROLE_SCOPES[role] ?? []
}

/** Digits of a division code at each level (API-CONVENTIONS.md). */
export const CODE_DIGITS: Record<JurisdictionLevel, number> = { district: 6, town: 9, community: 12 }

/** The level an administrative division code names by its length, or null when it is no such code. */
export function levelOfCode(code: string | null | undefined): JurisdictionLevel | null {
  if (!code || !/^\d+$/.test(code)) return null
  for (const [level, digits] of Object.entries(CODE_DIGITS) as [JurisdictionLevel, number][]) {
    if (code.length === digits) return level
  }
  return null
}

/** The level a form should show after the role changed: the current one when it still fits. */
export function fittingLevel(role: Role, current: ScopeLevel | null): ScopeLevel {
  const levels = scopeLevels(role)
  return current && levels.includes(current) ? current : (levels[0] ?? 'district')
}

/** What a create/edit form holds. */
export interface UserForm {
  username: string
  display_name: string
  password: string
  role: Role
  level: ScopeLevel
  /** The division (town or community level); the district level uses `districtCode`. */
  scope_code: string | null
  enterprise_id: number | null
}

export type FormProblem =
  | { field: 'username'; key: 'required' | 'username' }
  | { field: 'password'; key: 'password' }
  | { field: 'display_name'; key: 'tooLong' }
  | { field: 'role'; key: 'required' }
  | { field: 'scope_code'; key: 'required' | 'scopeLevel'; level?: JurisdictionLevel }
  | { field: 'enterprise_id'; key: 'enterpriseRequired' }

export const USERNAME_RE = /^[A-Za-z0-9_.-]{1,64}$/
export const MIN_PASSWORD = 8

/** The problems a form has before anything is sent (the server checks the same, and more). */
export function checkUserForm(f: UserForm, mode: 'create' | 'edit'): FormProblem[] {
  const out: FormProblem[] = []
  if (mode === 'create') {
    if (!f.username.trim()) out.push({ field: 'username', key: 'required' })
    else if (!USERNAME_RE.test(f.username.trim())) out.push({ field: 'username', key: 'username' })
    if (f.password.length < MIN_PASSWORD) out.push({ field: 'password', key: 'password' })
  }
  if (f.display_name.trim().length > 100) out.push({ field: 'display_name', key: 'tooLong' })
  if (!f.role) {
    out.push({ field: 'role', key: 'required' })
    return out
  }
  if (f.level === 'enterprise') {
    if (f.enterprise_id == null) out.push({ field: 'enterprise_id', key: 'enterpriseRequired' })
  } else if (f.level !== 'district') {
    const code = (f.scope_code ?? '').trim()
    if (!code) out.push({ field: 'scope_code', key: 'required' })
    else if (levelOfCode(code) !== f.level) out.push({ field: 'scope_code', key: 'scopeLevel', level: f.level })
  }
  return out
}

/** The scope part of a body: a jurisdiction code or an enterprise id. */
function scopeOf(f: UserForm, districtCode: string): { scope_code: string } | { enterprise_id: number } {
  if (f.level === 'enterprise') return { enterprise_id: f.enterprise_id! }
  return { scope_code: f.level === 'district' ? districtCode : (f.scope_code ?? '').trim() }
}

export function newUserBody(f: UserForm, districtCode: string): NewUserBody {
  const body: NewUserBody = { username: f.username.trim(), password: f.password, role: f.role, ...scopeOf(f, districtCode) }
  if (f.display_name.trim()) body.display_name = f.display_name.trim()
  return body
}

/** Only what changed; the scope goes whenever it differs from the stored one. */
export function userPatchBody(before: User, f: UserForm, districtCode: string): UserPatchBody {
  const body: UserPatchBody = {}
  const name = f.display_name.trim()
  if (name && name !== before.display_name) body.display_name = name
  if (f.role !== before.role) body.role = f.role
  const scope = scopeOf(f, districtCode)
  if ('enterprise_id' in scope) {
    if (before.scope_type !== 'enterprise' || before.enterprise_id !== scope.enterprise_id) body.enterprise_id = scope.enterprise_id
  } else if (before.scope_type === 'enterprise' || before.scope_code !== scope.scope_code) {
    body.scope_code = scope.scope_code
  }
  return body
}

/** The form for an existing user (or a blank one). */
export function userForm(u: User | null): UserForm {
  if (!u) return { username: '', display_name: '', password: '', role: 'town_officer', level: 'town', scope_code: null, enterprise_id: null }
  return {
    username: u.username,
    display_name: u.display_name,
    password: '',
    role: u.role,
    level: u.scope_type,
    scope_code: u.scope_type === 'enterprise' || u.scope_type === 'district' ? null : u.scope_code,
    enterprise_id: u.enterprise_id,
  }
}

export type UserStatus = 'active' | 'disabled'

export interface UserFilter {
  q: string
  role: Role | ''
  status: UserStatus | ''
}

/**
 * The users that match a filter. Free text matches the username, display name, scope code and
 * whatever `describe` says of the scope (its name), case-insensitively.
 */
export function filterUsers(users: readonly UserAccount[], f: UserFilter, describe: (u: UserAccount) => string = () => ''): UserAccount[] {
  const q = f.q.trim().toLowerCase()
  return users.filter((u) => {
    if (f.role && u.role !== f.role) return false
    if (f.status && (u.disabled ? 'disabled' : 'active') !== f.status) return false
    if (!q) return true
    return [u.username, u.display_name, u.scope_code ?? '', describe(u)].some((s) => s.toLowerCase().includes(q))
  })
}

export type UserSortKey = 'username' | 'display_name' | 'role' | 'created_at' | 'id'

/** Sorted copy; roles in the order of ROLES, the rest by text (ids numerically). */
export function sortUsers(users: readonly UserAccount[], key: UserSortKey, descending: boolean): UserAccount[] {
  const sign = descending ? -1 : 1
  const value = (u: UserAccount): string | number => (key === 'role' ? ROLES.indexOf(u.role) : key === 'id' ? u.id : u[key])
  return [...users].sort((a, b) => {
    const x = value(a)
    const y = value(b)
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN')
    return (c || a.id - b.id) * sign
  })
}
