import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basicAuth, form, startTestServer } from './helpers'

let server: Awaited<ReturnType<typeof startTestServer>>
let base: string
const get = async (path: string) => fetch(`${base}${path}`, { headers: { Authorization: basicAuth } })
const post = async (path: string, fields: Record<string, string>) => fetch(`${base}${path}`, form(fields))
const postJson = async (path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { Authorization: basicAuth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

let ws: string
let queue: string
let workflow: string
let worker: string

beforeAll(async () => {
  server = await startTestServer()
  base = server.origin
  ws = (await (await post('/v1/Workspaces', { FriendlyName: 'Stats', Template: 'FIFO' })).json()).sid
  queue = (await (await get(`/v1/Workspaces/${ws}/TaskQueues`)).json()).task_queues[0].sid
  workflow = (await (await get(`/v1/Workspaces/${ws}/Workflows`)).json()).workflows[0].sid
  const available = (await (await get(`/v1/Workspaces/${ws}/Activities?FriendlyName=Available`)).json()).activities[0].sid
  worker = (await (await post(`/v1/Workspaces/${ws}/Workers`, { FriendlyName: 'Alice', ActivitySid: available })).json()).sid
  const task = await (await post(`/v1/Workspaces/${ws}/Tasks`, { Attributes: '{}', TaskChannel: 'voice' })).json()
  server.clock.advance(12_000)
  const reservation = (await (await get(`/v1/Workspaces/${ws}/Tasks/${task.sid}/Reservations`)).json()).reservations[0]
  await post(`/v1/Workspaces/${ws}/Tasks/${task.sid}/Reservations/${reservation.sid}`, { ReservationStatus: 'accepted' })
  await post(`/v1/Workspaces/${ws}/Tasks`, { Attributes: '{}', TaskChannel: 'chat' })
})
afterAll(() => server.close())

describe('statistics over REST (REFERENCE §8.1)', () => {
  it('workspace Statistics: realtime + cumulative with SplitByWaitTime', async () => {
    const response = await get(`/v1/Workspaces/${ws}/Statistics?Minutes=60&SplitByWaitTime=10,20`)
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toMatchObject({ account_sid: expect.stringMatching(/^AC/), workspace_sid: ws, url: `${base}/v1/Workspaces/${ws}/Statistics` })
    expect(body.realtime).toMatchObject({ total_workers: 1, total_tasks: 2, tasks_by_status: { pending: 0, reserved: 1, assigned: 1, wrapping: 0 } })
    expect(body.cumulative).toMatchObject({ tasks_created: 2, reservations_accepted: 1, avg_task_acceptance_time: 12, wait_duration_until_accepted: { avg: 12, min: 12, max: 12, total: 12 } })
    expect(body.cumulative.split_by_wait_time).toEqual({
      '10': { above: { tasks_canceled: 0, reservations_accepted: 1 }, below: { tasks_canceled: 0, reservations_accepted: 0 } },
      '20': { above: { tasks_canceled: 0, reservations_accepted: 0 }, below: { tasks_canceled: 0, reservations_accepted: 1 } },
    })
  })

  it('RealTimeStatistics filtered by TaskChannel; CumulativeStatistics flat', async () => {
    expect((await (await get(`/v1/Workspaces/${ws}/RealTimeStatistics?TaskChannel=chat`)).json()).total_tasks).toBe(1)
    const cumulative = await (await get(`/v1/Workspaces/${ws}/CumulativeStatistics?TaskChannel=voice`)).json()
    expect(cumulative).toMatchObject({ tasks_created: 1, url: `${base}/v1/Workspaces/${ws}/CumulativeStatistics` })
  })

  it('task queue statistics, one and all (paged), and bulk real-time with either key', async () => {
    const one = await (await get(`/v1/Workspaces/${ws}/TaskQueues/${queue}/Statistics`)).json()
    expect(one).toMatchObject({ task_queue_sid: queue, realtime: { total_eligible_workers: 1, total_tasks: 2 }, cumulative: { tasks_entered: 2, wait_duration_in_queue_until_accepted: { max: 12 } } })
    const rt = await (await get(`/v1/Workspaces/${ws}/TaskQueues/${queue}/RealTimeStatistics`)).json()
    expect(rt.longest_relative_task_sid_in_queue).toMatch(/^WT/)
    const list = await (await get(`/v1/Workspaces/${ws}/TaskQueues/Statistics?FriendlyName=Sample%20Queue`)).json()
    expect(list.meta.key).toBe('task_queues_statistics')
    expect(list.task_queues_statistics).toHaveLength(1)
    for (const key of ['QueueSids', 'queueSids']) {
      const bulk = await postJson(`/v1/Workspaces/${ws}/TaskQueues/RealTimeStatistics`, { [key]: [queue] })
      expect(bulk.status).toBe(200)
      expect(await bulk.json()).toMatchObject({ task_queue_response_count: 1, task_queue_data: [{ task_queue_sid: queue, total_tasks: 2 }] })
    }
    expect((await postJson(`/v1/Workspaces/${ws}/TaskQueues/RealTimeStatistics`, { QueueSids: [] })).status).toBe(400)
    expect((await postJson(`/v1/Workspaces/${ws}/TaskQueues/RealTimeStatistics`, { QueueSids: Array.from({ length: 51 }, () => queue) })).status).toBe(400)
  })

  it('workers and workflow statistics; literal routes win over /Workers/:Sid', async () => {
    const workers = await (await get(`/v1/Workspaces/${ws}/Workers/Statistics`)).json()
    expect(workers.realtime.total_workers).toBe(1)
    expect(workers.cumulative).toMatchObject({ reservations_accepted: 1 })
    expect((await (await get(`/v1/Workspaces/${ws}/Workers/RealTimeStatistics`)).json()).total_workers).toBe(1)
    expect((await (await get(`/v1/Workspaces/${ws}/Workers/CumulativeStatistics`)).json()).activity_durations.length).toBeGreaterThan(0)
    const one = await (await get(`/v1/Workspaces/${ws}/Workers/${worker}/Statistics`)).json()
    expect(one).toMatchObject({ worker_sid: worker, cumulative: { reservations_created: 2, reservations_accepted: 1 } })
    expect(one.realtime).toBeUndefined()
    const wf = await (await get(`/v1/Workspaces/${ws}/Workflows/${workflow}/Statistics`)).json()
    expect(wf).toMatchObject({ workflow_sid: workflow, realtime: { total_tasks: 2 }, cumulative: { tasks_entered: 2 } })
  })

  it('SLA settings are accepted on queues (Routedesk extension) and validated', async () => {
    const updated = await (await post(`/v1/Workspaces/${ws}/TaskQueues/${queue}`, { SlaThresholdSeconds: '30', SlaTimeZone: 'Europe/Paris', SlaResetTime: '06:30' })).json()
    expect(updated).toMatchObject({ sla_threshold_seconds: 30, sla_time_zone: 'Europe/Paris', sla_reset_time: '06:30' })
    expect((await post(`/v1/Workspaces/${ws}/TaskQueues/${queue}`, { SlaResetTime: '25:00' })).status).toBe(400)
    expect((await post(`/v1/Workspaces/${ws}/TaskQueues/${queue}`, { SlaTimeZone: 'Nowhere/Land' })).status).toBe(400)
  })
})
