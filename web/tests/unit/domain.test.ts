import { describe, expect, it } from 'vitest'
import { checkField, creditCodeCheckChar, isValidCas, isValidCreditCode } from '@/domain/validate'
import { allowedValues, can, canRead, canSwitchTown, editableFields, homePath, navItems, objectWritable, offeredOptions } from '@/domain/permissions'
import { ADMIN, COMMUNITY_OFFICER, DISTRICT_OFFICER, ENTERPRISE_USER, INSPECTOR, TOWN_OFFICER, VIEWER } from './fixtures/permissions'
import { formatTime, formatValue } from '@/domain/display'
import { fieldOf, KINDS } from '@/domain/kinds'
import { countByTown, countByValue, latestChanges } from '@/screen/stats'
import type { Permissions, Role, User } from '@/api/types'
import type { BaseObject, FeatureCollection } from '@/api/types'

const user = (role: Role, scope_type: User['scope_type'] = 'district', scope_code: string | null = '330106'): User => ({
  id: 1, username: role, display_name: role, role, scope_type, scope_code, enterprise_id: role === 'enterprise_user' ? 5 : null,
})

describe('unified social credit codes (GB 32100-2015)', () => {
  it('accepts published codes and rejects a changed check character', () => {
    // Codes printed on published business licences.
    for (const code of ['91330100716105852F', '9144030071526726XG', '91110000802100433B']) {
      expect(isValidCreditCode(code), code).toBe(true)
      expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17])
    }
    expect(isValidCreditCode('91330100716105852f')).toBe(true)
    expect(isValidCreditCode('91330100716105852E')).toBe(false)
    expect(isValidCreditCode('91330100716105852')).toBe(false)
    // I, O, Z, S and V are not in the character set.
    expect(creditCodeCheckChar('9133010071610585I')).toBeNull()
  })

  it('a remainder of zero gives the check character 0', () => {
    // 17 zeros sum to 0: 31 - 0 = 31, written as 0.
    expect(creditCodeCheckChar('00000000000000000')).toBe('0')
  })
})

describe('CAS numbers', () => {
  it('checks the check digit', () => {
    expect(isValidCas('7664-41-7')).toBe(true)
    expect(isValidCas('7782-50-5')).toBe(true)
    expect(isValidCas('67-56-1')).toBe(true)
    expect(isValidCas('7664-41-8')).toBe(false)
    expect(isValidCas('766441-7')).toBe(false)
  })
})

describe('checkField', () => {
  const ent = KINDS.enterprises
  it('reports the first problem with a value', () => {
    expect(checkField(fieldOf(ent, 'name')!, '  ')).toEqual({ key: 'required' })
    expect(checkField(fieldOf(ent, 'hazchem_user')!, null)).toBeNull()
    expect(checkField(fieldOf(ent, 'lon')!, 200)).toEqual({ key: 'max', max: 180 })
    expect(checkField(fieldOf(KINDS.shelters, 'capacity_people')!, 1.5)).toEqual({ key: 'notInteger' })
    expect(checkField(fieldOf(ent, 'credit_code')!, '123')).toEqual({ key: 'creditCode' })
    expect(checkField(fieldOf(KINDS.shelters, 'video_url')!, 'ftp://x')).toEqual({ key: 'url' })
    expect(checkField(fieldOf(ent, 'industry')!, '化工')).toBeNull()
  })
})

describe('permissions (from the server\'s /auth/me payload)', () => {
  it('offers writes exactly where the payload allows them', () => {
    expect(can(VIEWER, 'create', 'enterprises')).toBe(false)
    expect(can(INSPECTOR, 'update', 'enterprises')).toBe(false)
    expect(can(DISTRICT_OFFICER, 'create', 'enterprises')).toBe(true)
    // The server lets the district keep the divisions; a town officer only reads them.
    expect(can(DISTRICT_OFFICER, 'update', 'jurisdictions')).toBe(true)
    expect(can(DISTRICT_OFFICER, 'create', 'jurisdictions')).toBe(true)
    expect(can(TOWN_OFFICER, 'update', 'jurisdictions')).toBe(false)
    expect(can(ADMIN, 'update', 'jurisdictions')).toBe(true)
    expect(can(COMMUNITY_OFFICER, 'create', 'shelters')).toBe(true)
    expect(can(COMMUNITY_OFFICER, 'create', 'enterprises')).toBe(false)
    expect(can(null, 'read' as never, 'enterprises')).toBe(false)
    expect(can({}, 'create', 'enterprises')).toBe(false)
  })

  it('treats import as create', () => {
    expect(can(DISTRICT_OFFICER, 'import', 'shelters')).toBe(true)
    expect(can(ENTERPRISE_USER, 'import', 'enterprises')).toBe(false)
    expect(can(ENTERPRISE_USER, 'import', 'chemicals')).toBe(true)
  })

  it('judges an object by the closed-set values the caller may write (warehouse level)', () => {
    const districtStore = { id: 1, level: 'district' }
    const townStore = { id: 2, level: 'town' }
    const villageStore = { id: 3, level: 'village' }
    expect(can(TOWN_OFFICER, 'update', 'warehouses', districtStore)).toBe(false)
    expect(can(TOWN_OFFICER, 'delete', 'warehouses', districtStore)).toBe(false)
    expect(can(TOWN_OFFICER, 'update', 'warehouses', townStore)).toBe(true)
    expect(can(COMMUNITY_OFFICER, 'update', 'warehouses', townStore)).toBe(false)
    expect(can(COMMUNITY_OFFICER, 'update', 'warehouses', villageStore)).toBe(true)
    expect(can(DISTRICT_OFFICER, 'update', 'warehouses', districtStore)).toBe(true)
    expect(objectWritable(TOWN_OFFICER, 'warehouses', { level: null })).toBe(false)
    // A nested object goes with its parent: the stock of the district store is not the town's to change.
    const via = (obj: Record<string, unknown>) => ({ collection: 'warehouses', obj })
    expect(can(TOWN_OFFICER, 'update', 'stock', { id: 9 }, via(districtStore))).toBe(false)
    expect(can(TOWN_OFFICER, 'create', 'stock', null, via(districtStore))).toBe(false)
    expect(can(TOWN_OFFICER, 'create', 'stock', null, via(townStore))).toBe(true)
  })

  it('offers only the values the caller may write', () => {
    const levels = KINDS.warehouses.fields.find((f) => f.name === 'level')!.options!
    expect(offeredOptions(TOWN_OFFICER, 'warehouses', 'level', levels).map((o) => o.value)).toEqual(['town', 'village'])
    expect(offeredOptions(COMMUNITY_OFFICER, 'warehouses', 'level', levels).map((o) => o.value)).toEqual(['village'])
    expect(offeredOptions(DISTRICT_OFFICER, 'warehouses', 'level', levels).map((o) => o.value)).toEqual(['district', 'town', 'village'])
    expect(allowedValues(DISTRICT_OFFICER, 'warehouses', 'level')).toBeUndefined()
  })

  it('lets an enterprise user change its contacts and chemicals only', () => {
    expect(can(ENTERPRISE_USER, 'update', 'enterprises')).toBe(true)
    expect(can(ENTERPRISE_USER, 'delete', 'enterprises')).toBe(false)
    expect(can(ENTERPRISE_USER, 'create', 'enterprises')).toBe(false)
    expect(editableFields(ENTERPRISE_USER, 'enterprises')).toEqual(['contact_name', 'contact_phone'])
    expect(can(ENTERPRISE_USER, 'create', 'chemicals')).toBe(true)
    expect(editableFields(ADMIN, 'enterprises')).toBeUndefined()
    expect(editableFields(ENTERPRISE_USER, 'nothing-such')).toEqual([])
  })

  it('builds navigation from what the user may read', () => {
    const keys = (u: User, p: Permissions) => navItems(u, p).map((n) => n.key)
    expect(keys(user('enterprise_user', 'enterprise', null), ENTERPRISE_USER)).toEqual(['my-enterprise', 'risk'])
    // The server lets inspectors read the divisions (to find enterprises on the map).
    expect(keys(user('inspector'), INSPECTOR)).toEqual(['map', 'enterprises', 'jurisdictions', 'risk-towns', 'risk'])
    expect(keys(user('viewer'), VIEWER)).toContain('screen')
    expect(keys(user('viewer'), VIEWER)).toContain('jurisdictions')
    expect(canRead(INSPECTOR, 'shelters')).toBe(false)
    expect(homePath(user('inspector'))).toBe('/registry/enterprises')
    expect(homePath(null)).toBe('/login')
    expect(canSwitchTown(user('district_officer'))).toBe(true)
    expect(canSwitchTown(user('town_officer', 'town', '330106009'))).toBe(false)
  })
})

describe('display', () => {
  const ctx = {
    t: (k: string) => ({ 'common.yes': '是', 'common.no': '否', 'enums.scale.above': '规上' })[k] ?? k,
    te: (k: string) => k === 'enums.scale.above',
    nameOf: (c: unknown) => (c === '330106009' ? '留下街道' : String(c)),
  }
  it('formats values by field type', () => {
    const ent = KINDS.enterprises
    expect(formatValue(fieldOf(ent, 'scale'), '规上', ctx)).toBe('规上')
    expect(formatValue(fieldOf(ent, 'hazchem_user'), false, ctx)).toBe('否')
    expect(formatValue(fieldOf(ent, 'town_code'), '330106009', ctx)).toBe('留下街道')
    expect(formatValue(fieldOf(ent, 'flags'), ['a', 'b'], ctx)).toBe('a、b')
    expect(formatValue(fieldOf(ent, 'lon'), 120.1234567891, ctx)).toBe('120.123457')
    expect(formatValue(fieldOf(ent, 'name'), null, ctx)).toBe('')
  })

  it('shows times in Beijing time whatever the zone of the input', () => {
    expect(formatTime('2025-11-29T00:30:00Z')).toBe('2025-11-29 08:30')
    expect(formatTime('2025-11-29T08:30:05+08:00', true)).toBe('2025-11-29 08:30:05')
    expect(formatTime('not a time')).toBe('not a time')
  })
})

describe('screen statistics', () => {
  const fc = (props: Record<string, unknown>[]): FeatureCollection => ({
    type: 'FeatureCollection',
    features: props.map((p, i) => ({ type: 'Feature', id: i + 1, geometry: { type: 'Point', coordinates: [120, 30] }, properties: p })),
  })
  it('counts objects per town and layer, and per value', () => {
    const counts = countByTown({
      enterprises: fc([{ town_code: '330106009', scale: '规上' }, { town_code: '330106009', scale: '小微' }, { town_code: '330106010', scale: '规上' }]),
      shelters: fc([{ town_code: '330106010' }]),
    })
    expect(counts['330106009']).toEqual({ enterprises: 2 })
    expect(counts['330106010']).toEqual({ enterprises: 1, shelters: 1 })
    expect(countByValue(fc([{ scale: '规上' }, { scale: '规上' }, {}]), 'scale')).toEqual({ 规上: 2, '': 1 })
  })

  it('merges the latest changes of several kinds, newest first', () => {
    const o = (id: number, name: string, updated_at: string) => ({ id, name, updated_at, created_at: updated_at, version: 1, synthetic: false }) as BaseObject
    const latest = latestChanges(
      {
        shelters: [o(1, 'A', '2025-11-29T08:00:00+08:00'), o(2, 'B', '2025-11-28T08:00:00+08:00')],
        teams: [o(7, 'C', '2025-11-29T01:00:00Z')],
      },
      2,
    )
    expect(latest.map((c) => `${c.kind}:${c.name}`)).toEqual(['teams:C', 'shelters:A'])
  })
})
