import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '@/i18n'
import { listQueryFromUrl, listQueryToUrl, useListPage, type ListQuery } from '@/composables/useListPage'
import { applyToLayer, applyToRows } from '@/utils/liveRows'
import type { LiveEvent } from '@/api/live'
import type { FeatureCollection } from '@/api/types'

const ev = (type: string, data: Record<string, unknown>, topic = 'warehouses'): LiveEvent => ({ topic, type, data, ts: '2026-11-29T08:00:00.000Z' })
const rows = [
  { id: 1, version: 2, name: 'a', town_code: '330106009' },
  { id: 2, version: 1, name: 'b', town_code: '330106009' },
]
const admitsAll = { admits: () => true, firstPage: true }

describe('live events on an open list', () => {
  it('removes a row that left the scope (deleted or moved out) and counts one that is not shown', () => {
    const out = applyToRows(rows, 10, ev('deleted', { id: 1 }), admitsAll)
    expect(out.rows.map((r) => r.id)).toEqual([2])
    expect(out.total).toBe(9)
    expect(out.counted).toBe(false)
    const elsewhere = applyToRows(rows, 10, ev('deleted', { id: 99 }), admitsAll)
    expect(elsewhere).toMatchObject({ total: 10, counted: true })
    expect(elsewhere.rows).toHaveLength(2)
  })

  it('adds an object that entered the scope (created or moved in) on top of the first page when the filters admit it', () => {
    const moved = { id: 3, version: 4, name: 'c', town_code: '330106009' }
    const out = applyToRows(rows, 10, ev('created', moved), admitsAll)
    expect(out.rows.map((r) => r.id)).toEqual([3, 1, 2])
    expect(out).toMatchObject({ total: 11, counted: false })
    expect(applyToRows(rows, 10, ev('created', moved), { admits: () => false, firstPage: true })).toMatchObject({ total: 10, counted: true })
    expect(applyToRows(rows, 10, ev('created', moved), { admits: () => true, firstPage: false })).toMatchObject({ total: 10, counted: true })
    // Already shown (this page's own write, reloaded before its event): nothing to do.
    expect(applyToRows(rows, 10, ev('created', { id: 1 }), admitsAll)).toMatchObject({ total: 10, counted: false })
  })

  it('counts an update unless the row already shows that version', () => {
    expect(applyToRows(rows, 10, ev('updated', { id: 1, version: 2 }), admitsAll).counted).toBe(false)
    expect(applyToRows(rows, 10, ev('updated', { id: 1, version: 3 }), admitsAll).counted).toBe(true)
    expect(applyToRows(rows, 10, ev('updated', { id: 7, version: 1 }), admitsAll).counted).toBe(true)
  })
})

describe('live events on a map layer', () => {
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', id: 1, geometry: { type: 'Point', coordinates: [120.1, 30.2] }, properties: { id: 1, layer: 'warehouses' } }],
  }
  it('removes a feature that left, places one that came or moved', () => {
    expect(applyToLayer(fc, 'warehouses', ev('deleted', { id: 1 })).features).toHaveLength(0)
    const added = applyToLayer(fc, 'warehouses', ev('created', { id: 2, name: 'n', lon: 120.05, lat: 30.25 }))
    expect(added.features.map((f) => f.id)).toEqual([1, 2])
    expect(added.features[1]).toMatchObject({ geometry: { type: 'Point', coordinates: [120.05, 30.25] }, properties: { name: 'n', layer: 'warehouses' } })
    const moved = applyToLayer(fc, 'warehouses', ev('updated', { id: 1, lon: 120.0, lat: 30.3 }))
    expect(moved.features).toHaveLength(1)
    expect(moved.features[0].geometry).toEqual({ type: 'Point', coordinates: [120.0, 30.3] })
    // Without a position it cannot be drawn.
    expect(applyToLayer(fc, 'warehouses', ev('updated', { id: 1, lon: null, lat: null })).features).toHaveLength(0)
  })
})

describe('list state in the URL', () => {
  it('writes only what differs from the defaults and reads back what it wrote', () => {
    const q: ListQuery = { page: 3, pageSize: 100, sort: 'name', filters: { q: '仓', level: '', town_code: '330106009' } }
    const url = listQueryToUrl(q)
    expect(url).toEqual({ q: '仓', town_code: '330106009', sort: 'name', page: '3', page_size: '100' })
    expect(listQueryFromUrl(url as never, ['q', 'level', 'town_code'])).toEqual(q)
    expect(listQueryToUrl({ page: 1, pageSize: 50, sort: '-id', filters: { q: '' } }, '-id')).toEqual({})
  })

  it('ignores values the page does not offer', () => {
    const q = listQueryFromUrl({ page: '-2', page_size: '7', role: 'root', status: 'active' }, ['role', 'status'], '-id', (k, v) =>
      k === 'role' ? v === 'admin' : true,
    )
    expect(q).toEqual({ page: 1, pageSize: 50, sort: '-id', filters: { role: '', status: 'active' } })
  })
})

describe('useListPage', () => {
  async function host(path: string, fetch: (q: ListQuery) => Promise<{ items: { id: number }[]; total: number }>) {
    setActivePinia(createPinia())
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/list', component: { render: () => null } }] })
    await router.push(path)
    let list: ReturnType<typeof useListPage<{ id: number }>> | null = null
    const Comp = defineComponent({
      setup() {
        list = useListPage<{ id: number }>({ filters: ['q', 'level'], defaultSort: '-id', fetch: (q) => fetch(q) })
        void list.load()
        return () => h('span', String(list!.total.value))
      },
    })
    const w = mount(Comp, { global: { plugins: [router, i18n] } })
    await flushPromises()
    return { w, router, list: () => list! }
  }

  it('starts from the URL, loads, keeps the URL in step and pages', async () => {
    const fetch = vi.fn(async (q: ListQuery) => ({ items: [{ id: q.page }], total: 120 }))
    const { w, router, list } = await host('/list?q=库&page=2', fetch)
    expect(fetch).toHaveBeenLastCalledWith({ page: 2, pageSize: 50, sort: '-id', filters: { q: '库', level: '' } })
    expect(w.text()).toBe('120')
    list().filters.level = 'town'
    list().search()
    await flushPromises()
    expect(fetch).toHaveBeenLastCalledWith({ page: 1, pageSize: 50, sort: '-id', filters: { q: '库', level: 'town' } })
    expect(router.currentRoute.value.query).toEqual({ q: '库', level: 'town' })
    list().onSort({ prop: 'name', order: 'ascending' })
    await flushPromises()
    expect(router.currentRoute.value.query).toMatchObject({ sort: 'name' })
    w.unmount()
  })

  it('follows a link to the same page with other filters', async () => {
    const fetch = vi.fn(async () => ({ items: [], total: 0 }))
    const { w, router, list } = await host('/list', fetch)
    await router.push('/list?level=village')
    await flushPromises()
    await nextTick()
    expect(list().filters.level).toBe('village')
    expect(fetch).toHaveBeenLastCalledWith({ page: 1, pageSize: 50, sort: '-id', filters: { q: '', level: 'village' } })
    w.unmount()
  })

  it('goes back to the last page that exists when the list shrank', async () => {
    let total = 500
    const fetch = vi.fn(async (q: ListQuery) => ({ items: [{ id: q.page }], total }))
    const { w, list } = await host('/list?page=10', fetch)
    total = 60
    await list().load()
    await flushPromises()
    expect(list().page.value).toBe(2)
    expect(fetch).toHaveBeenLastCalledWith(expect.objectContaining({ page: 2 }))
    w.unmount()
  })
})
