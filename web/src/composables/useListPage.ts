// One list page: filters, sort and paging mirrored in the URL, loading with the previous request
// aborted, the error of the last load, and live events applied to the rows shown (utils/liveRows:
// deletions and moves out remove rows, creations and moves in add them, the rest is counted in a
// "N new changes" hint until the user reloads). The admin and registry pages all use it.
import { computed, onBeforeUnmount, reactive, ref, shallowRef, watch, type Ref } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'
import { useLive, type LiveEvent } from '@/api/live'
import { useSession } from '@/stores/session'
import { errorText, showError } from '@/utils/notify'
import { applyToRows } from '@/utils/liveRows'

export const PAGE_SIZES = [20, 50, 100, 200]
export const DEFAULT_PAGE_SIZE = 50

export interface ListQuery {
  page: number
  pageSize: number
  /** `field` or `-field`; '' for the server's order. */
  sort: string
  /** Filter values by name, '' when unset (trimmed). */
  filters: Record<string, string>
}

export interface ListReplyLike<T> {
  items: T[]
  total: number
}

export interface ListPageOptions<T> {
  /** Filter names, also their URL query keys. */
  filters: readonly string[]
  /** Reads one page. */
  fetch: (q: ListQuery, signal: AbortSignal) => Promise<ListReplyLike<T>>
  /** The sort when the user chose none (not written to the URL). */
  defaultSort?: string
  /** Whether a filter value read from the URL is one the page offers (others read as ''). */
  accept?: (filter: string, value: string) => boolean
  /** Live topics whose events change this list. */
  live?: {
    topics: readonly string[]
    /** Whether a created object belongs in the list as filtered now. */
    admits?: (obj: Record<string, unknown>, q: ListQuery) => boolean
    /** Events that cannot concern this list (neither applied nor counted). */
    ignores?: (e: LiveEvent) => boolean
  }
}

type Row = { id: number | string; version?: number }

const str = (v: unknown) => (typeof v === 'string' ? v : '')

/** The URL query of a list state (defaults left out). */
export function listQueryToUrl(q: ListQuery, defaultSort = ''): LocationQueryRaw {
  const out: LocationQueryRaw = {}
  for (const [k, v] of Object.entries(q.filters)) if (v !== '') out[k] = v
  if (q.sort && q.sort !== defaultSort) out.sort = q.sort
  if (q.page !== 1) out.page = String(q.page)
  if (q.pageSize !== DEFAULT_PAGE_SIZE) out.page_size = String(q.pageSize)
  return out
}

/** The list state a URL query asks for. */
export function listQueryFromUrl(
  query: LocationQuery,
  filters: readonly string[],
  defaultSort = '',
  accept: (filter: string, value: string) => boolean = () => true,
): ListQuery {
  const f: Record<string, string> = {}
  for (const name of filters) {
    const v = str(query[name])
    f[name] = v && accept(name, v) ? v : ''
  }
  const page = Number(query.page)
  const size = Number(query.page_size)
  return {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE,
    sort: str(query.sort) || defaultSort,
    filters: f,
  }
}

function queryKey(q: LocationQueryRaw): string {
  return JSON.stringify(Object.keys(q).sort().map((k) => [k, String(q[k] ?? '')]))
}
const sameQuery = (a: LocationQueryRaw, b: LocationQueryRaw) => queryKey(a) === queryKey(b)

export function useListPage<T extends Row>(opts: ListPageOptions<T>) {
  const route = useRoute()
  const router = useRouter()
  const session = useSession()
  const defaultSort = opts.defaultSort ?? ''

  const start = listQueryFromUrl(route.query, opts.filters, defaultSort, opts.accept)
  const page = ref(start.page)
  const pageSize = ref(start.pageSize)
  const sort = ref(start.sort)
  const filters = reactive<Record<string, string>>({ ...start.filters })

  const items = shallowRef<T[]>([]) as Ref<T[]>
  const total = ref(0)
  const loading = ref(false)
  /** Whether the rows and total are those of a reply (false before the first and after a failed load). */
  const loaded = ref(false)
  const error = ref('')
  /** Changes announced by live events that the rows shown do not include. */
  const newChanges = ref(0)

  function current(): ListQuery {
    const f: Record<string, string> = {}
    for (const name of opts.filters) f[name] = (filters[name] ?? '').trim()
    return { page: page.value, pageSize: pageSize.value, sort: sort.value, filters: f }
  }

  let lastUrl: LocationQueryRaw = {}
  let controller: AbortController | null = null

  async function load(): Promise<void> {
    controller?.abort()
    const c = new AbortController()
    controller = c
    loading.value = true
    const covered = newChanges.value // changes announced so far are in what this load reads
    const q = current()
    lastUrl = listQueryToUrl(q, defaultSort)
    if (!sameQuery(lastUrl, route.query as LocationQueryRaw)) void router.replace({ query: lastUrl })
    try {
      const reply = await opts.fetch(q, c.signal)
      if (c.signal.aborted) return
      items.value = reply.items
      total.value = reply.total
      loaded.value = true
      error.value = ''
      newChanges.value = Math.max(0, newChanges.value - covered)
      // Stay on a page that exists after a filter or a change shrank the list.
      const last = Math.max(1, Math.ceil(reply.total / pageSize.value))
      if (page.value > last) page.value = last
    } catch (e) {
      if (c.signal.aborted) return
      loaded.value = false
      error.value = errorText(e)
      showError(e)
    } finally {
      if (controller === c) loading.value = false
    }
  }
  onBeforeUnmount(() => controller?.abort())

  /** Reloads from the first page (the page watcher loads when the page changes). */
  function search(): void {
    if (page.value !== 1) page.value = 1
    else void load()
  }

  function resetFilters(): void {
    for (const k of opts.filters) filters[k] = ''
    search()
  }

  watch([page, pageSize], () => void load())

  // A link to the same page with other filters (e.g. a record's history) while it is open.
  watch(
    () => route.query,
    (query) => {
      if (sameQuery(lastUrl, query as LocationQueryRaw)) return
      const next = listQueryFromUrl(query, opts.filters, defaultSort, opts.accept)
      Object.assign(filters, next.filters)
      sort.value = next.sort
      pageSize.value = next.pageSize
      if (page.value !== next.page) page.value = next.page
      else void load()
    },
  )

  // --- sorting (Element Plus table events) -----------------------------------------------------
  function onSort({ prop, order }: { prop: string | null; order: 'ascending' | 'descending' | null }): void {
    sort.value = !order || !prop ? defaultSort : order === 'ascending' ? prop : `-${prop}`
    search()
  }
  const tableSort = computed(() =>
    sort.value
      ? { prop: sort.value.replace(/^-/, ''), order: (sort.value.startsWith('-') ? 'descending' : 'ascending') as 'ascending' | 'descending' }
      : undefined,
  )

  // --- live events -------------------------------------------------------------------------------
  function onLive(e: LiveEvent): void {
    if (opts.live?.ignores?.(e)) return
    const q = current()
    const admits = opts.live?.admits ?? (() => false)
    const next = applyToRows(items.value, total.value, e, { admits: (o) => admits(o, q), firstPage: q.page === 1 })
    items.value = next.rows
    total.value = next.total
    if (next.counted) newChanges.value++
  }
  if (opts.live && opts.live.topics.length) {
    useLive({
      topics: opts.live.topics,
      enabled: () => session.user !== null,
      onEvent: onLive,
      onReset: () => newChanges.value++,
    })
  }

  return { page, pageSize, sort, filters, items, total, loading, loaded, error, newChanges, load, search, resetFilters, onSort, tableSort, current }
}
