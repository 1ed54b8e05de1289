import { afterEach, describe, expect, it } from 'vitest'
import { Engine } from '../../../src-main/engine/engine'
import { FakeClock } from '../../../src-main/engine/clock'
import { form, startTestServer } from '../../server/helpers'

/**
 * The version hook lives in the engine, so every transport records versions. Here through the
 * TaskRouter REST API, read back over RPC dispatch, and after a restart from the store.
 */
describe('workflow versions across transports', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => {
    await close?.()
    close = undefined
  })

  it('a REST update is a version, kept by the store', async () => {
    const server = await startTestServer()
    close = server.close
    const base = server.origin
    const call = async <T>(method: string, input: object): Promise<T> => {
      const result = await server.dispatch(method as never, input)
      if (!result.ok) throw new Error(result.error.message)
      return result.data as T
    }
    const ws = (await call<{ sid: string }>('workspaces.create', { friendly_name: 'REST' })).sid
    const queue = (await call<{ sid: string }>('queues.create', { workspace_sid: ws, friendly_name: 'Sales' })).sid
    const configuration = (priority: number) => JSON.stringify({ task_routing: { default_filter: { queue, priority } } })
    const created = await (await fetch(`${base}/v1/Workspaces/${ws}/Workflows`, form({ FriendlyName: 'Main', Configuration: configuration(1) }))).json() as { sid: string }
    const updated = await fetch(`${base}/v1/Workspaces/${ws}/Workflows/${created.sid}`, form({ Configuration: configuration(2) }))
    expect(updated.status).toBe(200)

    const expected = [[2, 'Updated via API', configuration(2)], [1, 'Created', configuration(1)]]
    const versions = await call<Array<{ version: number; message: string; configuration: string }>>('workflowVersions.list', { workspace_sid: ws, workflow_sid: created.sid })
    expect(versions.map((v) => [v.version, v.message, v.configuration])).toEqual(expected)

    const restarted = new Engine({ clock: new FakeClock() })
    restarted.load(await server.store.load())
    expect(restarted.query('workflowVersions.list', { workspace_sid: ws, workflow_sid: created.sid }).map((v) => [v.version, v.message, v.configuration])).toEqual(expected)
  })
})
