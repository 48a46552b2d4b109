import { ref, shallowRef, type Ref } from 'vue'

/** The create/edit dialog of a list: open for a new object or for one row. */
export function useEditDialog<T>() {
  const open = ref(false)
  const editing = shallowRef<T | null>(null) as Ref<T | null>
  return {
    open,
    editing,
    openCreate(): void {
      editing.value = null
      open.value = true
    },
    openEdit(row: T): void {
      editing.value = row
      open.value = true
    },
  }
}
