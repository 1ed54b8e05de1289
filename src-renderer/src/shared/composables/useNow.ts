import { onScopeDispose, ref } from 'vue'
import type { Ref } from 'vue'

const now = ref(Date.now())
let users = 0
let timer: ReturnType<typeof setInterval> | null = null

/**
 * A shared clock ticking once a second for age and idle-time counters. One interval serves
 * every user and stops when the last one is disposed. This is a display clock, not polling:
 * nothing is fetched on a tick.
 *
 * @example
 * const now = useNow()
 * const idle = computed(() => now.value - Date.parse(worker.date_status_changed))
 */
export function useNow(): Readonly<Ref<number>> {
  users += 1
  if (timer === null) {
    now.value = Date.now()
    timer = setInterval(() => (now.value = Date.now()), 1000)
  }
  onScopeDispose(() => {
    users -= 1
    if (users === 0 && timer !== null) {
      clearInterval(timer)
      timer = null
    }
  })
  return now
}
