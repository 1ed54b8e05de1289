import type { SeriesPoint } from '@contract'

export interface BoardPoint {
  /** Epoch ms. */
  t: number
  available: number
  waiting: number
}

/**
 * The time series the board draws, kept client-side: seeded from `stats.series` (last hour,
 * per second) and extended by every pushed snapshot. One point per second at most (a newer
 * value in the same second replaces the last point); the oldest fall off past `capacity`.
 */
export class SeriesBuffer {
  private points: BoardPoint[] = []

  constructor(readonly capacity = 3600) {}

  seed(points: readonly SeriesPoint[]): void {
    this.points = points.slice(-this.capacity).map((point) => ({ t: point.t, available: point.available_workers, waiting: point.pending }))
  }

  add(point: BoardPoint): void {
    const last = this.points[this.points.length - 1]
    if (last && Math.floor(last.t / 1000) === Math.floor(point.t / 1000)) {
      this.points[this.points.length - 1] = point
      return
    }
    if (last && point.t < last.t) return
    this.points.push(point)
    if (this.points.length > this.capacity) this.points.splice(0, this.points.length - this.capacity)
  }

  /** Points at or after `since` (ms). */
  since(since: number): BoardPoint[] {
    let start = this.points.length
    while (start > 0 && this.points[start - 1]!.t >= since) start -= 1
    return this.points.slice(start)
  }

  get length(): number {
    return this.points.length
  }
}
