import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { safeEqual, type Credentials } from './credentials'

export { safeEqual }

export const SESSION_COOKIE = 'routedesk_session'

/**
 * The last Authorization header that proved the Account SID + Auth Token, per credentials: the
 * hot path compares a repeat of it in one constant-time step instead of decoding and hashing.
 * It is dropped when the token changes (rotation).
 */
const verifiedHeaders = new WeakMap<Credentials, { version: string; header: Buffer }>()
/** Compared against when the API key is unknown, so a miss costs the same as a wrong secret. */
const UNKNOWN_KEY_DIGEST = createHash('sha256').update('unknown API key').digest()

/**
 * REST: HTTP Basic with the local Account SID and Auth Token, or an API key SID (`SK…`) and its
 * secret (REFERENCE §2.1). Every comparison is constant-time; only hashes of the secrets are
 * stored (server/credentials.ts).
 */
export function isRestAuthorized(request: IncomingMessage, credentials: Credentials): boolean {
  const header = request.headers.authorization
  if (!header?.startsWith('Basic ')) return false
  const given = Buffer.from(header)
  const verified = verifiedHeaders.get(credentials)
  if (verified && verified.version === credentials.authTokenVersion && given.length === verified.header.length && timingSafeEqual(given, verified.header)) return true
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return false
  const user = decoded.slice(0, colon)
  const password = decoded.slice(colon + 1)
  if (user.startsWith('SK')) return isApiKeyValid(credentials, user, password)
  // Evaluate both comparisons so timing does not reveal which half was wrong.
  const userOk = safeEqual(user, credentials.accountSid)
  const passwordOk = credentials.checkAuthToken(password)
  if (!userOk || !passwordOk) return false
  verifiedHeaders.set(credentials, { version: credentials.authTokenVersion, header: given })
  return true
}

function isApiKeyValid(credentials: Credentials, sid: string, secret: string): boolean {
  const stored = credentials.apiKeyDigests?.get(sid)
  const given = createHash('sha256').update(secret).digest()
  const matches = timingSafeEqual(given, stored ?? UNKNOWN_KEY_DIGEST)
  return matches && stored !== undefined
}

/** Web UI and live events: the HttpOnly session cookie that `/?token=…` hands out. */
export function isUiAuthorized(request: IncomingMessage, credentials: Credentials): boolean {
  const cookie = readCookie(request, SESSION_COOKIE)
  return cookie !== undefined && credentials.checkSession(cookie)
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Path=/, one year.
 * `Secure` when the browser reached us over HTTPS (a TLS proxy in front says so with
 * X-Forwarded-Proto): on plain http://127.0.0.1 a Secure cookie would never be sent back.
 */
export function sessionCookie(value: string, request?: IncomingMessage): string {
  const secure = request !== undefined && isHttps(request) ? '; Secure' : ''
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=31536000${secure}`
}

function isHttps(request: IncomingMessage): boolean {
  if ((request.socket as { encrypted?: boolean }).encrypted) return true
  const forwarded = request.headers['x-forwarded-proto']
  return (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase() === 'https'
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
