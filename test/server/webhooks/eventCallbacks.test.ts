import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import twilio from 'twilio'
import { afterEach, describe, expect, it } from 'vitest'
import { AUTH_TOKEN_NEEDED } from '../../../src-main/contract/webhooks'
import { loadCredentials } from '../../../src-main/server/credentials'
import { createMemoryStore } from '../../../src-main/store/memoryStore'
import { credentials, startTestServer } from '../helpers'
import { sdkClient } from '../sdk/sdkClient'
import { eventually, startReceiver } from './receiver'

type Server = Awaited<ReturnType<typeof startTestServer>>
type Receiver = Awaited<ReturnType<typeof startReceiver>>
const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close()
})

async function setup(webhooks: Parameters<typeof startTestServer>[0] = { webhooks: { baseDelayMs: 20 } }): Promise<{ server: Server; receiver: Receiver; client: ReturnType<typeof sdkClient>['client'] }> {
  const receiver = await startReceiver()
  cleanup.push(receiver.close)
  const server = await startTestServer(webhooks)
  cleanup.push(server.close)
  return { server, receiver, client: sdkClient(server.origin).client }
}

async function routingWorkspace(client: ReturnType<typeof sdkClient>['client'], fields: { eventCallbackUrl: string; eventsFilter?: string }): Promise<{ ws: string; available: string }> {
  const workspace = await client.taskrouter.v1.workspaces.create({ friendlyName: 'Callbacks', template: 'FIFO', ...fields })
  const available = (await client.taskrouter.v1.workspaces(workspace.sid).activities.list({ friendlyName: 'Available' }))[0]!.sid
  return { ws: workspace.sid, available }
}

describe('event callbacks (REFERENCE §7.3, decision 14)', () => {
  it('after a restart, waits without spending attempts until the hashed Auth Token is proven, then delivers signed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routedesk-unsigned-'))
    const token = (await loadCredentials(dir, {})).generatedAuthToken!
    const restarted = await loadCredentials(dir, {}) // knows only the token's hash
    const receiver = await startReceiver()
    cleanup.push(receiver.close)
    const server = await startTestServer({ vault: restarted, webhooks: { baseDelayMs: 20, maxAttempts: 2, unsignedRetryMs: 30 } })
    cleanup.push(server.close)
    const url = `${receiver.origin}/events`
    // Through the app's own transport, not REST: signing in to REST with the token would prove it.
    const created = await server.dispatch('workspaces.create', { friendly_name: 'After restart', template: 'FIFO', event_callback_url: url, events_filter: 'task.created' })
    if (!created.ok) throw new Error(created.error.message)
    const ws = created.data.sid
    expect((await server.dispatch('tasks.create', { workspace_sid: ws, attributes: '{}' })).ok).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 300)) // ten unsigned looks, far past maxAttempts
    const waiting = await eventually(() => server.dispatch('webhooks.deliveries', { workspace_sid: ws }), (result) => result.ok && result.data.some((d) => d.last_error !== null))
    if (!waiting.ok) throw new Error(waiting.error.message)
    expect(waiting.data.map((d) => ({ status: d.status, attempts: d.attempts, waiting: d.last_error?.startsWith(AUTH_TOKEN_NEEDED) })))
      .toEqual([{ status: 'pending', attempts: 0, waiting: true }])
    expect(receiver.received).toEqual([])

    // A REST client signs in with the token: the next look signs and delivers.
    const rest = twilio(restarted.accountSid, token, { httpClient: sdkClient(server.origin).client.httpClient })
    await rest.taskrouter.v1.workspaces.list()
    const [delivered] = await receiver.waitFor((received) => received.length === 1)
    expect(twilio.validateRequest(token, String(delivered!.headers['x-twilio-signature']), url, delivered!.params)).toBe(true)
  })

  it('POSTs every event form-encoded with the §7.3 parameters, signed so twilio.validateRequest accepts it', async () => {
    const { receiver, client } = await setup()
    const url = `${receiver.origin}/taskrouter/events?source=routedesk`
    const { ws, available } = await routingWorkspace(client, { eventCallbackUrl: url })
    const worker = await client.taskrouter.v1.workspaces(ws).workers.create({ friendlyName: 'Alice', activitySid: available, attributes: '{"skills":["support"]}' })
    const task = await client.taskrouter.v1.workspaces(ws).tasks.create({ attributes: '{"type":"support"}', priority: 3 })

    const all = await receiver.waitFor((received) => received.some((r) => r.params.EventType === 'reservation.created'))
    for (const request of all) {
      expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/)
      const signature = String(request.headers['x-twilio-signature'])
      expect(twilio.validateRequest(credentials.authToken, signature, url, request.params)).toBe(true)
      expect(twilio.validateRequest('another-token', signature, url, request.params)).toBe(false)
    }
    const created = all.find((r) => r.params.EventType === 'worker.created')!
    expect(created.params).toMatchObject({ AccountSid: credentials.accountSid, WorkspaceSid: ws, WorkspaceName: 'Callbacks', ResourceType: 'Worker', ResourceSid: worker.sid, WorkerSid: worker.sid, WorkerName: 'Alice', WorkerActivityName: 'Available' })
    expect(created.params.EventDescription).toBeTruthy()
    expect(created.params.Timestamp).toMatch(/^\d+$/)
    expect(Number(created.params.TimestampMs)).toBe(Number(created.params.Timestamp) * 1000 + (Number(created.params.TimestampMs) % 1000))

    const reservation = all.find((r) => r.params.EventType === 'reservation.created')!
    expect(reservation.params).toMatchObject({ ResourceType: 'Reservation', TaskSid: task.sid, TaskAttributes: '{"type":"support"}', TaskPriority: '3', TaskAge: '0', WorkerSid: worker.sid, TaskQueueSid: task.taskQueueSid, WorkflowSid: task.workflowSid, TaskAssignmentStatus: 'reserved' })
    expect(reservation.params.ReservationSid).toMatch(/^WR/)

    // In order per task: its events (reservations included) arrive as they happened.
    const forTask = all.filter((r) => r.params.TaskSid === task.sid).map((r) => r.params.EventType)
    expect(forTask).toEqual(['task.created', 'workflow.entered', 'workflow.target-matched', 'task-queue.entered', 'reservation.created'])
  })

  it('sends only the types listed in EventsFilter (a comma list)', async () => {
    const { receiver, client } = await setup()
    const { ws } = await routingWorkspace(client, { eventCallbackUrl: `${receiver.origin}/events`, eventsFilter: 'task.created, task.canceled' })
    const task = await client.taskrouter.v1.workspaces(ws).tasks.create({ attributes: '{}' })
    await client.taskrouter.v1.workspaces(ws).tasks(task.sid).update({ assignmentStatus: 'canceled', reason: 'caller hung up' })
    await receiver.waitFor((received) => received.length >= 2)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(receiver.received.map((r) => r.params.EventType)).toEqual(['task.created', 'task.canceled'])
    expect(receiver.received[1]!.params).toMatchObject({ Reason: 'caller hung up', TaskCanceledReason: 'caller hung up' })
  })

  it('retries with exponential backoff, keeps the order per task, and shows the status through webhooks.deliveries', async () => {
    const { server, receiver, client } = await setup()
    const { ws } = await routingWorkspace(client, { eventCallbackUrl: `${receiver.origin}/events`, eventsFilter: 'task.created,task.canceled' })
    let failures = 0
    receiver.respond((_request, response) => {
      if (failures < 2) {
        failures += 1
        response.writeHead(500).end('busy')
      } else {
        response.writeHead(204).end()
      }
    })
    const task = await client.taskrouter.v1.workspaces(ws).tasks.create({ attributes: '{}' })
    await client.taskrouter.v1.workspaces(ws).tasks(task.sid).update({ assignmentStatus: 'canceled', reason: 'x' })
    await receiver.waitFor((received) => received.filter((r) => r.params.EventType === 'task.canceled').length === 1)
    const attempts = receiver.received.map((r) => r.params.EventType)
    expect(attempts).toEqual(['task.created', 'task.created', 'task.created', 'task.canceled'])
    // Backoff: 20 ms, then 40 ms.
    const gaps = [receiver.received[1]!.at - receiver.received[0]!.at, receiver.received[2]!.at - receiver.received[1]!.at]
    expect(gaps[0]).toBeGreaterThanOrEqual(15)
    expect(gaps[1]).toBeGreaterThanOrEqual(35)

    const deliveries = await eventually(async () => {
      const result = await server.dispatch('webhooks.deliveries', { workspace_sid: ws })
      return result.ok ? result.data : []
    }, (list) => list.length === 2 && list.every((d) => d.status === 'delivered'))
    expect(deliveries.map((d) => [d.event_type, d.attempts])).toEqual([['task.canceled', 1], ['task.created', 3]])
    expect(deliveries[1]).toMatchObject({ kind: 'event', last_status_code: 204, url: `${receiver.origin}/events` })
  })

  it('gives up after maxAttempts and records the last error', async () => {
    const { server, receiver, client } = await setup({ webhooks: { baseDelayMs: 5, maxAttempts: 3 } })
    receiver.respond((_request, response) => { response.writeHead(503).end() })
    const { ws } = await routingWorkspace(client, { eventCallbackUrl: `${receiver.origin}/events`, eventsFilter: 'task.created' })
    await client.taskrouter.v1.workspaces(ws).tasks.create({ attributes: '{}' })
    const [failed] = await eventually(async () => {
      const result = await server.dispatch('webhooks.deliveries', { workspace_sid: ws, status: 'failed' })
      return result.ok ? result.data : []
    }, (list) => list.length === 1)
    expect(failed).toMatchObject({ attempts: 3, last_status_code: 503 })
    expect(failed!.last_error).toMatch(/Gave up after 3 attempts: HTTP 503/)
  })

  it('never holds up the API: a receiver that does not answer times out in the background', async () => {
    const { server, receiver, client } = await setup({ webhooks: { eventTimeoutMs: 300, baseDelayMs: 10_000 } })
    receiver.respond(() => { /* never answers */ })
    const { ws } = await routingWorkspace(client, { eventCallbackUrl: `${receiver.origin}/events` })
    const started = Date.now()
    for (let index = 0; index < 5; index += 1) await client.taskrouter.v1.workspaces(ws).tasks.create({ attributes: '{}' })
    expect(Date.now() - started).toBeLessThan(1000)
    const pending = await eventually(async () => {
      const result = await server.dispatch('webhooks.deliveries', { workspace_sid: ws, status: 'pending' })
      return result.ok ? result.data : []
    }, (list) => list.some((d) => d.attempts === 1))
    expect(pending.find((d) => d.attempts === 1)!.last_error).toMatch(/No answer within 0.3 s/)
  })

  it('delivers from the durable outbox after a restart what the previous run could not', async () => {
    const store = createMemoryStore()
    const receiver = await startReceiver()
    cleanup.push(receiver.close)
    const url = `${receiver.origin}/events`
    const first = await startTestServer({ store, webhooks: { baseDelayMs: 60_000 } })
    receiver.respond((_request, response) => { response.writeHead(500).end() })
    const client = sdkClient(first.origin).client
    const { ws } = await routingWorkspace(client, { eventCallbackUrl: url, eventsFilter: 'task.created' })
    const task = await client.taskrouter.v1.workspaces(ws).tasks.create({ attributes: '{}' })
    await receiver.waitFor((received) => received.length === 1)
    await first.close()

    receiver.respond((_request, response) => { response.writeHead(204).end() })
    const second = await startTestServer({ store, webhooks: { baseDelayMs: 10 } })
    cleanup.push(second.close)
    // The retry was a minute away; a restart picks the row up from the store and sends it at once.
    const [, again] = await receiver.waitFor((received) => received.length === 2)
    expect(again!.params).toMatchObject({ EventType: 'task.created', TaskSid: task.sid })
    const [row] = await eventually(() => store.queryDeliveries({ workspace_sid: ws }), (list) => list[0]?.status === 'delivered')
    expect(row!.attempts).toBe(2)
  })
})
