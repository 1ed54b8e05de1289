/**
 * A keydown handler that runs `action` on Enter, except when a button has focus (Enter then
 * activates that button, e.g. Cancel) or a modifier is held. For dialogs: Enter confirms.
 *
 * @example
 * const onKeydown = onPlainEnter(() => emit('confirm'))
 */
export function onPlainEnter(action: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== 'Enter' || event.isComposing || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
    if (event.target instanceof HTMLElement && (event.target.tagName === 'BUTTON' || event.target.tagName === 'TEXTAREA')) return
    event.preventDefault()
    action()
  }
}
