import type { ApiError, MethodName, PushEventName, Result } from '@contract'

/**
 * What the API client needs from a way of reaching the main process. Two exist: IPC
 * (`window.routedesk` in Electron) and HTTP (`/rpc` + `/live` when served headless). Nothing
 * above the API client knows which one is in use.
 */
export interface Transport {
  readonly kind: 'ipc' | 'http'
  /** Never rejects for an API failure: the answer is a `Result`. */
  invoke(method: MethodName, input: unknown): Promise<Result<unknown>>
  /** Subscribes to one pushed event; returns the unsubscribe function. */
  on(event: PushEventName, listener: (payload: unknown) => void): () => void
  /** Reports the live link's state now and on every change; returns the unsubscribe function. */
  onConnection(listener: (state: ConnectionState) => void): () => void
}

/**
 * - `connecting`: start-up, nothing heard yet.
 * - `connected`: calls work and pushed events arrive.
 * - `reconnecting`: the live link dropped (events may have been missed); retrying.
 * - `signed-out`: the server refused our credentials (HTTP 401): only a new link helps.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'signed-out'

/** Error codes the renderer needs by value. It may import only contract *types*, so they are mirrored here. */
export const UNAUTHORIZED_CODE = 20003 satisfies ApiError['code']
export const INTERNAL_CODE = 20500 satisfies ApiError['code']
