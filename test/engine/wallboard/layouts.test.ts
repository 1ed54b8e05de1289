import { describe, expect, it } from 'vitest'
import { DEFAULT_LAYOUT_FIELDS } from '../../../src-main/engine/wallboard/layouts'
import { workspaceFixture } from '../helpers'

function fixture() {
  const context = workspaceFixture()
  const queue = context.run('queues.create', { workspace_sid: context.ws, friendly_name: 'Sales', target_workers: '1==1' }).result
  return { ...context, queue }
}

describe('wallboard layouts (documents of kind wallboard_layout)', () => {
  it('creates a layout from a name alone, with the default tiles, panels and thresholds', () => {
    const { run, read, ws } = fixture()
    const { result, changes } = run('wallboardLayouts.create', { workspace_sid: ws, name: 'Floor 1' })
    expect(result).toMatchObject({ name: 'Floor 1', revision: 1, ...DEFAULT_LAYOUT_FIELDS })
    expect(changes).toEqual([{ op: 'put', table: 'documents', row: expect.objectContaining({ kind: 'wallboard_layout', name: 'Floor 1' }) }])
    expect(read('wallboardLayouts.list', { workspace_sid: ws }).map((layout) => layout.name)).toEqual(['Floor 1'])
  })

  it('keeps the chosen tile order, panels, queues and per-queue thresholds, and bumps the revision on update', () => {
    const { run, read, ws, queue } = fixture()
    const created = run('wallboardLayouts.create', { workspace_sid: ws, name: 'Sales', tiles: ['sla_percent', 'waiting_tasks'], panels: ['agent_grid'], queue_sids: [queue.sid] }).result
    const updated = run('wallboardLayouts.update', {
      workspace_sid: ws,
      sid: created.sid,
      thresholds: [{ metric: 'waiting_tasks', queue_sid: queue.sid, warning: 5, critical: 10 }],
    }).result
    expect(updated).toMatchObject({ tiles: ['sla_percent', 'waiting_tasks'], panels: ['agent_grid'], queue_sids: [queue.sid], revision: 2 })
    expect(updated.thresholds).toEqual([{ metric: 'waiting_tasks', queue_sid: queue.sid, warning: 5, critical: 10 }])
    expect(read('wallboardLayouts.get', { workspace_sid: ws, sid: created.sid })).toEqual(updated)
  })

  it.each([
    ['a duplicate name (case-insensitive)', { name: 'floor 1' }, 'name', 20001],
    ['an unknown queue', { name: 'X', queue_sids: ['WQ' + 'f'.repeat(32)] }, 'queue_sids.0', 20404],
    ['an unknown channel', { name: 'X', channel_sids: ['TC' + 'f'.repeat(32)] }, 'channel_sids.0', 20404],
    ['a threshold on an unknown queue', { name: 'X', thresholds: [{ metric: 'asa', queue_sid: 'WQ' + 'f'.repeat(32), warning: 10, critical: 20 }] }, 'thresholds.0.queue_sid', 20404],
    [
      'the same metric and queue twice',
      { name: 'X', thresholds: [{ metric: 'asa', queue_sid: null, warning: 10, critical: 20 }, { metric: 'asa', queue_sid: null, warning: 5, critical: 9 }] },
      'thresholds.1',
      20001,
    ],
  ] as const)('refuses %s with a TaskRouter-style error naming the field', (_label, fields, param, code) => {
    const { run, ws } = fixture()
    run('wallboardLayouts.create', { workspace_sid: ws, name: 'Floor 1' })
    expect(() => run('wallboardLayouts.create', { workspace_sid: ws, ...fields } as never)).toThrow(expect.objectContaining({ param, code }))
  })

  it('deletes a layout; a second delete is a 20404', () => {
    const { run, read, ws } = fixture()
    const created = run('wallboardLayouts.create', { workspace_sid: ws, name: 'Gone' }).result
    expect(run('wallboardLayouts.delete', { workspace_sid: ws, sid: created.sid }).result).toEqual({ deleted: true })
    expect(read('wallboardLayouts.list', { workspace_sid: ws })).toEqual([])
    expect(() => run('wallboardLayouts.delete', { workspace_sid: ws, sid: created.sid })).toThrow(expect.objectContaining({ code: 20404, param: 'sid' }))
  })
})
