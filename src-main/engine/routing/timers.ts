import type { Scheduler, TimerHandle } from '../clock'

/**
 * The engine's timers by key (`ttl:<task>`, `step:<task>`, `reservation:<sid>`), armed at an
 * absolute deadline through the injected Scheduler. Deadlines live in the stored records, so a
 * restart re-arms every timer; one already past fires at once.
 */
export class TimerBook {
  private readonly handles = new Map<string, TimerHandle>()

  constructor(
    private readonly scheduler: Scheduler,
    private readonly now: () => number,
  ) {}

  arm(key: string, deadline: number, fire: () => void): void {
    this.cancel(key)
    const handle = this.scheduler.schedule(Math.max(0, deadline - this.now()), () => {
      this.handles.delete(key)
      fire()
    })
    this.handles.set(key, handle)
  }

  cancel(key: string): void {
    this.handles.get(key)?.cancel()
    this.handles.delete(key)
  }

  has(key: string): boolean {
    return this.handles.has(key)
  }

  clear(): void {
    for (const handle of this.handles.values()) handle.cancel()
    this.handles.clear()
  }

  get size(): number {
    return this.handles.size
  }
}
