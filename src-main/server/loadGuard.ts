/**
 * Keeps the server answering under overload: a cap on requests in flight (beyond it, 429 with
 * Retry-After instead of queueing without bound) and TaskRouter's documented per-endpoint
 * limits for the expression-evaluating lists (REFERENCE §9.1: 3 requests/s each).
 */
export interface LoadGuardOptions {
  maxInFlight: number
  /** Injected for tests. */
  now?: () => number
}

/** A token bucket: `rate` tokens per second, holding at most `burst`. */
class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst
    this.last = now
  }

  /** Takes a token, or returns the seconds until one is available. */
  take(now: number): number {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate)
    this.last = now
    if (this.tokens >= 1) {
      this.tokens -= 1
      return 0
    }
    return Math.ceil((1 - this.tokens) / this.rate)
  }
}

/** The rate-limited REST lists: TaskRouter's resource keys and the parameter that triggers them. */
const LIMITED_LISTS: Array<{ key: string; path: RegExp; param: string; perSecond: number }> = [
  { key: 'Task-List-EvaluateTaskAttributes', path: /^\/v1\/Workspaces\/[^/]+\/Tasks$/, param: 'EvaluateTaskAttributes', perSecond: 3 },
  { key: 'Worker-List-TargetWorkersExpression', path: /^\/v1\/Workspaces\/[^/]+\/Workers$/, param: 'TargetWorkersExpression', perSecond: 3 },
  { key: 'TaskQueue-List-EvaluateWorkerAttributes', path: /^\/v1\/Workspaces\/[^/]+\/TaskQueues$/, param: 'EvaluateWorkerAttributes', perSecond: 3 },
]

export class LoadGuard {
  private inFlight = 0
  private readonly buckets = new Map<string, TokenBucket>()
  private readonly now: () => number

  constructor(private readonly options: LoadGuardOptions) {
    this.now = options.now ?? Date.now
  }

  /**
   * Admits a request or says how long to wait. Call `release` when an admitted request ends.
   * `workspace` scopes the per-endpoint limits, as TaskRouter limits per workspace.
   */
  admit(method: string, url: URL): { ok: true } | { ok: false; retryAfterSeconds: number; reason: string } {
    if (this.inFlight >= this.options.maxInFlight) {
      return { ok: false, retryAfterSeconds: 1, reason: `The server is busy (${this.inFlight} requests in progress); retry shortly` }
    }
    if (method === 'GET') {
      for (const limit of LIMITED_LISTS) {
        if (!url.searchParams.has(limit.param) || !limit.path.test(url.pathname)) continue
        const bucketKey = `${url.pathname}|${limit.key}`
        let bucket = this.buckets.get(bucketKey)
        if (!bucket) this.buckets.set(bucketKey, (bucket = new TokenBucket(limit.perSecond, limit.perSecond, this.now())))
        const wait = bucket.take(this.now())
        if (wait > 0) return { ok: false, retryAfterSeconds: wait, reason: `${limit.key} is limited to ${limit.perSecond} requests per second (as in TaskRouter)` }
      }
    }
    this.inFlight += 1
    return { ok: true }
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1)
  }

  get active(): number {
    return this.inFlight
  }
}
