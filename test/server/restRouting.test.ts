import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicAuth, form, startTestServer } from './helpers'

let server: Awaited<ReturnType<typeof startTestServer>>
let base: string
const get = async (path: string) => (await fetch(`${base}${path}`, { headers: { Authorization: basicAuth } })).json()
const post = async (path: string, fields: Record<string, string>) => fetch(`${base}${path}`, form(fields))

beforeAll(async () => {
  server = await startTestServer()
  base = server.origin
})
afterAll(() => server.close())

describe('tasks and reservations over REST', () => {
  it('creates a task, offers it, accepts it under the worker path and completes it', async () => {
    const ws = (await (await post('/v1/Workspaces', { FriendlyName: 'Routing', Template: 'FIFO' })).json()).sid
    const available = (await get(`/v1/Workspaces/${ws}/Activities?FriendlyName=Available`)).activities[0].sid
    const worker = await (await post(`/v1/Workspaces/${ws}/Workers`, { FriendlyName: 'Alice', ActivitySid: available })).json()

    const created = await post(`/v1/Workspaces/${ws}/Tasks`, { Attributes: '{"type":"support"}', Priority: '5', TaskChannel: 'voice' })
    expect(created.status).toBe(201)
    expect(created.headers.get('etag')).toMatch(/^"\d+"$/)
    const task = await created.json()
    expect(task).toMatchObject({ assignment_status: 'reserved', priority: 5, task_channel_unique_name: 'voice', task_queue_friendly_name: 'Sample Queue', workflow_friendly_name: 'Default Fifo Workflow' })
    expect(task.links.reservations).toBe(`${base}/v1/Workspaces/${ws}/Tasks/${task.sid}/Reservations`)

    const pending = await get(`/v1/Workspaces/${ws}/Workers/${worker.sid}/Reservations?ReservationStatus=pending`)
    expect(pending.meta.key).toBe('reservations')
    const reservation = pending.reservations[0]
    expect(reservation).toMatchObject({ task_sid: task.sid, worker_name: 'Alice', url: `${base}/v1/Workspaces/${ws}/Workers/${worker.sid}/Reservations/${reservation.sid}` })

    const accepted = await post(`/v1/Workspaces/${ws}/Workers/${worker.sid}/Reservations/${reservation.sid}`, { Instruction: 'conference', From: '+15550100', To: 'client:alice' })
    expect(accepted.status).toBe(200)
    expect((await accepted.json()).reservation_status).toBe('accepted')
    const again = await post(`/v1/Workspaces/${ws}/Tasks/${task.sid}/Reservations/${reservation.sid}`, { ReservationStatus: 'accepted' })
    expect(again.status).toBe(410)

    const completed = await (await post(`/v1/Workspaces/${ws}/Tasks/${task.sid}`, { AssignmentStatus: 'completed', Reason: 'resolved' })).json()
    expect(completed).toMatchObject({ assignment_status: 'completed', reason: 'resolved' })
  })

  it('lists tasks by AssignmentStatus given as repeated keys or a comma list, and by expression', async () => {
    const ws = (await (await post('/v1/Workspaces', { FriendlyName: 'Lists', Template: 'FIFO' })).json()).sid
    await post(`/v1/Workspaces/${ws}/Tasks`, { Attributes: '{"language":"fr"}' })
    const toCancel = await (await post(`/v1/Workspaces/${ws}/Tasks`, { Attributes: '{"language":"en"}' })).json()
    await post(`/v1/Workspaces/${ws}/Tasks/${toCancel.sid}`, { AssignmentStatus: 'canceled', Reason: 'test' })
    const repeated = await get(`/v1/Workspaces/${ws}/Tasks?AssignmentStatus=pending&AssignmentStatus=canceled`)
    const comma = await get(`/v1/Workspaces/${ws}/Tasks?AssignmentStatus=pending%2Ccanceled`)
    expect(repeated.tasks).toHaveLength(2)
    expect(comma.tasks).toHaveLength(2)
    const french = await get(`/v1/Workspaces/${ws}/Tasks?EvaluateTaskAttributes=${encodeURIComponent('language == "fr"')}`)
    expect(french.tasks.map((t: { attributes: string }) => t.attributes)).toEqual(['{"language":"fr"}'])
    const bad = await fetch(`${base}/v1/Workspaces/${ws}/Tasks?EvaluateTaskAttributes=${encodeURIComponent('language = = "fr"')}`, { headers: { Authorization: basicAuth } })
    expect(bad.status).toBe(400)
    expect((await bad.json()).message).toMatch(/column/)
  })

  it('lists tasks by Priority (REFERENCE §2.2 ListTask) and sorts them with Ordering', async () => {
    const ws = (await (await post('/v1/Workspaces', { FriendlyName: 'Priorities', Template: 'FIFO' })).json()).sid
    for (const priority of ['1', '5', '5', '9']) await post(`/v1/Workspaces/${ws}/Tasks`, { Priority: priority })
    const five = await get(`/v1/Workspaces/${ws}/Tasks?Priority=5`)
    expect(five.tasks.map((t: { priority: number }) => t.priority)).toEqual([5, 5])
    const sorted = await get(`/v1/Workspaces/${ws}/Tasks?Ordering=Priority:desc`)
    expect(sorted.tasks.map((t: { priority: number }) => t.priority)).toEqual([9, 5, 5, 1])
    const bad = await fetch(`${base}/v1/Workspaces/${ws}/Tasks?Priority=high`, { headers: { Authorization: basicAuth } })
    expect(bad.status).toBe(400)
    expect((await bad.json()).message).toBe("Priority must be an integer, not 'high'")
  })

  it('refuses a queue whose TargetWorkers does not parse, naming the column and the hint', async () => {
    const ws = (await (await post('/v1/Workspaces', { FriendlyName: 'Bad expressions' })).json()).sid
    const response = await post(`/v1/Workspaces/${ws}/TaskQueues`, { FriendlyName: 'Q', TargetWorkers: 'skill-level > 3' })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.code).toBe(20001)
    expect(body.message).toMatch(/^TargetWorkers: .*column 1.*skill_level/)
  })
})
