import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer } from './helpers'

let server: Awaited<ReturnType<typeof startTestServer>>
let ws: string
let layoutSid: string
let token: string
let linkSid: string

async function call<T>(method: string, input: unknown): Promise<T> {
  const result = await server.dispatch(method as never, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.data as T
}

const shareRpc = (shareToken: string, method: string, input: unknown = {}) =>
  fetch(`${server.origin}/share/${shareToken}/rpc/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) })

beforeAll(async () => {
  server = await startTestServer()
  ws = (await call<{ sid: string }>('workspaces.create', { friendly_name: 'Shared', template: 'FIFO' })).sid
  await call('workers.create', { workspace_sid: ws, friendly_name: 'Private Name' })
  layoutSid = (await call<{ sid: string }>('wallboardLayouts.create', { workspace_sid: ws, name: 'Lobby' })).sid
  await call('wallboardLayouts.create', { workspace_sid: ws, name: 'Managers only' })
  const created = await call<{ token: string; link: { sid: string } }>('shareLinks.create', { workspace_sid: ws, name: 'Lobby TV', layout_sid: layoutSid })
  token = created.token
  linkSid = created.link.sid
})
afterAll(() => server.close())

describe('read-only share links (/share/<token>/)', () => {
  it('opens nothing while sharing is off (the default)', async () => {
    expect((await fetch(`${server.origin}/share/${token}/`)).status).toBe(401)
    expect((await shareRpc(token, 'stats.snapshot')).status).toBe(401)
  })

  it('serves the board and its statistics once sharing is on, for the link workspace only', async () => {
    await call('wallboardSettings.update', { workspace_sid: ws, sharing_enabled: true })
    const page = await fetch(`${server.origin}/share/${token}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect((await fetch(`${server.origin}/share/${token}/assets/app.js`)).status).toBe(200)

    const other = await call<{ sid: string }>('workspaces.create', { friendly_name: 'Other' })
    const snapshot = (await (await shareRpc(token, 'stats.snapshot', { workspace_sid: other.sid })).json()) as { ok: true; data: { workspace_sid: string } }
    expect(snapshot.data.workspace_sid).toBe(ws)
  })

  it('shows the linked layout only, and the agent grid without worker names', async () => {
    const layouts = (await (await shareRpc(token, 'wallboardLayouts.list')).json()) as { data: { name: string }[] }
    expect(layouts.data.map((layout) => layout.name)).toEqual(['Lobby'])
    const grid = (await (await shareRpc(token, 'wallboardAgents.get')).json()) as { data: { sids: string[]; names: string[] } }
    expect(grid.data.sids).toHaveLength(1)
    expect(grid.data.names).toEqual([''])
  })

  it.each([
    ['a write through the share rpc', 'workers.create', { friendly_name: 'Intruder' }],
    ['a revocation through the share rpc', 'shareLinks.revoke', { sid: 'RD' + '0'.repeat(32) }],
    ['a read outside the statistics', 'workers.list', {}],
    ['the token check itself', 'shareLinks.authorize', { token: 'f'.repeat(64) }],
  ])('refuses %s with 403', async (_label, method, input) => {
    const response = await shareRpc(token, method, input)
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 20004, status: 403 } })
  })

  it('reaches none of the signed-in routes with the share token', async () => {
    const rpc = await fetch(`${server.origin}/rpc/workers.create`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ workspace_sid: ws, friendly_name: 'X' }) })
    expect(rpc.status).toBe(401)
    expect((await fetch(`${server.origin}/?token=${token}`, { redirect: 'manual' })).status).toBe(401)
    expect((await fetch(`${server.origin}/live`)).status).toBe(401)
    expect((await fetch(`${server.origin}/share/${token}/`, { method: 'DELETE' })).status).toBe(405)
    expect((await fetch(`${server.origin}/share/${token}/../rpc/workers.list`)).status).not.toBe(200)
  })

  it.each([
    ['a wrong token', 'a'.repeat(64), 401],
    ['a malformed token', 'not-a-token', 404],
  ])('refuses %s', async (_label, wrong, status) => {
    expect((await fetch(`${server.origin}/share/${wrong}/`)).status).toBe(status)
    expect((await shareRpc(wrong, 'stats.snapshot')).status).toBe(status)
    expect((await fetch(`${server.origin}/share/${wrong}/live`)).status).toBe(status)
  })

  it('streams only this workspace statistics, and ends the stream when the link is revoked', async () => {
    const controller = new AbortController()
    const live = await fetch(`${server.origin}/share/${token}/live`, { signal: controller.signal })
    expect(live.status).toBe(200)
    const reader = live.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    server.bus.emit('app.event', { event_type: 'worker.created' } as never)
    server.bus.emit('app.wallboard', { workspace_sid: ws, generated_at_ms: 1, available_workers: 0, agents: { changes: [], removed: [] }, kpis_30m: null })
    while (!text.includes('app.wallboard')) text += decoder.decode((await reader.read()).value)
    expect(text).not.toContain('app.event')

    await call('shareLinks.revoke', { workspace_sid: ws, sid: linkSid })
    let done = false
    while (!done) done = (await reader.read()).done
    expect(done).toBe(true)
    expect((await fetch(`${server.origin}/share/${token}/`)).status).toBe(401)
    expect((await shareRpc(token, 'stats.snapshot')).status).toBe(401)
    controller.abort()
  })
})
