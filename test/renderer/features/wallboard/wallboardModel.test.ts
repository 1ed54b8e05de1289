import { describe, expect, it } from 'vitest'
import type { WallboardThreshold } from '@contract'
import { DEFAULT_LAYOUT_FIELDS } from '../../../../src-main/engine/wallboard/layouts'
import { AgentGridModel, gridGeometry, tileAt } from '@renderer/features/wallboard/model/agentGrid'
import { AlertTracker, type Watched } from '@renderer/features/wallboard/model/alerts'
import { moveItem, nextLayoutSid, toggleItem, upsertThreshold } from '@renderer/features/wallboard/model/layoutEditing'
import { formatMetric, metricValue } from '@renderer/features/wallboard/model/metrics'
import { SeriesBuffer } from '@renderer/features/wallboard/model/seriesBuffer'
import { describeThreshold, levelOf, thresholdFor } from '@renderer/features/wallboard/model/thresholds'
import { BUILTIN_LAYOUT_FIELDS } from '@renderer/features/wallboard/wallboard.store'

const QUEUE = 'WQ' + 'a'.repeat(32)

describe('thresholds: red/amber/green in the direction the numbers say', () => {
  const sla = { warning: 90, critical: 60 }
  const waiting = { warning: 5, critical: 10 }
  it.each([
    [95, sla, 'ok'],
    [90, sla, 'warning'],
    [61, sla, 'warning'],
    [60, sla, 'critical'],
    [0, sla, 'critical'],
    [4, waiting, 'ok'],
    [5, waiting, 'warning'],
    [10, waiting, 'critical'],
    [null, waiting, 'none'],
  ] as const)('%s against %j is %s', (value, threshold, level) => {
    expect(levelOf(value, threshold)).toBe(level)
  })

  it('is none without a threshold, and a queue threshold wins over the workspace one', () => {
    expect(levelOf(3, undefined)).toBe('none')
    const thresholds: WallboardThreshold[] = [
      { metric: 'waiting_tasks', queue_sid: null, warning: 5, critical: 10 },
      { metric: 'waiting_tasks', queue_sid: QUEUE, warning: 1, critical: 2 },
    ]
    expect(thresholdFor(thresholds, 'waiting_tasks', QUEUE)?.critical).toBe(2)
    expect(thresholdFor(thresholds, 'waiting_tasks', 'WQ' + 'b'.repeat(32))?.critical).toBe(10)
    expect(thresholdFor(thresholds, 'waiting_tasks', null)?.critical).toBe(10)
    expect(thresholdFor(thresholds, 'asa', QUEUE)).toBeUndefined()
  })

  it('describes the target next to the value', () => {
    expect(describeThreshold({ warning: 180, critical: 300 }, (value) => formatMetric(value, 'seconds'))).toBe('amber ≥3:00 · red ≥5:00')
    expect(describeThreshold({ warning: 90, critical: 60 })).toBe('amber ≤90 · red ≤60')
  })
})

describe('alerts: announce a crossing once, when it gets worse', () => {
  const at = (level: Watched['level'], key = 'ws:waiting_tasks'): Watched => ({ key, label: 'Tasks waiting', level, value: '12' })

  it('does not announce what was already red when the board opened', () => {
    const tracker = new AlertTracker()
    expect(tracker.update([at('critical')], 0)).toEqual([])
    expect(tracker.active().map((alert) => alert.level)).toEqual(['critical'])
  })

  it('announces ok -> amber and amber -> red, not staying red or getting better', () => {
    const tracker = new AlertTracker()
    tracker.update([at('ok')], 0)
    expect(tracker.update([at('warning')], 1).map((alert) => alert.level)).toEqual(['warning'])
    expect(tracker.update([at('critical')], 2).map((alert) => alert.level)).toEqual(['critical'])
    expect(tracker.update([at('critical')], 3)).toEqual([])
    expect(tracker.update([at('warning')], 4)).toEqual([])
    expect(tracker.active()[0]).toMatchObject({ level: 'warning', since: 4 })
    expect(tracker.update([at('ok')], 5)).toEqual([])
    expect(tracker.active()).toEqual([])
  })

  it('lists the worst first and forgets values no longer watched', () => {
    const tracker = new AlertTracker()
    tracker.update([at('ok', 'a'), at('ok', 'b')], 0)
    tracker.update([at('warning', 'a'), at('critical', 'b')], 1)
    expect(tracker.active().map((alert) => alert.key)).toEqual(['b', 'a'])
    tracker.update([at('warning', 'a')], 2)
    expect(tracker.active().map((alert) => alert.key)).toEqual(['a'])
  })
})

describe('layout editing', () => {
  it('moves, toggles and upserts without mutating', () => {
    const tiles = ['a', 'b', 'c'] as const
    expect(moveItem(tiles, 2, -1)).toEqual(['a', 'c', 'b'])
    expect(moveItem(tiles, 0, -1)).toEqual(['a', 'b', 'c'])
    expect(toggleItem(tiles, 'd' as never, true)).toEqual(['a', 'b', 'c', 'd'])
    expect(toggleItem(tiles, 'b', false)).toEqual(['a', 'c'])
    const first: WallboardThreshold = { metric: 'asa', queue_sid: null, warning: 20, critical: 60 }
    expect(upsertThreshold([first], { ...first, critical: 90 })).toEqual([{ ...first, critical: 90 }])
    expect(upsertThreshold([first], { ...first, queue_sid: QUEUE })).toHaveLength(2)
  })

  it('rotates through layouts in order and wraps', () => {
    const layouts = [{ sid: 'a' }, { sid: 'b' }, { sid: 'c' }]
    expect(nextLayoutSid(layouts, 'a')).toBe('b')
    expect(nextLayoutSid(layouts, 'c')).toBe('a')
    expect(nextLayoutSid(layouts, null)).toBe('a')
    expect(nextLayoutSid([], null)).toBeNull()
  })

  it('shows the same default board the engine saves for a new layout', () => {
    expect(BUILTIN_LAYOUT_FIELDS).toEqual(DEFAULT_LAYOUT_FIELDS)
  })
})

describe('metrics', () => {
  const now = { active_tasks: 2, waiting_tasks: 3, longest_wait: 40, longest_wait_task_sid: 'WT1', agents_available: 7, agents_unavailable: 1, agents_offline: 2, occupancy: 50 }
  it('ages the longest wait between pushes while tasks wait, and knows SLA only from the period', () => {
    expect(metricValue('longest_wait', { now, period: null }, 2.7)).toBe(42)
    expect(metricValue('longest_wait', { now: { ...now, waiting_tasks: 0, longest_wait: 0 }, period: null }, 5)).toBe(0)
    expect(metricValue('sla_percent', { now, period: null })).toBeNull()
    expect(metricValue('available_workers', { now, period: null })).toBe(7)
  })

  it.each([
    [null, 'count', '—'],
    [1234, 'count', '1,234'],
    [75, 'seconds', '1:15'],
    [3725, 'seconds', '1:02:05'],
    [87.46, 'percent', '87.5%'],
    [100, 'percent', '100%'],
  ] as const)('formats %s (%s) as %s', (value, unit, text) => {
    expect(formatMetric(value, unit)).toBe(text)
  })
})

describe('the agent grid model', () => {
  const activities = [
    { sid: 'WA1', friendly_name: 'Offline', available: false },
    { sid: 'WA2', friendly_name: 'Available', available: true },
  ]
  function grid(): AgentGridModel {
    const model = new AgentGridModel()
    model.reset({ workspace_sid: 'WS1', generated_at_ms: 0, activities, sids: ['WK1', 'WK2', 'WK3'], names: ['a', 'b', 'c'], activity_index: [0, 1, 0], load: [0, 50, 0] })
    return model
  }

  it('applies a pushed delta in place and says which tiles to repaint', () => {
    const model = grid()
    expect(model.apply({ changes: [['WK3', 'WA2', 100]], removed: [] })).toEqual([2])
    expect([...model.activity]).toEqual([0, 1, 1])
    expect([...model.load]).toEqual([0, 50, 100])
    expect(model.countByActivity()).toEqual([1, 2])
  })

  it('asks for a refetch when the delta names a worker or activity it does not know, or removes one', () => {
    expect(grid().apply({ changes: [['WK9', 'WA2', 0]], removed: [] })).toBeNull()
    expect(grid().apply({ changes: [['WK1', 'WA9', 0]], removed: [] })).toBeNull()
    expect(grid().apply({ changes: [], removed: ['WK1'] })).toBeNull()
  })

  it('fits 15,000 tiles on a wall-screen panel and finds the tile under the pointer', () => {
    const geometry = gridGeometry(15_000, 1800, 420)
    expect(geometry.columns * Math.floor(420 / geometry.cell)).toBeGreaterThanOrEqual(15_000)
    expect(geometry.cell).toBeGreaterThanOrEqual(6)
    expect(gridGeometry(3, 1000, 300).cell).toBe(28)
    expect(tileAt({ columns: 10, rows: 2, cell: 10 }, 15, 25, 15)).toBe(12)
    expect(tileAt({ columns: 10, rows: 2, cell: 10 }, 15, 75, 15)).toBe(-1)
  })
})

describe('series buffer', () => {
  it('keeps one point per second, in order, and drops the oldest past its capacity', () => {
    const buffer = new SeriesBuffer(3)
    buffer.add({ t: 1000, available: 1, waiting: 0 })
    buffer.add({ t: 1500, available: 2, waiting: 0 })
    buffer.add({ t: 900, available: 9, waiting: 9 })
    buffer.add({ t: 2000, available: 3, waiting: 1 })
    buffer.add({ t: 3000, available: 4, waiting: 1 })
    buffer.add({ t: 4000, available: 5, waiting: 1 })
    expect(buffer.since(0).map((point) => point.available)).toEqual([3, 4, 5])
    expect(buffer.since(3000).map((point) => point.t)).toEqual([3000, 4000])
  })
})
