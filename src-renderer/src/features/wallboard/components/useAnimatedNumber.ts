import { onScopeDispose, ref, watch } from 'vue'
import type { Ref } from 'vue'

/** How long a number takes to glide to its new value: short, so the board never lags a push. */
export const NUMBER_ANIMATION_MS = 350

/**
 * A displayed number that glides to each new value of `source` (ease-out) instead of jumping.
 * Null (unknown) shows at once. Uses requestAnimationFrame, so hidden tabs do no work.
 *
 * @example
 * const shown = useAnimatedNumber(computed(() => store.waiting))
 */
export function useAnimatedNumber(source: Readonly<Ref<number | null>>, durationMs = NUMBER_ANIMATION_MS): Readonly<Ref<number | null>> {
  const shown = ref<number | null>(source.value)
  let frame = 0
  watch(source, (target) => {
    cancelAnimationFrame(frame)
    const from = shown.value
    if (target === null || from === null || from === target || typeof requestAnimationFrame !== 'function') {
      shown.value = target
      return
    }
    const start = performance.now()
    const step = (time: number): void => {
      const progress = Math.min(1, (time - start) / durationMs)
      const eased = 1 - (1 - progress) ** 3
      shown.value = progress >= 1 ? target : from + (target - from) * eased
      if (progress < 1) frame = requestAnimationFrame(step)
    }
    frame = requestAnimationFrame(step)
  })
  onScopeDispose(() => cancelAnimationFrame(frame))
  return shown
}
