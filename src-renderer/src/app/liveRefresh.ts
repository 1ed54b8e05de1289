import type { ResourceKind } from '@contract'
import { onResync, subscribe } from './api'

/**
 * Calls `listener(workspaceSid)` when a committed change touched one of `kinds`, and
 * `listener(null)` when the live link came back after a drop (anything may have changed).
 * Stores use it to refetch instead of polling.
 *
 * @returns the unsubscribe function.
 * @example
 * const stop = onResourcesChanged(['worker'], (sid) => { if (sid === null || sid === shown) void load() })
 */
export function onResourcesChanged(kinds: readonly ResourceKind[], listener: (workspaceSid: string | null) => void): () => void {
  const stopChanged = subscribe('app.changed', (change) => {
    if (change.changes.some((item) => kinds.includes(item.kind))) listener(change.workspace_sid)
  })
  const stopResync = onResync(() => listener(null))
  return () => {
    stopChanged()
    stopResync()
  }
}
