import { ApiError } from '@/api/client'
import { i18n } from '@/i18n'

/** The words to show for any failure. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    return e.requestId ? `${e.message} (${i18n.global.t('errors.requestId', { id: e.requestId })})` : e.message
  }
  if (e instanceof Error && e.message) return e.message
  return String(e)
}

/** Shows a failure as a message; a 401 is not shown here (the login page explains it). */
export function showError(e: unknown): void {
  if (e instanceof ApiError && e.status === 401) return
  if (e instanceof DOMException && e.name === 'AbortError') return
  ElMessage({ type: 'error', message: errorText(e), showClose: true, duration: 6000, grouping: true })
}

export function showSuccess(message: string): void {
  ElMessage({ type: 'success', message, duration: 2500 })
}
