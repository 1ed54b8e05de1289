import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Dispatch } from '../api/dispatch'
import type { EventBus } from '../api/eventBus'
import { apiError, ErrorCode } from '../contract/errors'
import { isRestAuthorized, isUiAuthorized, sessionCookie } from './auth'
import type { Credentials } from './credentials'
import { securityHeaders, sendJson } from './http'
import { handleLive } from './live'
import { LoadGuard } from './loadGuard'
import { handleRpc } from './rpc'
import { createShareHandler } from './share'
import { serveStatic, SIGNED_OUT_PAGE } from './staticFiles'
import { handleRest, sendError } from './taskrouter/restHandler'

export interface HttpServerOptions {
  dispatch: Dispatch
  bus: EventBus
  credentials: Credentials
  /** The built renderer (out/renderer). */
  staticDir: string
  host: string
  port: number
  /** Requests in flight before the server answers 429 (default 512). */
  maxInFlight?: number
  /** false: `/v1` answers 404 (the REST server is turned off in Settings; the web UI stays). Default true. */
  restApi?: boolean
}

export interface RunningServer {
  server: Server
  /** e.g. http://127.0.0.1:4780 */
  origin: string
  close(): Promise<void>
}

const HOST_HEADER = /^[A-Za-z0-9.\-[\]:]{1,255}$/

/**
 * One HTTP server for everything: `/v1/...` TaskRouter REST (Basic auth), `/rpc/<method>` and
 * `/live` for the web UI (session cookie), and the built web UI itself. Every route is
 * authenticated; `/?token=...` is the only way to get a session cookie.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const { dispatch, bus, credentials } = options
  const guard = new LoadGuard({ maxInFlight: options.maxInFlight ?? 512 })
  const handleShare = createShareHandler({ dispatch, bus, staticDir: options.staticDir })
  let origin = ''

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value)
    const hostHeader = request.headers.host && HOST_HEADER.test(request.headers.host) ? request.headers.host : new URL(origin).host
    const url = new URL(request.url ?? '/', `http://${hostHeader}`)

    if (url.pathname === '/v1' || url.pathname.startsWith('/v1/')) {
      if (options.restApi === false) return sendError(response, apiError(ErrorCode.NotFound, 'The REST API is turned off in Settings (REST server)'))
      if (!isRestAuthorized(request, credentials)) {
        return sendError(response, apiError(ErrorCode.Unauthorized, 'Authenticate'), { 'WWW-Authenticate': 'Basic realm="Routedesk TaskRouter API"' })
      }
      const admitted = guard.admit(request.method ?? 'GET', url)
      if (!admitted.ok) return sendError(response, apiError(ErrorCode.TooManyRequests, admitted.reason), { 'Retry-After': String(admitted.retryAfterSeconds) })
      try {
        return await handleRest(request, response, url, dispatch, { baseUrl: `http://${hostHeader}`, accountSid: credentials.accountSid })
      } finally {
        guard.release()
      }
    }

    // Read-only wallboard links carry their own revocable token (server/share.ts).
    if (url.pathname === '/share' || url.pathname.startsWith('/share/')) return handleShare(request, response, url.pathname)

    const token = url.searchParams.get('token')
    if (token !== null && (url.pathname === '/' || url.pathname === '/index.html')) {
      if (!credentials.checkLoginToken(token)) {
        response.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8' })
        response.end(SIGNED_OUT_PAGE)
        return
      }
      // Trade the login token in the URL for a session of its own (stored hashed) in an
      // HttpOnly cookie, and drop the token from the address bar.
      response.writeHead(302, { 'Set-Cookie': sessionCookie(await credentials.openSession(), request), Location: '/' })
      response.end()
      return
    }

    if (!isUiAuthorized(request, credentials)) {
      if (url.pathname.startsWith('/rpc/') || url.pathname === '/live') {
        sendJson(response, 401, { ok: false, error: apiError(ErrorCode.Unauthorized, 'Signed out: open the link printed by `npm run serve` (…/?token=…)') })
        return
      }
      response.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8' })
      response.end(SIGNED_OUT_PAGE)
      return
    }
    if (url.pathname.startsWith('/rpc/')) {
      const admitted = guard.admit('POST', url)
      if (!admitted.ok) {
        sendJson(response, 429, { ok: false, error: apiError(ErrorCode.TooManyRequests, admitted.reason) }, { 'Retry-After': String(admitted.retryAfterSeconds) })
        return
      }
      try {
        return await handleRpc(request, response, url.pathname.slice('/rpc/'.length), dispatch)
      } finally {
        guard.release()
      }
    }
    if (url.pathname === '/live') return handleLive(request, response, bus, (end) => credentials.onSessionsRevoked(end))
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { ok: false, error: apiError(ErrorCode.MethodNotAllowed, 'Only GET is allowed here') })
      return
    }
    return serveStatic(response, options.staticDir, url.pathname)
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      console.error('[routedesk] request failed:', error)
      if (!response.headersSent) sendJson(response, 500, { code: ErrorCode.Internal, message: 'Internal error', more_info: '', status: 500 })
      else response.destroy()
    })
  })
  server.headersTimeout = 20_000
  server.requestTimeout = 60_000
  // Requests Node's parser refuses before any handler runs (a URL or headers over 16 KB,
  // malformed HTTP) still get a TaskRouter-style JSON error instead of an empty reply.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) return socket.destroy()
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW'
    const status = tooLarge ? 431 : 400
    const message = tooLarge ? 'The request line and headers exceed 16 KB; send long values in a POST body' : 'Malformed HTTP request'
    const body = JSON.stringify({ code: ErrorCode.InvalidRequest, message, more_info: '', status })
    socket.end(`HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  })

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolvePromise()
    })
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  origin = `http://${host}:${address.port}`
  return {
    server,
    origin,
    close: () =>
      new Promise((resolvePromise) => {
        server.closeAllConnections()
        server.close(() => resolvePromise())
      }),
  }
}
