import { describe, expect, it } from 'vitest'
import { LoadGuard } from '../../src-main/server/loadGuard'

const url = (path: string): URL => new URL(`http://127.0.0.1${path}`)

describe('the load guard', () => {
  it('answers 429 beyond the in-flight cap, and admits again once requests finish', () => {
    const guard = new LoadGuard({ maxInFlight: 2 })
    expect(guard.admit('GET', url('/v1/Workspaces'))).toEqual({ ok: true })
    expect(guard.admit('GET', url('/v1/Workspaces'))).toEqual({ ok: true })
    expect(guard.admit('GET', url('/v1/Workspaces'))).toMatchObject({ ok: false, retryAfterSeconds: 1 })
    guard.release()
    expect(guard.admit('GET', url('/v1/Workspaces'))).toEqual({ ok: true })
  })

  it.each([
    ['/v1/Workspaces/WS1/Tasks?EvaluateTaskAttributes=a%3D%3D1', 'Task-List-EvaluateTaskAttributes'],
    ['/v1/Workspaces/WS1/Workers?TargetWorkersExpression=1%3D%3D1', 'Worker-List-TargetWorkersExpression'],
    ['/v1/Workspaces/WS1/TaskQueues?EvaluateWorkerAttributes=%7B%7D', 'TaskQueue-List-EvaluateWorkerAttributes'],
  ])('limits %s to 3 requests per second per workspace (REFERENCE §9.1)', (path, key) => {
    let now = 1_000_000
    const guard = new LoadGuard({ maxInFlight: 100, now: () => now })
    for (let index = 0; index < 3; index++) {
      expect(guard.admit('GET', url(path)).ok).toBe(true)
      guard.release()
    }
    const refused = guard.admit('GET', url(path))
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 1 })
    expect(refused.ok ? '' : refused.reason).toContain(key)
    expect(guard.admit('GET', url('/v1/Workspaces/WS2/Tasks?EvaluateTaskAttributes=x')).ok).toBe(true)
    guard.release()
    expect(guard.admit('GET', url('/v1/Workspaces/WS1/Tasks')).ok).toBe(true)
    guard.release()
    now += 400
    expect(guard.admit('GET', url(path)).ok).toBe(true)
  })
})
