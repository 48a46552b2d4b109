// SHA-256 in TypeScript and the 双随机 verification (docs/inspections.md): FIPS 180-4 known answers
// and a draw whose every value was computed independently with Python's hashlib.
import { describe, expect, it } from 'vitest'
import { hexBytes, sha256Bytes, sha256Text } from '@/domain/sha256'
import { finalSeed, select, verifyDraw, type PublishedDraw } from '@/domain/drawVerify'

// Computed with Python: seed = bytes(range(32)); final = sha256(seed_hex + ":" + ":".join(texts));
// selection = the k (m) smallest sha256(f"{final}:e:{id}") (":i:") as hex strings.
const GOLDEN: PublishedDraw = {
  commitment: '630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd',
  seed: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  witnesses: [{ entropy: '纪检 王某 2026-12-07' }, { entropy: 'abc' }],
  final_seed: '9013f65eb6e206e6ae8288e5d9ad280eb8e440cd3d1112332102254fdc5df3a3',
  k: 3,
  m: 2,
  pool_enterprises: [3, 7, 11, 12, 40, 41, 99].map((id) => ({ id, name: `E${id}` })),
  pool_inspectors: [2, 5, 8, 9].map((id) => ({ id, name: `I${id}` })),
  selected_enterprises: [11, 41, 99].map((id) => ({ id, name: `E${id}` })),
  selected_inspectors: [5, 9].map((id) => ({ id, name: `I${id}` })),
}

describe('sha256', () => {
  it('gives the FIPS 180-4 known answers', () => {
    expect(sha256Text('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sha256Text('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(sha256Text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1')
    // Several blocks, and the padding boundary (55/56/64 bytes).
    expect(sha256Text('a'.repeat(1000))).toBe('41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3')
    for (const n of [55, 56, 63, 64, 65]) expect(sha256Text('x'.repeat(n))).toHaveLength(64)
    expect(sha256Text('x'.repeat(55))).not.toBe(sha256Text('x'.repeat(56)))
  })

  it('hashes raw bytes, not their hex text', () => {
    const bytes = hexBytes(GOLDEN.seed!)!
    expect(bytes).toHaveLength(32)
    expect(sha256Bytes(bytes)).toBe(GOLDEN.commitment)
    expect(sha256Text(GOLDEN.seed!)).not.toBe(GOLDEN.commitment)
    expect(hexBytes('0g')).toBeNull()
    expect(hexBytes('abc')).toBeNull()
  })
})

describe('draw verification', () => {
  it('recomputes the final seed and both selections in key order', () => {
    expect(finalSeed(GOLDEN.seed!, ['纪检 王某 2026-12-07', 'abc'])).toBe(GOLDEN.final_seed)
    expect(select(GOLDEN.final_seed!, 'e', GOLDEN.pool_enterprises, 3).map((x) => x.member.id)).toEqual([11, 41, 99])
    expect(select(GOLDEN.final_seed!, 'i', GOLDEN.pool_inspectors, 2).map((x) => x.member.id)).toEqual([5, 9])
    const checks = verifyDraw(GOLDEN)
    expect(checks.map((c) => [c.check, c.ok])).toEqual([
      ['commitment', true],
      ['witnesses', true],
      ['final_seed', true],
      ['enterprises', true],
      ['inspectors', true],
    ])
  })

  it('fails each check that a change breaks', () => {
    const fail = (d: PublishedDraw) => verifyDraw(d).filter((c) => !c.ok).map((c) => c.check)
    // Another seed: the commitment no longer matches, and everything after it moves.
    expect(fail({ ...GOLDEN, seed: '1' + GOLDEN.seed!.slice(1) })).toContain('commitment')
    // The witnesses' order counts.
    expect(fail({ ...GOLDEN, witnesses: [...GOLDEN.witnesses].reverse() })).toContain('final_seed')
    // A swapped selection (same members, other order) is refused: the order is the key order.
    expect(fail({ ...GOLDEN, selected_enterprises: [...GOLDEN.selected_enterprises!].reverse() })).toEqual(['enterprises'])
    expect(fail({ ...GOLDEN, selected_inspectors: [{ id: 2, name: 'I2' }, { id: 9, name: 'I9' }] })).toEqual(['inspectors'])
    // No witness: the draw could have been steered.
    expect(fail({ ...GOLDEN, witnesses: [] })).toContain('witnesses')
  })

  it('has nothing to check before the reveal', () => {
    expect(verifyDraw({ ...GOLDEN, seed: null, final_seed: null, selected_enterprises: null, selected_inspectors: null })).toEqual([])
  })
})
