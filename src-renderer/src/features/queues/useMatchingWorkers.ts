import { onScopeDispose, ref, shallowRef, watch } from 'vue'
import type { Ref } from 'vue'
import type { Worker } from '@contract'
import { call, errorMessage } from '@renderer/app/api'
import { onResourcesChanged } from '@renderer/app/liveRefresh'

const DEBOUNCE_MS = 200

/**
 * The workers a target_workers expression selects right now, following the text as it is
 * typed (debounced) and pushed worker changes: `workers.list` with `target_workers_expression`.
 * A blank expression means "every worker" in TaskRouter; it is shown as such. Nothing is
 * fetched while `enabled` is false (the editor is closed).
 */
export function useMatchingWorkers(workspaceSid: Ref<string>, expression: Ref<string>, enabled: Readonly<Ref<boolean>>): {
  workers: Readonly<Ref<Worker[] | null>>
  error: Readonly<Ref<string | null>>
  busy: Readonly<Ref<boolean>>
} {
  const workers = shallowRef<Worker[] | null>(null)
  const error = ref<string | null>(null)
  const busy = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  let seq = 0

  async function run(): Promise<void> {
    const mine = ++seq
    const text = expression.value.trim()
    try {
      const list = await call('workers.list', text ? { workspace_sid: workspaceSid.value, target_workers_expression: text } : { workspace_sid: workspaceSid.value })
      if (mine !== seq) return
      workers.value = list.sort((a, b) => Number(b.available) - Number(a.available) || a.friendly_name.localeCompare(b.friendly_name))
      error.value = null
    } catch (failure) {
      if (mine !== seq) return
      error.value = errorMessage(failure)
    } finally {
      if (mine === seq) busy.value = false
    }
  }
  function schedule(): void {
    if (!enabled.value) return
    busy.value = true
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void run(), DEBOUNCE_MS)
  }

  watch([workspaceSid, expression, enabled], schedule, { immediate: true })
  const stop = onResourcesChanged(['worker'], (sid) => {
    if (sid === null || sid === workspaceSid.value) schedule()
  })
  onScopeDispose(() => {
    stop()
    if (timer) clearTimeout(timer)
  })
  return { workers, error, busy }
}
