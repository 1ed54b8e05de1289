import type { Clock, Scheduler, TimerHandle } from '../clock'

interface Timer {
  due: number
  seq: number
  callback: () => void
  /** Position in the heap; -1 once fired or canceled. */
  index: number
}

/**
 * The simulator's clock: FakeClock's semantics (timers fire in due order, ties in scheduling
 * order, each seeing `now()` equal to its due time) on an indexed binary heap, so the next
 * event is found in O(log n) and a cancel removes its timer at once. FakeClock scans every
 * pending timer per step, which is fine for tests but not for a run of a million events.
 * Time jumps from event to event; nothing happens between two timers.
 */
export class EventClock implements Clock, Scheduler {
  private current: number
  private sequence = 0
  private readonly heap: Timer[] = []

  constructor(startMs: number) {
    this.current = startMs
  }

  now(): number {
    return this.current
  }

  /** Delays are whole milliseconds, like real timers: event times (`event_date_ms`) stay integers. */
  schedule(delayMs: number, callback: () => void): TimerHandle {
    const timer: Timer = { due: this.current + (delayMs > 0 ? Math.round(delayMs) : 0), seq: ++this.sequence, callback, index: this.heap.length }
    this.heap.push(timer)
    this.siftUp(timer.index)
    return { cancel: () => this.remove(timer) }
  }

  /** Due time of the next timer, or Infinity when none is pending. */
  nextDue(): number {
    return this.heap.length > 0 ? this.heap[0]!.due : Number.POSITIVE_INFINITY
  }

  /**
   * Fires timers due at or before `targetMs`, at most `maxTimers` of them, and returns how many
   * fired. Time ends at `targetMs` only if every due timer fired (otherwise at the last one).
   */
  runUntil(targetMs: number, maxTimers = Number.POSITIVE_INFINITY): number {
    let fired = 0
    while (this.heap.length > 0 && this.heap[0]!.due <= targetMs) {
      if (fired >= maxTimers) return fired
      const timer = this.pop()
      this.current = timer.due
      fired += 1
      timer.callback()
    }
    if (targetMs > this.current) this.current = targetMs
    return fired
  }

  /** FakeClock's interface: moves time forward by `ms`, firing every timer due on the way. */
  advance(ms: number): void {
    this.runUntil(this.current + ms)
  }

  get pendingTimers(): number {
    return this.heap.length
  }

  private before(a: Timer, b: Timer): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq)
  }

  private pop(): Timer {
    const top = this.heap[0]!
    this.removeAt(0)
    return top
  }

  private remove(timer: Timer): void {
    if (timer.index >= 0) this.removeAt(timer.index)
  }

  private removeAt(index: number): void {
    const heap = this.heap
    const removed = heap[index]!
    removed.index = -1
    const last = heap.pop()!
    if (index === heap.length) return
    heap[index] = last
    last.index = index
    if (index > 0 && this.before(last, heap[(index - 1) >> 1]!)) this.siftUp(index)
    else this.siftDown(index)
  }

  private siftUp(start: number): void {
    const heap = this.heap
    const timer = heap[start]!
    let index = start
    while (index > 0) {
      const parentIndex = (index - 1) >> 1
      const parent = heap[parentIndex]!
      if (!this.before(timer, parent)) break
      heap[index] = parent
      parent.index = index
      index = parentIndex
    }
    heap[index] = timer
    timer.index = index
  }

  private siftDown(start: number): void {
    const heap = this.heap
    const timer = heap[start]!
    const length = heap.length
    let index = start
    for (;;) {
      const left = 2 * index + 1
      if (left >= length) break
      const right = left + 1
      const child = right < length && this.before(heap[right]!, heap[left]!) ? right : left
      if (!this.before(heap[child]!, timer)) break
      heap[index] = heap[child]!
      heap[index]!.index = index
      index = child
    }
    heap[index] = timer
    timer.index = index
  }
}
