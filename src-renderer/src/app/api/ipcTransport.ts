import type { ConnectionState, Transport } from './transport'

/**
 * The desktop transport: `window.routedesk` from the preload. The main process lives as long
 * as the window does, so the link is always connected.
 *
 * @example
 * const transport = createIpcTransport(window.routedesk!)
 */
export function createIpcTransport(bridge: NonNullable<Window['routedesk']>): Transport {
  return {
    kind: 'ipc',
    invoke: (method, input) => bridge.invoke(method, input),
    on: (event, listener) => bridge.on(event, listener),
    onConnection(listener: (state: ConnectionState) => void): () => void {
      listener('connected')
      return () => {}
    },
  }
}
