import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { ElMessageBox } from 'element-plus'
import { i18n } from '@/i18n'
import { ApiError } from '@/api/client'
import { useDeleteConfirm } from '@/composables/useDeleteConfirm'
import { useSession } from '@/stores/session'
import type { BaseObject } from '@/api/types'
import { DISTRICT_OFFICER } from './fixtures/permissions'

const store = { id: 4, name: '西湖区应急物资储备库', level: 'district', created_at: '', updated_at: '', version: 1, synthetic: false } as BaseObject

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

function setup() {
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  useSession().permissions = DISTRICT_OFFICER
  let confirm: ReturnType<typeof useDeleteConfirm> | null = null
  mount(defineComponent({ setup: () => ((confirm = useDeleteConfirm()), () => h('i')) }), { global: { plugins: [i18n] } })
  return confirm!
}

afterEach(() => vi.restoreAllMocks())

describe('the delete dialog', () => {
  it('names the children that go with the object, counted through the API', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(json({ items: [], total: 12, page: 1, page_size: 1 }))
    const asked = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    const remove = vi.fn(async () => {})
    expect(await setup()('warehouses', store, remove)).toBe(true)
    expect(String(fetch.mock.calls[0][0])).toContain('/api/v1/warehouses/4/stock?page=1&page_size=1')
    const text = String(asked.mock.calls[0][0])
    expect(text).toContain('西湖区应急物资储备库')
    expect(text).toContain('其下 12 条库存物资将一并删除')
    expect(remove).toHaveBeenCalled()
  })

  it('says nothing of children an object has none of, and asks nothing of kinds without them', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(json({ items: [], total: 0, page: 1, page_size: 1 }))
    const asked = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    await setup()('warehouses', store, async () => {})
    expect(String(asked.mock.calls[0][0])).not.toContain('一并删除')
    fetch.mockClear()
    await setup()('shelters', { ...store, name: '避难场所' }, async () => {})
    expect(fetch).not.toHaveBeenCalled()
  })

  it('shows the server refusal (409) in its own words', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(json({ items: [], total: 0, page: 1, page_size: 1 }))
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    const alert = vi.spyOn(ElMessageBox, 'alert').mockResolvedValue('confirm' as never)
    const refused = new ApiError(409, 'conflict', '该区划仍被 12 个对象引用，不能删除。', null)
    expect(await setup()('jurisdictions', { ...store, name: '留下街道' }, async () => Promise.reject(refused))).toBe(false)
    expect(alert).toHaveBeenCalledWith('该区划仍被 12 个对象引用，不能删除。', '无法删除', expect.anything())
  })

  it('deletes nothing when the user says no', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(json({ items: [], total: 3, page: 1, page_size: 1 }))
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel')
    const remove = vi.fn(async () => {})
    expect(await setup()('enterprises', store, remove)).toBe(false)
    expect(remove).not.toHaveBeenCalled()
  })
})
