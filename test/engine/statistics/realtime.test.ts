import { describe, expect, it } from 'vitest'
import { routingFixture } from '../routing/fixture'

const seconds = (n: number): number => n * 1000

/** A queue for voice and one for chat, a workflow routing by `type`, and three agents. */
function contactCenter() {
  const f = routingFixture({ multitask: true })
  const sales = f.queue('Sales', 'skills HAS "sales"')
  const support = f.queue('Support', 'skills HAS "support"')
  const workflow = f.workflow({ filters: [{ filter_friendly_name: 'sales', expression: 'type == "sales"', targets: [{ queue: 'Sales' }] }], default_filter: { queue: 'Support' } })
  f.worker('Ann', { skills: ['sales', 'support'] })
  f.worker('Bob', { skills: ['support'] })
  f.worker('Cid', { skills: ['sales'] }, { available: false })
  const q = (method: 'statsRealtime.workspace', channel?: string) => f.engine.query(method, { workspace_sid: f.ws, ...(channel ? { task_channel: channel } : {}) })
  return { f, sales, support, workflow, q }
}

describe('workspace real-time statistics (REFERENCE §8.3)', () => {
  it('counts workers by activity and live tasks by status and priority', () => {
    const { f, workflow, q } = contactCenter()
    f.task({ type: 'sales' }, { workflow_sid: workflow, priority: 5 })
    f.task({ type: 'other' }, { workflow_sid: workflow, priority: 0 })
    const stats = q('statsRealtime.workspace')
    expect(stats.total_workers).toBe(3)
    expect(stats.activity_statistics.find((a) => a.friendly_name === 'Available')?.workers).toBe(2)
    expect(stats.activity_statistics.find((a) => a.friendly_name === 'Offline')?.workers).toBe(1)
    expect(stats.tasks_by_status).toEqual({ pending: 0, reserved: 2, assigned: 0, wrapping: 0 })
    expect(stats.tasks_by_priority).toEqual({ '0': 1, '5': 1 })
    expect(stats.total_tasks).toBe(2)
  })

  it.each([
    ['accepted tasks are assigned', (f: ReturnType<typeof routingFixture>, sid: string) => f.accept(sid), { pending: 0, reserved: 0, assigned: 1, wrapping: 0 }, 1],
    ['wrapping tasks stay live', (f: ReturnType<typeof routingFixture>, sid: string) => { f.accept(sid); f.updateTask(sid, { assignment_status: 'wrapping' }) }, { pending: 0, reserved: 0, assigned: 0, wrapping: 1 }, 1],
    ['completed tasks leave', (f: ReturnType<typeof routingFixture>, sid: string) => { f.accept(sid); f.complete(sid) }, { pending: 0, reserved: 0, assigned: 0, wrapping: 0 }, 0],
    ['canceled tasks leave', (f: ReturnType<typeof routingFixture>, sid: string) => f.updateTask(sid, { assignment_status: 'canceled' }), { pending: 0, reserved: 0, assigned: 0, wrapping: 0 }, 0],
    ['deleted tasks leave', (f: ReturnType<typeof routingFixture>, sid: string) => f.engine.execute('tasks.delete', { workspace_sid: f.ws, sid }), { pending: 0, reserved: 0, assigned: 0, wrapping: 0 }, 0],
  ])('%s', (_name, act, byStatus, total) => {
    const { f, workflow, q } = contactCenter()
    const task = f.task({ type: 'sales' }, { workflow_sid: workflow })
    act(f, task.sid)
    expect(q('statsRealtime.workspace').tasks_by_status).toEqual(byStatus)
    expect(q('statsRealtime.workspace').total_tasks).toBe(total)
  })

  it('reports the oldest waiting task by age since creation, skipping tasks that stopped waiting', () => {
    const { f, workflow, q } = contactCenter()
    f.setActivity('Ann', 'Offline')
    f.setActivity('Bob', 'Offline')
    const first = f.task({ type: 'sales' }, { workflow_sid: workflow })
    f.clock.advance(seconds(10))
    const second = f.task({ type: 'sales' }, { workflow_sid: workflow })
    f.clock.advance(seconds(5))
    expect(q('statsRealtime.workspace')).toMatchObject({ longest_task_waiting_sid: first.sid, longest_task_waiting_age: 15 })
    f.updateTask(first.sid, { assignment_status: 'canceled' })
    expect(q('statsRealtime.workspace')).toMatchObject({ longest_task_waiting_sid: second.sid, longest_task_waiting_age: 5 })
    f.updateTask(second.sid, { assignment_status: 'canceled' })
    expect(q('statsRealtime.workspace')).toMatchObject({ longest_task_waiting_sid: null, longest_task_waiting_age: 0 })
  })

  it('filters by TaskChannel, by SID or unique name', () => {
    const { f, workflow, q } = contactCenter()
    f.task({ type: 'sales' }, { workflow_sid: workflow, task_channel: 'voice' })
    f.task({ type: 'sales' }, { workflow_sid: workflow, task_channel: 'chat' })
    f.task({ type: 'sales' }, { workflow_sid: workflow, task_channel: 'chat' })
    const chat = f.engine.query('channels.get', { workspace_sid: f.ws, sid: 'chat' }).sid
    expect(q('statsRealtime.workspace', 'voice').total_tasks).toBe(1)
    expect(q('statsRealtime.workspace', chat).total_tasks).toBe(2)
    expect(q('statsRealtime.workspace').total_tasks).toBe(3)
  })
})

describe('queue real-time statistics', () => {
  it('counts eligible members in any activity and available ones among them', () => {
    const { f, sales, support } = contactCenter()
    const rt = (sid: string) => f.engine.query('statsRealtime.queue', { workspace_sid: f.ws, task_queue_sid: sid })
    expect(rt(sales)).toMatchObject({ total_eligible_workers: 2, total_available_workers: 1 })
    expect(rt(support)).toMatchObject({ total_eligible_workers: 2, total_available_workers: 2 })
    f.setActivity('Cid', 'Available')
    expect(rt(sales)).toMatchObject({ total_eligible_workers: 2, total_available_workers: 2 })
    f.engine.execute('workers.update', { workspace_sid: f.ws, sid: f.workerSid('Bob'), attributes: JSON.stringify({ skills: ['sales'] }) })
    expect(rt(sales).total_eligible_workers).toBe(3)
    expect(rt(support).total_eligible_workers).toBe(1)
    f.engine.execute('queues.update', { workspace_sid: f.ws, sid: support, target_workers: '1==1' })
    expect(rt(support).total_eligible_workers).toBe(3)
  })

  it('measures the relative age from entering the queue, the absolute one from creation', () => {
    const f = routingFixture()
    f.queue('Tier1')
    const tier2 = f.queue('Tier2')
    const workflow = f.workflow({ filters: [{ filter_friendly_name: 'all', expression: '1==1', targets: [{ queue: 'Tier1', timeout: 30 }, { queue: 'Tier2' }] }] })
    const task = f.task({}, { workflow_sid: workflow })
    f.clock.advance(seconds(40))
    const rt = f.engine.query('statsRealtime.queue', { workspace_sid: f.ws, task_queue_sid: tier2 })
    expect(rt).toMatchObject({ total_tasks: 1, longest_task_waiting_sid: task.sid, longest_task_waiting_age: 40, longest_relative_task_sid_in_queue: task.sid, longest_relative_task_age_in_queue: 10 })
  })

  it('bulk: up to 50 SIDs, unknown ones come back zero', () => {
    const { f, sales } = contactCenter()
    const unknown = 'WQ' + 'f'.repeat(32)
    const bulk = f.engine.query('statsRealtime.queues', { workspace_sid: f.ws, queue_sids: [sales, unknown] })
    expect(bulk.task_queue_response_count).toBe(2)
    expect(bulk.task_queue_data[1]).toMatchObject({ task_queue_sid: unknown, total_eligible_workers: 0, total_tasks: 0 })
  })
})

describe('workflow and worker real-time statistics', () => {
  it('counts tasks per workflow and workers per activity', () => {
    const { f, workflow } = contactCenter()
    f.task({ type: 'sales' }, { workflow_sid: workflow })
    expect(f.engine.query('statsRealtime.workflow', { workspace_sid: f.ws, workflow_sid: workflow }).total_tasks).toBe(1)
    const workers = f.engine.query('statsRealtime.workers', { workspace_sid: f.ws })
    expect(workers.total_workers).toBe(3)
    const bySales = f.engine.query('stats.workers', { workspace_sid: f.ws, task_queue_name: 'Sales' })
    expect(bySales.realtime.total_workers).toBe(2)
  })
})
