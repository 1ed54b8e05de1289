import type { Dispatch } from '../../api/dispatch'
import type { EventBus } from '../../api/eventBus'
import type { DeliveryRow, DeliveryStatus, EngineStore } from '../../store/port'
import { applyInstruction } from './instructions'
import { twilioSignature } from './signature'

export interface WebhookDelivererOptions {
  store: EngineStore
  dispatch: Dispatch
  bus: EventBus
  /** Signs every request (X-Twilio-Signature); a function is read per request, so a rotated token applies at once. */
  authToken: string | (() => string)
  now?: () => number
  /** Event callbacks: attempts before a delivery is given up (default 12, about 1 h of backoff). */
  maxAttempts?: number
  /** First retry delay; doubles per attempt up to maxDelayMs (defaults 1 s and 10 min). */
  baseDelayMs?: number
  maxDelayMs?: number
  /** REFERENCE §7.3: an event callback is answered within 15 s. */
  eventTimeoutMs?: number
  /** REFERENCE §7.1: an assignment callback is answered within 5 s, else the fallback URL. */
  assignmentTimeoutMs?: number
  /** Requests in flight at most (across all receivers). */
  concurrency?: number
  /** Finished deliveries are kept this long for the Events area (default 7 days). */
  keepFinishedMs?: number
  /**
   * How often a delivery that cannot be signed yet (the Auth Token is not known to this run)
   * looks again (default 15 s). Such a wait costs no attempt: nothing was sent, so callbacks held
   * back after a restart are never given up on.
   */
  unsignedRetryMs?: number
}

const RESPONSE_MAX = 2000
const PRUNE_EVERY_MS = 3600_000

interface Attempt {
  ok: boolean
  status: number | null
  contentType: string
  body: string
  error: string | null
  /** Nothing was sent: the request could not be signed (the Auth Token is not known to this run yet). */
  unsigned?: true
}

/**
 * Sends the durable outbox (api/webhooks/outbox): event callbacks in order per key (a task and
 * its reservations, or one resource) with exponential backoff, assignment callbacks once to
 * the workflow's URL and then its fallback URL, their instructions applied through `dispatch`.
 * It never blocks the engine or an API answer: rows arrive after their commit, delivery runs on
 * its own, and status changes are written back in small batches (at-least-once: a restart
 * re-sends what was not marked delivered).
 */
export class WebhookDeliverer {
  private readonly queues = new Map<string, DeliveryRow[]>()
  private readonly ready: string[] = []
  private readonly readySet = new Set<string>()
  private readonly waiting = new Set<string>()
  private readonly inFlight = new Map<string, Promise<void>>()
  private readonly dirty = new Map<string, DeliveryRow>()
  private wakeTimer: NodeJS.Timeout | null = null
  private wakeAt = Infinity
  private flushTimer: NodeJS.Timeout | null = null
  private flushing: Promise<void> = Promise.resolve()
  private lastPrune = 0
  private closed = false
  private readonly now: () => number
  private readonly options: Required<Omit<WebhookDelivererOptions, 'store' | 'dispatch' | 'bus' | 'authToken' | 'now'>>

  constructor(private readonly deps: WebhookDelivererOptions) {
    this.now = deps.now ?? Date.now
    this.options = {
      maxAttempts: deps.maxAttempts ?? 12,
      baseDelayMs: deps.baseDelayMs ?? 1000,
      maxDelayMs: deps.maxDelayMs ?? 600_000,
      eventTimeoutMs: deps.eventTimeoutMs ?? 15_000,
      assignmentTimeoutMs: deps.assignmentTimeoutMs ?? 5_000,
      concurrency: deps.concurrency ?? 32,
      unsignedRetryMs: deps.unsignedRetryMs ?? 15_000,
      keepFinishedMs: deps.keepFinishedMs ?? 7 * 24 * 3600_000,
    }
  }

  /** Picks up what a previous run left pending (the outbox is durable); it is due at once. */
  async start(): Promise<void> {
    const rows = await this.deps.store.queryDeliveries({ pending: true })
    for (const row of rows) row.next_attempt_ms = 0
    this.enqueue(rows)
  }

  /** New rows, already durable. */
  enqueue(rows: readonly DeliveryRow[]): void {
    if (this.closed) return
    for (const row of rows) {
      let queue = this.queues.get(row.order_key)
      if (!queue) {
        queue = []
        this.queues.set(row.order_key, queue)
      }
      queue.push(row)
      if (queue.length === 1 && !this.inFlight.has(row.order_key)) this.consider(row.order_key)
    }
    this.pump()
  }

  /** Stops sending; waits for requests in flight and writes the last status changes. */
  async close(): Promise<void> {
    this.closed = true
    if (this.wakeTimer) clearTimeout(this.wakeTimer)
    await Promise.allSettled([...this.inFlight.values()])
    await this.flush()
  }

  /** Pending rows known to this deliverer (tests, health). */
  pendingCount(): number {
    let count = 0
    for (const queue of this.queues.values()) count += queue.length
    return count
  }

  /** Files a key whose head is not in flight as ready now or waiting for its retry time. */
  private consider(key: string): void {
    const head = this.queues.get(key)?.[0]
    if (!head) {
      this.queues.delete(key)
      return
    }
    if (head.next_attempt_ms <= this.now()) {
      if (!this.readySet.has(key)) {
        this.readySet.add(key)
        this.ready.push(key)
      }
    } else {
      this.waiting.add(key)
      this.armWake(head.next_attempt_ms)
    }
  }

  private armWake(at: number): void {
    if (this.closed || at >= this.wakeAt) return
    if (this.wakeTimer) clearTimeout(this.wakeTimer)
    this.wakeAt = at
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null
      this.wakeAt = Infinity
      const keys = [...this.waiting]
      this.waiting.clear()
      for (const key of keys) this.consider(key)
      this.pump()
    }, Math.max(0, at - this.now()))
    this.wakeTimer.unref?.()
  }

  private pump(): void {
    while (!this.closed && this.inFlight.size < this.options.concurrency && this.ready.length > 0) {
      const key = this.ready.shift()!
      this.readySet.delete(key)
      const head = this.queues.get(key)?.[0]
      if (!head) continue
      const run = this.deliver(head)
        .catch((error: unknown) => console.error('[routedesk] webhook delivery failed unexpectedly:', error))
        .finally(() => {
          this.inFlight.delete(key)
          const queue = this.queues.get(key)
          if (queue && queue[0] === head && head.status !== 'pending') queue.shift()
          this.consider(key)
          this.pump()
        })
      this.inFlight.set(key, run)
    }
  }

  private async deliver(row: DeliveryRow): Promise<void> {
    if (row.kind === 'assignment') return this.deliverAssignment(row)
    const attempt = await this.post(row.url, row.params, this.options.eventTimeoutMs)
    if (attempt.unsigned) return this.waitForSigning(row, attempt.error!)
    row.attempts += 1
    row.last_status_code = attempt.status
    if (attempt.ok) return this.finish(row, 'delivered', null)
    row.last_error = attempt.error ?? `HTTP ${attempt.status}`
    if (row.attempts >= this.options.maxAttempts) return this.finish(row, 'failed', `Gave up after ${row.attempts} attempts: ${row.last_error}`)
    const delay = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (row.attempts - 1))
    row.next_attempt_ms = this.now() + delay
    row.updated_ms = this.now()
    this.save(row)
  }

  /**
   * REFERENCE §7.1: POST to the AssignmentCallbackUrl; a 200 within 5 s with an empty body means
   * "later, over REST"; a 200 with a JSON `instruction` is applied; anything else (timeout,
   * non-200, no JSON) goes to the FallbackAssignmentCallbackUrl, once.
   */
  private async deliverAssignment(row: DeliveryRow): Promise<void> {
    const reservation = await this.deps.dispatch('reservations.get', { workspace_sid: row.workspace_sid, sid: row.params.ReservationSid })
    if (!reservation.ok || reservation.data.reservation_status !== 'pending') {
      return this.finish(row, 'skipped', `The reservation is ${reservation.ok ? reservation.data.reservation_status : 'gone'}; no callback sent`)
    }
    const urls = row.fallback_url ? [row.url, row.fallback_url] : [row.url]
    const problems: string[] = []
    for (const url of urls) {
      const attempt = await this.post(url, row.params, this.options.assignmentTimeoutMs)
      if (attempt.unsigned) return this.waitForSigning(row, attempt.error!)
      row.attempts += 1
      row.last_status_code = attempt.status
      const answer = readAnswer(attempt)
      if (answer.kind === 'invalid') {
        problems.push(`${url === row.url ? 'AssignmentCallbackUrl' : 'FallbackAssignmentCallbackUrl'}: ${answer.reason}`)
        continue
      }
      row.response = attempt.body.slice(0, RESPONSE_MAX) || null
      if (answer.kind === 'wait') return this.finish(row, 'delivered', null)
      const applied = await applyInstruction(this.deps.dispatch, row, answer.instruction)
      if (applied.notice) this.notify(row, applied.notice)
      return this.finish(row, applied.ok ? 'delivered' : 'failed', applied.ok ? null : applied.message)
    }
    return this.finish(row, 'failed', problems.join('; '))
  }

  private async post(url: string, params: Record<string, string>, timeoutMs: number): Promise<Attempt> {
    let signature: string
    try {
      signature = twilioSignature(typeof this.deps.authToken === 'function' ? this.deps.authToken() : this.deps.authToken, url, params)
    } catch (error) {
      // The Auth Token is not known to this run yet (it is stored hashed): nothing was sent, the
      // delivery waits for its retry, and its last error says what to do.
      return { ok: false, status: null, contentType: '', body: '', error: (error as Error).message, unsigned: true }
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
          'X-Twilio-Signature': signature,
          'User-Agent': 'Routedesk-TaskRouter/1.0',
          Accept: '*/*',
        },
        body: new URLSearchParams(params).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      const body = await response.text()
      return { ok: response.status >= 200 && response.status < 300, status: response.status, contentType: response.headers.get('content-type') ?? '', body, error: null }
    } catch (error) {
      const name = (error as Error).name
      const message = name === 'TimeoutError' || name === 'AbortError' ? `No answer within ${timeoutMs / 1000} s` : `Cannot reach ${url}: ${describe(error)}`
      return { ok: false, status: null, contentType: '', body: '', error: message }
    }
  }

  /** Stays pending, with the reason as its last error, and looks again later; no attempt is counted. */
  private waitForSigning(row: DeliveryRow, reason: string): void {
    row.last_error = reason
    row.next_attempt_ms = this.now() + this.options.unsignedRetryMs
    row.updated_ms = this.now()
    this.save(row)
  }

  private finish(row: DeliveryRow, status: DeliveryStatus, error: string | null): void {
    row.status = status
    row.last_error = error
    row.updated_ms = this.now()
    this.save(row)
  }

  private save(row: DeliveryRow): void {
    this.dirty.set(row.sid, { ...row, params: row.params })
    this.deps.bus.emit('app.webhook', {
      workspace_sid: row.workspace_sid, delivery_sid: row.sid, kind: row.kind, event_type: row.event_type, status: row.status, attempts: row.attempts, message: row.last_error,
    })
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null
        void this.flush()
      }, 20)
      this.flushTimer.unref?.()
    }
  }

  private notify(row: DeliveryRow, message: string): void {
    this.deps.bus.emit('app.webhook', {
      workspace_sid: row.workspace_sid, delivery_sid: row.sid, kind: row.kind, event_type: row.event_type, status: row.status, attempts: row.attempts, message,
    })
  }

  /** Writes status changes in one commit (and now and then drops old finished rows). */
  private flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.flushTimer) {
        clearTimeout(this.flushTimer)
        this.flushTimer = null
      }
      if (this.dirty.size === 0) return
      const deliveries = [...this.dirty.values()]
      this.dirty.clear()
      const now = this.now()
      const prune = now - this.lastPrune > PRUNE_EVERY_MS
      if (prune) this.lastPrune = now
      try {
        await this.deps.store.commit({ changes: [], events: [], deliveries, ...(prune ? { prune_deliveries_before_ms: now - this.options.keepFinishedMs } : {}) })
      } catch (error) {
        console.error('[routedesk] webhook delivery status not saved (it will be re-sent after a restart):', describe(error))
      }
    })
    return this.flushing
  }
}

type Answer = { kind: 'wait' } | { kind: 'instruction'; instruction: Record<string, unknown> } | { kind: 'invalid'; reason: string }

/** REFERENCE §7.1 response rules. */
function readAnswer(attempt: Attempt): Answer {
  if (attempt.error) return { kind: 'invalid', reason: attempt.error }
  if (attempt.status !== 200) return { kind: 'invalid', reason: `HTTP ${attempt.status} (200 expected)` }
  if (attempt.body.trim() === '') return { kind: 'wait' }
  if (!attempt.contentType.toLowerCase().startsWith('application/json')) return { kind: 'invalid', reason: `a body with Content-Type '${attempt.contentType}' (application/json expected)` }
  let value: unknown
  try {
    value = JSON.parse(attempt.body)
  } catch {
    return { kind: 'invalid', reason: 'the body is not valid JSON' }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as { instruction?: unknown }).instruction !== 'string') {
    return { kind: 'invalid', reason: 'the JSON has no "instruction"' }
  }
  return { kind: 'instruction', instruction: value as Record<string, unknown> }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message
  }
  return String(error)
}
