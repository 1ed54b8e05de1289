import type { PushEventTable, PushPayload } from '../contract/pushEvents'

type Listener<E extends keyof PushEventTable> = (payload: PushPayload<E>) => void

/**
 * Fans pushed events out to every transport (IPC windows, SSE clients, later webhooks and
 * statistics). A throwing listener is isolated so one bad subscriber cannot stop the others.
 */
export class EventBus {
  private readonly listeners = new Map<keyof PushEventTable, Set<Listener<never>>>()
  private readonly any = new Set<(event: keyof PushEventTable, payload: unknown) => void>()

  on<E extends keyof PushEventTable>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event)
    if (!set) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(listener as Listener<never>)
    return () => set.delete(listener as Listener<never>)
  }

  /** Every event, for transports that forward all of them (SSE, IPC). */
  onAny(listener: (event: keyof PushEventTable, payload: unknown) => void): () => void {
    this.any.add(listener)
    return () => this.any.delete(listener)
  }

  /**
   * Whether any client is listening: a window or web UI (they forward every event) or a
   * wallboard share stream. The statistics and wallboard feeds skip their reads when nobody
   * is, so a server busy with REST traffic alone does not pay for them.
   */
  watched(): boolean {
    return this.any.size > 0 || (this.listeners.get('app.wallboard')?.size ?? 0) > 0 || (this.listeners.get('app.statsDelta')?.size ?? 0) > 0
  }

  emit<E extends keyof PushEventTable>(event: E, payload: PushPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) safely(() => (listener as Listener<E>)(payload))
    for (const listener of this.any) safely(() => listener(event, payload))
  }
}

function safely(run: () => void): void {
  try {
    run()
  } catch (error) {
    console.error('[routedesk] event listener failed:', error)
  }
}
