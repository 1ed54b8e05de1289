import { onScopeDispose, ref } from 'vue'
import type { Ref } from 'vue'
import type { Alert } from './model/alerts'

const PREFERENCE_KEY = 'routedesk.wallboard.notify'

export type NotifyState = 'unsupported' | 'off' | 'on' | 'denied'

/**
 * Desktop notifications for threshold crossings, through the web Notification API (Electron
 * grants it to our own page only: desktop/permissions.ts; browsers ask the user). Off until
 * the user turns it on, and remembered.
 *
 * @example
 * const { state, toggle } = useDesktopAlerts(store.onRaised)
 */
export function useDesktopAlerts(onRaised: (listener: (raised: Alert[]) => void) => () => void): { state: Ref<NotifyState>; toggle: () => Promise<void> } {
  const supported = typeof Notification === 'function'
  const state = ref<NotifyState>(!supported ? 'unsupported' : Notification.permission === 'denied' ? 'denied' : readPreference() && Notification.permission === 'granted' ? 'on' : 'off')

  async function toggle(): Promise<void> {
    if (!supported) return
    if (state.value === 'on') {
      state.value = 'off'
      writePreference(false)
      return
    }
    const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission()
    state.value = permission === 'granted' ? 'on' : permission === 'denied' ? 'denied' : 'off'
    writePreference(state.value === 'on')
  }

  const stop = onRaised((raised) => {
    if (state.value !== 'on') return
    const worst = raised.find((alert) => alert.level === 'critical') ?? raised[0]
    if (!worst) return
    const more = raised.length > 1 ? ` (+${raised.length - 1} more)` : ''
    new Notification(`Wallboard: ${worst.level === 'critical' ? 'red' : 'amber'} alert`, { body: `${worst.label}: ${worst.value}${more}`, tag: 'routedesk-wallboard' })
  })
  onScopeDispose(stop)
  return { state, toggle }
}

function readPreference(): boolean {
  try {
    return globalThis.localStorage?.getItem(PREFERENCE_KEY) === 'on'
  } catch {
    return false
  }
}

function writePreference(on: boolean): void {
  try {
    globalThis.localStorage?.setItem(PREFERENCE_KEY, on ? 'on' : 'off')
  } catch {
    // Storage may be disabled: the choice lasts for this session.
  }
}
