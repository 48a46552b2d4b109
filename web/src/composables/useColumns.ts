import { ref, watch, type Ref } from 'vue'

/** The columns a user chose for a table, remembered per table in localStorage. */
export function useColumns(key: string, all: readonly string[], defaults: readonly string[]): Ref<string[]> {
  const storageKey = `lakeguard.columns.${key}`
  let initial = [...defaults]
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as unknown
    if (Array.isArray(saved)) {
      const valid = saved.filter((c): c is string => typeof c === 'string' && all.includes(c))
      if (valid.length) initial = valid
    }
  } catch {
    /* ignore a damaged entry */
  }
  const chosen = ref<string[]>(initial)
  watch(chosen, (v) => {
    try {
      localStorage.setItem(storageKey, JSON.stringify(v))
    } catch {
      /* ignore */
    }
  })
  return chosen
}
