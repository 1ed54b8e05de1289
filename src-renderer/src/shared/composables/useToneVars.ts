import { computed } from 'vue'
import type { ComputedRef } from 'vue'
import { useThemeVars } from 'naive-ui'
import { isDarkColor } from '@renderer/shared/expressionEditor/editorTheme'

/**
 * CSS variables for status colours readable as text in the current naive-ui theme
 * (`--rd-tone-good`, `-warn`, `-bad`, `-muted` and their `-bg` fills). Bind once on a container:
 * `<div :style="tones">`; light-weight children (pills in table rows) read them.
 */
export function useToneVars(): ComputedRef<Record<string, string>> {
  const vars = useThemeVars()
  return computed(() =>
    isDarkColor(vars.value.bodyColor)
      ? {
          // Native controls (checkboxes in virtual tables) follow the theme too.
          colorScheme: 'dark',
          '--rd-tone-good': vars.value.successColor,
          '--rd-tone-good-bg': 'rgba(99, 226, 183, 0.14)',
          '--rd-tone-warn': vars.value.warningColor,
          '--rd-tone-warn-bg': 'rgba(242, 201, 125, 0.14)',
          '--rd-tone-bad': vars.value.errorColor,
          '--rd-tone-bad-bg': 'rgba(232, 128, 128, 0.16)',
          '--rd-tone-info': vars.value.infoColor,
          '--rd-tone-info-bg': 'rgba(112, 192, 232, 0.14)',
          '--rd-tone-muted': 'rgba(255, 255, 255, 0.7)',
          '--rd-tone-muted-bg': 'rgba(255, 255, 255, 0.1)',
        }
      : {
          colorScheme: 'light',
          '--rd-tone-good': '#0e7a3e',
          '--rd-tone-good-bg': 'rgba(24, 160, 88, 0.12)',
          '--rd-tone-warn': '#9a5b00',
          '--rd-tone-warn-bg': 'rgba(240, 160, 32, 0.15)',
          '--rd-tone-bad': '#c0223f',
          '--rd-tone-bad-bg': 'rgba(208, 48, 80, 0.1)',
          '--rd-tone-info': '#1c57b8',
          '--rd-tone-info-bg': 'rgba(36, 104, 216, 0.1)',
          '--rd-tone-muted': '#5f6368',
          '--rd-tone-muted-bg': 'rgba(0, 0, 0, 0.06)',
        },
  )
}
