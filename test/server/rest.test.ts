import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicAuth, credentials, form, startTestServer } from './helpers'

let server: Awaited<ReturnType<typeof startTestServer>>
let base: string
const get = (path: string, auth = basicAuth) => fetch(`${base}${path}`, { headers: { Authorization: auth } })

beforeAll(async () => {
  server = await startTestServer()
  base = server.origin
})
afterAll(() => server.close())

describe('REST authentication (Basic, Account SID + Auth Token)', () => {
  it.each([
    ['no credentials', undefined],
    ['a wrong token', 'Basic ' + Buffer.from(`${credentials.accountSid}:wrong`).toString('base64')],
    ['a wrong account', 'Basic ' + Buffer.from(`AC${'b'.repeat(32)}:${credentials.authToken}`).toString('base64')],
    ['garbage', 'Bearer xyz'],
  ])('answers 401 with WWW-Authenticate for %s', async (_label, auth) => {
    const response = await fetch(`${base}/v1/Workspaces`, { headers: auth ? { Authorization: auth } : {} })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/)
    expect(await response.json()).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 })
  })

  it('answers GET /v1/Workspaces with 200 and a TaskRouter page', async () => {
    const response = await get('/v1/Workspaces')
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body.workspaces).toEqual([])
    expect(body.meta).toMatchObject({ key: 'workspaces', page: 0, page_size: 50, next_page_url: null, previous_page_url: null })
    expect(body.meta.first_page_url).toBe(`${base}/v1/Workspaces?PageSize=50&Page=0`)
  })
})

describe('workspace configuration over REST', () => {
  let ws: string

  it('creates a workspace from PascalCase form fields (201, snake_case JSON, url and links)', async () => {
    const response = await fetch(`${base}/v1/Workspaces`, form({ FriendlyName: 'Support', MultiTaskEnabled: 'true', PrioritizeQueueOrder: 'LIFO' }))
    expect(response.status).toBe(201)
    const body = await response.json()
    ws = body.sid
    expect(body).toMatchObject({
      account_sid: credentials.accountSid,
      friendly_name: 'Support',
      multi_task_enabled: true,
      prioritize_queue_order: 'LIFO',
      default_activity_name: 'Offline',
      url: `${base}/v1/Workspaces/${ws}`,
    })
    expect(body.links.activities).toBe(`${base}/v1/Workspaces/${ws}/Activities`)
    expect(body.date_created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  it.each([
    ['a duplicate name', '/v1/Workspaces', { FriendlyName: 'support' }, 400, 20001, /already exists/],
    ['a missing FriendlyName (named in PascalCase)', '/v1/Workspaces', {}, 400, 20001, /^FriendlyName is required$/],
    ['an unknown parameter', '/v1/Workspaces', { FriendlyName: 'X', Colour: 'red' }, 400, 20001, /Unknown parameter Colour/],
    ['a bad boolean', '/v1/Workspaces', { FriendlyName: 'X', MultiTaskEnabled: 'maybe' }, 400, 20001, /MultiTaskEnabled must be true or false/],
  ])('refuses %s with a TaskRouter error body', async (_label, path, fields, status, code, message) => {
    const response = await fetch(`${base}${path}`, form(fields))
    expect(response.status).toBe(status)
    const body = await response.json()
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'more_info', 'status'])
    expect(body.code).toBe(code)
    expect(body.message).toMatch(message)
  })

  it('lists, creates and deletes activities; deleting one in use is a 400 naming the use', async () => {
    const list = await (await get(`/v1/Workspaces/${ws}/Activities?Available=true`)).json()
    expect(list.activities.map((a: { friendly_name: string }) => a.friendly_name)).toEqual(['Available'])
    const created = await fetch(`${base}/v1/Workspaces/${ws}/Activities`, form({ FriendlyName: 'Training', Available: 'false' }))
    expect(created.status).toBe(201)
    const offline = (await (await get(`/v1/Workspaces/${ws}/Activities?FriendlyName=Offline`)).json()).activities[0]
    const refused = await fetch(`${base}/v1/Workspaces/${ws}/Activities/${offline.sid}`, { method: 'DELETE', headers: { Authorization: basicAuth } })
    expect(refused.status).toBe(400)
    expect((await refused.json()).message).toMatch(/default activity/)
    const removed = await fetch(`${base}/v1/Workspaces/${ws}/Activities/${(await created.json()).sid}`, { method: 'DELETE', headers: { Authorization: basicAuth } })
    expect(removed.status).toBe(204)
  })

  it('creates a worker with an ETag, and refuses a stale If-Match with 412', async () => {
    const created = await fetch(`${base}/v1/Workspaces/${ws}/Workers`, form({ FriendlyName: 'Alice', Attributes: '{"skills":["en"]}' }))
    expect(created.status).toBe(201)
    expect(created.headers.get('etag')).toBe('"0"')
    const worker = await created.json()
    expect(worker.attributes).toBe('{"skills":["en"]}')
    expect(worker.links.channels).toBe(`${base}/v1/Workspaces/${ws}/Workers/${worker.sid}/Channels`)
    const stale = await fetch(`${base}/v1/Workspaces/${ws}/Workers/${worker.sid}`, { ...form({ FriendlyName: 'Alicia' }), headers: { ...form({}).headers, 'If-Match': '"5"' } })
    expect(stale.status).toBe(412)
    expect((await stale.json()).code).toBe(20412)
    const fresh = await fetch(`${base}/v1/Workspaces/${ws}/Workers/${worker.sid}`, { ...form({ FriendlyName: 'Alicia' }), headers: { ...form({}).headers, 'If-Match': '"0"' } })
    expect(fresh.status).toBe(200)
    expect(fresh.headers.get('etag')).toBe('"1"')
  })

  it('updates a worker channel by unique name', async () => {
    const worker = (await (await get(`/v1/Workspaces/${ws}/Workers`)).json()).workers[0]
    const response = await fetch(`${base}/v1/Workspaces/${ws}/Workers/${worker.sid}/Channels/chat`, form({ Capacity: '3' }))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ task_channel_unique_name: 'chat', configured_capacity: 3, available_capacity_percentage: 100 })
  })

  it('creates queues and workflows; a workflow with an unknown queue is a 400 naming the JSON path', async () => {
    const queue = await (await fetch(`${base}/v1/Workspaces/${ws}/TaskQueues`, form({ FriendlyName: 'Sales', TargetWorkers: 'skills HAS "en"', MaxReservedWorkers: '3' }))).json()
    expect(queue).toMatchObject({ target_workers: 'skills HAS "en"', max_reserved_workers: 3, task_order: 'FIFO' })
    const bad = await fetch(`${base}/v1/Workspaces/${ws}/Workflows`, form({ FriendlyName: 'Main', Configuration: JSON.stringify({ task_routing: { default_filter: { queue: 'WQ' + '0'.repeat(32) } } }) }))
    expect(bad.status).toBe(400)
    expect((await bad.json()).message).toMatch(/task_routing\.default_filter\.queue/)
    const good = await fetch(`${base}/v1/Workspaces/${ws}/Workflows`, form({ FriendlyName: 'Main', Configuration: JSON.stringify({ task_routing: { default_filter: { queue: queue.sid } } }) }))
    expect(good.status).toBe(201)
    expect(await good.json()).toMatchObject({ document_content_type: 'application/json', task_reservation_timeout: 120 })
  })

  it('pages with PageSize and follows next_page_url (absolute, on this host)', async () => {
    for (const name of ['B1', 'B2', 'B3', 'B4']) await fetch(`${base}/v1/Workspaces/${ws}/Workers`, form({ FriendlyName: name }))
    const seen: string[] = []
    let url: string | null = `${base}/v1/Workspaces/${ws}/Workers?PageSize=2`
    while (url) {
      expect(url.startsWith(base)).toBe(true)
      const page: { workers: { friendly_name: string }[]; meta: { next_page_url: string | null; page_size: number } } = await (await get(url.slice(base.length))).json()
      expect(page.meta.page_size).toBe(2)
      seen.push(...page.workers.map((w) => w.friendly_name))
      url = page.meta.next_page_url
    }
    expect(seen).toEqual(['Alicia', 'B1', 'B2', 'B3', 'B4'])
  })

  it.each([
    ['an unknown path', '/v1/Nothing', 404, 20404],
    ['an unknown workspace', `/v1/Workspaces/WS${'0'.repeat(32)}`, 404, 20404],
    ['a path trick in a SID', '/v1/Workspaces/..%2F..%2Fetc', 400, 20001],
    ['PageSize over 1000', '/v1/Workspaces?PageSize=1001', 400, 20001],
  ])('answers %s with HTTP %s', async (_label, path, status, code) => {
    const response = await get(path)
    expect(response.status).toBe(status)
    expect((await response.json()).code).toBe(code)
  })

  it('deletes the workspace with 204', async () => {
    const response = await fetch(`${base}/v1/Workspaces/${ws}`, { method: 'DELETE', headers: { Authorization: basicAuth } })
    expect(response.status).toBe(204)
    expect((await get(`/v1/Workspaces/${ws}`)).status).toBe(404)
  })
})
