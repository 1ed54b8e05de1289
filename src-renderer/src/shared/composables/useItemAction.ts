import { reactive, shallowRef } from 'vue'
import { errorMessage } from '@renderer/app/api'

export interface ItemAction<T, A extends unknown[]> {
  /** The item a dialog is open for, or null (dialog closed). */
  readonly item: T | null
  readonly busy: boolean
  /** The last refusal, shown in the dialog next to its buttons. */
  readonly error: string | null
  open(item: T): void
  close(): void
  /** Runs the action on the open item: closes on success, keeps the dialog and its error otherwise. */
  confirm(...args: A): Promise<boolean>
}

/**
 * The wiring every list page repeats for an action on one row that a dialog confirms (delete,
 * rename): which row, whether it runs, and the server's refusal to show in the dialog rather
 * than a toast, so the admin reads the reason where they acted. Reactive, so templates read
 * `deletion.item` / `deletion.busy` directly.
 *
 * @example
 * const deletion = useItemAction((queue: TaskQueue) => store.remove(queue.sid))
 * // <BaseConfirmDialog :show="!!deletion.item" :busy="deletion.busy" :error="deletion.error" @confirm="deletion.confirm()" @cancel="deletion.close()" />
 */
export function useItemAction<T, A extends unknown[] = []>(run: (item: T, ...args: A) => Promise<unknown>): ItemAction<T, A> {
  const item = shallowRef<T | null>(null)
  const busy = shallowRef(false)
  const error = shallowRef<string | null>(null)
  return reactive({
    item,
    busy,
    error,
    open(next: T): void {
      item.value = next
      error.value = null
    },
    close(): void {
      item.value = null
    },
    async confirm(...args: A): Promise<boolean> {
      const current = item.value
      if (current === null || busy.value) return false
      busy.value = true
      error.value = null
      try {
        await run(current, ...args)
        item.value = null
        return true
      } catch (caught) {
        error.value = errorMessage(caught)
        return false
      } finally {
        busy.value = false
      }
    },
  }) as ItemAction<T, A>
}
