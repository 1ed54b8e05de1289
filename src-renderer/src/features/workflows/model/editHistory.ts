/**
 * Undo/redo over immutable values. Typing in one field must not cost one undo step per key:
 * commits that carry the same `mergeKey` within `mergeWindowMs` of the previous one replace it
 * instead of stacking. Time is injected (`now`) so tests need no timers.
 */
export interface EditHistory<T> {
  readonly present: T
  readonly canUndo: boolean
  readonly canRedo: boolean
  /** Records `next` as the new present; drops the redo stack. */
  commit(next: T, mergeKey?: string): void
  /** @returns the value now present, or undefined when there was nothing to undo. */
  undo(): T | undefined
  redo(): T | undefined
  /** Forgets all history (a version was loaded, a draft discarded). */
  reset(value: T): void
}

export interface EditHistoryOptions {
  limit?: number
  mergeWindowMs?: number
  now?: () => number
}

/**
 * @example
 * const history = createEditHistory(model)
 * history.commit(updateFilter(history.present, id, { name: 'VIP' }), `name:${id}`)
 * history.undo()
 */
export function createEditHistory<T>(initial: T, options: EditHistoryOptions = {}): EditHistory<T> {
  const limit = options.limit ?? 200
  const mergeWindowMs = options.mergeWindowMs ?? 1000
  const now = options.now ?? Date.now
  let past: T[] = []
  let future: T[] = []
  let present = initial
  let last: { key: string; at: number } | null = null

  return {
    get present() {
      return present
    },
    get canUndo() {
      return past.length > 0
    },
    get canRedo() {
      return future.length > 0
    },
    commit(next, mergeKey) {
      if (next === present) return
      const at = now()
      const merges = mergeKey !== undefined && last?.key === mergeKey && at - last.at <= mergeWindowMs && past.length > 0
      if (!merges) {
        past.push(present)
        if (past.length > limit) past = past.slice(past.length - limit)
      }
      present = next
      future = []
      last = mergeKey === undefined ? null : { key: mergeKey, at }
    },
    undo() {
      const previous = past.pop()
      if (previous === undefined) return undefined
      future.push(present)
      present = previous
      last = null
      return present
    },
    redo() {
      const next = future.pop()
      if (next === undefined) return undefined
      past.push(present)
      present = next
      last = null
      return present
    },
    reset(value) {
      past = []
      future = []
      present = value
      last = null
    },
  }
}
