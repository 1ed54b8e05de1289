/**
 * Durable store benchmarks.
 * - store.durable_commits_per_sec: WRITERS concurrent writers each committing single-event
 *   batches back to back for DURATION_MS; group commit makes them share fsyncs.
 * - store.snapshot_max_stall_ms: with 15,000 workers and 1,000,000 events loaded, the longest
 *   main-thread event-loop gap (a 1 ms setInterval probe) while a snapshot runs. The snapshot's
 *   export runs in the worker, so this should stay near the probe interval.
 * The worker runs from out/main/storeWorker.js when a build exists that is newer than every
 * file under src-main/store (what ships), else from the TypeScript source through tsx
 * (test/store/helpers/sourceWorker.ts); `store.bench.built_worker` says which.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { DomainEvent } from '../../src-main/contract/resources'
import type { Change } from '../../src-main/engine/model'
import { openDurableStore } from '../../src-main/store/durable/durableStore'
import type { DurableStore } from '../../src-main/store/durable/durableStore'
import { event, sid, worker } from '../store/helpers/fixtures'
import { sourceWorkerEntry } from '../store/helpers/sourceWorker'
import type { Metric } from './run'

const WRITERS = 64
const DURATION_MS = 3000
const WORKER_ROWS = 15_000
const EVENTS = 1_000_000
const EVENTS_PER_BATCH = 20_000

const built = join(import.meta.dirname, '../../out/main/storeWorker.js')
const storeSources = join(import.meta.dirname, '../../src-main/store')
/** A stale build would measure old code (or speak an old protocol): use it only if fresh. */
const useBuilt = existsSync(built) && readdirSync(storeSources, { recursive: true, encoding: 'utf8' })
  .every((f) => statSync(join(storeSources, f)).mtimeMs <= statSync(built).mtimeMs)
const workerEntry = useBuilt ? pathToFileURL(built) : sourceWorkerEntry()

async function withStore<T>(fn: (store: DurableStore) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'routedesk-bench-'))
  // Automatic snapshots off: the bench decides when to snapshot.
  const store = await openDurableStore({ dataDir, workerEntry, snapshotEveryRecords: Number.MAX_SAFE_INTEGER, snapshotEveryBytes: Number.MAX_SAFE_INTEGER })
  try {
    return await fn(store)
  } finally {
    await store.close().catch(() => undefined)
    await rm(dataDir, { recursive: true, force: true })
  }
}

async function commitThroughput(): Promise<Metric[]> {
  return withStore(async (store) => {
    const ws = sid('WS', 1)
    let n = 0
    const deadline = performance.now() + DURATION_MS
    const started = performance.now()
    const writer = async (): Promise<void> => {
      while (performance.now() < deadline) await store.commit({ changes: [], events: [event(++n, ws)] })
    }
    await Promise.all(Array.from({ length: WRITERS }, writer))
    const seconds = (performance.now() - started) / 1000
    const stats = store.stats()
    return [
      { name: 'store.durable_commits_per_sec', value: Math.round(n / seconds), unit: `commits/s (${WRITERS} concurrent writers, 1 event each)` },
      { name: 'store.durable_commits_per_fsync', value: stats.commits / stats.groupCommits, unit: 'commits per group write' },
    ]
  })
}

async function snapshotStall(): Promise<Metric[]> {
  return withStore(async (store) => {
    const ws = sid('WS', 1)
    const loadStarted = performance.now()
    for (let start = 0; start < WORKER_ROWS; start += 5000) {
      const changes: Change[] = []
      for (let i = start; i < Math.min(WORKER_ROWS, start + 5000); i++) changes.push({ op: 'put', table: 'workers', row: worker(i, ws) })
      await store.commit({ changes, events: [] })
    }
    for (let start = 0; start < EVENTS; start += EVENTS_PER_BATCH) {
      const events: DomainEvent[] = []
      for (let i = start; i < start + EVENTS_PER_BATCH; i++) events.push(event(i, ws, { event_date_ms: 1_700_000_000_000 + i }))
      await store.commit({ changes: [], events })
    }
    // Flush the bulk load once, so the measured snapshot is a steady-state one.
    await store.snapshot()
    const loadSeconds = (performance.now() - loadStarted) / 1000
    await store.commit({ changes: [], events: [event(EVENTS + 1, ws)] })

    let last = performance.now()
    let maxGap = 0
    const probe = setInterval(() => {
      const now = performance.now()
      maxGap = Math.max(maxGap, now - last)
      last = now
    }, 1)
    const started = performance.now()
    await store.snapshot()
    const wall = performance.now() - started
    clearInterval(probe)
    maxGap = Math.max(maxGap, performance.now() - last)

    const snap = store.stats().lastSnapshot
    return [
      { name: 'store.snapshot_max_stall_ms', value: maxGap, unit: `ms main-thread stall (1 ms probe; ${WORKER_ROWS} workers, ${EVENTS} events)` },
      { name: 'store.snapshot_duration_ms', value: wall, unit: 'ms, request to journal truncated' },
      { name: 'store.snapshot_export_ms', value: snap?.exportMs ?? NaN, unit: 'ms db.export() in the worker' },
      { name: 'store.snapshot_bytes', value: snap?.bytes ?? NaN, unit: 'bytes' },
      { name: 'store.bulk_load_s', value: loadSeconds, unit: `s to journal+apply+snapshot ${EVENTS} events in batches of ${EVENTS_PER_BATCH}` },
    ]
  })
}

export async function run(): Promise<Metric[]> {
  return [
    ...(await commitThroughput()),
    ...(await snapshotStall()),
    { name: 'store.bench.built_worker', value: useBuilt ? 1 : 0, unit: '1 = out/main/storeWorker.js, 0 = source via tsx' },
  ]
}
