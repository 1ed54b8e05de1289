import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Dispatch } from '../api/dispatch'
import { apiError, ErrorCode } from '../contract/errors'
import { methodNames } from '../contract/names'
import type { MethodName } from '../contract/methods'
import { BodyTooLargeError, readBody, sendJson } from './http'

const known = new Set<string>(methodNames)

/**
 * `POST /rpc/<method>` with a JSON body: the web UI's transport over the same dispatch as IPC.
 * The body is always a Result; the status mirrors it. Requiring `application/json` and a
 * same-origin Origin header keeps other sites from posting with the session cookie.
 */
export async function handleRpc(request: IncomingMessage, response: ServerResponse, method: string, dispatch: Dispatch): Promise<void> {
  if (request.method !== 'POST') {
    sendJson(response, 405, { ok: false, error: apiError(ErrorCode.MethodNotAllowed, 'RPC calls use POST') }, { Allow: 'POST' })
    return
  }
  if (!known.has(method)) {
    sendJson(response, 404, { ok: false, error: apiError(ErrorCode.NotFound, `Unknown method ${method}`) })
    return
  }
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    sendJson(response, 400, { ok: false, error: apiError(ErrorCode.InvalidRequest, 'RPC bodies must be application/json') })
    return
  }
  const origin = request.headers.origin
  if (origin !== undefined && origin !== `http://${request.headers.host}` && origin !== `https://${request.headers.host}`) {
    sendJson(response, 403, { ok: false, error: { ...apiError(ErrorCode.Unauthorized, 'Cross-origin RPC is not allowed'), status: 403 } })
    return
  }
  let input: unknown
  try {
    const text = await readBody(request)
    input = text.trim() === '' ? {} : JSON.parse(text)
  } catch (error) {
    const tooLarge = error instanceof BodyTooLargeError
    sendJson(response, tooLarge ? 413 : 400, { ok: false, error: { ...apiError(ErrorCode.InvalidRequest, tooLarge ? error.message : `Body is not valid JSON: ${(error as Error).message}`), ...(tooLarge ? { status: 413 } : {}) } })
    return
  }
  const result = await dispatch(method as MethodName, input)
  sendJson(response, result.ok ? 200 : result.error.status, result)
}
