/**
 * The builder's keyboard shortcuts: one table drives both the key handler and the help
 * popover, so the help never lists a key that does nothing. Shortcuts are ignored while typing
 * in a field (inputs and the CodeMirror editors keep their own undo, copy and arrows).
 */
export type ShortcutAction =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'addFilter'
  | 'addTarget'
  | 'moveUp'
  | 'moveDown'
  | 'selectPrevious'
  | 'selectNext'
  | 'selectInto'
  | 'selectOut'
  | 'fit'
  | 'save'
  | 'deselect'
  | 'help'

export interface Shortcut {
  action: ShortcutAction
  /** What the help popover shows, e.g. "Ctrl/⌘ Z". */
  keys: string
  description: string
  matches: (event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>) => boolean
}

type Keys = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>
const mod = (event: Keys): boolean => event.ctrlKey || event.metaKey
const plain = (event: Keys): boolean => !mod(event) && !event.altKey
const key = (event: Keys, name: string): boolean => event.key.toLowerCase() === name

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'undo', keys: 'Ctrl/⌘ Z', description: 'Undo', matches: (e) => mod(e) && !e.shiftKey && key(e, 'z') },
  { action: 'redo', keys: 'Ctrl/⌘ Shift Z or Ctrl/⌘ Y', description: 'Redo', matches: (e) => mod(e) && ((e.shiftKey && key(e, 'z')) || key(e, 'y')) },
  { action: 'copy', keys: 'Ctrl/⌘ C', description: 'Copy the selected filter or target', matches: (e) => mod(e) && key(e, 'c') },
  { action: 'paste', keys: 'Ctrl/⌘ V', description: 'Paste below the selection', matches: (e) => mod(e) && key(e, 'v') },
  { action: 'duplicate', keys: 'Ctrl/⌘ D', description: 'Duplicate the selection', matches: (e) => mod(e) && key(e, 'd') },
  { action: 'delete', keys: 'Delete / Backspace', description: 'Delete the selection', matches: (e) => plain(e) && (e.key === 'Delete' || e.key === 'Backspace') },
  { action: 'addFilter', keys: 'N', description: 'Add a filter below the selection', matches: (e) => plain(e) && !e.shiftKey && key(e, 'n') },
  { action: 'addTarget', keys: 'T', description: 'Add a target to the selected filter', matches: (e) => plain(e) && !e.shiftKey && key(e, 't') },
  { action: 'moveUp', keys: 'Alt ↑ / Alt ←', description: 'Move the filter up (target: earlier)', matches: (e) => e.altKey && !mod(e) && (e.key === 'ArrowUp' || e.key === 'ArrowLeft') },
  { action: 'moveDown', keys: 'Alt ↓ / Alt →', description: 'Move the filter down (target: later)', matches: (e) => e.altKey && !mod(e) && (e.key === 'ArrowDown' || e.key === 'ArrowRight') },
  { action: 'selectPrevious', keys: '↑', description: 'Select the previous filter', matches: (e) => plain(e) && e.key === 'ArrowUp' },
  { action: 'selectNext', keys: '↓', description: 'Select the next filter', matches: (e) => plain(e) && e.key === 'ArrowDown' },
  { action: 'selectInto', keys: '→', description: 'Select the next target in the chain', matches: (e) => plain(e) && e.key === 'ArrowRight' },
  { action: 'selectOut', keys: '←', description: 'Select the previous target, then the filter', matches: (e) => plain(e) && e.key === 'ArrowLeft' },
  { action: 'fit', keys: 'F', description: 'Fit the whole workflow in view', matches: (e) => plain(e) && !e.shiftKey && key(e, 'f') },
  { action: 'save', keys: 'Ctrl/⌘ S', description: 'Save the draft now (it also saves by itself)', matches: (e) => mod(e) && key(e, 's') },
  { action: 'deselect', keys: 'Esc', description: 'Clear the selection', matches: (e) => e.key === 'Escape' },
  { action: 'help', keys: '?', description: 'Show these shortcuts', matches: (e) => e.key === '?' && !mod(e) },
]

/** True when the key went to a text field, where the builder must not steal it. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable || target.closest('.cm-editor')) return true
  const tag = target.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT'
}

/** The action a key press asks for, or null. `save` works even while typing. */
export function shortcutFor(event: Keys & Pick<KeyboardEvent, 'target'>): ShortcutAction | null {
  const found = SHORTCUTS.find((shortcut) => shortcut.matches(event))
  if (!found) return null
  if (found.action !== 'save' && isTypingTarget(event.target)) return null
  return found.action
}
