import { describe, expect, it } from 'vitest'
import type { Permissions, Role, User, UserAccount } from '@/api/types'
import {
  ROLES,
  checkUserForm,
  filterUsers,
  fittingLevel,
  levelOfCode,
  newUserBody,
  scopeLevels,
  sortUsers,
  userForm,
  userPatchBody,
  type UserForm,
} from '@/domain/users'
import { auditValueText, changedFields, diffFields, sameValue } from '@/domain/diff'
import { sortTokens, tokenStatus, ttlOf } from '@/domain/tokens'
import { isAdmin, navItems } from '@/domain/permissions'
import { ADMIN, COMMUNITY_OFFICER, DISTRICT_OFFICER, ENTERPRISE_USER, INSPECTOR, TOWN_OFFICER, VIEWER } from './fixtures/permissions'

const DISTRICT = '330106'
const TOWN = '330106009'
const COMMUNITY = '330106009001'

const account = (over: Partial<UserAccount> = {}): UserAccount => ({
  id: 1,
  username: 'u',
  display_name: 'U',
  role: 'viewer',
  scope_type: 'district',
  scope_code: DISTRICT,
  enterprise_id: null,
  disabled: false,
  created_at: '2025-11-29T00:00:00Z',
  ...over,
})

const form = (over: Partial<UserForm> = {}): UserForm => ({ ...userForm(null), username: 'new_user', password: 'long-enough', ...over })

describe('role → scope levels (validate_role_scope in src/auth/model.cpp)', () => {
  it('gives each role the levels the server accepts', () => {
    expect(scopeLevels('admin')).toEqual(['district'])
    expect(scopeLevels('district_officer')).toEqual(['district'])
    expect(scopeLevels('inspector')).toEqual(['district'])
    expect(scopeLevels('town_officer')).toEqual(['town'])
    expect(scopeLevels('community_officer')).toEqual(['community'])
    expect(scopeLevels('enterprise_user')).toEqual(['enterprise'])
    // A viewer may have any jurisdiction but not an enterprise.
    expect(scopeLevels('viewer')).toEqual(['district', 'town', 'community'])
    for (const r of ROLES) expect(scopeLevels(r).length, r).toBeGreaterThan(0)
  })

  it('names the level of a division code by its length', () => {
    expect(levelOfCode(DISTRICT)).toBe('district')
    expect(levelOfCode(TOWN)).toBe('town')
    expect(levelOfCode(COMMUNITY)).toBe('community')
    expect(levelOfCode('330106009000x')).toBeNull()
    expect(levelOfCode('3301060')).toBeNull()
    expect(levelOfCode('')).toBeNull()
    expect(levelOfCode(null)).toBeNull()
  })

  it('keeps the chosen level when the new role allows it, else takes the role’s first', () => {
    expect(fittingLevel('viewer', 'community')).toBe('community')
    expect(fittingLevel('town_officer', 'community')).toBe('town')
    expect(fittingLevel('enterprise_user', 'town')).toBe('enterprise')
    expect(fittingLevel('admin', null)).toBe('district')
  })
})

describe('user form checks', () => {
  it('asks for a username, a long enough password and a scope of the right level', () => {
    expect(checkUserForm(form({ role: 'town_officer', level: 'town', scope_code: TOWN }), 'create')).toEqual([])
    const keys = (f: UserForm, mode: 'create' | 'edit' = 'create') => checkUserForm(f, mode).map((p) => `${p.field}:${p.key}`)
    expect(keys(form({ username: ' ', scope_code: TOWN }))).toEqual(['username:required'])
    expect(keys(form({ username: '张三', scope_code: TOWN }))).toEqual(['username:username'])
    expect(keys(form({ password: 'short', scope_code: TOWN }))).toEqual(['password:password'])
    expect(keys(form({ scope_code: null }))).toEqual(['scope_code:required'])
    expect(keys(form({ scope_code: COMMUNITY }))).toEqual(['scope_code:scopeLevel'])
    // A well-formed code of the right level passes here; whether it exists is the server's call.
    expect(keys(form({ scope_code: '330106999' }))).toEqual([])
    expect(keys(form({ role: 'enterprise_user', level: 'enterprise', enterprise_id: null }))).toEqual(['enterprise_id:enterpriseRequired'])
    expect(keys(form({ role: 'admin', level: 'district', scope_code: null }))).toEqual([])
    // Editing does not ask for the username or a password.
    expect(keys(form({ username: '', password: '', scope_code: TOWN }), 'edit')).toEqual([])
  })
})

describe('user bodies', () => {
  it('creates with the division, the district code or the enterprise', () => {
    expect(newUserBody(form({ scope_code: TOWN, display_name: ' 留下 ' }), DISTRICT)).toEqual({
      username: 'new_user', password: 'long-enough', role: 'town_officer', scope_code: TOWN, display_name: '留下',
    })
    expect(newUserBody(form({ role: 'inspector', level: 'district' }), DISTRICT)).toMatchObject({ scope_code: DISTRICT })
    const ent = newUserBody(form({ role: 'enterprise_user', level: 'enterprise', enterprise_id: 7 }), DISTRICT)
    expect(ent).toMatchObject({ enterprise_id: 7 })
    expect('scope_code' in ent).toBe(false)
  })

  it('patches only what changed', () => {
    const town = account({ role: 'town_officer', scope_type: 'town', scope_code: TOWN, display_name: '留下' })
    expect(userPatchBody(town, userForm(town), DISTRICT)).toEqual({})
    expect(userPatchBody(town, { ...userForm(town), display_name: '留下街道' }, DISTRICT)).toEqual({ display_name: '留下街道' })
    expect(userPatchBody(town, { ...userForm(town), scope_code: '330106010' }, DISTRICT)).toEqual({ scope_code: '330106010' })
    // Role and scope together; the district code for a district-level role.
    expect(userPatchBody(town, { ...userForm(town), role: 'district_officer', level: 'district', scope_code: null }, DISTRICT)).toEqual({
      role: 'district_officer', scope_code: DISTRICT,
    })
    // A viewer keeping its district scope changes only the role.
    const viewer = account()
    expect(userPatchBody(viewer, { ...userForm(viewer), role: 'inspector' }, DISTRICT)).toEqual({ role: 'inspector' })
    // Enterprise ↔ jurisdiction.
    const owner = account({ role: 'enterprise_user', scope_type: 'enterprise', scope_code: null, enterprise_id: 5 })
    expect(userForm(owner)).toMatchObject({ level: 'enterprise', enterprise_id: 5, scope_code: null })
    expect(userPatchBody(owner, { ...userForm(owner), enterprise_id: 6 }, DISTRICT)).toEqual({ enterprise_id: 6 })
    expect(userPatchBody(owner, { ...userForm(owner), role: 'viewer', level: 'town', scope_code: TOWN, enterprise_id: null }, DISTRICT)).toEqual({
      role: 'viewer', scope_code: TOWN,
    })
    expect(userPatchBody(town, { ...userForm(town), role: 'enterprise_user', level: 'enterprise', scope_code: null, enterprise_id: 5 }, DISTRICT)).toEqual({
      role: 'enterprise_user', enterprise_id: 5,
    })
  })
})

describe('the user list', () => {
  const users = [
    account({ id: 1, username: 'admin', display_name: '管理员', role: 'admin' }),
    account({ id: 2, username: `town_${TOWN}`, display_name: '留下街道应急办', role: 'town_officer', scope_type: 'town', scope_code: TOWN }),
    account({ id: 3, username: 'viewer', display_name: 'Viewer', disabled: true }),
  ]
  const names: Record<string, string> = { [TOWN]: '留下街道', [DISTRICT]: '西湖区' }
  const describeScope = (u: UserAccount) => names[u.scope_code ?? ''] ?? ''

  it('filters by text (also the jurisdiction name), role and status', () => {
    const ids = (q: string, role: Role | '' = '', status: '' | 'active' | 'disabled' = '') =>
      filterUsers(users, { q, role, status }, describeScope).map((u) => u.id)
    expect(ids('')).toEqual([1, 2, 3])
    expect(ids('ADMIN')).toEqual([1])
    expect(ids('留下')).toEqual([2])
    expect(ids(TOWN)).toEqual([2])
    expect(ids('', 'viewer')).toEqual([3])
    expect(ids('', '', 'active')).toEqual([1, 2])
    expect(ids('', '', 'disabled')).toEqual([3])
    expect(ids('西湖', 'admin')).toEqual([1])
  })

  it('sorts by id, text or role order', () => {
    expect(sortUsers(users, 'id', true).map((u) => u.id)).toEqual([3, 2, 1])
    expect(sortUsers(users, 'role', false).map((u) => u.role)).toEqual(['admin', 'town_officer', 'viewer'])
    expect(sortUsers(users, 'username', false).map((u) => u.username)).toEqual(['admin', `town_${TOWN}`, 'viewer'])
  })
})

describe('audit before/after', () => {
  it('compares values deeply, whatever the key order, with null and missing alike', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true)
    expect(sameValue([1, 2], [2, 1])).toBe(false)
    expect(sameValue(null, undefined)).toBe(true)
    expect(sameValue(0, null)).toBe(false)
    expect(sameValue(false, null)).toBe(false)
  })

  it('marks each field of an update as changed, added, cleared or the same', () => {
    const before = { id: 9, name: 'A', disabled: false, tags: ['x'], phone: '1', version: 1, updated_at: 't1' }
    const after = { id: 9, name: 'A', disabled: true, tags: ['x', 'y'], phone: null, version: 2, updated_at: 't2', address: '西湖' }
    const rows = diffFields(before, after)
    const by = Object.fromEntries(rows.map((r) => [r.field, r.change]))
    expect(by).toEqual({
      id: 'same', name: 'same', disabled: 'changed', tags: 'changed', phone: 'removed', version: 'changed', updated_at: 'changed', address: 'added',
    })
    // Edited fields first (in order, new ones after), bookkeeping last.
    expect(rows.map((r) => r.field)).toEqual(['name', 'disabled', 'tags', 'phone', 'address', 'id', 'version', 'updated_at'])
    expect(changedFields(rows).map((r) => r.field)).toEqual(['disabled', 'tags', 'phone', 'address', 'version', 'updated_at'])
    const disabled = rows.find((r) => r.field === 'disabled')!
    expect([disabled.before, disabled.after]).toEqual([false, true])
  })

  it('handles creations, deletions, entries without content and non-object snapshots', () => {
    expect(diffFields(null, { a: 1, b: null }).map((r) => `${r.field}:${r.change}`)).toEqual(['a:added', 'b:same'])
    expect(diffFields({ a: 1 }, null).map((r) => `${r.field}:${r.change}`)).toEqual(['a:removed'])
    expect(diffFields(null, null)).toEqual([])
    expect(diffFields(undefined, undefined)).toEqual([])
    expect(diffFields('x', 'y')).toEqual([{ field: '', before: 'x', after: 'y', change: 'changed' }])
  })

  it('writes values in words', () => {
    const ctx = {
      t: (k: string) => ({ 'common.yes': '是', 'common.no': '否', 'roles.town_officer': '镇街应急办' })[k] ?? k,
      te: (k: string) => k === 'roles.town_officer',
      nameOf: (c: unknown) => (c === TOWN ? '留下街道' : String(c)),
    }
    expect(auditValueText('disabled', true, ctx)).toBe('是')
    expect(auditValueText('disabled', false, ctx)).toBe('否')
    expect(auditValueText('role', 'town_officer', ctx)).toBe('镇街应急办')
    expect(auditValueText('role', 'pilot', ctx)).toBe('pilot')
    expect(auditValueText('scope_code', TOWN, ctx)).toBe(`留下街道 (${TOWN})`)
    expect(auditValueText('town_code', '999', ctx)).toBe('999')
    expect(auditValueText('updated_at', '2025-11-29T00:30:05Z', ctx)).toBe('2025-11-29 08:30:05')
    expect(auditValueText('flags', ['a', 'b'], ctx)).toBe('a、b')
    expect(auditValueText('geometry', { type: 'Point' }, ctx)).toBe('{"type":"Point"}')
    expect(auditValueText('name', null, ctx)).toBe('')
    expect(auditValueText('headcount', 0, ctx)).toBe('0')
  })
})

describe('API tokens', () => {
  const now = Date.parse('2025-11-29T12:00:00Z')
  it('are active, expired or revoked', () => {
    expect(tokenStatus({ revoked: false, expires_at: null }, now)).toBe('active')
    expect(tokenStatus({ revoked: false, expires_at: '2025-11-30T00:00:00Z' }, now)).toBe('active')
    expect(tokenStatus({ revoked: false, expires_at: '2025-11-29T11:59:59Z' }, now)).toBe('expired')
    expect(tokenStatus({ revoked: true, expires_at: '2025-11-29T11:59:59Z' }, now)).toBe('revoked')
  })

  it('offer lifetimes inside the server’s 60 s … 10 years, and sort usable ones first', () => {
    expect(ttlOf('d30')).toBe(30 * 86400)
    expect(ttlOf('never')).toBeNull()
    for (const k of ['d1', 'd7', 'd30', 'd90', 'd365'] as const) {
      expect(ttlOf(k)!).toBeGreaterThanOrEqual(60)
      expect(ttlOf(k)!).toBeLessThanOrEqual(10 * 365 * 86400)
    }
    const tk = (id: number, revoked = false) => ({ id, name: `t${id}`, read_only: false, created_at: '', expires_at: null, revoked })
    expect(sortTokens([tk(1), tk(2, true), tk(3)], now).map((t) => t.id)).toEqual([3, 1, 2])
  })
})

describe('administration in the navigation', () => {
  const user = (role: Role): User => ({ id: 1, username: role, display_name: role, role, scope_type: 'district', scope_code: DISTRICT, enterprise_id: null })
  it('is offered to whoever the server lets read users', () => {
    expect(isAdmin(ADMIN)).toBe(true)
    expect(isAdmin(null)).toBe(false)
    expect(navItems(user('admin'), ADMIN).find((n) => n.key === 'admin')).toMatchObject({ to: '/admin/users', match: '/admin' })
    const others: Record<string, Permissions> = { DISTRICT_OFFICER, TOWN_OFFICER, COMMUNITY_OFFICER, ENTERPRISE_USER, INSPECTOR, VIEWER }
    for (const [name, p] of Object.entries(others)) {
      expect(isAdmin(p), name).toBe(false)
      expect(navItems(user('district_officer'), p).some((n) => n.key === 'admin'), name).toBe(false)
    }
  })
})
