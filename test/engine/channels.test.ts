import { describe, expect, it } from 'vitest'
import { ConflictError, NotFoundError } from '../../src-main/engine/errors'
import { workspaceFixture } from './helpers'

describe('task channels', () => {
  it('are found by SID or unique name', () => {
    const { read, ws } = workspaceFixture()
    const voice = read('channels.get', { workspace_sid: ws, sid: 'voice' })
    expect(read('channels.get', { workspace_sid: ws, sid: voice.sid }).unique_name).toBe('voice')
    expect(() => read('channels.get', { workspace_sid: ws, sid: 'fax' })).toThrow(NotFoundError)
  })

  it('refuse a duplicate unique name, naming unique_name', () => {
    const { run, ws } = workspaceFixture()
    expect(() => run('channels.create', { workspace_sid: ws, friendly_name: 'Voice 2', unique_name: 'voice' })).toThrow(expect.objectContaining({ param: 'unique_name' }))
  })

  it('toggle channel-optimized routing', () => {
    const { run, ws } = workspaceFixture()
    expect(run('channels.update', { workspace_sid: ws, sid: 'chat', channel_optimized_routing: true }).result.channel_optimized_routing).toBe(true)
  })

  it('cannot delete the default channel; others go with their worker channels', () => {
    const { run, read, ws } = workspaceFixture()
    const worker = run('workers.create', { workspace_sid: ws, friendly_name: 'Alice' }).result
    expect(() => run('channels.delete', { workspace_sid: ws, sid: 'default' })).toThrow(ConflictError)
    run('channels.delete', { workspace_sid: ws, sid: 'video' })
    expect(read('workerChannels.list', { workspace_sid: ws, worker_sid: worker.sid }).map((c) => c.task_channel_unique_name)).not.toContain('video')
  })
})
