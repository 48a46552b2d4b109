import { useI18n } from 'vue-i18n'
import { showError, showSuccess } from '@/utils/notify'

/** Asks before deleting; returns true when the object was deleted. */
export function useDeleteConfirm() {
  const { t } = useI18n()
  return async function confirmDelete(name: string, remove: () => Promise<void>): Promise<boolean> {
    try {
      await ElMessageBox.confirm(t('registry.deleteConfirm', { name }), t('registry.deleteTitle'), {
        type: 'warning',
        confirmButtonText: t('common.delete'),
        cancelButtonText: t('common.cancel'),
        confirmButtonClass: 'el-button--danger',
      })
    } catch {
      return false
    }
    try {
      await remove()
      showSuccess(t('registry.deleted'))
      return true
    } catch (e) {
      showError(e)
      return false
    }
  }
}
