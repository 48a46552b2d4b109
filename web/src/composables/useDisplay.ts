import { useI18n } from 'vue-i18n'
import { useSession } from '@/stores/session'
import type { DisplayContext } from '@/domain/display'

/** The context to format values in the current language with jurisdiction names. */
export function useDisplay(): DisplayContext {
  const { t, te } = useI18n()
  const session = useSession()
  return {
    t: (key, named) => (named ? t(key, named) : t(key)),
    te: (key) => te(key),
    nameOf: (code) => session.nameOf(code),
  }
}
