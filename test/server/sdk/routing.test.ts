import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { credentials, startTestServer } from '../helpers'
import { restError, RestException, sdkClient, type Twilio } from './sdkClient'

/**
 * Tasks, reservations, events and errors through the official `twilio` SDK, unchanged
 * (REFERENCE §2.2-§2.5, §3, §10).
 */
let server: Awaited<ReturnType<typeof startTestServer>>
let client: Twilio

beforeAll(async () => {
  server = await startTestServer()
  client = sdkClient(server.origin).client
})
afterAll(() => server.close())

async function routingWorkspace(name: string, maxReservedWorkers = 1): Promise<{ ws: string; queue: string; workflow: string; available: string; offline: string }> {
  const workspace = await client.taskrouter.v1.workspaces.create({ friendlyName: name })
  const w = client.taskrouter.v1.workspaces(workspace.sid)
  const activities = await w.activities.list()
  const available = activities.find((a) => a.friendlyName === 'Available')!.sid
  const offline = activities.find((a) => a.friendlyName === 'Offline')!.sid
  const queue = await w.taskQueues.create({ friendlyName: 'Support', targetWorkers: "skills HAS 'support'", maxReservedWorkers })
  const workflow = await w.workflows.create({
    friendlyName: 'Main',
    configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } }),
  })
  return { ws: workspace.sid, queue: queue.sid, workflow: workflow.sid, available, offline }
}

describe('tasks through the twilio SDK (REFERENCE §1.4 Task, §2.2, §2.5)', () => {
  let setup: Awaited<ReturnType<typeof routingWorkspace>>
  beforeAll(async () => {
    setup = await routingWorkspace('SDK Tasks')
  })

  it('creates (201 + ETag), fetches, updates with If-Match, lists with paging and filters, removes', async () => {
    const tasks = client.taskrouter.v1.workspaces(setup.ws).tasks
    const created = await tasks.createWithHttpInfo({ attributes: JSON.stringify({ language: 'fr' }), priority: 5, taskChannel: 'chat', workflowSid: setup.workflow, timeout: 3600 })
    expect(created.statusCode).toBe(201)
    expect(created.headers.etag).toMatch(/^"\d+"$/)
    const task = created.body
    expect(task).toMatchObject({ assignmentStatus: 'pending', priority: 5, taskChannelUniqueName: 'chat', workflowSid: setup.workflow, taskQueueSid: setup.queue, timeout: 3600, attributes: '{"language":"fr"}' })
    expect(task.dateCreated).toBeInstanceOf(Date)
    expect(task.links.reservations).toBe(`${server.origin}/v1/Workspaces/${setup.ws}/Tasks/${task.sid}/Reservations`)

    for (let index = 0; index < 4; index += 1) await tasks.create({ attributes: JSON.stringify({ language: 'en', n: index }), priority: index })
    const fetched = await tasks(task.sid).fetchWithHttpInfo()
    expect(fetched.headers.etag).toBe(created.headers.etag)

    const updated = await tasks(task.sid).update({ priority: 9, ifMatch: String(fetched.headers.etag) })
    expect(updated.priority).toBe(9)
    expect(await restError(() => tasks(task.sid).update({ priority: 1, ifMatch: String(fetched.headers.etag) }))).toMatchObject({ status: 412, code: 20412 })

    // §2.3: five tasks, two per page, three pages followed through next_page_url.
    expect(await tasks.list({ pageSize: 2 })).toHaveLength(5)
    expect((await tasks.list({ assignmentStatus: ['pending'], pageSize: 2 })).length).toBe(5)
    expect((await tasks.list({ evaluateTaskAttributes: 'language == "fr"' })).map((t) => t.sid)).toEqual([task.sid])
    expect((await tasks.list({ taskQueueSid: setup.queue })).length).toBe(5)
    expect((await tasks.list({ taskQueueName: 'Support' })).length).toBe(5)
    expect((await tasks.list({ workflowSid: setup.workflow })).length).toBe(5)
    expect((await tasks.list({ workflowName: 'Main' })).length).toBe(5)
    expect((await tasks.list({ ordering: 'Priority:desc' })).map((t) => t.priority)).toEqual([9, 3, 2, 1, 0])
    expect((await tasks.list({ hasAddons: false })).length).toBe(5)
    expect(await tasks.list({ hasAddons: true })).toEqual([])

    const canceled = await tasks(task.sid).update({ assignmentStatus: 'canceled', reason: 'no longer needed' })
    expect(canceled).toMatchObject({ assignmentStatus: 'canceled', reason: 'no longer needed' })
    expect((await tasks.list({ assignmentStatus: ['canceled'] })).map((t) => t.sid)).toEqual([task.sid])
    expect(await tasks(task.sid).remove()).toBe(true)
    expect(await restError(() => tasks(task.sid).fetch())).toMatchObject({ status: 404, code: 20404 })
  })

  it('takes RoutingTarget as a queue or workflow SID (§2.2 CreateTask, decision 11)', async () => {
    const tasks = client.taskrouter.v1.workspaces(setup.ws).tasks
    const inQueue = await tasks.create({ attributes: '{}', routingTarget: setup.queue })
    expect(inQueue).toMatchObject({ taskQueueSid: setup.queue, workflowSid: null })
    const viaWorkflow = await tasks.create({ attributes: '{}', routingTarget: setup.workflow })
    expect(viaWorkflow).toMatchObject({ taskQueueSid: setup.queue, workflowSid: setup.workflow })
    expect(inQueue).toMatchObject({ routingTarget: setup.queue, ignoreCapacity: null })
    const notATarget = await restError(() => tasks.create({ attributes: '{}', routingTarget: 'WA' + '1'.repeat(32) }))
    expect(notATarget).toMatchObject({ status: 400, code: 20001 })
    expect(notATarget.message).toMatch(/^RoutingTarget must be a Worker/)
    const unknownWorker = await restError(() => tasks.create({ attributes: '{}', routingTarget: 'WK' + '1'.repeat(32) }))
    expect(unknownWorker).toMatchObject({ status: 404, code: 20404 })
    await tasks(inQueue.sid).remove()
    await tasks(viaWorkflow.sid).remove()
  })

  it('routes a task straight to a worker with RoutingTarget=WK..., IgnoreCapacity defaulting to true (REFERENCE §2.2 CreateTask, Routing target)', async () => {
    const w = client.taskrouter.v1.workspaces(setup.ws)
    // Offline and without the queue's skill: only the direct route can reach her.
    const dana = await w.workers.create({ friendlyName: 'Dana', attributes: '{}', activitySid: setup.offline })
    const direct = await w.tasks.create({ attributes: '{"callback":true}', routingTarget: dana.sid })
    expect(direct).toMatchObject({ routingTarget: dana.sid, ignoreCapacity: true, assignmentStatus: 'reserved', workflowSid: null, taskQueueSid: null })
    const [reservation] = await w.tasks(direct.sid).reservations.list()
    expect(reservation).toMatchObject({ workerSid: dana.sid, reservationStatus: 'pending' })
    const waiting = await w.tasks.create({ attributes: '{}', routingTarget: dana.sid, ignoreCapacity: 'false' })
    expect(waiting).toMatchObject({ ignoreCapacity: false, assignmentStatus: 'pending' })
    expect((await w.tasks.list({ routingTarget: dana.sid })).map((t) => t.sid).sort()).toEqual([direct.sid, waiting.sid].sort())
    await w.tasks(direct.sid).remove()
    await w.tasks(waiting.sid).remove()
    await w.workers(dana.sid).remove()
  })

  it('answers 400/20001 for a bad parameter and a state conflict (§2.4)', async () => {
    const tasks = client.taskrouter.v1.workspaces(setup.ws).tasks
    const bad = await restError(() => tasks.create({ attributes: 'not json' }))
    expect(bad).toBeInstanceOf(RestException)
    expect(bad).toMatchObject({ status: 400, code: 20001 })
    expect(bad.message).toMatch(/^Attributes /)
    const task = await tasks.create({ attributes: '{}' })
    const conflict = await restError(() => tasks(task.sid).update({ assignmentStatus: 'completed', reason: 'done' }))
    expect(conflict).toMatchObject({ status: 400, code: 20001 })
  })
})

describe('reservations through the twilio SDK (REFERENCE §3.2, §6.3, §7.2)', () => {
  it('accepts under the task path and completes, rejects under the worker path', async () => {
    const setup = await routingWorkspace('SDK Reservations')
    const w = client.taskrouter.v1.workspaces(setup.ws)
    const alice = await w.workers.create({ friendlyName: 'Alice', attributes: '{"skills":["support"]}', activitySid: setup.available })
    const task = await w.tasks.create({ attributes: '{"n":1}', workflowSid: setup.workflow })
    expect(task.assignmentStatus).toBe('reserved')

    const [reservation] = await w.tasks(task.sid).reservations.list({ reservationStatus: 'pending' })
    expect(reservation).toMatchObject({ taskSid: task.sid, workerSid: alice.sid, workerName: 'Alice', reservationStatus: 'pending' })
    expect(reservation!.links.worker).toBe(`${server.origin}/v1/Workspaces/${setup.ws}/Workers/${alice.sid}`)
    const fetched = await w.tasks(task.sid).reservations(reservation!.sid).fetchWithHttpInfo()
    expect(fetched.headers.etag).toMatch(/^"\d+"$/)
    expect((await w.tasks(task.sid).reservations.list({ workerSid: alice.sid })).length).toBe(1)

    const accepted = await w.tasks(task.sid).reservations(reservation!.sid).update({ reservationStatus: 'accepted', ifMatch: String(fetched.headers.etag) })
    expect(accepted.reservationStatus).toBe('accepted')
    expect((await w.tasks(task.sid).fetch()).assignmentStatus).toBe('assigned')
    await w.tasks(task.sid).update({ assignmentStatus: 'completed', reason: 'resolved' })
    expect((await w.workers(alice.sid).reservations(reservation!.sid).fetch()).reservationStatus).toBe('completed')

    const second = await w.tasks.create({ attributes: '{"n":2}' })
    const [offered] = await w.workers(alice.sid).reservations.list({ reservationStatus: 'pending', pageSize: 1 })
    expect(offered!.taskSid).toBe(second.sid)
    const rejected = await w.workers(alice.sid).reservations(offered!.sid).update({ reservationStatus: 'rejected', workerActivitySid: setup.offline })
    expect(rejected.reservationStatus).toBe('rejected')
    expect((await w.workers(alice.sid).fetch()).activityName).toBe('Offline')
    expect((await w.tasks(second.sid).fetch()).assignmentStatus).toBe('pending')
    expect((await w.workers(alice.sid).reservations.list({ pageSize: 1 })).map((r) => r.reservationStatus)).toEqual(['completed', 'rejected'])
  })

  it('answers 410 when accepting a rescinded reservation (§2.4, decision 7)', async () => {
    const setup = await routingWorkspace('SDK Rescind', 2)
    const w = client.taskrouter.v1.workspaces(setup.ws)
    const alice = await w.workers.create({ friendlyName: 'Alice', attributes: '{"skills":["support"]}', activitySid: setup.available })
    const bob = await w.workers.create({ friendlyName: 'Bob', attributes: '{"skills":["support"]}', activitySid: setup.available })
    const task = await w.tasks.create({ attributes: '{}' })
    const reservations = await w.tasks(task.sid).reservations.list()
    expect(reservations.map((r) => r.workerSid).sort()).toEqual([alice.sid, bob.sid].sort())
    const aliceReservation = reservations.find((r) => r.workerSid === alice.sid)!
    const bobReservation = reservations.find((r) => r.workerSid === bob.sid)!
    await w.workers(alice.sid).reservations(aliceReservation.sid).update({ reservationStatus: 'accepted' })
    expect((await w.workers(bob.sid).reservations(bobReservation.sid).fetch()).reservationStatus).toBe('rescinded')
    const gone = await restError(() => w.workers(bob.sid).reservations(bobReservation.sid).update({ reservationStatus: 'accepted' }))
    expect(gone).toBeInstanceOf(RestException)
    expect(gone.status).toBe(410)
  })
})

describe('events through the twilio SDK (REFERENCE §1.3 Event, §2.2 ListEvent)', () => {
  it('lists with paging and filters and fetches one event', async () => {
    const setup = await routingWorkspace('SDK Events')
    const w = client.taskrouter.v1.workspaces(setup.ws)
    const alice = await w.workers.create({ friendlyName: 'Alice', attributes: '{"skills":["support"]}', activitySid: setup.available })
    const task = await w.tasks.create({ attributes: '{}' })
    const all = await w.events.list({ pageSize: 3 })
    expect(all.length).toBeGreaterThan(6)
    expect(all[0]!.eventType).toBe('reservation.created')
    expect(all[0]!.eventDate).toBeInstanceOf(Date)
    expect(all[0]!.eventData).toMatchObject({ task_sid: task.sid, worker_sid: alice.sid })
    const forTask = await w.events.list({ taskSid: task.sid, pageSize: 2 })
    expect(forTask.map((e) => e.eventType).reverse()).toEqual(['task.created', 'workflow.entered', 'workflow.target-matched', 'task-queue.entered', 'reservation.created'])
    expect((await w.events.list({ eventType: 'worker.created' })).map((e) => e.resourceSid)).toEqual([alice.sid])
    expect((await w.events.list({ workerSid: alice.sid, eventType: 'reservation.created' })).length).toBe(1)
    expect((await w.events.list({ taskQueueSid: setup.queue, eventType: 'task-queue.entered' })).length).toBe(1)
    expect((await w.events.list({ workflowSid: setup.workflow, eventType: 'workflow.entered' })).length).toBe(1)
    expect((await w.events.list({ minutes: 1 })).length).toBe(all.length)
    expect(await w.events.list({ startDate: new Date(server.clock.now() + 60_000) })).toEqual([])
    const backwards = await restError(() => w.events.list({ startDate: new Date(server.clock.now()), endDate: new Date(server.clock.now() - 60_000) }))
    expect(backwards).toMatchObject({ status: 400, code: 20001, message: 'StartDate must be before EndDate' })
    const one = await w.events(all[0]!.sid).fetch()
    expect(one).toMatchObject({ sid: all[0]!.sid, eventType: 'reservation.created', accountSid: credentials.accountSid })
  })
})

describe('errors surface as RestException (REFERENCE §2.4, §10.2)', () => {
  it('401/20003 for wrong credentials', async () => {
    const wrong = sdkClient(server.origin, { password: 'wrong-token' }).client
    const error = await restError(() => wrong.taskrouter.v1.workspaces.list())
    expect(error).toBeInstanceOf(RestException)
    expect(error).toMatchObject({ status: 401, code: 20003 })
  })

  it('404/20404 for an unknown resource, with the path below the version', async () => {
    const error = await restError(() => client.taskrouter.v1.workspaces('WS' + '0'.repeat(32)).fetch())
    expect(error).toMatchObject({ status: 404, code: 20404 })
  })

  it('400/20001 naming the PascalCase parameter', async () => {
    const error = await restError(() => client.taskrouter.v1.workspaces.create({ friendlyName: 'x'.repeat(65) }))
    expect(error).toMatchObject({ status: 400, code: 20001 })
    expect(error.message).toMatch(/^FriendlyName /)
  })
})
