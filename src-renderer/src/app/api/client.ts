import type { ApiError, MethodInput, MethodName, MethodOutput, PushEventName, PushPayload } from '@contract'
import { createHttpTransport } from './httpTransport'
import { createIpcTransport } from './ipcTransport'
import type { ConnectionState, Transport } from './transport'

/**
 * The renderer's only door to the main process. Stores call `call` and `subscribe`; the
 * transport behind them (IPC in Electron, HTTP in a browser) is chosen once at start-up by
 * `installTransport(pickTransport())`, and tests install a fake the same way.
 */

/** Thrown by `call` when the answer is `{ ok: false }`; carries the contract's `ApiError`. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError'
  readonly error: ApiError
  readonly method: MethodName

  constructor(method: MethodName, error: ApiError) {
    super(error.message)
    this.error = error
    this.method = method
  }

  get code(): ApiError['code'] {
    return this.error.code
  }

  /** The snake_case input field at fault, when the server named one (`friendly_name`). */
  get param(): string | undefined {
    return this.error.param
  }
}

let transport: Transport | null = null

/**
 * Chooses the transport for this window: the preload's bridge when it exists (Electron),
 * else HTTP to the serving origin.
 *
 * @example
 * installTransport(pickTransport(window))
 */
export function pickTransport(win: Pick<Window, 'routedesk'> = window): Transport {
  return win.routedesk ? createIpcTransport(win.routedesk) : createHttpTransport()
}

/** Sets the transport every `call`/`subscribe` uses from now on (start-up, or a test's fake). */
export function installTransport(next: Transport): void {
  transport = next
}

/** 'ipc' or 'http': only for display (the status bar says "desktop" or "web"). */
export function transportKind(): Transport['kind'] | null {
  return transport?.kind ?? null
}

function current(): Transport {
  if (!transport) throw new Error('No API transport installed: call installTransport() at start-up.')
  return transport
}

/**
 * Calls one contract method and returns its typed output.
 *
 * @throws ApiCallError when the main process answers `{ ok: false }` (validation, not found,
 * duplicate name, signed out, server unreachable: see `error.code` and `error.param`).
 * @example
 * const created = await call('workspaces.create', { friendly_name: 'Support' })
 */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await current().invoke(method, input)
  if (!result.ok) throw new ApiCallError(method, result.error)
  return result.data as MethodOutput<M>
}

/**
 * Listens to one pushed event (`app.changed`, `app.event`, `app.health`).
 *
 * @returns the unsubscribe function.
 * @example
 * const stop = subscribe('app.changed', (change) => console.log(change.changes))
 */
export function subscribe<E extends PushEventName>(event: E, listener: (payload: PushPayload<E>) => void): () => void {
  return current().on(event, (payload) => listener(payload as PushPayload<E>))
}

/** Reports the connection state now and on every change; returns the unsubscribe function. */
export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  return current().onConnection(listener)
}

/**
 * Calls `listener` each time the live link comes back after a drop: pushed events may have
 * been missed meanwhile, so subscribers refetch what they show.
 */
export function onResync(listener: () => void): () => void {
  let dropped = false
  return onConnectionChange((state) => {
    if (state === 'reconnecting') dropped = true
    else if (state === 'connected' && dropped) {
      dropped = false
      listener()
    }
  })
}

/** A short human message for any error a `call` may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiCallError) return error.message
  if (error instanceof Error) return error.message
  return String(error)
}
