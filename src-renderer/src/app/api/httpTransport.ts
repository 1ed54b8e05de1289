import type { ApiError, MethodName, PushEventName, Result } from '@contract'
import { INTERNAL_CODE, UNAUTHORIZED_CODE } from './transport'
import type { ConnectionState, Transport } from './transport'

/** The part of `EventSource` the transport uses, so tests can hand in a fake. */
export interface EventSourceLike {
  readonly readyState: number
  onopen: ((event: Event) => unknown) | null
  onerror: ((event: Event) => unknown) | null
  addEventListener(type: string, listener: (event: MessageEvent) => void): void
  close(): void
}

export interface HttpTransportOptions {
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch
  /** Defaults to `new EventSource(url)` (same origin: the auth cookie goes along). */
  openEventSource?: (url: string) => EventSourceLike
  /** Prefix of `/rpc` and `/live`; '' (same origin) by default. */
  baseUrl?: string
  /** Waits before reopening a live stream the browser gave up on; the last one repeats. */
  retryDelaysMs?: readonly number[]
  /** Defaults to the global `setTimeout`; injected so tests decide when time passes. */
  setTimer?: (callback: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

export interface HttpTransport extends Transport {
  /** Closes the live stream and cancels retries (tests, page unload). */
  close(): void
}

const EVENT_SOURCE_CONNECTING = 0
const EVENT_SOURCE_CLOSED = 2

/**
 * The headless/web transport: `POST /rpc/<method>` with the input as JSON body (the answer
 * is always a `Result`), and pushed events from the Server-Sent Events stream `GET /live`.
 * Auth is an HttpOnly cookie, so nothing here handles a token: a 401 means "signed out".
 *
 * Connection state: `connected` once the live stream opens; `reconnecting` while it is down
 * (the browser retries by itself, and when it gives up, e.g. on a non-200 answer, we probe
 * `/rpc` to tell a server restart from a lost cookie and reopen it ourselves); `signed-out`
 * on any 401, after which nothing retries: only the link printed by `npm run serve` helps.
 *
 * @example
 * const transport = createHttpTransport()
 * const result = await transport.invoke('workspaces.list', {})
 */
export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const openEventSource = options.openEventSource ?? ((url: string) => new EventSource(url))
  const baseUrl = options.baseUrl ?? ''
  const retryDelays = options.retryDelaysMs ?? [1000, 2000, 5000, 10_000]
  const setTimer = options.setTimer ?? ((callback: () => void, ms: number) => setTimeout(callback, ms))
  const clearTimer = options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>))

  let state: ConnectionState = 'connecting'
  const stateListeners = new Set<(state: ConnectionState) => void>()
  const eventListeners = new Map<PushEventName, Set<(payload: unknown) => void>>()
  let source: EventSourceLike | null = null
  let retryTimer: unknown = null
  let failedOpens = 0
  let closed = false

  function setState(next: ConnectionState): void {
    if (state === next) return
    state = next
    for (const listener of [...stateListeners]) listener(next)
  }

  function signOut(): void {
    setState('signed-out')
    stopLive()
  }

  function stopLive(): void {
    if (retryTimer !== null) clearTimer(retryTimer)
    retryTimer = null
    source?.close()
    source = null
  }

  function listenOnSource(es: EventSourceLike, event: PushEventName): void {
    es.addEventListener(event, (message: MessageEvent) => {
      let payload: unknown
      try {
        payload = JSON.parse(String(message.data))
      } catch {
        console.warn(`[routedesk] ignored a malformed "${event}" event`)
        return
      }
      for (const listener of [...(eventListeners.get(event) ?? [])]) listener(payload)
    })
  }

  function ensureLive(): void {
    if (source || closed || state === 'signed-out' || retryTimer !== null) return
    const es = openEventSource(`${baseUrl}/live`)
    source = es
    for (const event of eventListeners.keys()) listenOnSource(es, event)
    es.onopen = () => {
      failedOpens = 0
      setState('connected')
    }
    es.onerror = () => {
      if (source !== es || state === 'signed-out') return
      if (es.readyState === EVENT_SOURCE_CONNECTING) {
        // The browser retries by itself.
        setState('reconnecting')
        return
      }
      if (es.readyState === EVENT_SOURCE_CLOSED) {
        es.close()
        source = null
        setState('reconnecting')
        void probeThenRetry()
      }
    }
  }

  /** The browser gave up on the stream: a 401 means signed out, anything else is retried. */
  async function probeThenRetry(): Promise<void> {
    // invoke() turns a 401 into signed-out; an unreachable server just means "retry later".
    await invoke('system.info', {})
    if (closed || state === 'signed-out') return
    const delay = retryDelays[Math.min(failedOpens, retryDelays.length - 1)] ?? 5000
    failedOpens += 1
    retryTimer = setTimer(() => {
      retryTimer = null
      ensureLive()
    }, delay)
  }

  async function invoke(method: MethodName, input: unknown): Promise<Result<unknown>> {
    let response: Response
    try {
      response = await doFetch(`${baseUrl}/rpc/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      })
    } catch (cause) {
      return failure(0, `Cannot reach the Routedesk server (${describe(cause)}).`)
    }
    let body: unknown
    try {
      body = await response.json()
    } catch {
      body = undefined
    }
    const result = isResult(body)
      ? withStatus(body, response.status)
      : failure(response.status, `The server answered HTTP ${response.status} without a Routedesk result.`)
    if (response.status === 401 || (!result.ok && result.error.code === UNAUTHORIZED_CODE)) signOut()
    return result
  }

  return {
    kind: 'http',
    invoke,
    on(event, listener) {
      let listeners = eventListeners.get(event)
      if (!listeners) {
        listeners = new Set()
        eventListeners.set(event, listeners)
        if (source) listenOnSource(source, event)
      }
      listeners.add(listener)
      ensureLive()
      return () => {
        listeners.delete(listener)
      }
    },
    onConnection(listener) {
      stateListeners.add(listener)
      listener(state)
      ensureLive()
      return () => {
        stateListeners.delete(listener)
      }
    },
    close() {
      closed = true
      stopLive()
    },
  }
}

function failure(status: number, message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code: status === 401 ? UNAUTHORIZED_CODE : INTERNAL_CODE, message, status } }
}

function withStatus(result: Result<unknown>, status: number): Result<unknown> {
  if (result.ok || typeof result.error.status === 'number') return result
  return { ok: false, error: { ...result.error, status } }
}

function isResult(body: unknown): body is Result<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false
  const candidate = body as { ok: unknown; error?: unknown }
  if (candidate.ok === true) return 'data' in candidate
  if (candidate.ok !== false || typeof candidate.error !== 'object' || candidate.error === null) return false
  const error = candidate.error as Partial<ApiError>
  return typeof error.code === 'number' && typeof error.message === 'string'
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}
