import { ref, watch } from 'vue'
import type { Ref } from 'vue'

export type ThemeName = 'light' | 'dark'

const STORAGE_KEY = 'routedesk.theme'

/**
 * The light/dark choice, remembered in localStorage. The first time, it follows the
 * system's `prefers-color-scheme`.
 *
 * @example
 * const theme = useThemePreference()
 * theme.value = 'dark'
 */
export function useThemePreference(storage: Storage | undefined = globalThis.localStorage): Ref<ThemeName> {
  const theme = ref<ThemeName>(initialTheme(storage))
  watch(theme, (next) => {
    try {
      storage?.setItem(STORAGE_KEY, next)
    } catch {
      // Storage may be disabled; the choice then lasts for this session only.
    }
  })
  return theme
}

function initialTheme(storage: Storage | undefined): ThemeName {
  let saved: string | null
  try {
    saved = storage?.getItem(STORAGE_KEY) ?? null
  } catch {
    saved = null
  }
  if (saved === 'light' || saved === 'dark') return saved
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}
