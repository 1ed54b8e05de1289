import { describe, expect, it } from 'vitest'
import { compileExpression } from '../../../src-main/engine/expression'
import type { EvalInput, ExpressionKind } from '../../../src-main/engine/expression'
import { MONDAY_1030, T_ATTRIBUTES, W_ATTRIBUTES, counts, workerRecord } from './helpers'

/** REFERENCE §4.4, all 34 rows, with its W and T documents. */
const W = workerRecord(W_ATTRIBUTES, { sid: 'WK1', friendly_name: 'Alice', activity_sid: 'WA1', activity_name: 'Generally Available' }, {
  voice: { configured_capacity: 1, assigned_tasks: 0, available_capacity_percentage: 100, available: true },
  chat: { configured_capacity: 4, assigned_tasks: 2, available_capacity_percentage: 50, available: true },
})
const T = workerRecord(T_ATTRIBUTES)
const base: EvalInput = { now: MONDAY_1030, worker: W, task: T }

type Row = [number, ExpressionKind, string, boolean, Partial<EvalInput>?]

const rows: Row[] = [
  [1, 'worker', '1==1', true],
  [2, 'worker', '0 != 1', true],
  [3, 'task', '"apple" != "orange"', true],
  [4, 'worker', "skills HAS 'support'", true],
  [5, 'worker', '(skills HAS "support") AND (languages HAS "english")', true],
  [6, 'worker', 'languages HAS "spanish"', false],
  [7, 'worker', 'tech_support_skill > 5', true],
  [8, 'worker', 'tech_support_skill < 5', false],
  [9, 'worker', "skills == 'support'", false],
  [10, 'worker', "agent_id HAS 'a1'", false],
  [11, 'worker', "'sales' IN skills", true],
  [12, 'worker', "'billing' NOT IN skills", true],
  [13, 'worker', "contact_uri CONTAINS 'alice'", true],
  [14, 'worker', 'routing.levels.payments >= 3', true],
  [15, 'worker', "skills[0] == 'support'", true],
  [16, 'worker', "missing_key == 'x'", false],
  [17, 'worker', "skills >- 'sales'", true],
  [18, 'worker', "'en' <- ['en','es']", true],
  [19, 'task', "type == 'ticket' AND customer_value == 'Gold'", true],
  [20, 'task', "type == 'ticket' AND customer_value IN ['Silver', 'Bronze']", false],
  [21, 'task', 'object.array[2] == "c"', true],
  [22, 'task', 'object.attr != "apple"', true],
  [23, 'task', 'preferred_agents != null', true],
  [24, 'task', 'manual == 1 AND channel == "chat"', false],
  [25, 'target', 'task.requested_agent == worker.agent_id', true],
  [26, 'target', 'worker.agent_id IN task.preferred_agents', true],
  [27, 'target', 'task.selected_language IN worker.languages', false],
  // 28: a compile error, below
  [29, 'target', 'worker.channel.voice.assigned_tasks == 0', true],
  [30, 'target', 'worker.channel.chat.available_capacity_percentage <= 50', true],
  [31, 'task', "taskrouter.dayOfWeek IN ['Mon','Tue','Wed','Thu','Fri'] AND taskrouter.currentTime >= 900 AND taskrouter.currentTime < 1700", true],
  [32, 'skip_if', 'workers.available == 0', true, { counts: counts(0, 3) }],
  [33, 'target', "worker.activity_name in ['Generally Available', 'High Value Tasks']", true],
  [34, 'worker', "activity_name contains 'MNO'", true, { worker: workerRecord({}, { activity_name: 'ABC MNO XYZ' }) }],
]

describe('REFERENCE §4.4 worked examples', () => {
  it.each(rows)('#%i (%s) %s → %s', (_n, kind, text, expected, extra) => {
    const r = compileExpression(text, kind)
    expect(r.ok, JSON.stringify(r)).toBe(true)
    if (r.ok) expect(r.expression.evaluate({ ...base, ...extra })).toBe(expected)
  })

  it('#28 an unprefixed key in a target expression is a compile error with a hint', () => {
    const r = compileExpression("requested_agent == 'a1'", 'target')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'UNPREFIXED_KEY', column: 1, length: 15, token: 'requested_agent', hint: "write task.requested_agent for the task's attribute or worker.requested_agent for the worker's" })])
  })

  it('#29 is false once a voice task is accepted', () => {
    const busy = workerRecord(W_ATTRIBUTES, {}, { voice: { assigned_tasks: 1 } })
    const r = compileExpression('worker.channel.voice.assigned_tasks == 0', 'target')
    expect(r.ok && r.expression.evaluate({ ...base, worker: busy })).toBe(false)
  })

  it('#30 capacity 3 with 2 chat tasks is 33% (the doc says 66; by its formula it is 33)', () => {
    const r = compileExpression('worker.channel.chat.available_capacity_percentage <= 50', 'target')
    const w = workerRecord(W_ATTRIBUTES, {}, { chat: { configured_capacity: 3, assigned_tasks: 2, available_capacity_percentage: 33 } })
    expect(r.ok && r.expression.evaluate({ ...base, worker: w })).toBe(true)
  })

  it.each([
    [Date.UTC(2026, 0, 5, 9, 0), true],
    [Date.UTC(2026, 0, 5, 16, 59), true],
    [Date.UTC(2026, 0, 5, 17, 0), false],
    [Date.UTC(2026, 0, 5, 8, 59), false],
    [Date.UTC(2026, 0, 10, 10, 0), false], // Saturday
  ])('#31 business hours are UTC: now=%s → %s', (now, expected) => {
    const r = compileExpression("taskrouter.dayOfWeek IN ['Mon','Tue','Wed','Thu','Fri'] AND taskrouter.currentTime >= 900 AND taskrouter.currentTime < 1700", 'task')
    expect(r.ok && r.expression.evaluate({ now, task: T })).toBe(expected)
  })

  it('#32 is false when some worker is available', () => {
    const r = compileExpression('workers.available == 0', 'skip_if')
    expect(r.ok && r.expression.evaluate({ now: MONDAY_1030, counts: counts(2, 1) })).toBe(false)
  })

  it('#33 is false for another activity', () => {
    const r = compileExpression("worker.activity_name in ['Generally Available', 'High Value Tasks']", 'target')
    expect(r.ok && r.expression.evaluate({ ...base, worker: workerRecord({}, { activity_name: 'Offline' }) })).toBe(false)
  })
})
