// A small fetch wrapper for the lakeguard API: JSON in and out, the console's headers on every
// request, errors turned into ApiError with a message a person can read, and 401 reported once.
import type { ErrorBody } from './types'

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue | QueryValue[]>

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field: string | null
  readonly requestId: string | null

  constructor(status: number, code: string, message: string, field: string | null = null, requestId: string | null = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.requestId = requestId
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

export interface ClientOptions {
  /** Prefix of every path, e.g. '/api/v1'. */
  baseUrl: string
  /**
   * The UI's current language (e.g. 'zh-CN', 'en'), read on every request and sent as
   * Accept-Language: the server answers error messages (and import reasons) in it, so ApiError's
   * message is already in the user's language.
   */
  language: () => string
  /** Called for a 401 on any request that did not opt out; the error is still thrown. */
  onUnauthorized?: (error: ApiError) => void
  /** Words for failures that carry no server message (network down, proxy error page, …). */
  describe: (kind: 'network' | 'status' | 'timeout', status: number) => string
  fetch?: typeof fetch
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  query?: Query
  /** A JSON body. */
  json?: unknown
  /** A raw body with its content type (e.g. CSV text). */
  body?: { data: BodyInit; contentType: string }
  headers?: Record<string, string>
  /** What to read from a successful reply; 'json' by default. */
  as?: 'json' | 'text' | 'blob' | 'none'
  /** Do not treat a 401 as an expired session (login and the first session check). */
  allowUnauthenticated?: boolean
  signal?: AbortSignal
}

export function buildQuery(query: Query | undefined): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value]
    for (const v of values) {
      if (v === undefined || v === null || v === '') continue
      params.append(key, String(v))
    }
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}

async function readError(res: Response, describe: ClientOptions['describe']): Promise<ApiError> {
  let body: unknown = null
  const type = res.headers.get('content-type') ?? ''
  if (type.includes('json')) {
    try {
      body = await res.json()
    } catch {
      body = null
    }
  }
  const err = (body as ErrorBody | null)?.error
  if (err && typeof err.message === 'string' && err.message.trim() !== '') {
    return new ApiError(res.status, err.code || 'error', err.message, err.field ?? null, err.request_id ?? null)
  }
  const code = typeof err?.code === 'string' ? err.code : `http_${res.status}`
  return new ApiError(res.status, code, describe('status', res.status), err?.field ?? null, err?.request_id ?? null)
}

export class ApiClient {
  private readonly opts: ClientOptions

  constructor(opts: ClientOptions) {
    this.opts = opts
  }

  url(path: string, query?: Query): string {
    return `${this.opts.baseUrl}${path}${buildQuery(query)}`
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {
      'X-Requested-With': 'lakeguard',
      'Accept-Language': this.opts.language(),
      Accept: options.as === 'blob' || options.as === 'text' ? '*/*' : 'application/json',
      ...options.headers,
    }
    let body: BodyInit | undefined
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(options.json)
    } else if (options.body) {
      headers['Content-Type'] = options.body.contentType
      body = options.body.data
    }
    const doFetch = this.opts.fetch ?? globalThis.fetch.bind(globalThis)
    let res: Response
    try {
      res = await doFetch(this.url(path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body,
        credentials: 'same-origin',
        signal: options.signal,
      })
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e
      throw new ApiError(0, 'network', this.opts.describe('network', 0))
    }
    if (!res.ok) {
      const error = await readError(res, this.opts.describe)
      if (res.status === 401 && !options.allowUnauthenticated) this.opts.onUnauthorized?.(error)
      throw error
    }
    const as = options.as ?? 'json'
    if (as === 'none' || res.status === 204) return undefined as T
    if (as === 'text') return (await res.text()) as T
    if (as === 'blob') return (await res.blob()) as T
    const text = await res.text()
    if (text === '') return undefined as T
    try {
      return JSON.parse(text) as T
    } catch {
      throw new ApiError(res.status, 'bad_reply', this.opts.describe('status', res.status))
    }
  }

  get<T>(path: string, query?: Query, options: Omit<RequestOptions, 'method' | 'query'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, query })
  }

  post<T>(path: string, json?: unknown, options: Omit<RequestOptions, 'method' | 'json'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'POST', json })
  }

  patch<T>(path: string, json: unknown, options: Omit<RequestOptions, 'method' | 'json'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'PATCH', json })
  }

  delete(path: string, options: Omit<RequestOptions, 'method'> = {}): Promise<void> {
    return this.request<void>(path, { ...options, method: 'DELETE', as: 'none' })
  }
}
