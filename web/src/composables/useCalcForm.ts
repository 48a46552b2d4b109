// The shared part of the risk calculator forms: send the body, keep the server's answer, and put a
// 422's message beside the input its `field` names (or above the form when it names none shown).
import { reactive, ref, shallowRef } from 'vue'
import { ApiError } from '@/api/client'
import { errorText } from '@/utils/notify'

export function useCalcForm<B, R>(
  call: (body: B) => Promise<R>,
  /** The form key for a server field path, or null to show the error above the form. */
  place: (field: string) => string | null,
) {
  const result = shallowRef<R | null>(null)
  const errors = reactive<Record<string, string>>({})
  const formError = ref('')
  const busy = ref(false)

  function clearErrors() {
    for (const k of Object.keys(errors)) delete errors[k]
    formError.value = ''
  }

  /** Sends the body; true when the server answered with a result. */
  async function run(body: B): Promise<boolean> {
    clearErrors()
    busy.value = true
    try {
      result.value = await call(body)
      return true
    } catch (e) {
      result.value = null
      const key = e instanceof ApiError && e.field ? place(e.field) : null
      // Beside an input the words alone, as RecordForm does; above the form with the request id.
      if (key) errors[key] = (e as ApiError).message
      else formError.value = errorText(e)
      return false
    } finally {
      busy.value = false
    }
  }

  return { result, errors, formError, busy, run, clearErrors }
}
