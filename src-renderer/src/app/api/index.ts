export { ApiCallError, call, errorMessage, installTransport, onConnectionChange, onResync, pickTransport, subscribe, transportKind } from './client'
export type { ConnectionState, Transport } from './transport'
