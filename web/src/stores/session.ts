// The signed-in user and what the server lets it do (permissions from GET /auth/me), the
// jurisdiction master data the console labels things with, and the town a district user has
// narrowed the view to.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { BaseObject, Permissions, User } from '@/api/types'
import * as res from '@/api/resources'
import { KINDS, type KindName } from '@/domain/kinds'
import { canSwitchTown } from '@/domain/permissions'
import { ApiError } from '@/api/client'
import { showError } from '@/utils/notify'
import { i18n } from '@/i18n'

export interface Jurisdiction extends BaseObject {
  code: string
  name: string
  level: 'district' | 'town' | 'community'
  parent_code: string | null
  lon: number | null
  lat: number | null
  approximate: boolean
}

const TOWN_KEY = 'lakeguard.town'

function readTown(): string | null {
  try {
    return sessionStorage.getItem(TOWN_KEY)
  } catch {
    return null
  }
}

export const useSession = defineStore('session', () => {
  const user = ref<User | null>(null)
  /** Per collection, what the user may do: the only source of the console's write controls. */
  const permissions = ref<Permissions>({})
  const checked = ref(false)
  const jurisdictions = ref<Jurisdiction[]>([])
  const enterpriseName = ref<string | null>(null)
  const townFilter = ref<string | null>(readTown())

  const byCode = computed(() => new Map(jurisdictions.value.map((j) => [j.code, j])))
  const towns = computed(() =>
    jurisdictions.value.filter((j) => j.level === 'town').sort((a, b) => a.code.localeCompare(b.code)),
  )

  function communitiesOf(townCode: string | null | undefined): Jurisdiction[] {
    return jurisdictions.value
      .filter((j) => j.level === 'community' && (!townCode || j.parent_code === townCode))
      .sort((a, b) => a.code.localeCompare(b.code))
  }

  function nameOf(code: unknown): string {
    if (typeof code !== 'string' || code === '') return ''
    return byCode.value.get(code)?.name ?? code
  }

  /** Names of the user's own jurisdiction (or enterprise), for the header. */
  const scopeName = computed(() => {
    const u = user.value
    if (!u) return ''
    if (u.scope_type === 'enterprise') return enterpriseName.value ?? ''
    return u.scope_code ? nameOf(u.scope_code) : ''
  })

  /**
   * Loads the division names the console labels things with, and the user's enterprise name.
   * A role that may not list divisions (or an unreachable server) leaves codes unlabelled rather
   * than failing the sign-in.
   */
  async function loadMasterData(): Promise<void> {
    const items: Jurisdiction[] = []
    try {
      for (let page = 1; page <= 20; page++) {
        const reply = await res.listObjects<Jurisdiction>('jurisdictions', { page, page_size: 500, sort: 'code' })
        items.push(...reply.items)
        if (items.length >= reply.total || reply.items.length === 0) break
      }
    } catch (e) {
      if (!(e instanceof ApiError && (e.status === 403 || e.status === 404))) showError(e)
    }
    jurisdictions.value = items
    const u = user.value
    if (u?.scope_type === 'enterprise' && u.enterprise_id != null) {
      try {
        const ent = await res.getObject('enterprises', u.enterprise_id)
        enterpriseName.value = typeof ent.name === 'string' ? ent.name : null
      } catch (e) {
        showError(e)
      }
    }
    if (townFilter.value && !byCode.value.has(townFilter.value)) setTown(null)
  }

  async function check(): Promise<void> {
    const me = await res.me()
    user.value = me?.user ?? null
    permissions.value = me?.permissions ?? {}
    checked.value = true
    if (me) await loadMasterData()
  }

  async function signIn(username: string, password: string): Promise<void> {
    await res.login(username, password)
    // The login reply names the user; what it may do comes with /auth/me.
    const me = await res.me()
    if (!me) throw new ApiError(401, 'unauthenticated', i18n.global.t('auth.expired'))
    user.value = me.user
    permissions.value = me.permissions
    checked.value = true
    if (!canSwitchTown(me.user)) setTown(null)
    await loadMasterData()
  }

  function clear(): void {
    user.value = null
    permissions.value = {}
    jurisdictions.value = []
    enterpriseName.value = null
    setTown(null)
  }

  async function signOut(): Promise<void> {
    try {
      await res.logout()
    } finally {
      clear()
    }
  }

  function setTown(code: string | null): void {
    townFilter.value = code
    try {
      if (code) sessionStorage.setItem(TOWN_KEY, code)
      else sessionStorage.removeItem(TOWN_KEY)
    } catch {
      /* ignore */
    }
  }

  /** Query parameters that narrow a request for `kind` to the chosen town. */
  function scopeParams(kind: KindName): Record<string, string> {
    if (townFilter.value && canSwitchTown(user.value) && KINDS[kind].located) return { town_code: townFilter.value }
    return {}
  }

  return {
    user,
    permissions,
    checked,
    jurisdictions,
    towns,
    townFilter,
    scopeName,
    enterpriseName,
    communitiesOf,
    nameOf,
    check,
    signIn,
    signOut,
    clear,
    setTown,
    scopeParams,
    loadMasterData,
  }
})
