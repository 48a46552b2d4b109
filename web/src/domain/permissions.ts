// Who may see and change what in the console (PRODUCT.md, "Roles and what they may do").
// The server enforces all of this; the console only hides what a role cannot use.
import type { Role, User } from '@/api/types'
import type { ChildName, KindName } from './kinds'

export type Action = 'create' | 'edit' | 'delete' | 'import'
type Target = KindName | ChildName

const ALL_KINDS: readonly Target[] = [
  'enterprises', 'chemicals', 'shelters', 'warehouses', 'stock', 'teams', 'stations', 'devices', 'cameras', 'jurisdictions',
]

const READS: Record<Role, readonly Target[]> = {
  admin: ALL_KINDS,
  district_officer: ALL_KINDS,
  town_officer: ALL_KINDS,
  community_officer: ALL_KINDS,
  viewer: ALL_KINDS,
  inspector: ['enterprises', 'chemicals'],
  enterprise_user: ['enterprises', 'chemicals'],
}

const WRITES: Record<Role, readonly Target[]> = {
  admin: ALL_KINDS,
  district_officer: ALL_KINDS.filter((k) => k !== 'jurisdictions'),
  town_officer: ALL_KINDS.filter((k) => k !== 'jurisdictions'),
  community_officer: ['shelters', 'warehouses', 'stock', 'teams'],
  enterprise_user: ['chemicals', 'enterprises'],
  inspector: [],
  viewer: [],
}

/** Fields a role may change on a kind it may edit; undefined means every field. */
const EDITABLE_FIELDS: Partial<Record<Role, Partial<Record<Target, readonly string[]>>>> = {
  enterprise_user: { enterprises: ['contact_name', 'contact_phone'] },
}

/** Actions a role may not take on a kind it may otherwise write. */
const DENIED: Partial<Record<Role, Partial<Record<Target, readonly Action[]>>>> = {
  enterprise_user: { enterprises: ['create', 'delete', 'import'] },
}

export function canRead(user: User | null, kind: Target): boolean {
  return !!user && READS[user.role].includes(kind)
}

export function can(user: User | null, action: Action, kind: Target): boolean {
  if (!user || !WRITES[user.role].includes(kind)) return false
  return !(DENIED[user.role]?.[kind] ?? []).includes(action)
}

export function editableFields(user: User | null, kind: Target): readonly string[] | undefined {
  if (!user) return []
  return EDITABLE_FIELDS[user.role]?.[kind]
}

export interface NavItem {
  key: string
  to: string
  /** i18n key of the label */
  label: string
  /** Path prefix under which the item is the active one (default: `to`). */
  match?: string
}

export function navItems(user: User | null): NavItem[] {
  if (!user) return []
  const items: NavItem[] = []
  if (user.role === 'enterprise_user') {
    items.push({ key: 'my-enterprise', to: '/my-enterprise', label: 'nav.myEnterprise' })
    return items
  }
  items.push({ key: 'map', to: '/map', label: 'nav.map' })
  if (canSeeScreen(user)) items.push({ key: 'screen', to: '/screen', label: 'nav.screen' })
  const registry: KindName[] = ['enterprises', 'shelters', 'warehouses', 'teams', 'stations', 'devices', 'cameras', 'jurisdictions']
  for (const kind of registry) {
    if (canRead(user, kind)) items.push({ key: kind, to: `/registry/${kind}`, label: `nav.${kind}` })
  }
  if (isAdmin(user)) items.push({ key: 'admin', to: '/admin/users', label: 'nav.admin', match: '/admin' })
  return items
}

/** Users, roles and the audit log are for admins only. */
export function isAdmin(user: User | null): boolean {
  return !!user && user.role === 'admin'
}

export function canSeeScreen(user: User | null): boolean {
  return !!user && user.role !== 'enterprise_user' && user.role !== 'inspector'
}

export function homePath(user: User | null): string {
  if (!user) return '/login'
  if (user.role === 'enterprise_user') return '/my-enterprise'
  if (user.role === 'inspector') return '/registry/enterprises'
  return '/map'
}

/** Users whose scope is the whole district may narrow the view to one town. */
export function canSwitchTown(user: User | null): boolean {
  return !!user && user.scope_type === 'district'
}
