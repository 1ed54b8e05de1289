import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, ref } from 'vue'
import { installTransport } from '@renderer/app/api'
import { useMatchingWorkers } from '@renderer/features/queues/useMatchingWorkers'
import { createFakeTransport, fail } from '../../fakes/fakeTransport'
import { WS, createWorker } from '../../fakes/factories'

afterEach(() => vi.useRealTimers())

describe('useMatchingWorkers', () => {
  it('lists the workers an expression selects as it is typed, only while enabled; keeps the last good list on an error', async () => {
    vi.useFakeTimers()
    const transport = createFakeTransport({
      'workers.list': (input) => {
        if (input.target_workers_expression === 'bad') throw fail({ message: 'expected an operator', param: 'target_workers_expression' })
        return [createWorker({ friendly_name: 'Zoe', available: false }), createWorker({ friendly_name: 'Ann', available: true })]
      },
    })
    installTransport(transport)
    const expression = ref('skills HAS "a"')
    const enabled = ref(false)
    const scope = effectScope()
    const matching = scope.run(() => useMatchingWorkers(ref(WS), expression, enabled))!
    await vi.advanceTimersByTimeAsync(300)
    expect(transport.calls).toHaveLength(0)

    enabled.value = true
    await vi.advanceTimersByTimeAsync(300)
    expect(transport.calls.at(-1)!.input).toEqual({ workspace_sid: WS, target_workers_expression: 'skills HAS "a"' })
    // Available workers first.
    expect(matching.workers.value!.map((w) => w.friendly_name)).toEqual(['Ann', 'Zoe'])

    expression.value = 'bad'
    await vi.advanceTimersByTimeAsync(300)
    expect(matching.error.value).toBe('expected an operator')
    expect(matching.workers.value).toHaveLength(2)

    // A pushed worker change refreshes the list.
    expression.value = 'level > 1'
    await vi.advanceTimersByTimeAsync(300)
    const calls = transport.calls.length
    transport.emit('app.changed', { workspace_sid: WS, changes: [{ kind: 'worker', sid: 'WK1', op: 'put' }] })
    await vi.advanceTimersByTimeAsync(300)
    expect(transport.calls.length).toBe(calls + 1)
    scope.stop()
  })
})
