import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import { ErrorCode } from '../../src-main/contract/errors'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { createMemoryStore } from '../../src-main/store/memoryStore'

/**
 * Issue 11, hostile input: random workflow configurations (valid pieces mixed with garbage at
 * every level) through the contract's `workflows.create` and `workflows.update`. Each is either
 * accepted or refused with a TaskRouter 4xx error naming what is wrong; routing keeps working
 * with whatever was accepted; the store never holds what the engine does not.
 */

const RUNS = Number(process.env.RD_FUZZ_RUNS ?? 500)

async function setUp() {
  const clock = new FakeClock()
  const engine = new Engine({ clock })
  const store = createMemoryStore()
  const dispatch = createDispatch({ engine, store, bus: new EventBus(), info: { version: 'test', mode: 'headless', dataDir: '/tmp' } })
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const result = await dispatch(method as never, input)
    if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`)
    return result.data as T
  }
  const ws = (await call<{ sid: string }>('workspaces.create', { friendly_name: 'Fuzz', template: 'FIFO' })).sid
  const queues: string[] = []
  for (const [name, expression] of [['sales', 'skills HAS "sales"'], ['support', 'skills HAS "support" AND level >= 2'], ['all', '1==1']]) {
    queues.push((await call<{ sid: string }>('queues.create', { workspace_sid: ws, friendly_name: name, target_workers: expression })).sid)
  }
  for (let n = 0; n < 4; n++) {
    await call('workers.create', { workspace_sid: ws, friendly_name: `agent-${n}`, attributes: JSON.stringify({ skills: n % 2 ? ['sales'] : ['support'], level: n }) })
  }
  return { engine, store, dispatch, call, ws, queues }
}

const attributeKey = fc.constantFrom('skills', 'level', 'language', 'task.type', 'worker.level', 'vip', 'a-b', 'x.y.z')
const literal = fc.oneof(fc.integer({ min: -5, max: 10 }).map(String), fc.constantFrom('"sales"', '"support"', 'true', 'false', 'null', '["a","b"]', '"unterminated'))
const operator = fc.constantFrom('==', '!=', '>', '<', '>=', '<=', 'HAS', 'IN', 'NOT IN', 'CONTAINS', '=<', '===')
const comparison = fc.tuple(attributeKey, operator, literal).map(([key, op, value]) => `${key} ${op} ${value}`)
const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { arbitrary: comparison, weight: 4 },
    { arbitrary: fc.constantFrom('1==1', '1==2', 'true', '', ' ', '((', 'AND', 'task.worker_sid == worker.sid'), weight: 1 },
    { arbitrary: fc.tuple(tie('expr'), fc.constantFrom('AND', 'OR', 'and', '&&', '||'), tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`), weight: 2 },
    { arbitrary: tie('expr').map((inner) => `(${inner})`), weight: 1 },
    { arbitrary: tie('expr').map((inner) => `NOT (${inner})`), weight: 1 },
  ),
})).expr

/** Mostly well-formed, garbage one time in eight. */
const mostly = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 7 }, { arbitrary: garbage, weight: 1 })
const garbage = fc.oneof(fc.anything({ maxDepth: 2 }), fc.string({ maxLength: 20 }), fc.constant(undefined))

function workflowConfiguration(queues: string[]) {
  const queue = fc.oneof({ arbitrary: fc.constantFrom(...queues), weight: 6 }, { arbitrary: fc.constantFrom('WQ' + '0'.repeat(32), 'nope', ''), weight: 1 }, { arbitrary: garbage, weight: 1 })
  const target = fc.record(
    {
      queue,
      expression: mostly(expression),
      priority: mostly(fc.integer({ min: -10, max: 2 ** 31 })),
      timeout: mostly(fc.integer({ min: -1, max: 100_000 })),
      order_by: mostly(fc.constantFrom('worker.level DESC', 'worker.level ASC, worker.x', 'bogus')),
      skip_if: mostly(fc.constantFrom('workers.available == 0', 'workers.available == 0 OR workers.unknown')),
      known_worker_sid: mostly(fc.constantFrom('task.agent', 'WK' + '0'.repeat(32))),
    },
    { requiredKeys: ['queue'] },
  )
  const filter = fc.record(
    { filter_friendly_name: mostly(fc.string({ maxLength: 30 })), expression: mostly(expression), targets: mostly(fc.array(target, { maxLength: 4 })) },
    { requiredKeys: ['expression', 'targets'] },
  )
  const taskRouting = fc.record(
    { filters: fc.oneof({ arbitrary: fc.array(filter, { maxLength: 6 }), weight: 8 }, { arbitrary: garbage, weight: 1 }), default_filter: mostly(fc.record({ queue })) },
    { requiredKeys: ['filters'] },
  )
  return fc.oneof(
    { arbitrary: fc.record({ task_routing: taskRouting }).map((config) => JSON.stringify(config)), weight: 12 },
    { arbitrary: fc.json({ maxDepth: 3 }), weight: 1 },
    { arbitrary: fc.constantFrom('{', '', 'null', '[]', '{"task_routing":', '{"task_routing":{"filters":[]}}'.repeat(2), 'x'.repeat(70_000)), weight: 1 },
  )
}

describe('workflow configurations under hostile input (fast-check)', () => {
  it('accepts or refuses each with a 4xx TaskRouter error, and routing keeps working with what was accepted', async () => {
    const { engine, store, dispatch, call, ws, queues } = await setUp()
    let accepted = 0
    let refused = 0
    await fc.assert(
      fc.asyncProperty(workflowConfiguration(queues), fc.json({ maxDepth: 2 }), async (configuration, taskAttributes) => {
        const created = await dispatch('workflows.create', { workspace_sid: ws, friendly_name: `wf-${accepted + refused}`, configuration })
        if (!created.ok) {
          refused += 1
          expect(created.error.status, JSON.stringify(created.error)).toBeLessThan(500)
          expect(created.error.code).not.toBe(ErrorCode.Internal)
          expect(created.error.message.length).toBeGreaterThan(0)
          return
        }
        accepted += 1
        // Whatever was accepted must route: a task with any object attributes is created or refused cleanly.
        const attributes = /^\{/.test(taskAttributes) ? taskAttributes : '{}'
        const task = await dispatch('tasks.create', { workspace_sid: ws, workflow_sid: created.data.sid, attributes })
        if (!task.ok) expect(task.error.status).toBeLessThan(500)
        // And updating it to another random configuration is as safe.
        const updated = await dispatch('workflows.update', { workspace_sid: ws, sid: created.data.sid, configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: queues[2] } } }) })
        expect(updated.ok).toBe(true)
        await call('workflows.delete', { workspace_sid: ws, sid: created.data.sid }).catch(() => undefined)
      }),
      { numRuns: RUNS },
    )
    expect(accepted, 'the generator produced some valid configurations').toBeGreaterThan(0)
    expect(refused, 'and some invalid ones').toBeGreaterThan(0)

    const reloaded = new Engine({ clock: new FakeClock() })
    reloaded.load(await store.load())
    for (const method of ['workflows.list', 'tasks.list', 'workers.list'] as const) {
      expect(reloaded.query(method, { workspace_sid: ws }), method).toEqual(engine.query(method, { workspace_sid: ws }))
    }
  }, 600_000)
})
