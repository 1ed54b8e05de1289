import { describe, expect, it } from 'vitest'
import { workspaceFixture } from '../helpers'

describe('wallboardAgents.get (the agent grid, column-wise)', () => {
  it('lists every worker with its activity index and the share of its capacity in use', () => {
    const { run, read, ws, activity } = workspaceFixture()
    const idle = run('workers.create', { workspace_sid: ws, friendly_name: 'Idle', activity_sid: activity('Available') }).result
    const offline = run('workers.create', { workspace_sid: ws, friendly_name: 'Away', activity_sid: activity('Offline') }).result
    const queue = run('queues.create', { workspace_sid: ws, friendly_name: 'All', target_workers: '1==1' }).result
    run('tasks.create', { workspace_sid: ws, task_queue_sid: queue.sid, task_channel: 'voice' })

    const grid = read('wallboardAgents.get', { workspace_sid: ws })
    expect(grid.sids).toEqual([idle.sid, offline.sid])
    expect(grid.names).toEqual(['Idle', 'Away'])
    const activityNames = grid.activity_index.map((index) => grid.activities[index]!.friendly_name)
    // The idle worker got the voice task's reservation: its one voice slot is in use.
    expect(activityNames).toEqual(['Available', 'Offline'])
    expect(grid.load).toEqual([100, 0])
  })
})

describe('wallboardAgents.tiles (the live feed reads only the touched workers)', () => {
  it('answers the named workers and the workers of the named reservations, and says what it could not find', () => {
    const { run, read, ws, activity } = workspaceFixture()
    const idle = run('workers.create', { workspace_sid: ws, friendly_name: 'Idle', activity_sid: activity('Available') }).result
    const away = run('workers.create', { workspace_sid: ws, friendly_name: 'Away', activity_sid: activity('Offline') }).result
    const queue = run('queues.create', { workspace_sid: ws, friendly_name: 'All', target_workers: '1==1' }).result
    const task = run('tasks.create', { workspace_sid: ws, task_queue_sid: queue.sid, task_channel: 'voice' }).result
    const reservation = read('reservations.list', { workspace_sid: ws, task_sid: task.sid })[0]!
    run('workers.delete', { workspace_sid: ws, sid: away.sid })

    const answer = read('wallboardAgents.tiles', { workspace_sid: ws, worker_sids: [away.sid], reservation_sids: [reservation.sid, 'WR' + 'f'.repeat(32)] })
    expect(answer).toEqual({ tiles: [[idle.sid, activity('Available'), 100]], missing_workers: [away.sid], unresolved: 1 })
  })
})
