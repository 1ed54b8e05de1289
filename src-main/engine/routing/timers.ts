import type { Scheduler, TimerHandle } from '../clock'

interface TimerEntry {
  readonly key: string
  readonly deadline: number
  /** Arming order: timers due at the same time fire in the order they were armed. */
  readonly seq: number
  readonly fire: () => void
  /** False once canceled, replaced or fired (the heap drops dead entries lazily). */
  live: boolean
}

/**
 * The engine's timers by key (`ttl:<task>`, `step:<task>`, `reservation:<sid>`), armed at an
 * absolute deadline through the injected Scheduler. Deadlines live in the stored records, so a
 * restart re-arms every timer; one already past fires at once.
 *
 * Every task arms and cancels several timers in its life, nearly all canceled long before they
 * are due, so the book keeps its own deadline heap and holds at most one scheduler timer, for
 * the earliest deadline: arming is a heap push (a scheduler call only when it becomes the
 * earliest), canceling marks the entry dead. Due timers fire in (deadline, arming) order, each
 * seeing the scheduler's time, as separate scheduler timers would.
 */
export class TimerBook {
  private readonly entries = new Map<string, TimerEntry>()
  /** Binary min-heap by (deadline, seq); may hold dead entries. */
  private heap: TimerEntry[] = []
  private armed: { deadline: number; handle: TimerHandle } | undefined
  private seq = 0
  private firing = false

  constructor(
    private readonly scheduler: Scheduler,
    private readonly now: () => number,
  ) {}

  arm(key: string, deadline: number, fire: () => void): void {
    this.cancel(key)
    const entry: TimerEntry = { key, deadline, seq: ++this.seq, fire, live: true }
    this.entries.set(key, entry)
    if (this.heap.length > 64 + 2 * this.entries.size) this.compact()
    this.push(entry)
    if (!this.firing && (!this.armed || deadline < this.armed.deadline)) this.schedule()
  }

  cancel(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    entry.live = false
    this.entries.delete(key)
  }

  has(key: string): boolean {
    return this.entries.has(key)
  }

  clear(): void {
    for (const entry of this.entries.values()) entry.live = false
    this.entries.clear()
    this.heap = []
    this.armed?.handle.cancel()
    this.armed = undefined
  }

  get size(): number {
    return this.entries.size
  }

  /** Holds one scheduler timer for the earliest live deadline (none when nothing is armed). */
  private schedule(): void {
    const next = this.peek()
    if (this.armed && next && this.armed.deadline === next.deadline) return
    this.armed?.handle.cancel()
    this.armed = undefined
    if (!next) return
    const deadline = next.deadline
    this.armed = { deadline, handle: this.scheduler.schedule(Math.max(0, deadline - this.now()), () => this.fireDue()) }
  }

  private fireDue(): void {
    this.armed = undefined
    this.firing = true
    try {
      for (let next = this.peek(); next && next.deadline <= this.now(); next = this.peek()) {
        this.pop()
        next.live = false
        this.entries.delete(next.key)
        next.fire()
      }
    } finally {
      this.firing = false
      this.schedule()
    }
  }

  /** The earliest live entry, dropping dead tops. */
  private peek(): TimerEntry | undefined {
    const heap = this.heap
    while (heap.length > 0 && !heap[0]!.live) this.pop()
    return heap[0]
  }

  private push(entry: TimerEntry): void {
    const heap = this.heap
    let index = heap.length
    heap.push(entry)
    while (index > 0) {
      const parent = (index - 1) >> 1
      if (!before(entry, heap[parent]!)) break
      heap[index] = heap[parent]!
      index = parent
    }
    heap[index] = entry
  }

  private pop(): void {
    const heap = this.heap
    const last = heap.pop()!
    if (heap.length === 0) return
    let index = 0
    for (;;) {
      const left = 2 * index + 1
      if (left >= heap.length) break
      const right = left + 1
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left
      if (!before(heap[child]!, last)) break
      heap[index] = heap[child]!
      index = child
    }
    heap[index] = last
  }

  /** Drops dead entries (canceled timers are never popped until they reach the top). */
  private compact(): void {
    // A sorted array is a valid min-heap.
    this.heap = this.heap.filter((entry) => entry.live).sort((a, b) => (before(a, b) ? -1 : 1))
  }
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq)
}
