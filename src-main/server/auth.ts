import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Credentials } from './credentials'

export const SESSION_COOKIE = 'routedesk_session'

/** Constant-time string comparison (hashing first makes the lengths equal). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest()
  const right = createHash('sha256').update(b).digest()
  return timingSafeEqual(left, right)
}

/** The exact header a client like twilio-node sends, per credentials (the hot path compares it directly). */
const expectedHeaders = new WeakMap<Credentials, Buffer>()

/** REST: HTTP Basic with the local Account SID and Auth Token (REFERENCE §2.1). */
export function isRestAuthorized(request: IncomingMessage, credentials: Credentials): boolean {
  const header = request.headers.authorization
  if (!header?.startsWith('Basic ')) return false
  let expected = expectedHeaders.get(credentials)
  if (!expected) {
    expected = Buffer.from(`Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`)
    expectedHeaders.set(credentials, expected)
  }
  // Same length: one constant-time comparison of the whole header, no hashing per request.
  const given = Buffer.from(header)
  if (given.length === expected.length) return timingSafeEqual(given, expected)
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return false
  const user = decoded.slice(0, colon)
  const password = decoded.slice(colon + 1)
  // Evaluate both comparisons so timing does not reveal which half was wrong.
  const userOk = safeEqual(user, credentials.accountSid)
  const passwordOk = safeEqual(password, credentials.authToken)
  return userOk && passwordOk
}

/** Web UI and live events: the HttpOnly session cookie set by `/?token=...`. */
export function isUiAuthorized(request: IncomingMessage, credentials: Credentials): boolean {
  const cookie = readCookie(request, SESSION_COOKIE)
  return cookie !== undefined && safeEqual(cookie, credentials.uiToken)
}

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=31536000`
}

function readCookie(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim())
      } catch {
        return undefined
      }
    }
  }
  return undefined
}
