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

/** The exact header a client like twilio-node sends, per credentials and token (the hot path compares it directly). */
const expectedHeaders = new WeakMap<Credentials, { accountSid: string; authToken: string; header: Buffer }>()
/** Compared against when the API key is unknown, so a miss costs the same as a wrong secret. */
const UNKNOWN_KEY_DIGEST = createHash('sha256').update('unknown API key').digest()

/**
 * REST: HTTP Basic with the local Account SID and Auth Token, or an API key SID (`SK…`) and its
 * secret (REFERENCE §2.1). Every comparison is constant-time.
 */
export function isRestAuthorized(request: IncomingMessage, credentials: Credentials): boolean {
  const header = request.headers.authorization
  if (!header?.startsWith('Basic ')) return false
  const expected = expectedHeader(credentials)
  // Same length: one constant-time comparison of the whole header, no decoding per request.
  // An API key header can have that length too, so a mismatch still goes the long way.
  const given = Buffer.from(header)
  if (given.length === expected.length && timingSafeEqual(given, expected)) return true
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return false
  const user = decoded.slice(0, colon)
  const password = decoded.slice(colon + 1)
  if (user.startsWith('SK')) return isApiKeyValid(credentials, user, password)
  // Evaluate both comparisons so timing does not reveal which half was wrong.
  const userOk = safeEqual(user, credentials.accountSid)
  const passwordOk = safeEqual(password, credentials.authToken)
  return userOk && passwordOk
}

function expectedHeader(credentials: Credentials): Buffer {
  const { accountSid, authToken } = credentials
  const cached = expectedHeaders.get(credentials)
  // A rotated token replaces the cached header on its first use.
  if (cached && cached.accountSid === accountSid && cached.authToken === authToken) return cached.header
  const header = Buffer.from(`Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`)
  expectedHeaders.set(credentials, { accountSid, authToken, header })
  return header
}

function isApiKeyValid(credentials: Credentials, sid: string, secret: string): boolean {
  const stored = credentials.apiKeyDigests?.get(sid)
  const given = createHash('sha256').update(secret).digest()
  const matches = timingSafeEqual(given, stored ?? UNKNOWN_KEY_DIGEST)
  return matches && stored !== undefined
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
