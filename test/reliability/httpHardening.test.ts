import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicAuth, credentials, startTestServer } from '../server/helpers'

/**
 * Issue 11, HTTP hardening, as a client on the network sees it: no route without auth, no CORS
 * for any origin, cookie flags, request size limits, and callback URLs limited to http(s).
 */

type Server = Awaited<ReturnType<typeof startTestServer>>
let server: Server
let cookie = ''

beforeAll(async () => {
  server = await startTestServer()
  const signIn = await fetch(`${server.origin}/?token=${credentials.uiToken}`, { redirect: 'manual' })
  cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!
})
afterAll(async () => server?.close())

describe('HTTP hardening', () => {
  it.each([
    ['GET', '/v1/Workspaces'],
    ['POST', '/v1/Workspaces'],
    ['GET', '/rpc/workspaces.list'],
    ['POST', '/rpc/workspaces.list'],
    ['GET', '/live'],
    ['GET', '/'],
    ['GET', '/assets/app.js'],
  ])('%s %s without credentials is refused', async (method, path) => {
    const response = await fetch(`${server.origin}${path}`, { method, redirect: 'manual' })
    expect(response.status).toBe(401)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })

  it.each<[string, string, Record<string, string>]>([
    ['OPTIONS', '/v1/Workspaces', { Authorization: basicAuth }],
    ['GET', '/v1/Workspaces', { Authorization: basicAuth }],
    ['POST', '/rpc/workspaces.list', { Cookie: '' }],
  ])('sends no CORS header to a foreign origin (%s %s)', async (method, path, headers) => {
    const response = await fetch(`${server.origin}${path}`, {
      method,
      headers: { ...headers, ...(headers.Cookie !== undefined ? { Cookie: cookie, 'Content-Type': 'application/json' } : {}), Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
      body: method === 'POST' ? '{}' : undefined,
    })
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    expect(response.headers.get('access-control-allow-credentials')).toBeNull()
    // RPC additionally refuses the foreign origin outright (the cookie alone is not enough).
    if (path.startsWith('/rpc')) expect(response.status).toBe(403)
  })

  it('sets the session cookie HttpOnly, SameSite=Strict, on the whole app', async () => {
    const response = await fetch(`${server.origin}/?token=${credentials.uiToken}`, { redirect: 'manual' })
    const setCookie = response.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    expect(setCookie).toMatch(/Path=\//)
  })

  it('gives each sign-in a session of its own: the login token itself is never the cookie', async () => {
    const again = await fetch(`${server.origin}/?token=${credentials.uiToken}`, { redirect: 'manual' })
    const other = (again.headers.get('set-cookie') ?? '').split(';')[0]!
    expect(other).not.toBe(cookie)
    expect(cookie).not.toContain(encodeURIComponent(credentials.uiToken))
    const withCookie = (value: string): Promise<Response> => fetch(`${server.origin}/`, { headers: { Cookie: value } })
    expect([(await withCookie(cookie)).status, (await withCookie(other)).status, (await withCookie(`routedesk_session=${credentials.uiToken}`)).status]).toEqual([200, 200, 401])
  })

  it.each([
    ['plain HTTP', {}, false],
    ['HTTPS through a TLS proxy', { 'X-Forwarded-Proto': 'https' }, true],
  ])('marks the session cookie Secure only over HTTPS (%s)', async (_case, headers, secure) => {
    const response = await fetch(`${server.origin}/?token=${credentials.uiToken}`, { redirect: 'manual', headers })
    expect(/;\s*Secure/.test(response.headers.get('set-cookie') ?? '')).toBe(secure)
  })

  it('refuses a request body over 2 MiB with 413 and a TaskRouter error', async () => {
    const response = await fetch(`${server.origin}/v1/Workspaces`, {
      method: 'POST',
      headers: { Authorization: basicAuth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'FriendlyName=' + 'x'.repeat(2 * 1024 * 1024 + 10),
    })
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ status: 413, message: expect.any(String) })
    // ... and the server is still up.
    expect((await fetch(`${server.origin}/v1/Workspaces`, { headers: { Authorization: basicAuth } })).status).toBe(200)
  })

  it('bounds how long a client may take to send its request', () => {
    expect(server.server.headersTimeout).toBeGreaterThan(0)
    expect(server.server.headersTimeout).toBeLessThanOrEqual(30_000)
    expect(server.server.requestTimeout).toBeGreaterThan(0)
    expect(server.server.requestTimeout).toBeLessThanOrEqual(120_000)
  })

  it.each(['ftp://example.com/hook', 'file:///etc/passwd', 'javascript:alert(1)', 'gopher://x', 'not a url', 'http://'])('refuses %s as an event callback URL', async (url) => {
    const response = await fetch(`${server.origin}/v1/Workspaces`, {
      method: 'POST',
      headers: { Authorization: basicAuth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ FriendlyName: `cb-${Math.random()}`, EventCallbackUrl: url }).toString(),
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { message: string }).message).toMatch(/EventCallbackUrl|callback|URL/i)
  })
})
