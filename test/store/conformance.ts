import { afterEach, describe, expect, it } from 'vitest'
import type { DomainEvent } from '../../src-main/contract/resources'
import { emptyStoredState } from '../../src-main/engine/model'
import type { Change, DocumentRecord } from '../../src-main/engine/model'
import type { EngineStore, EventQuery } from '../../src-main/store/port'
import { StorageError } from '../../src-main/store/port'
import { activity, delivery, event, sid, worker, workspace } from './helpers/fixtures'

/** How the suite gets stores from one adapter. */
export interface StoreHarness {
  /** A new, empty store. */
  create(): Promise<EngineStore>
  /** Closes `store` and opens the same data again; only adapters that persist provide it. */
  reopen?: (store: EngineStore) => Promise<EngineStore>
  /** Runs after each test (e.g. removes temp directories). */
  cleanup?: () => Promise<void>
}

const WS1 = sid('WS', 1)
const WS2 = sid('WS', 2)

/**
 * The EngineStore contract (src-main/store/port.ts) as one suite that every adapter must pass,
 * so the in-memory store used by engine tests behaves exactly like the durable one.
 */
export function storeConformance(adapter: string, harness: StoreHarness): void {
  describe(`EngineStore conformance: ${adapter}`, () => {
    const open: EngineStore[] = []
    const create = async (): Promise<EngineStore> => {
      const store = await harness.create()
      open.push(store)
      return store
    }
    const commit = (store: EngineStore, changes: Change[], events: DomainEvent[] = []): Promise<void> => store.commit({ changes, events })

    afterEach(async () => {
      for (const store of open.splice(0)) await store.close().catch(() => undefined)
      await harness.cleanup?.()
    })

    it('starts empty and healthy', async () => {
      const store = await create()
      expect(await store.load()).toEqual(emptyStoredState())
      expect(await store.queryEvents({ workspace_sid: WS1 })).toEqual([])
      expect(store.health()).toMatchObject({ state: 'ok' })
    })

    it('put stores rows per table, and load returns them in first-insertion order', async () => {
      const store = await create()
      await commit(store, [
        { op: 'put', table: 'workspaces', row: workspace(1) },
        { op: 'put', table: 'workers', row: worker(3, WS1) },
        { op: 'put', table: 'workers', row: worker(1, WS1) },
        { op: 'put', table: 'activities', row: activity(1, WS1) },
      ])
      const state = await store.load()
      expect(state).toEqual({ ...emptyStoredState(), workspaces: [workspace(1)], workers: [worker(3, WS1), worker(1, WS1)], activities: [activity(1, WS1)] })
    })

    it('keeps Routedesk documents with their JSON body intact, through reopen and workspace purge', async () => {
      const store = await create()
      const document = (n: number, workspaceSid: string): DocumentRecord => ({
        sid: sid('RD', n), workspace_sid: workspaceSid, kind: 'workflow_version', name: `v${n}`, parent_sid: sid('WW', 1),
        body: { configuration: '{"task_routing":{"filters":[]}}', nested: [1, 'two', null, { deep: true }] },
        date_created: 1_000 + n, date_updated: 2_000 + n, revision: n,
      })
      await commit(store, [
        { op: 'put', table: 'workspaces', row: workspace(1) },
        { op: 'put', table: 'workspaces', row: workspace(2) },
        { op: 'put', table: 'documents', row: document(1, WS1) },
        { op: 'put', table: 'documents', row: document(2, WS2) },
      ])
      const reopened = harness.reopen ? await harness.reopen(store) : store
      if (reopened !== store) open.push(reopened)
      expect((await reopened.load()).documents).toEqual([document(1, WS1), document(2, WS2)])
      await commit(reopened, [{ op: 'purge_workspace', workspace_sid: WS1 }])
      expect((await reopened.load()).documents).toEqual([document(2, WS2)])
    })

    it('put with an existing sid replaces the row and keeps its place (lists stay in creation order)', async () => {
      const store = await create()
      await commit(store, [{ op: 'put', table: 'workers', row: worker(1, WS1, '{"v":1}') }])
      await commit(store, [{ op: 'put', table: 'workers', row: worker(2, WS1) }])
      await commit(store, [{ op: 'put', table: 'workers', row: worker(1, WS1, '{"v":2}') }])
      expect((await store.load()).workers).toEqual([worker(1, WS1, '{"v":2}'), worker(2, WS1)])
    })

    it('delete removes exactly that row of that table; deleting a missing sid is a no-op', async () => {
      const store = await create()
      await commit(store, [
        { op: 'put', table: 'workers', row: worker(1, WS1) },
        { op: 'put', table: 'workers', row: worker(2, WS1) },
        { op: 'put', table: 'activities', row: activity(1, WS1) },
      ])
      await commit(store, [
        { op: 'delete', table: 'workers', sid: sid('WK', 1) },
        { op: 'delete', table: 'activities', sid: sid('WK', 2) }, // right sid, wrong table
        { op: 'delete', table: 'workers', sid: sid('WK', 99) },
      ])
      const state = await store.load()
      expect(state.workers).toEqual([worker(2, WS1)])
      expect(state.activities).toEqual([activity(1, WS1)])
    })

    it('purge_workspace removes the workspace, its rows in every table and its events, and nothing else', async () => {
      const store = await create()
      for (const ws of [1, 2]) {
        const wsSid = sid('WS', ws)
        await commit(store, [
          { op: 'put', table: 'workspaces', row: workspace(ws) },
          { op: 'put', table: 'activities', row: activity(ws, wsSid) },
          { op: 'put', table: 'workers', row: worker(ws, wsSid) },
        ], [event(ws * 10, wsSid), event(ws * 10 + 1, wsSid)])
      }
      await commit(store, [{ op: 'purge_workspace', workspace_sid: WS1 }])
      expect(await store.load()).toEqual({ ...emptyStoredState(), workspaces: [workspace(2)], activities: [activity(2, WS2)], workers: [worker(2, WS2)] })
      expect(await store.queryEvents({ workspace_sid: WS1 })).toEqual([])
      expect(await store.queryEvents({ workspace_sid: WS2 })).toHaveLength(2)
    })

    it('applies changes within a batch in order', async () => {
      const store = await create()
      await commit(store, [
        { op: 'put', table: 'workers', row: worker(1, WS1) },
        { op: 'delete', table: 'workers', sid: sid('WK', 1) },
        { op: 'delete', table: 'workers', sid: sid('WK', 2) },
        { op: 'put', table: 'workers', row: worker(2, WS1) },
      ])
      expect((await store.load()).workers).toEqual([worker(2, WS1)])
    })

    it('applies concurrent batches in call order', async () => {
      const store = await create()
      const versions = Array.from({ length: 20 }, (_, v) => worker(1, WS1, `{"v":${v}}`))
      await Promise.all([
        ...versions.map((row) => commit(store, [{ op: 'put', table: 'workers', row }])),
        commit(store, [{ op: 'delete', table: 'workers', sid: sid('WK', 1) }]),
        commit(store, [{ op: 'put', table: 'workers', row: worker(1, WS1, '{"v":"last"}') }]),
      ])
      expect((await store.load()).workers).toEqual([worker(1, WS1, '{"v":"last"}')])
    })

    it('keeps its own copies: callers mutating committed or loaded objects change nothing', async () => {
      const store = await create()
      const row = worker(1, WS1)
      const ev = event(1, WS1)
      await commit(store, [{ op: 'put', table: 'workers', row }], [ev])
      row.friendly_name = 'mutated'
      ev.event_data.note = 'mutated'
      const loaded = await store.load()
      ;(loaded.workers[0] as { friendly_name: string }).friendly_name = 'mutated again'
      const [queried] = await store.queryEvents({ workspace_sid: WS1 })
      if (queried) queried.description = 'mutated'
      expect((await store.load()).workers).toEqual([worker(1, WS1)])
      expect(await store.queryEvents({ workspace_sid: WS1 })).toEqual([event(1, WS1)])
    })

    describe('queryEvents', () => {
      // Events 1..6 in WS1 one second apart (ms = T + n*1000), resource WK(n % 3); type 'a' for odd n.
      const T = 1_700_000_000_000
      const at = (n: number): number => T + n * 1000
      const seed = async (): Promise<EngineStore> => {
        const store = await create()
        const events = [1, 2, 3, 4, 5, 6].map((n) => event(n, WS1, { event_type: n % 2 === 1 ? 'a' : 'b' }))
        await commit(store, [], events.slice(0, 3))
        await commit(store, [], [...events.slice(3), event(100, WS2)])
        return store
      }
      const cases: Array<{ name: string; query: Omit<EventQuery, 'workspace_sid'>; expected: number[] }> = [
        { name: 'all of the workspace, newest first', query: {}, expected: [6, 5, 4, 3, 2, 1] },
        { name: 'since is inclusive', query: { since_ms: at(4) }, expected: [6, 5, 4] },
        { name: 'until is inclusive', query: { until_ms: at(2) }, expected: [2, 1] },
        { name: 'since and until together', query: { since_ms: at(2), until_ms: at(4) }, expected: [4, 3, 2] },
        { name: 'an empty time window', query: { since_ms: at(5) + 1, until_ms: at(6) - 1 }, expected: [] },
        { name: 'by event type', query: { event_type: 'a' }, expected: [5, 3, 1] },
        { name: 'by resource', query: { resource_sid: sid('WK', 1) }, expected: [4, 1] },
        { name: 'limit keeps the newest', query: { limit: 2 }, expected: [6, 5] },
        { name: 'limit larger than the matches', query: { limit: 50 }, expected: [6, 5, 4, 3, 2, 1] },
        { name: 'limit 0', query: { limit: 0 }, expected: [] },
        { name: 'all filters at once', query: { since_ms: at(1), until_ms: at(6), event_type: 'b', resource_sid: sid('WK', 0), limit: 1 }, expected: [6] },
        { name: 'a type that never occurs', query: { event_type: 'nope' }, expected: [] },
      ]
      it.each(cases)('$name', async ({ query, expected }) => {
        const store = await seed()
        const found = await store.queryEvents({ workspace_sid: WS1, ...query })
        expect(found.map((e) => e.sid)).toEqual(expected.map((n) => sid('EV', n)))
      })

      it('returns whole events, equal to what was committed', async () => {
        const store = await seed()
        expect(await store.queryEvents({ workspace_sid: WS2 })).toEqual([event(100, WS2)])
      })

      it('orders events with the same time by commit, later first', async () => {
        const store = await create()
        await commit(store, [], [event(1, WS1, { event_date_ms: T }), event(2, WS1, { event_date_ms: T })])
        await commit(store, [], [event(3, WS1, { event_date_ms: T })])
        const found = await store.queryEvents({ workspace_sid: WS1 })
        expect(found.map((e) => e.sid)).toEqual([3, 2, 1].map((n) => sid('EV', n)))
      })
    })

    describe('the webhook outbox (deliveries)', () => {
      it('stores deliveries with their batch, lists pending ones oldest first and all newest first', async () => {
        const store = await create()
        await store.commit({ changes: [], events: [event(1, WS1)], deliveries: [delivery(1, WS1), delivery(2, WS1), delivery(3, WS2)] })
        await store.commit({ changes: [], events: [], deliveries: [delivery(1, WS1, { status: 'delivered', attempts: 1, updated_ms: 5 })] })
        expect((await store.queryDeliveries({ pending: true })).map((d) => d.sid)).toEqual([sid('WH', 2), sid('WH', 3)])
        expect((await store.queryDeliveries({ workspace_sid: WS1 })).map((d) => [d.sid, d.status])).toEqual([[sid('WH', 2), 'pending'], [sid('WH', 1), 'delivered']])
        expect((await store.queryDeliveries({ workspace_sid: WS1, limit: 1 })).map((d) => d.sid)).toEqual([sid('WH', 2)])
        expect((await store.queryDeliveries({ status: 'delivered' }))[0]).toEqual(delivery(1, WS1, { status: 'delivered', attempts: 1, updated_ms: 5 }))
      })

      it('prunes finished deliveries older than a time and purges them with their workspace', async () => {
        const store = await create()
        await store.commit({ changes: [], events: [], deliveries: [delivery(1, WS1, { status: 'delivered', updated_ms: 10 }), delivery(2, WS1, { status: 'failed', updated_ms: 30 }), delivery(3, WS1, { updated_ms: 5 }), delivery(4, WS2)] })
        await store.commit({ changes: [], events: [], prune_deliveries_before_ms: 20 })
        expect((await store.queryDeliveries({ workspace_sid: WS1 })).map((d) => d.sid)).toEqual([sid('WH', 3), sid('WH', 2)])
        await store.commit({ changes: [{ op: 'purge_workspace', workspace_sid: WS1 }], events: [] })
        expect((await store.queryDeliveries({})).map((d) => d.sid)).toEqual([sid('WH', 4)])
      })
    })

    describe('the retention window (prune_events_before_ms)', () => {
      it('deletes events of every workspace dated before the time and keeps the rest', async () => {
        const store = await create()
        await commit(store, [], [event(1, WS1, { event_date_ms: 10 }), event(2, WS1, { event_date_ms: 20 }), event(3, WS2, { event_date_ms: 5 }), event(4, WS2, { event_date_ms: 30 })])
        await store.commit({ changes: [], events: [], prune_events_before_ms: 20 })
        expect((await store.queryEvents({ workspace_sid: WS1 })).map((e) => e.sid)).toEqual([sid('EV', 2)])
        expect((await store.queryEvents({ workspace_sid: WS2 })).map((e) => e.sid)).toEqual([sid('EV', 4)])
      })

      it('survives a reopen (the prune is journaled like any batch)', async () => {
        const store = await create()
        await commit(store, [], [event(1, WS1, { event_date_ms: 10 }), event(2, WS1, { event_date_ms: 30 })])
        await store.commit({ changes: [], events: [], prune_events_before_ms: 20 })
        const again = harness.reopen ? await harness.reopen(store) : store
        if (again !== store) open.push(again)
        expect((await again.queryEvents({ workspace_sid: WS1 })).map((e) => e.sid)).toEqual([sid('EV', 2)])
      })
    })

    it('refuses commits after close', async () => {
      const store = await create()
      await store.close()
      await expect(commit(store, [{ op: 'put', table: 'workers', row: worker(1, WS1) }])).rejects.toBeInstanceOf(StorageError)
    })

    const reopen = harness.reopen
    if (reopen) {
      it('reopen keeps every row and event, and later commits build on them', async () => {
        const store = await create()
        await commit(store, [{ op: 'put', table: 'workspaces', row: workspace(1) }, { op: 'put', table: 'workers', row: worker(1, WS1) }], [event(1, WS1)])
        await commit(store, [{ op: 'put', table: 'workers', row: worker(2, WS1) }, { op: 'delete', table: 'workers', sid: sid('WK', 1) }], [event(2, WS1)])
        const before = await store.load()

        const again = await reopen(store)
        open.push(again)
        expect(await again.load()).toEqual(before)
        expect((await again.queryEvents({ workspace_sid: WS1 })).map((e) => e.sid)).toEqual([sid('EV', 2), sid('EV', 1)])

        await commit(again, [{ op: 'put', table: 'workers', row: worker(3, WS1) }], [event(3, WS1)])
        const third = await reopen(again)
        open.push(third)
        expect((await third.load()).workers).toEqual([worker(2, WS1), worker(3, WS1)])
        expect(await third.queryEvents({ workspace_sid: WS1 })).toHaveLength(3)
      })

      it('reopen keeps the webhook outbox (pending deliveries survive a restart)', async () => {
        const store = await create()
        await store.commit({ changes: [], events: [event(1, WS1)], deliveries: [delivery(1, WS1), delivery(2, WS1)] })
        await store.commit({ changes: [], events: [], deliveries: [delivery(1, WS1, { status: 'delivered', attempts: 1 })] })
        const again = await reopen(store)
        open.push(again)
        expect((await again.queryDeliveries({ pending: true })).map((d) => d.sid)).toEqual([sid('WH', 2)])
        expect(await again.queryDeliveries({ workspace_sid: WS1 })).toHaveLength(2)
      })
    }
  })
}
