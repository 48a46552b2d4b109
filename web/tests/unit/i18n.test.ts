import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import zhCNBase from '@/i18n/zh-CN'
import riskPagesZh from '@/i18n/riskPages.zh-CN'
import enBase from '@/i18n/en'
import riskPagesEn from '@/i18n/riskPages.en'
import dutyPagesZh from '@/i18n/dutyPages.zh-CN'
import dutyPagesEn from '@/i18n/dutyPages.en'
import inspectionPagesZh from '@/i18n/inspectionPages.zh-CN'
import inspectionPagesEn from '@/i18n/inspectionPages.en'
import hazardPagesZh from '@/i18n/hazardPages.zh-CN'
import hazardPagesEn from '@/i18n/hazardPages.en'

import { CHILD_KINDS, KIND_NAMES, KINDS, META_FIELDS } from '@/domain/kinds'

// The messages as index.ts merges them (the risk pages keep theirs in files of their own).
const zhCN = { ...zhCNBase, ...riskPagesZh, ...dutyPagesZh, ...inspectionPagesZh, ...hazardPagesZh }
const en = { ...enBase, ...riskPagesEn, ...dutyPagesEn, ...inspectionPagesEn, ...hazardPagesEn }

type Tree = { [k: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv)
  }
  return out
}

const zh = leaves(zhCN as Tree)
const enLeaves = leaves(en as Tree)
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name)
    if (statSync(p).isDirectory()) return sourceFiles(p)
    return /\.(ts|vue)$/.test(name) && !name.endsWith('.d.ts') ? [p] : []
  })
}

describe('messages', () => {
  it('zh-CN and en have exactly the same keys', () => {
    const missingInEn = [...zh.keys()].filter((k) => !enLeaves.has(k))
    const missingInZh = [...enLeaves.keys()].filter((k) => !zh.has(k))
    expect(missingInEn).toEqual([])
    expect(missingInZh).toEqual([])
  })

  it('no message is empty and both languages use the same placeholders', () => {
    for (const [key, text] of zh) {
      expect(text.trim(), key).not.toBe('')
      expect(enLeaves.get(key)!.trim(), key).not.toBe('')
      expect(placeholders(enLeaves.get(key)!), key).toEqual(placeholders(text))
    }
  })

  it('English messages are not left in Chinese', () => {
    const chinese = [...enLeaves].filter(([k, v]) => /[\u4e00-\u9fff]/.test(v) && k !== 'lang.zhCN')
    expect(chinese).toEqual([])
  })

  it('every literal key the sources use exists', () => {
    const root = path.resolve(__dirname, '../../src')
    const used = new Set<string>()
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\bt\(\s*['"]([a-zA-Z][\w.]*)['"]/g)) used.add(m[1])
      for (const m of text.matchAll(/\blabel:\s*'((?:nav|kinds)\.[\w]+)'/g)) used.add(m[1])
    }
    expect(used.size).toBeGreaterThan(100)
    expect([...used].filter((k) => !zh.has(k))).toEqual([])
  })

  it('every kind, field, enum value and role has a label', () => {
    const needed: string[] = []
    for (const k of [...KIND_NAMES, 'chemicals', 'stock']) needed.push(`kinds.${k}`)
    for (const k of KIND_NAMES) needed.push(`nav.${k}`)
    for (const spec of [...Object.values(KINDS), ...Object.values(CHILD_KINDS)]) {
      for (const f of spec.fields) {
        needed.push(`fields.${f.name}`)
        for (const o of f.options ?? []) if (o.key) needed.push(`enums.${f.name}.${o.key}`)
      }
    }
    for (const m of [...META_FIELDS]) needed.push(`fields.${m}`)
    for (const r of ['admin', 'district_officer', 'town_officer', 'community_officer', 'enterprise_user', 'inspector', 'viewer']) needed.push(`roles.${r}`)
    expect(needed.filter((k) => !zh.has(k))).toEqual([])
  })
})
