import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Dispatch } from '../api/dispatch'
import type { EventBus } from '../api/eventBus'
import { apiError, ErrorCode, type ApiError } from '../contract/errors'
import type { MethodName } from '../contract/methods'
import { BodyTooLargeError, readBody, sendJson } from './http'
import { sseEvent, writeSse } from './sseStream'
import { serveStatic } from './staticFiles'

export interface ShareRouteOptions {
  dispatch: Dispatch
  bus: EventBus
  /** The built renderer (out/renderer): the TV runs the same bundle in its share mode. */
  staticDir: string
}

/** Everything a shared board may read. No method outside this list answers under /share. */
export const SHARE_READ_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'stats.snapshot',
  'stats.live',
  'stats.series',
  'stats.kpis',
  'wallboardAgents.get',
  'wallboardLayouts.list',
])

const SHARE_PATH = /^\/share\/([0-9a-f]{64})(\/.*)?$/
const HEARTBEAT_MS = 15_000
const SHARE_REFUSED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Routedesk wallboard: link not valid</title>
<style>body{font:20px system-ui,sans-serif;background:#0b0f14;color:#e6e6e6;display:grid;place-items:center;height:100vh;margin:0}main{max-width:40rem;padding:2rem}</style>
</head><body><main><h1>This wallboard link is not valid</h1><p>It was revoked, or sharing is turned off. Ask the Routedesk admin for a new link.</p></main></body></html>`

interface Grant {
  workspace_sid: string
  link_sid: string
  layout_sid: string | null
}

/**
 * `/share/<token>/...`: the read-only wallboard a TV on the LAN opens (issue 9). The token is
 * checked on every request (and on every stream when share links or the sharing switch
 * change), so revoking a link or turning sharing off shuts it out at once. It can only:
 * - load the web UI (`/`, `/assets/...`), which starts in its share mode;
 * - read `SHARE_READ_METHODS` through `POST rpc/<method>`, always for the link's workspace;
 * - listen to `live`: `app.statsDelta` and `app.wallboard` of that workspace, and which documents
 *   changed (layouts), never task or worker details.
 * It cannot write: any other method is 403, and nothing here reaches `/rpc`, `/v1` or `/live`.
 * Worker names are blanked: the grid shows activity and load only.
 */
export function createShareHandler(options: ShareRouteOptions): (request: IncomingMessage, response: ServerResponse, pathname: string) => Promise<void> {
  const { dispatch, bus, staticDir } = options

  async function authorize(token: string): Promise<Grant | null> {
    const result = await dispatch('shareLinks.authorize', { token })
    return result.ok ? result.data : null
  }

  return async (request, response, pathname) => {
    const match = SHARE_PATH.exec(pathname)
    if (!match) return refuse(request, response, pathname, 404)
    const token = match[1]!
    const rest = match[2] ?? '/'
    const grant = await authorize(token)
    if (!grant) return refuse(request, response, rest, 401)
    response.setHeader('Cache-Control', 'no-store')

    if (rest.startsWith('/rpc/')) return handleShareRpc(request, response, rest.slice('/rpc/'.length) as MethodName, grant)
    if (rest === '/live') {
      if (request.method !== 'GET') return sendJson(response, 405, { ok: false, error: apiError(ErrorCode.MethodNotAllowed, 'The live stream is GET only') }, { Allow: 'GET' })
      return handleShareLive(request, response, token, grant)
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendJson(response, 405, { ok: false, error: readOnlyError('This wallboard link is read-only') }, { Allow: 'GET, HEAD' })
    }
    if (rest === '/' || rest === '/index.html') return serveStatic(response, staticDir, '/index.html')
    if (rest.startsWith('/assets/')) return serveStatic(response, staticDir, rest)
    return refuse(request, response, rest, 404)
  }

  async function handleShareRpc(request: IncomingMessage, response: ServerResponse, method: MethodName, grant: Grant): Promise<void> {
    if (request.method !== 'POST') {
      return sendJson(response, 405, { ok: false, error: apiError(ErrorCode.MethodNotAllowed, 'Reads use POST rpc/<method>') }, { Allow: 'POST' })
    }
    if (!SHARE_READ_METHODS.has(method)) {
      return sendJson(response, 403, { ok: false, error: readOnlyError(`This wallboard link is read-only: ${method} is not available`) })
    }
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(response, 400, { ok: false, error: apiError(ErrorCode.InvalidRequest, 'RPC bodies must be application/json') })
    }
    const origin = request.headers.origin
    if (origin !== undefined && origin !== `http://${request.headers.host}` && origin !== `https://${request.headers.host}`) {
      return sendJson(response, 403, { ok: false, error: readOnlyError('Cross-origin reads are not allowed') })
    }
    let input: Record<string, unknown>
    try {
      const text = await readBody(request, 64 * 1024)
      const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text)
      input = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
    } catch (error) {
      const message = error instanceof BodyTooLargeError ? error.message : `Body is not valid JSON: ${(error as Error).message}`
      return sendJson(response, 400, { ok: false, error: apiError(ErrorCode.InvalidRequest, message) })
    }
    // The link decides the workspace, whatever the page asked for.
    const result = await dispatch(method, { ...input, workspace_sid: grant.workspace_sid })
    if (!result.ok) return sendJson(response, result.error.status, result)
    sendJson(response, 200, { ok: true, data: redact(method, result.data, grant) })
  }

  function handleShareLive(request: IncomingMessage, response: ServerResponse, token: string, grant: Grant): void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' })
    response.write(': connected\n\n')
    const send = (event: string, payload: unknown): void => {
      writeSse(response, sseEvent(event, payload))
    }
    const offStats = bus.on('app.statsDelta', (delta) => {
      if (delta.workspace_sid === grant.workspace_sid) send('app.statsDelta', delta)
    })
    const offWallboard = bus.on('app.wallboard', (push) => {
      if (push.workspace_sid === grant.workspace_sid) send('app.wallboard', push)
    })
    const offChanged = bus.on('app.changed', (change) => {
      if (change.workspace_sid !== null && change.workspace_sid !== grant.workspace_sid) return
      const documents = change.changes.filter((entry) => entry.kind === 'document')
      if (documents.length === 0 && !change.changes.some((entry) => entry.kind === 'workspace')) return
      // A link revoked, sharing turned off, or the workspace deleted: end the stream now.
      void authorize(token).then((still) => {
        if (!still) return close(true)
        if (documents.length > 0 && change.workspace_sid === grant.workspace_sid) send('app.changed', { workspace_sid: grant.workspace_sid, changes: documents })
      })
    })
    const heartbeat = setInterval(() => writeSse(response, ': heartbeat\n\n'), HEARTBEAT_MS)
    let closed = false
    function close(end: boolean): void {
      if (closed) return
      closed = true
      clearInterval(heartbeat)
      offStats()
      offWallboard()
      offChanged()
      if (end) response.end()
    }
    request.on('close', () => close(false))
    response.on('close', () => close(false))
    response.on('error', () => close(false))
  }
}

/** What the TV gets differs from the admin's answer only where the link must show less. */
function redact(method: MethodName, data: unknown, grant: Grant): unknown {
  if (method === 'wallboardAgents.get') {
    const grid = data as { names: string[] }
    return { ...grid, names: grid.names.map(() => '') }
  }
  if (method === 'wallboardLayouts.list' && grant.layout_sid !== null) {
    return (data as { sid: string }[]).filter((layout) => layout.sid === grant.layout_sid)
  }
  return data
}

/**
 * 403 with 20004, not 20003: the token is fine, the call is not allowed. (A 20003 would make
 * the page's transport believe it was signed out and stop reconnecting.)
 */
function readOnlyError(message: string): ApiError {
  return { ...apiError(ErrorCode.MethodNotAllowed, message), status: 403 }
}

/** Pages get an HTML explanation; API calls a Result. The same answer for unknown and revoked tokens. */
function refuse(request: IncomingMessage, response: ServerResponse, rest: string, status: 401 | 404): void {
  const wantsJson = rest.startsWith('/rpc/') || rest === '/live' || request.method !== 'GET'
  if (wantsJson) {
    const error = status === 401 ? apiError(ErrorCode.Unauthorized, 'This wallboard link is not valid: it was revoked, or sharing is turned off') : apiError(ErrorCode.NotFound, 'Not found')
    return sendJson(response, status, { ok: false, error })
  }
  response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
  response.end(SHARE_REFUSED_PAGE)
}
