// API tokens: their state at a moment and the lifetimes the console offers.
import type { ApiToken } from '@/api/types'

export type TokenStatus = 'active' | 'expired' | 'revoked'

export function tokenStatus(t: Pick<ApiToken, 'revoked' | 'expires_at'>, nowMs: number = Date.now()): TokenStatus {
  if (t.revoked) return 'revoked'
  if (t.expires_at) {
    const end = Date.parse(t.expires_at)
    if (!Number.isNaN(end) && end <= nowMs) return 'expired'
  }
  return 'active'
}

const DAY = 86_400

/** Lifetimes offered when creating a token; `ttl_s` null means it never expires. */
export const TOKEN_LIFETIMES = [
  { key: 'd1', ttl_s: DAY },
  { key: 'd7', ttl_s: 7 * DAY },
  { key: 'd30', ttl_s: 30 * DAY },
  { key: 'd90', ttl_s: 90 * DAY },
  { key: 'd365', ttl_s: 365 * DAY },
  { key: 'never', ttl_s: null },
] as const

export type TokenLifetime = (typeof TOKEN_LIFETIMES)[number]['key']

export function ttlOf(key: TokenLifetime): number | null {
  return TOKEN_LIFETIMES.find((l) => l.key === key)?.ttl_s ?? null
}

/** Newest first, those still usable before the rest. */
export function sortTokens(tokens: readonly ApiToken[], nowMs: number = Date.now()): ApiToken[] {
  const usable = (t: ApiToken) => (tokenStatus(t, nowMs) === 'active' ? 0 : 1)
  return [...tokens].sort((a, b) => usable(a) - usable(b) || b.id - a.id)
}
