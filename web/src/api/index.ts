// The console's one API client, wired to the user's language and to session expiry.
import { ApiClient, ApiError } from './client'
import { i18n } from '@/i18n'

type Listener = (error: ApiError) => void
const expiryListeners = new Set<Listener>()

/** Registers a handler for "the session is gone" (any 401 outside login). */
export function onSessionExpired(fn: Listener): () => void {
  expiryListeners.add(fn)
  return () => expiryListeners.delete(fn)
}

export const api = new ApiClient({
  baseUrl: '/api/v1',
  language: () => i18n.global.locale.value,
  onUnauthorized: (error) => expiryListeners.forEach((fn) => fn(error)),
  describe: (kind, status) => {
    const t = i18n.global.t
    if (kind === 'network') return t('errors.network')
    if (kind === 'timeout') return t('errors.timeout')
    return t('errors.status', { status })
  },
})

export { ApiError, isApiError } from './client'
