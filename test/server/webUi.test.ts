import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { credentials, startTestServer } from './helpers'

let server: Awaited<ReturnType<typeof startTestServer>>
let base: string
let cookie: string

beforeAll(async () => {
  server = await startTestServer()
  base = server.origin
})
afterAll(() => server.close())

const rpc = (method: string, input: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/rpc/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(input) })

describe('web UI sign-in with the UI token', () => {
  it.each(['/', '/index.html', '/assets/app.js', '/rpc/workspaces.list', '/live'])('answers 401 without a session: %s', async (path) => {
    const response = await fetch(`${base}${path}`, { method: path.startsWith('/rpc') ? 'POST' : 'GET', headers: { 'Content-Type': 'application/json' } })
    expect(response.status).toBe(401)
  })

  it('refuses a wrong token', async () => {
    const response = await fetch(`${base}/?token=nope`, { redirect: 'manual' })
    expect(response.status).toBe(401)
  })

  it('trades ?token= for an HttpOnly SameSite cookie and redirects to /', async () => {
    const response = await fetch(`${base}/?token=${credentials.uiToken}`, { redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/')
    const setCookie = response.headers.get('set-cookie')!
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    cookie = setCookie.split(';')[0]!
  })

  it('serves the UI with a strict Content-Security-Policy once signed in', async () => {
    const response = await fetch(`${base}/`, { headers: { Cookie: cookie } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain('<div id="app">')
  })

  it('keeps static paths inside the renderer folder', async () => {
    const response = await fetch(`${base}/..%2F..%2F..%2Fetc%2Fpasswd`, { headers: { Cookie: cookie } })
    expect(await response.text()).not.toContain('root:')
  })
})

describe('RPC for the web UI', () => {
  it('answers a Result body', async () => {
    const response = await rpc('workspaces.create', { friendly_name: 'Web' }, { Cookie: cookie })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ ok: true, data: { friendly_name: 'Web' } })
  })

  it('returns errors with the field at fault and the matching status', async () => {
    const response = await rpc('workspaces.create', { friendly_name: 'web' }, { Cookie: cookie })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 20001, param: 'friendly_name' } })
  })

  it.each([
    ['a cross-origin request', { Origin: 'http://evil.example' }, 403],
    ['a non-JSON body type', { 'Content-Type': 'text/plain' }, 400],
  ])('refuses %s', async (_label, headers, status) => {
    const response = await rpc('workspaces.list', {}, { Cookie: cookie, ...headers })
    expect(response.status).toBe(status)
  })

  it('pushes app.changed and domain events over /live (SSE)', async () => {
    const controller = new AbortController()
    const response = await fetch(`${base}/live`, { headers: { Cookie: cookie }, signal: controller.signal })
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/)
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    await rpc('workspaces.create', { friendly_name: 'Live' }, { Cookie: cookie })
    while (!text.includes('event: app.event')) text += decoder.decode((await reader.read()).value)
    controller.abort()
    expect(text).toContain('event: app.changed')
    expect(text).toMatch(/"event_type":"workspace.created"/)
  })
})
