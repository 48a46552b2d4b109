// Recomputes a revealed 双随机 draw from its published values (docs/inspections.md "The
// procedure"): commitment = SHA-256(seed bytes); final_seed = SHA-256(seed ":" entropy_1 ":" …);
// key = SHA-256(final_seed ":e:" id) (":i:" for inspectors); the k (m) smallest keys, as strings.
import { hexBytes, sha256Bytes, sha256Text } from './sha256'

interface Named {
  id: number
  name: string
}

export interface PublishedDraw {
  commitment: string
  seed: string | null
  witnesses: { entropy: string }[]
  final_seed: string | null
  k: number
  m: number
  pool_enterprises: Named[]
  pool_inspectors: Named[]
  selected_enterprises: Named[] | null
  selected_inspectors: Named[] | null
}

export type CheckName = 'commitment' | 'witnesses' | 'final_seed' | 'enterprises' | 'inspectors'
export interface DrawCheck {
  check: CheckName
  ok: boolean
  /** What was recomputed (a hash, or the ids selected). */
  computed: string
}

export function finalSeed(seed: string, entropies: readonly string[]): string {
  return sha256Text([seed, ...entropies].join(':'))
}

/** The `n` members with the smallest keys, in key order. */
export function select(final: string, side: 'e' | 'i', pool: readonly Named[], n: number): { member: Named; key: string }[] {
  return pool
    .map((member) => ({ member, key: sha256Text(`${final}:${side}:${member.id}`) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, n)
}

const ids = (xs: readonly Named[] | null) => (xs ?? []).map((x) => x.id).join(',')

/** Every check of a revealed draw; an open draw (no seed) has none. */
export function verifyDraw(d: PublishedDraw): DrawCheck[] {
  if (!d.seed) return []
  const bytes = hexBytes(d.seed)
  const commitment = bytes && bytes.length === 32 ? sha256Bytes(bytes) : ''
  const entropies = d.witnesses.map((w) => w.entropy)
  const final = finalSeed(d.seed, entropies)
  const e = select(final, 'e', d.pool_enterprises, d.k).map((x) => x.member)
  const i = select(final, 'i', d.pool_inspectors, d.m).map((x) => x.member)
  return [
    { check: 'commitment', ok: commitment === d.commitment, computed: commitment },
    { check: 'witnesses', ok: entropies.length > 0, computed: String(entropies.length) },
    { check: 'final_seed', ok: final === d.final_seed, computed: final },
    { check: 'enterprises', ok: ids(e) === ids(d.selected_enterprises), computed: ids(e) },
    { check: 'inspectors', ok: ids(i) === ids(d.selected_inspectors), computed: ids(i) },
  ]
}
