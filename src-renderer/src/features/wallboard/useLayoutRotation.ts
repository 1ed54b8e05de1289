import { onScopeDispose, watch } from 'vue'
import type { Ref } from 'vue'
import { nextLayoutSid } from './model/layoutEditing'
import { useWallboardStore } from './wallboard.store'

/**
 * TV rotation: while `active`, shows each saved layout for its own `rotate_seconds`, then the
 * next one (wrapping). With fewer than two layouts nothing rotates.
 */
export function useLayoutRotation(active: Readonly<Ref<boolean>>): void {
  const store = useWallboardStore()
  let timer: ReturnType<typeof setTimeout> | null = null
  const clear = (): void => {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
  watch(
    () => [active.value, store.layout.sid, store.layout.rotate_seconds, store.layouts.length] as const,
    ([on, sid, seconds, count]) => {
      clear()
      if (!on || count < 2) return
      timer = setTimeout(() => store.selectLayout(nextLayoutSid(store.layouts, sid)), seconds * 1000)
    },
    { immediate: true },
  )
  onScopeDispose(clear)
}
