import twilio from 'twilio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebhookNotice } from '../../../src-main/contract/webhooks'
import { credentials, startTestServer } from '../helpers'
import { sdkClient } from '../sdk/sdkClient'
import { eventually, startReceiver, type Received } from './receiver'
import type { ServerResponse } from 'node:http'

/** Assignment callbacks (REFERENCE §7.1): the documented POST per reservation and its answers. */
let server: Awaited<ReturnType<typeof startTestServer>>
let receiver: Awaited<ReturnType<typeof startReceiver>>
let client: ReturnType<typeof sdkClient>['client']
const notices: WebhookNotice[] = []
/** Answers per path: /primary/<case> and /fallback/<case>. */
const answers = new Map<string, (request: Received, response: ServerResponse) => void>()

beforeAll(async () => {
  receiver = await startReceiver((request, response) => {
    const answer = answers.get(request.path)
    if (answer) answer(request, response)
    else response.writeHead(404).end()
  })
  server = await startTestServer({ webhooks: { assignmentTimeoutMs: 300 } })
  server.bus.on('app.webhook', (notice) => notices.push(notice))
  client = sdkClient(server.origin).client
})
afterAll(async () => {
  await server.close()
  await receiver.close()
})

const json = (body: unknown) => (_request: Received, response: ServerResponse): void => {
  response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
}

/** A workspace whose workflow calls /primary/<name> (and /fallback/<name>), with one available worker. */
async function scenario(name: string, fallback = false): Promise<{ ws: string; worker: string; offline: string; reservation: () => Promise<{ sid: string; status: string }>; task: string }> {
  const workspace = await client.taskrouter.v1.workspaces.create({ friendlyName: `Assign ${name}` })
  const w = client.taskrouter.v1.workspaces(workspace.sid)
  const activities = await w.activities.list()
  const queue = await w.taskQueues.create({ friendlyName: 'Q' })
  await w.workflows.create({
    friendlyName: 'Main',
    configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
    assignmentCallbackUrl: `${receiver.origin}/primary/${name}`,
    ...(fallback ? { fallbackAssignmentCallbackUrl: `${receiver.origin}/fallback/${name}` } : {}),
  })
  const worker = await w.workers.create({ friendlyName: 'Alice', attributes: '{"contact_uri":"client:alice"}', activitySid: activities.find((a) => a.friendlyName === 'Available')!.sid })
  const task = await w.tasks.create({ attributes: '{"call_sid":"CA1"}', priority: 7 })
  return {
    ws: workspace.sid,
    worker: worker.sid,
    task: task.sid,
    offline: activities.find((a) => a.friendlyName === 'Offline')!.sid,
    reservation: async () => {
      const [reservation] = await w.tasks(task.sid).reservations.list()
      return { sid: reservation!.sid, status: reservation!.reservationStatus }
    },
  }
}

async function deliveryOf(ws: string): Promise<{ status: string; attempts: number; last_error: string | null; response: string | null }> {
  return eventually(async () => {
    const result = await server.dispatch('webhooks.deliveries', { workspace_sid: ws })
    return (result.ok ? result.data.find((d) => d.kind === 'assignment') : undefined) ?? { status: 'none', attempts: 0, last_error: null, response: null }
  }, (delivery) => delivery.status !== 'pending' && delivery.status !== 'none')
}

describe('assignment callbacks (REFERENCE §7.1)', () => {
  it('POSTs the documented parameters, signed, once per reservation; an empty 200 leaves it pending', async () => {
    answers.set('/primary/wait', (_request, response) => { response.writeHead(200).end() })
    const s = await scenario('wait')
    const [request] = await receiver.waitFor((all) => all.some((r) => r.path === '/primary/wait'))
      .then((all) => all.filter((r) => r.path === '/primary/wait'))
    const reservation = await s.reservation()
    expect(request!.params).toMatchObject({
      AccountSid: credentials.accountSid, WorkspaceSid: s.ws, WorkerSid: s.worker, WorkerAttributes: '{"contact_uri":"client:alice"}',
      TaskSid: s.task, TaskAttributes: '{"call_sid":"CA1"}', TaskAge: '0', TaskPriority: '7', ReservationSid: reservation.sid,
    })
    for (const key of ['Timestamp', 'WorkflowSid', 'TaskQueueSid']) expect(request!.params[key]).toBeTruthy()
    expect(twilio.validateRequest(credentials.authToken, String(request!.headers['x-twilio-signature']), `${receiver.origin}/primary/wait`, request!.params)).toBe(true)
    expect((await deliveryOf(s.ws)).status).toBe('delivered')
    expect((await s.reservation()).status).toBe('pending')
  })

  it('applies {"instruction":"accept"} through dispatch: the reservation is accepted and the task assigned', async () => {
    answers.set('/primary/accept', json({ instruction: 'accept' }))
    const s = await scenario('accept')
    await eventually(() => s.reservation(), (r) => r.status === 'accepted')
    expect((await client.taskrouter.v1.workspaces(s.ws).tasks(s.task).fetch()).assignmentStatus).toBe('assigned')
    expect(await deliveryOf(s.ws)).toMatchObject({ status: 'delivered', response: '{"instruction":"accept"}' })
  })

  it('applies {"instruction":"reject","activity_sid":...}: rejected, and the worker moves to that activity', async () => {
    answers.set('/primary/reject', (request, response) => {
      // The receiver looks up the activity the way an app would, then answers within the 5 s.
      void client.taskrouter.v1.workspaces(request.params.WorkspaceSid!).activities.list({ friendlyName: 'Offline' })
        .then(([offline]) => json({ instruction: 'reject', activity_sid: offline!.sid })(request, response))
    })
    const s = await scenario('reject')
    await eventually(() => s.reservation(), (r) => r.status === 'rejected')
    expect((await client.taskrouter.v1.workspaces(s.ws).workers(s.worker).fetch()).activityName).toBe('Offline')
    expect((await client.taskrouter.v1.workspaces(s.ws).tasks(s.task).fetch()).assignmentStatus).toBe('pending')
  })

  it('calls the FallbackAssignmentCallbackUrl after a non-200 answer, and after a 5 s timeout (shortened here)', async () => {
    answers.set('/primary/error', (_request, response) => { response.writeHead(500).end() })
    answers.set('/fallback/error', json({ instruction: 'accept' }))
    const failing = await scenario('error', true)
    await eventually(() => failing.reservation(), (r) => r.status === 'accepted')
    expect(await deliveryOf(failing.ws)).toMatchObject({ status: 'delivered', attempts: 2 })

    answers.set('/primary/slow', () => { /* never answers */ })
    answers.set('/fallback/slow', json({ instruction: 'accept' }))
    const slow = await scenario('slow', true)
    await eventually(() => slow.reservation(), (r) => r.status === 'accepted')

    answers.set('/primary/nofallback', (_request, response) => { response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>') })
    const none = await scenario('nofallback')
    const delivery = await deliveryOf(none.ws)
    expect(delivery.status).toBe('failed')
    expect(delivery.last_error).toMatch(/AssignmentCallbackUrl: a body with Content-Type 'text\/html'/)
    expect((await none.reservation()).status).toBe('pending')
  })

  it('records dequeue/call/redirect/conference: accepts where §7.1 says so, with a "not supported without a voice provider" notice', async () => {
    answers.set('/primary/dequeue', json({ instruction: 'dequeue', from: '+15550100', post_work_activity_sid: 'WA' + '0'.repeat(32) }))
    const dequeue = await scenario('dequeue')
    await eventually(() => dequeue.reservation(), (r) => r.status === 'accepted')

    answers.set('/primary/call', json({ instruction: 'call', from: '+15550100', url: 'http://example.invalid/twiml' }))
    const call = await scenario('call')
    expect((await deliveryOf(call.ws)).status).toBe('delivered')
    expect((await call.reservation()).status).toBe('pending')

    answers.set('/primary/redirect', json({ instruction: 'redirect', call_sid: 'CA1', url: 'http://example.invalid/twiml', accept: true }))
    const redirect = await scenario('redirect')
    await eventually(() => redirect.reservation(), (r) => r.status === 'accepted')

    const voice = notices.filter((n) => n.message?.includes('not supported without a voice provider'))
    expect(voice.map((n) => n.message!.match(/^Instruction '(\w+)'/)![1])).toEqual(['dequeue', 'call', 'redirect'])
    expect(voice[1]!.message).toMatch(/stays pending/)

    answers.set('/primary/bogus', json({ instruction: 'teleport' }))
    const bogus = await scenario('bogus')
    expect((await deliveryOf(bogus.ws)).last_error).toMatch(/Unknown instruction 'teleport'/)
  })
})
