// Asking before a delete. The question names what goes with the object (a warehouse's stock, an
// enterprise's chemicals: the server deletes, audits and publishes each of them), counted through
// the API; a refusal (409, e.g. a division still in use) is shown as the server words it.
import { useI18n } from 'vue-i18n'
import type { BaseObject } from '@/api/types'
import { ApiError } from '@/api/client'
import * as res from '@/api/resources'
import { CHILD_KINDS, KINDS, isKindName, type ChildName, type KindName } from '@/domain/kinds'
import { canRead } from '@/domain/permissions'
import { useSession } from '@/stores/session'
import { showError, showSuccess } from '@/utils/notify'

/** How many nested objects go with the object: null when it has none to count or they cannot be read. */
export async function countChildren(collection: KindName | ChildName, id: number, mayRead: (child: ChildName) => boolean): Promise<{ child: ChildName; n: number | null } | null> {
  const child = isKindName(collection) ? KINDS[collection].child : undefined
  if (!child) return null
  if (!mayRead(child)) return { child, n: null }
  try {
    return { child, n: (await res.listChildren(child, id, { page: 1, page_size: 1 })).total }
  } catch {
    return { child, n: null }
  }
}

export function useDeleteConfirm() {
  const { t } = useI18n()
  const session = useSession()

  /** Asks before deleting; returns true when the object was deleted. */
  return async function confirmDelete(collection: KindName | ChildName, obj: BaseObject, remove: () => Promise<void>): Promise<boolean> {
    const spec = isKindName(collection) ? KINDS[collection] : CHILD_KINDS[collection]
    const name = String(obj[spec.titleField] ?? obj.id)
    const lines = [t('registry.deleteConfirm', { name })]
    const children = await countChildren(collection, obj.id, (c) => canRead(session.permissions, c))
    if (children) {
      const kind = t(`kinds.${children.child}`)
      if (children.n === null) lines.push(t('registry.deleteChildrenUnknown', { kind }))
      else if (children.n > 0) lines.push(t('registry.deleteChildren', { n: children.n, kind }))
    }
    try {
      await ElMessageBox.confirm(lines.join('\n'), t('registry.deleteTitle'), {
        type: 'warning',
        confirmButtonText: t('common.delete'),
        cancelButtonText: t('common.cancel'),
        confirmButtonClass: 'el-button--danger',
        customClass: 'delete-confirm',
      })
    } catch {
      return false
    }
    try {
      await remove()
      showSuccess(t('registry.deleted'))
      return true
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // The server refused (the object is still referred to): its words say why.
        await ElMessageBox.alert(e.message, t('registry.deleteRefused'), {
          type: 'error',
          confirmButtonText: t('common.close'),
          customClass: 'delete-refused',
        }).catch(() => undefined)
      } else {
        showError(e)
      }
      return false
    }
  }
}
