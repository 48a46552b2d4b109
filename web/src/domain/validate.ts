// Client-side checks that save a round trip; the server stays the judge (its 422 names the field).
import type { FieldSpec } from './kinds'

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The check character of a unified social credit code (GB 32100-2015) from its first 17. */
export function creditCodeCheckChar(first17: string): string | null {
  const s = first17.toUpperCase()
  if (s.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARS.indexOf(s[i])
    if (v < 0) return null
    sum += v * CREDIT_WEIGHTS[i]
  }
  const c = 31 - (sum % 31)
  return CREDIT_CHARS[c === 31 ? 0 : c]
}

export function isValidCreditCode(code: string): boolean {
  const s = code.trim().toUpperCase()
  if (s.length !== 18) return false
  return creditCodeCheckChar(s.slice(0, 17)) === s[17]
}

/** CAS registry number: 2–7 digits, 2 digits, check digit. */
export function isValidCas(cas: string): boolean {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas.trim())
  if (!m) return false
  const digits = (m[1] + m[2]).split('').reverse()
  const sum = digits.reduce((acc, d, i) => acc + Number(d) * (i + 1), 0)
  return sum % 10 === Number(m[3])
}

export type Problem =
  | { key: 'required' }
  | { key: 'notNumber' }
  | { key: 'notInteger' }
  | { key: 'min'; min: number }
  | { key: 'max'; max: number }
  | { key: 'tooLong'; max: number }
  | { key: 'creditCode' }
  | { key: 'cas' }
  | { key: 'date' }
  | { key: 'url' }

function empty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
}

/** The first problem with one field's value, or null. */
export function checkField(field: FieldSpec, value: unknown): Problem | null {
  if (empty(value)) return field.required && field.type !== 'bool' ? { key: 'required' } : null
  if (field.type === 'int' || field.type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return { key: 'notNumber' }
    if (field.type === 'int' && !Number.isInteger(value)) return { key: 'notInteger' }
    if (field.min !== undefined && value < field.min) return { key: 'min', min: field.min }
    if (field.max !== undefined && value > field.max) return { key: 'max', max: field.max }
  }
  if (typeof value === 'string') {
    if (field.maxLength !== undefined && value.length > field.maxLength) return { key: 'tooLong', max: field.maxLength }
    if (field.check === 'credit_code' && !isValidCreditCode(value)) return { key: 'creditCode' }
    if (field.check === 'cas' && !isValidCas(value)) return { key: 'cas' }
    if (field.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return { key: 'date' }
    if (field.type === 'url' && !/^(https?|rtsp|rtmp):\/\/\S+$/i.test(value)) return { key: 'url' }
  }
  return null
}
