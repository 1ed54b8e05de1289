import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer } from '../helpers'
import { restError, RestException, sdkClient, type Twilio } from './sdkClient'

/**
 * The official `twilio` SDK (6.2.0) drives the configuration resources unchanged: create, fetch,
 * update, delete and list with paging, each through `client.taskrouter.v1` (REFERENCE §2.2, §10).
 */
let server: Awaited<ReturnType<typeof startTestServer>>
let client: Twilio

beforeAll(async () => {
  server = await startTestServer()
  client = sdkClient(server.origin).client
})
afterAll(() => server.close())

describe('workspaces through the twilio SDK (REFERENCE §1.4, §2.2)', () => {
  it('creates, fetches, updates, lists with paging and removes workspaces', async () => {
    const created = await client.taskrouter.v1.workspaces.create({ friendlyName: 'SDK One', multiTaskEnabled: true, prioritizeQueueOrder: 'LIFO', eventsFilter: 'task.created, task.canceled' })
    expect(created.sid).toMatch(/^WS[0-9a-f]{32}$/)
    expect(created).toMatchObject({ friendlyName: 'SDK One', multiTaskEnabled: true, prioritizeQueueOrder: 'LIFO', defaultActivityName: 'Offline', eventsFilter: 'task.created, task.canceled' })
    expect(created.dateCreated).toBeInstanceOf(Date)
    expect(created.url).toBe(`${server.origin}/v1/Workspaces/${created.sid}`)
    expect(created.links.activities).toBe(`${server.origin}/v1/Workspaces/${created.sid}/Activities`)

    const fetched = await client.taskrouter.v1.workspaces(created.sid).fetch()
    expect(fetched.friendlyName).toBe('SDK One')
    const updated = await client.taskrouter.v1.workspaces(created.sid).update({ friendlyName: 'SDK One renamed', eventCallbackUrl: 'http://127.0.0.1:9/events' })
    expect(updated).toMatchObject({ friendlyName: 'SDK One renamed', eventCallbackUrl: 'http://127.0.0.1:9/events' })

    for (const name of ['SDK Two', 'SDK Three', 'SDK Four']) await client.taskrouter.v1.workspaces.create({ friendlyName: name })
    // §2.3: list() follows meta.next_page_url (absolute, our own host) page after page.
    const all = await client.taskrouter.v1.workspaces.list({ pageSize: 2 })
    expect(all.map((w) => w.friendlyName)).toEqual(['SDK One renamed', 'SDK Two', 'SDK Three', 'SDK Four'])
    const page = await client.taskrouter.v1.workspaces.page({ pageSize: 3 })
    expect(page.instances).toHaveLength(3)
    const next = await page.nextPage()
    expect(next?.instances.map((w) => w.friendlyName)).toEqual(['SDK Four'])
    expect(await next?.nextPage()).toBeUndefined()
    expect((await client.taskrouter.v1.workspaces.list({ friendlyName: 'SDK Two' })).map((w) => w.friendlyName)).toEqual(['SDK Two'])

    const two = all[1]!
    expect(await client.taskrouter.v1.workspaces(two.sid).remove()).toBe(true)
    const gone = await restError(() => client.taskrouter.v1.workspaces(two.sid).fetch())
    expect(gone).toBeInstanceOf(RestException)
    expect(gone).toMatchObject({ status: 404, code: 20404, moreInfo: 'https://www.twilio.com/docs/errors/20404' })
  })
})

describe('activities, task channels and workers through the twilio SDK', () => {
  let ws: string
  beforeAll(async () => {
    ws = (await client.taskrouter.v1.workspaces.create({ friendlyName: 'SDK Config' })).sid
  })

  it('manages activities (§1.4 Activity: four defaults, Available fixed at create)', async () => {
    const activities = client.taskrouter.v1.workspaces(ws).activities
    const lunch = await activities.create({ friendlyName: 'Lunch', available: false })
    expect(lunch).toMatchObject({ friendlyName: 'Lunch', available: false, workspaceSid: ws })
    expect((await activities(lunch.sid).update({ friendlyName: 'Long lunch' })).friendlyName).toBe('Long lunch')
    expect((await activities(lunch.sid).fetch()).friendlyName).toBe('Long lunch')
    const listed = await activities.list({ pageSize: 2 })
    expect(listed.map((a) => a.friendlyName)).toEqual(['Offline', 'Available', 'Unavailable', 'Break', 'Long lunch'])
    expect((await activities.list({ available: 'true' })).map((a) => a.friendlyName)).toEqual(['Available'])
    expect(await activities(lunch.sid).remove()).toBe(true)
    expect(await restError(() => activities(lunch.sid).fetch())).toMatchObject({ status: 404, code: 20404 })
  })

  it('manages task channels, addressed by SID or unique name (§1.1)', async () => {
    const channels = client.taskrouter.v1.workspaces(ws).taskChannels
    const email = await channels.create({ friendlyName: 'Email', uniqueName: 'email', channelOptimizedRouting: true })
    expect(email).toMatchObject({ uniqueName: 'email', channelOptimizedRouting: true })
    expect((await channels('email').fetch()).sid).toBe(email.sid)
    expect((await channels(email.sid).update({ friendlyName: 'E-mail' })).friendlyName).toBe('E-mail')
    expect((await channels.list({ pageSize: 2 })).map((c) => c.uniqueName)).toEqual(['default', 'voice', 'chat', 'sms', 'video', 'email'])
    expect(await channels(email.sid).remove()).toBe(true)
  })

  it('manages workers, their channels and statistics (§1.4 Worker, WorkerChannel)', async () => {
    const workspace = client.taskrouter.v1.workspaces(ws)
    const available = (await workspace.activities.list({ friendlyName: 'Available' }))[0]!
    const alice = await workspace.workers.create({ friendlyName: 'Alice', attributes: JSON.stringify({ skills: ['support'] }), activitySid: available.sid })
    expect(alice).toMatchObject({ friendlyName: 'Alice', activityName: 'Available', available: true, attributes: '{"skills":["support"]}' })
    expect(alice.dateStatusChanged).toBeInstanceOf(Date)
    const bob = await workspace.workers.create({ friendlyName: 'Bob' })
    expect(bob.activityName).toBe('Offline')
    await workspace.workers.create({ friendlyName: 'Carol', attributes: '{"skills":["sales"]}' })

    expect((await workspace.workers(bob.sid).update({ attributes: '{"skills":["sales"]}', activitySid: available.sid })).available).toBe(true)
    expect((await workspace.workers.list({ pageSize: 1 })).map((w) => w.friendlyName)).toEqual(['Alice', 'Bob', 'Carol'])
    // §2.2 List Workers filters.
    expect((await workspace.workers.list({ available: 'true' })).map((w) => w.friendlyName)).toEqual(['Alice', 'Bob'])
    expect((await workspace.workers.list({ activityName: 'Offline' })).map((w) => w.friendlyName)).toEqual(['Carol'])
    expect((await workspace.workers.list({ activitySid: available.sid })).map((w) => w.friendlyName)).toEqual(['Alice', 'Bob'])
    expect((await workspace.workers.list({ targetWorkersExpression: "skills HAS 'sales'" })).map((w) => w.friendlyName)).toEqual(['Bob', 'Carol'])
    expect((await workspace.workers.list({ friendlyName: 'alice' })).map((w) => w.friendlyName)).toEqual(['Alice'])

    const channels = await workspace.workers(alice.sid).workerChannels.list({ pageSize: 2 })
    expect(channels.map((c) => c.taskChannelUniqueName)).toEqual(['default', 'voice', 'chat', 'sms', 'video'])
    const voice = await workspace.workers(alice.sid).workerChannels('voice').update({ capacity: 3 })
    expect(voice).toMatchObject({ configuredCapacity: 3, taskChannelUniqueName: 'voice', availableCapacityPercentage: 100 })
    expect((await workspace.workers(alice.sid).workerChannels('voice').fetch()).configuredCapacity).toBe(3)

    const stats = await workspace.workers(alice.sid).statistics().fetch({ minutes: 60 })
    expect(stats.workerSid).toBe(alice.sid)
    expect(stats.cumulative).toBeTypeOf('object')
    const all = await workspace.workers.statistics().fetch()
    expect(all.realtime).toBeTypeOf('object')
    expect((await workspace.workers.realTimeStatistics().fetch()).totalWorkers).toBe(3)
    expect((await workspace.workers.cumulativeStatistics().fetch()).workspaceSid).toBe(ws)

    expect(await workspace.workers(bob.sid).remove()).toBe(true)
    expect(await restError(() => workspace.workers(bob.sid).fetch())).toMatchObject({ status: 404, code: 20404 })
  })

  it('takes If-Match on worker update and delete (§2.5, decision 3): a stale version is 412/20412', async () => {
    const workers = client.taskrouter.v1.workspaces(ws).workers
    const dave = await workers.create({ friendlyName: 'Dave' })
    const read = await workers(dave.sid).fetchWithHttpInfo()
    expect(read.statusCode).toBe(200)
    const etag = String(read.headers.etag)
    expect(etag).toMatch(/^"\d+"$/)
    const updated = await workers(dave.sid).updateWithHttpInfo({ attributes: '{"a":1}', ifMatch: etag })
    expect(updated.headers.etag).not.toBe(etag)
    const stale = await restError(() => workers(dave.sid).update({ attributes: '{"a":2}', ifMatch: etag }))
    expect(stale).toBeInstanceOf(RestException)
    expect(stale).toMatchObject({ status: 412, code: 20412 })
    expect((await workers(dave.sid).fetch()).attributes).toBe('{"a":1}')
    expect(await restError(() => workers(dave.sid).remove({ ifMatch: etag }))).toMatchObject({ status: 412, code: 20412 })
    const removed = await workers(dave.sid).removeWithHttpInfo({ ifMatch: String(updated.headers.etag) })
    expect(removed.statusCode).toBe(204)
  })
})

describe('task queues and workflows through the twilio SDK', () => {
  let ws: string
  beforeAll(async () => {
    ws = (await client.taskrouter.v1.workspaces.create({ friendlyName: 'SDK Queues' })).sid
  })

  it('manages task queues, their statistics and bulk real-time statistics (§1.4 TaskQueue, §8)', async () => {
    const workspace = client.taskrouter.v1.workspaces(ws)
    const support = await workspace.taskQueues.create({ friendlyName: 'Support', targetWorkers: "skills HAS 'support'", maxReservedWorkers: 2, taskOrder: 'FIFO' })
    expect(support).toMatchObject({ friendlyName: 'Support', targetWorkers: "skills HAS 'support'", maxReservedWorkers: 2, taskOrder: 'FIFO' })
    const sales = await workspace.taskQueues.create({ friendlyName: 'Sales' })
    expect(sales.targetWorkers).toBe('1==1')
    await workspace.taskQueues.create({ friendlyName: 'Billing', targetWorkers: "skills HAS 'billing'" })
    expect((await workspace.taskQueues(sales.sid).update({ targetWorkers: "skills HAS 'sales'", taskOrder: 'LIFO' })).taskOrder).toBe('LIFO')
    expect((await workspace.taskQueues(support.sid).fetch()).maxReservedWorkers).toBe(2)
    expect((await workspace.taskQueues.list({ pageSize: 2 })).map((q) => q.friendlyName)).toEqual(['Support', 'Sales', 'Billing'])
    expect((await workspace.taskQueues.list({ friendlyName: 'Sales' })).map((q) => q.friendlyName)).toEqual(['Sales'])
    // §2.2 List TaskQueues: EvaluateWorkerAttributes and WorkerSid.
    expect((await workspace.taskQueues.list({ evaluateWorkerAttributes: '{"skills":["support","billing"]}' })).map((q) => q.friendlyName)).toEqual(['Support', 'Billing'])
    const worker = await workspace.workers.create({ friendlyName: 'Erin', attributes: '{"skills":["sales"]}' })
    expect((await workspace.taskQueues.list({ workerSid: worker.sid })).map((q) => q.friendlyName)).toEqual(['Sales'])

    const stats = await workspace.taskQueues(support.sid).statistics().fetch()
    expect(stats.taskQueueSid).toBe(support.sid)
    expect((await workspace.taskQueues(support.sid).realTimeStatistics().fetch()).tasksByStatus).toBeTypeOf('object')
    expect((await workspace.taskQueues(support.sid).cumulativeStatistics().fetch()).taskQueueSid).toBe(support.sid)
    const listStats = await workspace.taskQueues.statistics.list({ pageSize: 2 })
    expect(listStats.map((s) => s.taskQueueSid)).toEqual([support.sid, sales.sid, (await workspace.taskQueues.list({ friendlyName: 'Billing' }))[0]!.sid])
    const bulk = await workspace.taskQueues.bulkRealTimeStatistics.create({ QueueSids: [support.sid, sales.sid] } as never)
    expect(bulk.taskQueueData).toHaveLength(2)

    const billing = (await workspace.taskQueues.list({ friendlyName: 'Billing' }))[0]!
    expect(await workspace.taskQueues(billing.sid).remove()).toBe(true)
  })

  it('manages workflows and their statistics (§1.4 Workflow, §5)', async () => {
    const workspace = client.taskrouter.v1.workspaces(ws)
    const queue = (await workspace.taskQueues.list({ friendlyName: 'Support' }))[0]!
    const configuration = JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queue.sid } } })
    const workflow = await workspace.workflows.create({ friendlyName: 'Main', configuration, taskReservationTimeout: 30, assignmentCallbackUrl: 'http://127.0.0.1:9/assign' })
    expect(workflow).toMatchObject({ friendlyName: 'Main', taskReservationTimeout: 30, assignmentCallbackUrl: 'http://127.0.0.1:9/assign', documentContentType: 'application/json' })
    expect(JSON.parse(workflow.configuration)).toEqual(JSON.parse(configuration))
    expect((await workspace.workflows(workflow.sid).update({ taskReservationTimeout: 60, reEvaluateTasks: 'true' })).taskReservationTimeout).toBe(60)
    await workspace.workflows.create({ friendlyName: 'Second', configuration })
    await workspace.workflows.create({ friendlyName: 'Third', configuration })
    expect((await workspace.workflows.list({ pageSize: 2 })).map((w) => w.friendlyName)).toEqual(['Main', 'Second', 'Third'])
    expect((await workspace.workflows.list({ friendlyName: 'Second' })).map((w) => w.friendlyName)).toEqual(['Second'])
    expect((await workspace.workflows(workflow.sid).fetch()).friendlyName).toBe('Main')

    expect((await workspace.workflows(workflow.sid).statistics().fetch()).workflowSid).toBe(workflow.sid)
    expect((await workspace.workflows(workflow.sid).realTimeStatistics().fetch()).totalTasks).toBe(0)
    expect((await workspace.workflows(workflow.sid).cumulativeStatistics().fetch()).workflowSid).toBe(workflow.sid)
    expect((await workspace.statistics().fetch()).workspaceSid).toBe(ws)
    expect((await workspace.realTimeStatistics().fetch()).totalTasks).toBe(0)
    expect((await workspace.cumulativeStatistics().fetch()).workspaceSid).toBe(ws)

    const third = (await workspace.workflows.list({ friendlyName: 'Third' }))[0]!
    expect(await workspace.workflows(third.sid).remove()).toBe(true)
    expect(await restError(() => workspace.workflows(third.sid).fetch())).toMatchObject({ status: 404, code: 20404 })
  })
})
