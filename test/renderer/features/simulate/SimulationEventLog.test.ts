import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import type { SimulationLogEntry } from '@contract'
import SimulationEventLog from '@renderer/features/simulate/SimulationEventLog.vue'
import { elapsedLabel, eventTypeCounts, filterEventLog, visibleWindow } from '@renderer/features/simulate/eventLog'
import { hostFor } from '../../fakes/host'

const START = Date.UTC(2026, 0, 5, 8)
function line(atSeconds: number, eventType: string, extra: Partial<SimulationLogEntry> = {}): SimulationLogEntry {
  return {
    at_seconds: atSeconds,
    date: new Date(START + atSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    event_type: eventType,
    description: `${eventType} happened`,
    resource_sid: `WT${String(atSeconds).padStart(32, '0')}`,
    task_sid: `WT${String(atSeconds).padStart(32, '0')}`,
    worker_name: null,
    queue_name: 'Sales',
    ...extra,
  }
}

const sample: SimulationLogEntry[] = [
  line(0, 'task.created'),
  line(3, 'reservation.created', { worker_name: 'Agent 7' }),
  line(6, 'reservation.accepted', { worker_name: 'Agent 7' }),
  line(9, 'task.created', { queue_name: 'Support' }),
  line(200, 'task.completed'),
]

describe('event log filtering', () => {
  it.each<[string, string, string[], number[]]>([
    ['no filter: every line', '', [], [0, 3, 6, 9, 200]],
    ['one word, any field, any case', 'AGENT', [], [3, 6]],
    ['every word must match', 'agent accepted', [], [6]],
    ['a queue name', 'support', [], [9]],
    ['a task SID', 'WT' + '0'.repeat(31) + '9', [], [9]],
    ['event types', '', ['task.created', 'task.completed'], [0, 9, 200]],
    ['words and types together', 'sales', ['task.created'], [0]],
    ['nothing matches', 'nobody', [], []],
  ])('%s', (_case, text, types, expected) => {
    expect(filterEventLog(sample, { text, types }).map((entry) => entry.at_seconds)).toEqual(expected)
  })

  it('offers the event types most frequent first', () => {
    expect(eventTypeCounts(sample)[0]).toEqual({ type: 'task.created', count: 2 })
  })

  it.each([
    [0, 't+00:00:00'],
    [59.9, 't+00:00:59'],
    [3661, 't+01:01:01'],
    [26 * 3600, 't+26:00:00'],
  ])('shows %s simulated seconds as %s', (atSeconds, label) => {
    expect(elapsedLabel(atSeconds)).toBe(label)
  })

  it.each([
    ['the top', 5000, 0, { start: 0, end: 24, padTop: 0, padBottom: 4976 * 26 }],
    ['the middle', 5000, 26 * 1000, { start: 990, end: 1024, padTop: 990 * 26, padBottom: 3976 * 26 }],
    ['past the end', 30, 26 * 1000, { start: 20, end: 30, padTop: 20 * 26, padBottom: 0 }],
    ['an empty log', 0, 0, { start: 0, end: 0, padTop: 0, padBottom: 0 }],
  ])('renders only the rows in view plus overscan at %s', (_case, rows, scrollTop, expected) => {
    expect(visibleWindow(rows, scrollTop, 364, 26)).toEqual(expected)
  })
})

describe('SimulationEventLog', () => {
  let wrapper: VueWrapper | null = null
  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    document.body.innerHTML = ''
  })
  const byTestId = (id: string): HTMLElement | null => document.body.querySelector(`[data-testid="${id}"]`)

  async function mountLog(log: SimulationLogEntry[] | undefined, total: number | undefined): Promise<void> {
    wrapper = mount(hostFor(SimulationEventLog, { log, total }), { attachTo: document.body })
    await flushPromises()
  }

  it('keeps only the rows in view in the DOM, with simulated timestamps, and says the log was capped', async () => {
    const long = Array.from({ length: 5000 }, (_, i) => line(i * 2, i % 2 === 0 ? 'task.created' : 'task.completed'))
    await mountLog(long, 48_123)
    const rows = document.body.querySelectorAll('[data-testid="sim-log-row"]')
    expect(rows.length).toBeLessThan(40)
    expect(rows[1]!.textContent).toContain('t+00:00:02')
    expect(rows[1]!.textContent).toContain('08:00:02')
    expect(byTestId('sim-log-count')!.textContent).toContain('5,000 of 5,000 lines')
    expect(byTestId('sim-log-capped')!.textContent).toContain('48,123 events; the first 5,000')
  })

  it('narrows the list as the admin types a filter', async () => {
    await mountLog(sample, sample.length)
    expect(byTestId('sim-log-capped')).toBeNull()
    const input = byTestId('sim-log-filter') as HTMLInputElement
    input.value = 'agent 7'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    const rows = [...document.body.querySelectorAll('[data-testid="sim-log-row"]')].map((row) => row.textContent)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain('reservation.created')
    expect(byTestId('sim-log-count')!.textContent).toContain('2 of 5 lines')
    input.value = 'nobody'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    expect(byTestId('sim-log-empty')).not.toBeNull()
  })

  it('explains how to keep a log when the run has none', async () => {
    await mountLog(undefined, undefined)
    expect(byTestId('sim-log-none')!.textContent).toContain('Keep the event log')
    expect(byTestId('sim-log-row')).toBeNull()
  })
})
