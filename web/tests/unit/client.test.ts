import { describe, expect, it, vi } from 'vitest'
import { ApiClient, ApiError, buildQuery } from '@/api/client'

function reply(status: number, body?: unknown, type = 'application/json'): Response {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
  return new Response(status === 204 ? null : text, { status, headers: { 'content-type': type } })
}

function client(fetchImpl: typeof fetch, onUnauthorized = vi.fn()) {
  return {
    onUnauthorized,
    api: new ApiClient({
      baseUrl: '/api/v1',
      language: () => 'en',
      onUnauthorized,
      describe: (kind, status) => (kind === 'network' ? 'Cannot reach the server.' : `The server failed (HTTP ${status}).`),
      fetch: fetchImpl,
    }),
  }
}

describe('ApiClient', () => {
  it('sends the console headers, the language and same-origin credentials', async () => {
    const f = vi.fn(async () => reply(200, { items: [], total: 0, page: 1, page_size: 50 }))
    const { api } = client(f as unknown as typeof fetch)
    await api.get('/shelters', { page: 1, q: '西溪', town_code: undefined, sort: '' })
    const [url, init] = f.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/shelters?page=1&q=%E8%A5%BF%E6%BA%AA')
    const headers = init.headers as Record<string, string>
    expect(headers['X-Requested-With']).toBe('lakeguard')
    expect(headers['Accept-Language']).toBe('en')
    expect(init.credentials).toBe('same-origin')
  })

  it('sends the UI language current at each request, so server messages follow a switch', async () => {
    let locale = 'zh-CN'
    const body = { error: { code: 'validation_failed', message: "'name' 为必填项。", field: 'name', request_id: 'r-3' } }
    const f = vi.fn(async () => reply(422, body))
    const api = new ApiClient({ baseUrl: '/api/v1', language: () => locale, describe: () => 'x', fetch: f as unknown as typeof fetch })
    const err = await api.post('/shelters', {}).catch((e: unknown) => e)
    expect(err).toMatchObject({ message: "'name' 为必填项。", field: 'name' })
    locale = 'en'
    await api.get('/shelters').catch(() => undefined)
    const sent = f.mock.calls.map((c) => ((c as unknown as [string, RequestInit])[1].headers as Record<string, string>)['Accept-Language'])
    expect(sent).toEqual(['zh-CN', 'en'])
  })

  it('posts JSON and returns the parsed reply', async () => {
    const f = vi.fn(async () => reply(201, { id: 7, name: 'x' }))
    const { api } = client(f as unknown as typeof fetch)
    const o = await api.post<{ id: number }>('/enterprises', { name: 'x' })
    expect(o.id).toBe(7)
    const init = (f.mock.calls[0] as unknown as [string, RequestInit])[1]
    expect(init.method).toBe('POST')
    expect(init.body).toBe('{"name":"x"}')
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json')
  })

  it('turns an error body into ApiError with code, message, field and request id', async () => {
    const body = { error: { code: 'validation_failed', message: 'The credit code is invalid.', field: 'credit_code', request_id: 'r-1' } }
    const { api, onUnauthorized } = client((async () => reply(422, body)) as typeof fetch)
    const err = await api.post('/enterprises', {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 422, code: 'validation_failed', message: 'The credit code is invalid.', field: 'credit_code', requestId: 'r-1' })
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('reports a 401 as an expired session unless the call opts out', async () => {
    const body = { error: { code: 'unauthenticated', message: 'Please sign in.', field: null, request_id: 'r-2' } }
    const { api, onUnauthorized } = client((async () => reply(401, body)) as typeof fetch)
    await expect(api.get('/shelters')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    await expect(api.get('/auth/me', undefined, { allowUnauthenticated: true })).rejects.toBeInstanceOf(ApiError)
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })

  it('describes failures without a usable body in words', async () => {
    const html = client((async () => reply(502, '<html>Bad Gateway</html>', 'text/html')) as typeof fetch).api
    await expect(html.get('/x')).rejects.toMatchObject({ status: 502, code: 'http_502', message: 'The server failed (HTTP 502).' })
    const empty = client((async () => reply(500, { error: { code: 'internal', message: '' } })) as typeof fetch).api
    await expect(empty.get('/x')).rejects.toMatchObject({ code: 'internal', message: 'The server failed (HTTP 500).' })
    const down = client((async () => {
      throw new TypeError('Failed to fetch')
    }) as typeof fetch).api
    await expect(down.get('/x')).rejects.toMatchObject({ status: 0, code: 'network', message: 'Cannot reach the server.' })
  })

  it('lets an abort through as an abort', async () => {
    const { api } = client((async () => {
      throw new DOMException('aborted', 'AbortError')
    }) as typeof fetch)
    await expect(api.get('/x')).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('returns nothing for 204 and sends raw bodies with their type', async () => {
    const f = vi.fn(async () => reply(204))
    const { api } = client(f as unknown as typeof fetch)
    await expect(api.delete('/shelters/3')).resolves.toBeUndefined()
    await api.request('/enterprises/import', { method: 'POST', query: { dry_run: 'true' }, body: { data: 'a,b\r\n', contentType: 'text/csv; charset=utf-8' }, as: 'none' })
    const [url, init] = f.mock.calls[1] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/enterprises/import?dry_run=true')
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('text/csv; charset=utf-8')
    expect(init.body).toBe('a,b\r\n')
  })
})

describe('buildQuery', () => {
  it('drops empty values and repeats arrays', () => {
    expect(buildQuery({ a: 1, b: null, c: '', d: [1, 2], e: false })).toBe('?a=1&d=1&d=2&e=false')
    expect(buildQuery({})).toBe('')
  })
})
