import { describe, expect, it } from 'vitest'
import { routingFixture } from './fixture'

describe('which worker gets the task (REFERENCE §6.2, decision 9)', () => {
  it('the worker idle the longest: since the last accepted reservation, else since becoming available', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    f.worker('Early')
    f.clock.advance(1000)
    f.worker('Late')
    const first = f.task()
    expect(f.offeredTo(first.sid)).toEqual(['Early'])
    f.clock.advance(500)
    f.accept(first.sid)
    f.complete(first.sid)
    f.clock.advance(1000)
    const second = f.task()
    expect(f.offeredTo(second.sid)).toEqual(['Late'])
  })

  it('order_by overrides idle time; workers missing the attribute go last', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' }, filters: [{ expression: '1==1', targets: [{ queue: 'Q', order_by: 'worker.level DESC' }] }] })
    f.worker('NoLevel')
    f.worker('Junior', { level: 1 })
    f.worker('Senior', { level: 5 })
    expect(f.offeredTo(f.task().sid)).toEqual(['Senior'])
  })

  it('the target expression compares task and worker (task.language IN worker.languages)', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ filters: [{ expression: '1==1', targets: [{ queue: 'Q', expression: 'task.language IN worker.languages' }] }] })
    f.worker('English', { languages: ['en'] })
    f.worker('Spanish', { languages: ['es'] })
    expect(f.offeredTo(f.task({ language: 'es' }).sid)).toEqual(['Spanish'])
  })

  it('known worker routing offers only the named worker, even when others idle longer', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ filters: [{ expression: '1==1', targets: [{ queue: 'Q', known_worker_friendly_name: 'task.agent' }] }] })
    f.worker('Other')
    f.worker('Mine')
    expect(f.offeredTo(f.task({ agent: 'Mine' }).sid)).toEqual(['Mine'])
    expect(f.offeredTo(f.task({ agent: 'Nobody' }).sid)).toEqual([])
  })

  it('only members of the queue (target_workers) in an available activity are offered', () => {
    const f = routingFixture()
    f.queue('Billing', 'skills HAS "billing"')
    f.workflow({ default_filter: { queue: 'Billing' } })
    f.worker('Support', { skills: ['support'] })
    f.worker('BillingAway', { skills: ['billing'] }, { available: false })
    const task = f.task()
    expect(f.offeredTo(task.sid)).toEqual([])
    f.worker('BillingHere', { skills: ['billing'] })
    expect(f.offeredTo(task.sid)).toEqual(['BillingHere'])
  })

  it('a worker whose attributes change joins the queue and gets its waiting task', () => {
    const f = routingFixture()
    f.queue('Billing', 'skills HAS "billing"')
    f.workflow({ default_filter: { queue: 'Billing' } })
    f.worker('Ann', { skills: [] })
    const task = f.task()
    f.engine.execute('workers.update', { workspace_sid: f.ws, sid: f.workerSid('Ann'), attributes: JSON.stringify({ skills: ['billing'] }) })
    expect(f.offeredTo(task.sid)).toEqual(['Ann'])
  })
})

describe('which task a freed worker gets (REFERENCE §6.1)', () => {
  it.each([
    ['FIFO: higher priority first, then the oldest', 'FIFO', ['low-old', 'high-new', 'high-newer'], 'high-new'],
    ['LIFO: the newest, priority ignored', 'LIFO', ['low-old', 'high-new', 'low-newest'], 'low-newest'],
  ] as const)('%s', (_label, order, names, expected) => {
    const f = routingFixture()
    f.queue('Q', '1==1', { task_order: order })
    f.workflow({ default_filter: { queue: 'Q' } })
    f.worker('Ann', {}, { available: false })
    const sids = new Map<string, string>()
    for (const name of names) {
      f.clock.advance(1000)
      sids.set(name, f.task({ name }, { priority: name.startsWith('high') ? 10 : 1 }).sid)
    }
    f.setActivity('Ann', 'Available')
    const offered = [...sids].filter(([, sid]) => f.offeredTo(sid).length > 0).map(([name]) => name)
    expect(offered).toEqual([expected])
  })

  it("the workspace's PrioritizeQueueOrder drains that kind of queue first", () => {
    const f = routingFixture({ queueOrder: 'LIFO' })
    const fifo = f.queue('Fifo', '1==1', { task_order: 'FIFO' })
    const lifo = f.queue('Lifo', '1==1', { task_order: 'LIFO' })
    f.worker('Ann', {}, { available: false })
    const fromFifo = f.task({}, { task_queue_sid: fifo, priority: 100 })
    const fromLifo = f.task({}, { task_queue_sid: lifo })
    f.setActivity('Ann', 'Available')
    expect(f.offeredTo(fromLifo.sid)).toEqual(['Ann'])
    expect(f.offeredTo(fromFifo.sid)).toEqual([])
  })
})

describe('multi-reservation (MaxReservedWorkers, REFERENCE §6.3)', () => {
  it('offers one task to up to N workers; the first accept wins and the rest are rescinded', () => {
    const f = routingFixture()
    f.queue('Q', '1==1', { max_reserved_workers: 3 })
    f.workflow({ default_filter: { queue: 'Q' } })
    for (const name of ['A', 'B', 'C', 'D']) f.worker(name)
    const task = f.task()
    expect(f.offeredTo(task.sid)).toEqual(['A', 'B', 'C'])
    f.accept(task.sid, 'B')
    const statuses = Object.fromEntries(f.reservations({ task_sid: task.sid }).map((r) => [f.workerName(r.worker_sid), r.reservation_status]))
    expect(statuses).toEqual({ A: 'rescinded', B: 'accepted', C: 'rescinded' })
    const rescinded = f.reservations({ task_sid: task.sid }).find((r) => r.reservation_status === 'rescinded')!
    expect(() => f.respond(rescinded.sid, { reservation_status: 'accepted' })).toThrow(expect.objectContaining({ code: 20410 }))
  })
})

describe('multitasking capacity per channel (REFERENCE §6.4, decision 10)', () => {
  it('a chat capacity of 2 takes two chats at once; the third waits until one completes', () => {
    const f = routingFixture()
    f.queue('Chat')
    f.workflow({ default_filter: { queue: 'Chat' } })
    f.worker('Ann', {}, { capacity: { chat: 2 } })
    const tasks = [f.task({}, { task_channel: 'chat' }), f.task({}, { task_channel: 'chat' }), f.task({}, { task_channel: 'chat' })]
    expect(tasks.map((t) => f.offeredTo(t.sid).length)).toEqual([1, 1, 0])
    expect(f.channelLoad('Ann', 'chat').available_capacity_percentage).toBe(0)
    f.accept(tasks[0]!.sid)
    f.complete(tasks[0]!.sid)
    expect(f.offeredTo(tasks[2]!.sid)).toEqual(['Ann'])
  })

  it('a busy voice channel does not block chat; a switched-off channel takes nothing', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    f.worker('Ann')
    f.accept(f.task({}, { task_channel: 'voice' }).sid)
    expect(f.offeredTo(f.task({}, { task_channel: 'chat' }).sid)).toEqual(['Ann'])
    f.engine.execute('workerChannels.update', { workspace_sid: f.ws, worker_sid: f.workerSid('Ann'), sid: 'sms', available: false })
    expect(f.offeredTo(f.task({}, { task_channel: 'sms' }).sid)).toEqual([])
  })
})

describe('single-tasking workspaces (REFERENCE §3.3)', () => {
  it('one task at a time, moving the worker to the reservation and assignment activities', () => {
    const f = routingFixture({ multitask: false })
    f.engine.execute('activities.create', { workspace_sid: f.ws, friendly_name: 'Reserved' })
    f.engine.execute('activities.create', { workspace_sid: f.ws, friendly_name: 'Busy' })
    f.queue('Q', '1==1', { reservation_activity_sid: f.activity('Reserved'), assignment_activity_sid: f.activity('Busy') })
    f.workflow({ default_filter: { queue: 'Q' } })
    f.worker('Ann')
    const first = f.task()
    expect(f.workerView('Ann').activity_name).toBe('Reserved')
    const second = f.task({}, { task_channel: 'chat' })
    expect(f.offeredTo(second.sid)).toEqual([])
    f.accept(first.sid)
    expect(f.workerView('Ann').activity_name).toBe('Busy')
  })
})

describe('channel-optimized routing (decision 9)', () => {
  it.each([
    [false, 'Bea', 'per worker: Bea has waited longer since her last task of any channel'],
    [true, 'Abe', 'per channel: Abe has never taken a chat since he became available'],
  ])('with channel_optimized_routing=%s on chat the chat goes to %s (%s)', (optimized, expected) => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    f.worker('Abe', {}, { available: false })
    f.worker('Bea')
    f.engine.execute('channels.update', { workspace_sid: f.ws, sid: 'chat', channel_optimized_routing: optimized })
    f.clock.advance(1000)
    const firstChat = f.task({}, { task_channel: 'chat' })
    f.clock.advance(500)
    f.setActivity('Abe', 'Available')
    f.clock.advance(500)
    f.accept(firstChat.sid, 'Bea')
    f.complete(firstChat.sid)
    f.clock.advance(1000)
    const voice = f.task({}, { task_channel: 'voice' })
    expect(f.offeredTo(voice.sid)).toEqual(['Abe'])
    f.clock.advance(1000)
    f.accept(voice.sid, 'Abe')
    f.complete(voice.sid)
    f.clock.advance(1000)
    expect(f.offeredTo(f.task({}, { task_channel: 'chat' }).sid)).toEqual([expected])
  })
})
