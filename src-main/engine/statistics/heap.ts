/**
 * A binary min-heap of (key, sid, gen) with lazy deletion: entries are never removed when a
 * task stops waiting; `peek` drops stale tops (the caller says which entries are still live),
 * and `compact` rebuilds once dead entries outnumber the live ones.
 */
export interface HeapEntry {
  readonly key: number
  readonly sid: string
  readonly gen: number
}

export class LazyMinHeap {
  private items: HeapEntry[] = []

  get size(): number {
    return this.items.length
  }

  push(entry: HeapEntry): void {
    const items = this.items
    items.push(entry)
    let index = items.length - 1
    while (index > 0) {
      const parent = (index - 1) >> 1
      if (!less(items[index]!, items[parent]!)) break
      swap(items, index, parent)
      index = parent
    }
  }

  /** The smallest live entry, dropping dead ones on the way. */
  peek(isLive: (entry: HeapEntry) => boolean): HeapEntry | undefined {
    while (this.items.length > 0) {
      const top = this.items[0]!
      if (isLive(top)) return top
      this.pop()
    }
    return undefined
  }

  /** Keeps only live entries when the heap is much larger than `liveCount`. */
  compact(liveCount: number, isLive: (entry: HeapEntry) => boolean): void {
    if (this.items.length <= 64 + 2 * liveCount) return
    this.items = this.items.filter(isLive)
    for (let index = (this.items.length >> 1) - 1; index >= 0; index--) this.siftDown(index)
  }

  private pop(): void {
    const items = this.items
    const last = items.pop()!
    if (items.length === 0) return
    items[0] = last
    this.siftDown(0)
  }

  private siftDown(start: number): void {
    const items = this.items
    let index = start
    for (;;) {
      const left = 2 * index + 1
      if (left >= items.length) return
      const right = left + 1
      const child = right < items.length && less(items[right]!, items[left]!) ? right : left
      if (!less(items[child]!, items[index]!)) return
      swap(items, index, child)
      index = child
    }
  }
}

/** Oldest first; equal ages break by SID so the answer is deterministic. */
function less(a: HeapEntry, b: HeapEntry): boolean {
  return a.key < b.key || (a.key === b.key && a.sid < b.sid)
}

function swap(items: HeapEntry[], a: number, b: number): void {
  const t = items[a]!
  items[a] = items[b]!
  items[b] = t
}
