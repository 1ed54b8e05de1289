/**
 * Child process for test/store/crashRecovery.test.ts (run as `node --import tsx crashChild.ts
 * <dataDir> <firstN> <snapshotEveryRecords> [snapshotAfterAcks]`). Opens the durable store and
 * commits a stream of batches from several concurrent writers, printing `ack <n>` for each
 * acknowledged one, until the parent SIGKILLs it. Batch n puts worker WK(n) and event EV(n).
 * With `snapshotAfterAcks`, it starts an explicit snapshot after that many acks and prints
 * `snapshot-start`, so the parent can kill it mid-snapshot.
 */
import { openDurableStore } from '../../../src-main/store/durable/durableStore'
import { event, sid, worker } from './fixtures'
import { sourceWorkerEntry } from './sourceWorker'

const [dataDir, firstArg, everyArg, snapshotAfterArg] = process.argv.slice(2)
if (!dataDir || !firstArg || !everyArg) throw new Error('usage: crashChild <dataDir> <firstN> <snapshotEveryRecords>')
const WS = sid('WS', 1)
const WRITERS = 8

const store = await openDurableStore({ dataDir, workerEntry: sourceWorkerEntry(), snapshotEveryRecords: Number(everyArg) })
process.stdout.write('ready\n')
let next = Number(firstArg)
let acks = 0
const snapshotAfter = snapshotAfterArg ? Number(snapshotAfterArg) : Infinity
const writer = async (): Promise<never> => {
  for (;;) {
    const n = next++
    // Some bulk per batch, so snapshots and group writes take measurable time.
    await store.commit({ changes: [{ op: 'put', table: 'workers', row: worker(n, WS, JSON.stringify({ pad: 'x'.repeat(400), n })) }], events: [event(n, WS)] })
    process.stdout.write(`ack ${n}\n`)
    if (++acks === snapshotAfter) {
      process.stdout.write('snapshot-start\n')
      void store.snapshot()
    }
  }
}
await Promise.all(Array.from({ length: WRITERS }, writer))
