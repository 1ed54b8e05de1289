import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicAuth, form, startTestServer } from './helpers'

let server: Awaited<ReturnType<typeof startTestServer>>
let base: string
const get = async (path: string) => (await fetch(`${base}${path}`, { headers: { Authorization: basicAuth } })).json()
const post = async (path: string, fields: Record<string, string>) => (await fetch(`${base}${path}`, form(fields))).json()

beforeAll(async () => {
  server = await startTestServer()
  base = server.origin
})
afterAll(() => server.close())

describe('the Events log (REFERENCE §2.2 ListEvent)', () => {
  let ws: string
  let task: { sid: string }

  beforeAll(async () => {
    ws = (await post('/v1/Workspaces', { FriendlyName: 'Events', Template: 'FIFO' })).sid
    const available = (await get(`/v1/Workspaces/${ws}/Activities?FriendlyName=Available`)).activities[0].sid
    await post(`/v1/Workspaces/${ws}/Workers`, { FriendlyName: 'Alice', ActivitySid: available })
    task = await post(`/v1/Workspaces/${ws}/Tasks`, { Attributes: '{}' })
  })

  it('lists events newest first as TaskRouter Event resources', async () => {
    const page = await get(`/v1/Workspaces/${ws}/Events`)
    expect(page.meta.key).toBe('events')
    const [newest] = page.events
    expect(newest).toMatchObject({ event_type: 'reservation.created', resource_type: 'reservation', workspace_sid: ws })
    expect(newest.url).toBe(`${base}/v1/Workspaces/${ws}/Events/${newest.sid}`)
    expect(await get(`/v1/Workspaces/${ws}/Events/${newest.sid}`)).toMatchObject({ sid: newest.sid, event_type: 'reservation.created' })
  })

  it('finds everything about one task, its reservations included, with TaskSid', async () => {
    const page = await get(`/v1/Workspaces/${ws}/Events?TaskSid=${task.sid}`)
    expect(page.events.map((e: { event_type: string }) => e.event_type).reverse()).toEqual(['task.created', 'workflow.entered', 'workflow.target-matched', 'task-queue.entered', 'reservation.created'])
  })

  it('filters by EventType (one or a comma list)', async () => {
    const page = await get(`/v1/Workspaces/${ws}/Events?EventType=${encodeURIComponent('worker.created,task.created')}`)
    expect(page.events.map((e: { event_type: string }) => e.event_type).sort()).toEqual(['task.created', 'worker.created'])
  })

  it('covers the last 15 minutes unless Minutes or StartDate/EndDate say otherwise', async () => {
    server.clock.advance(16 * 60_000)
    // Only the reservation timeout (at 120 s, written by the timer path) is that recent.
    expect((await get(`/v1/Workspaces/${ws}/Events`)).events.map((e: { event_type: string }) => e.event_type)).toEqual(['worker.activity.update', 'reservation.timeout'])
    expect((await get(`/v1/Workspaces/${ws}/Events?Minutes=20`)).events.length).toBeGreaterThan(5)
  })
})
