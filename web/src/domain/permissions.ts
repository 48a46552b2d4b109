// What the signed-in caller may do, as the server says it (GET /api/v1/auth/me → permissions;
// src/registry/permissions.cpp and src/auth/api.cpp). The console keeps no role tables of its own:
// every button, editable field and closed-set option it offers is read from that payload, so it
// can never offer what the server refuses nor hide what it allows. The server enforces all of it.
import type { Allowed, Permissions, User } from '@/api/types'
import type { EnumOption, KindName } from './kinds'

/** `import` is a create (the server's rule: "import = create"). */
export type Action = 'create' | 'update' | 'delete' | 'import'

function entry(p: Permissions | null | undefined, collection: string): Allowed | undefined {
  return p?.[collection]
}

export function canRead(p: Permissions | null | undefined, collection: string): boolean {
  return entry(p, collection)?.read === true
}

/**
 * Whether the object's closed-set values are ones the caller may write (e.g. a town officer and a
 * district-level warehouse): the server refuses to update or delete an object otherwise.
 */
export function objectWritable(p: Permissions | null | undefined, collection: string, obj: Record<string, unknown> | null | undefined): boolean {
  const values = entry(p, collection)?.values
  if (!values || !obj) return true
  for (const [field, allowed] of Object.entries(values)) {
    const v = obj[field]
    if (!allowed.includes(typeof v === 'string' ? v : '')) return false
  }
  return true
}

/**
 * Whether the caller may take `action` on the collection; with `obj`, on that object (update and
 * delete also need its closed-set values to be writable). With `parent` (a nested collection such
 * as stock), the parent object must be writable too, as the server checks.
 */
export function can(
  p: Permissions | null | undefined,
  action: Action,
  collection: string,
  obj?: Record<string, unknown> | null,
  parent?: { collection: string; obj: Record<string, unknown> | null | undefined },
): boolean {
  const e = entry(p, collection)
  if (!e || e[action === 'import' ? 'create' : action] !== true) return false
  if (parent && !objectWritable(p, parent.collection, parent.obj)) return false
  if (obj && (action === 'update' || action === 'delete')) return objectWritable(p, collection, obj)
  return true
}

/** Fields the caller may change on the collection; undefined means every field. */
export function editableFields(p: Permissions | null | undefined, collection: string): readonly string[] | undefined {
  const e = entry(p, collection)
  if (!e) return []
  return e.fields
}

/** The only values of a closed-set field the caller may write; undefined means any. */
export function allowedValues(p: Permissions | null | undefined, collection: string, field: string): readonly string[] | undefined {
  return entry(p, collection)?.values?.[field]
}

/** The options of a closed-set field that the caller may choose. */
export function offeredOptions(
  p: Permissions | null | undefined,
  collection: string,
  field: string,
  options: readonly EnumOption[],
): readonly EnumOption[] {
  const allowed = allowedValues(p, collection, field)
  return allowed ? options.filter((o) => allowed.includes(o.value)) : options
}

export interface NavItem {
  key: string
  to: string
  /** i18n key of the label */
  label: string
  /** Path prefix under which the item is the active one (default: `to`). */
  match?: string
}

const REGISTRY_NAV: readonly KindName[] = ['enterprises', 'shelters', 'warehouses', 'teams', 'stations', 'devices', 'cameras', 'jurisdictions']

/** The risk calculators are stateless calculations every signed-in user may run. */
const RISK_NAV: NavItem = { key: 'risk', to: '/risk/calc', label: 'nav.risk', match: '/risk' }

const HAZARDS_NAV: NavItem = { key: 'hazards', to: '/hazards', label: 'hazardPages.nav' }

export function navItems(user: User | null, p: Permissions | null | undefined): NavItem[] {
  if (!user) return []
  const items: NavItem[] = []
  if (user.role === 'enterprise_user') {
    items.push({ key: 'my-enterprise', to: '/my-enterprise', label: 'nav.myEnterprise' })
    if (canRead(p, 'hazards')) items.push(HAZARDS_NAV)
    items.push(RISK_NAV)
    return items
  }
  items.push({ key: 'map', to: '/map', label: 'nav.map' })
  if (canSeeScreen(user)) items.push({ key: 'screen', to: '/screen', label: 'nav.screen' })
  for (const kind of REGISTRY_NAV) {
    if (canRead(p, kind)) items.push({ key: kind, to: `/registry/${kind}`, label: `nav.${kind}` })
  }
  // 四色图 by town (issue 8): before the calculators, whose `match` (/risk) would claim it.
  items.push({ key: 'risk-towns', to: '/risk/towns', label: 'riskPages.nav' })
  items.push(RISK_NAV)
  if (canRead(p, 'warnings')) items.push({ key: 'warnings', to: '/warnings', label: 'nav.warnings' })
  if (canRead(p, 'duty_shifts') && user.scope_type !== 'community') items.push({ key: 'duty', to: '/duty', label: 'dutyPages.nav' })
  // 掌上执法: an inspector's own tasks (the phone pages).
  if (user.role === 'inspector' && canRead(p, 'inspection_tasks'))
    items.push({ key: 'inspection-tasks', to: '/inspections/tasks', label: 'inspectionPages.nav', match: '/inspections/tasks' })
  // Hidden dangers and 双随机 (issue 10 item 5).
  if (canRead(p, 'hazards')) {
    items.push(HAZARDS_NAV)
    items.push({ key: 'hazard-board', to: '/hazard-board', label: 'hazardPages.navOverdue' })
    items.push({ key: 'hazard-stats', to: '/hazard-stats', label: 'hazardPages.navStats' })
  }
  if (canRead(p, 'inspection_draws')) items.push({ key: 'draws', to: '/inspections/draws', label: 'hazardPages.navDraws', match: '/inspections' })
  if (isAdmin(p)) items.push({ key: 'admin', to: '/admin/users', label: 'nav.admin', match: '/admin' })
  return items
}

/** User administration: whoever the server lets list users. */
export function isAdmin(p: Permissions | null | undefined): boolean {
  return canRead(p, 'users')
}

// The pages below are the console's own layout, not rights: which start page and overview suit a
// kind of user. What each page then shows still follows the permissions.

/** The district screen is an overview for the emergency offices, not for enterprises or inspectors. */
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
