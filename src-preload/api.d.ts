import type { Result } from '../src-main/contract/errors'

/**
 * What the preload exposes on `window.routedesk` (contextBridge). Only these two functions;
 * both check the name against the contract's allowlist before anything crosses IPC.
 */
export interface RoutedeskBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>
  /** Subscribes to one pushed event; returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void
}

declare global {
  interface Window {
    routedesk?: RoutedeskBridge
  }
}
