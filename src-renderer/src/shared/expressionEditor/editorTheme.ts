import { computed } from 'vue'
import type { ComputedRef } from 'vue'
import { useThemeVars } from 'naive-ui'
import { EditorView } from '@codemirror/view'
import type { Extension } from '@codemirror/state'

export const MONO_FONT = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'

type ThemeVars = ReturnType<typeof useThemeVars>['value']

/** True when a CSS colour (`#rrggbb`, `rgb(...)`) is dark: naive-ui's theme, read from its vars. */
export function isDarkColor(color: string): boolean {
  let r = 255
  let g = 255
  let b = 255
  const hex = /^#([0-9a-f]{6})/i.exec(color)
  const rgb = /rgba?\((\d+),\s*(\d+),\s*(\d+)/i.exec(color)
  if (hex) {
    const n = parseInt(hex[1]!, 16)
    r = n >> 16
    g = (n >> 8) & 255
    b = n & 255
  } else if (rgb) {
    r = Number(rgb[1])
    g = Number(rgb[2])
    b = Number(rgb[3])
  }
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128
}

/**
 * naive-ui's current theme as what a CodeMirror editor needs: whether it is dark, and a
 * function building an editor theme that looks like naive-ui's inputs (border, focus ring,
 * radius, tooltips, autocomplete list) in that theme.
 */
export function useEditorTheme(): { dark: ComputedRef<boolean>; vars: ComputedRef<ThemeVars>; editorTheme: (dark: boolean, minHeight?: string) => Extension } {
  const vars = useThemeVars()
  const dark = computed(() => isDarkColor(vars.value.bodyColor))
  const editorTheme = (isDark: boolean, minHeight = 'auto'): Extension => {
    const v = vars.value
    return EditorView.theme(
      {
        '&': {
          backgroundColor: v.inputColor,
          color: v.textColor1,
          border: `1px solid ${v.borderColor}`,
          borderRadius: v.borderRadius,
          fontSize: '13px',
          transition: 'border-color .2s, box-shadow .2s',
        },
        '&:hover': { borderColor: v.primaryColorHover },
        '&.cm-focused': { outline: 'none', borderColor: v.primaryColor, boxShadow: `0 0 0 2px ${isDark ? 'rgba(91,156,245,.25)' : 'rgba(36,104,216,.18)'}` },
        '.cm-scroller': { fontFamily: MONO_FONT, lineHeight: '1.6', minHeight },
        // 6px + 20.8px line + borders = 34px: the height of a naive-ui medium input beside it.
        '.cm-content': { caretColor: v.primaryColor, padding: '6px 0' },
        '.cm-line': { padding: '0 10px' },
        '.cm-placeholder': { color: v.placeholderColor },
        '.cm-gutters': { backgroundColor: 'transparent', border: 'none', color: v.textColor3 },
        '.cm-activeLine': { backgroundColor: 'transparent' },
        '.cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection': { backgroundColor: isDark ? 'rgba(91,156,245,.35) !important' : 'rgba(36,104,216,.2) !important' },
        '.cm-cursor': { borderLeftColor: v.primaryColor },
        '.cm-matchingBracket': { backgroundColor: isDark ? 'rgba(255,255,255,.12)' : 'rgba(0,0,0,.08)', outline: 'none' },
        '.cm-tooltip': {
          backgroundColor: v.popoverColor,
          color: v.textColor2,
          border: `1px solid ${v.dividerColor}`,
          borderRadius: v.borderRadius,
          boxShadow: v.boxShadow2,
          fontFamily: v.fontFamily,
          fontSize: '13px',
        },
        '.cm-tooltip-autocomplete > ul': { fontFamily: MONO_FONT, maxHeight: '16em' },
        '.cm-tooltip-autocomplete > ul > li': { padding: '2px 8px !important' },
        '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: v.primaryColor, color: '#fff' },
        '.cm-completionDetail': { opacity: 0.65, marginLeft: '12px', fontStyle: 'normal' },
        '.cm-completionMatchedText': { textDecoration: 'none', fontWeight: '700' },
        '.cm-diagnostic': { padding: '4px 8px', borderLeftWidth: '3px' },
        '.cm-diagnostic-error': { borderLeftColor: v.errorColor },
        '.cm-diagnostic-warning': { borderLeftColor: v.warningColor },
        '.cm-diagnostic-info': { borderLeftColor: v.infoColor },
        '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: `underline wavy ${v.errorColor}`, textUnderlineOffset: '3px' },
        '.cm-lintRange-warning': { backgroundImage: 'none', textDecoration: `underline wavy ${v.warningColor}`, textUnderlineOffset: '3px' },
        '.cm-lintRange-info': { backgroundImage: 'none', textDecoration: `underline dotted ${v.infoColor}`, textUnderlineOffset: '3px' },
        '.cm-lintPoint:after': { borderBottomColor: v.errorColor },
      },
      { dark: isDark },
    )
  }
  return { dark, vars, editorTheme }
}
