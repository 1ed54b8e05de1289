import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDurableStore } from '../../src-main/store/durable/durableStore'
import { sid } from './helpers/fixtures'
import { sourceWorkerEntry } from './helpers/sourceWorker'
import { tempDirs } from './helpers/tempDir'

const dirs = tempDirs()
afterAll(() => dirs.cleanup())

const child = join(import.meta.dirname, 'helpers', 'crashChild.ts')

interface Round {
  snapshotEveryRecords: number
  /** How long the child runs after its first ack (or after `snapshot-start`). */
  ms: number
  /** Start an explicit snapshot after this many acks and kill `ms` after it started. */
  snapshotAfterAcks?: number
}

/**
 * Runs the child until it has acknowledged something (or started its snapshot), lets it run
 * `ms` more, SIGKILLs it, and returns every n it acknowledged (stdout is read to the end, so
 * nothing printed is missed).
 */
function runAndKill(dataDir: string, firstN: number, round: Round): Promise<number[]> {
  const { snapshotEveryRecords, ms, snapshotAfterAcks } = round
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, String(firstN), String(snapshotEveryRecords), ...(snapshotAfterAcks ? [String(snapshotAfterAcks)] : [])], { stdio: ['ignore', 'pipe', 'pipe'] })
    const acks: number[] = []
    let buffered = ''
    let stderr = ''
    let timer: NodeJS.Timeout | null = null
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      let trigger = false
      for (const line of lines) {
        if (line.startsWith('ack ')) acks.push(Number(line.slice(4)))
        trigger ||= snapshotAfterAcks ? line === 'snapshot-start' : acks.length > 0
      }
      if (trigger && !timer) timer = setTimeout(() => proc.kill('SIGKILL'), ms)
    })
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
    proc.on('error', reject)
    proc.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended on its own (${signal ?? _code}): ${stderr}`))
      else resolve(acks)
    })
  })
}

describe('crash recovery: kill -9 loses nothing acknowledged', () => {
  it('survives SIGKILL at random moments, during commits and during snapshots', async () => {
    const dir = await dirs.make()
    const acknowledged: number[] = []
    const random = (from: number, to: number): number => from + Math.random() * (to - from)
    const rounds: Round[] = [
      // Journal only (no snapshot threshold reached), then ever smaller thresholds, so the later
      // rounds snapshot continuously and are likely killed in the middle of one.
      { snapshotEveryRecords: 1_000_000, ms: random(150, 550) },
      { snapshotEveryRecords: 1_000_000, ms: random(150, 550) },
      { snapshotEveryRecords: 300, ms: random(300, 700) },
      { snapshotEveryRecords: 50, ms: random(200, 700) },
      { snapshotEveryRecords: 20, ms: random(200, 700) },
      // Killed right after an explicit snapshot started (export, temp file, rename, segment removal).
      { snapshotEveryRecords: 1_000_000, snapshotAfterAcks: 400, ms: random(0, 15) },
      { snapshotEveryRecords: 1_000_000, snapshotAfterAcks: 400, ms: random(0, 15) },
    ]
    for (const [index, round] of rounds.entries()) {
      const acks = await runAndKill(dir, (index + 1) * 1_000_000, round)
      expect(acks.length, `round ${index} acknowledged nothing`).toBeGreaterThan(0)
      acknowledged.push(...acks)
    }

    const store = await openDurableStore({ dataDir: dir, workerEntry: sourceWorkerEntry() })
    const state = await store.load()
    const workers = new Set(state.workers.map((w) => w.sid))
    const events = new Set((await store.queryEvents({ workspace_sid: sid('WS', 1) })).map((e) => e.sid))
    const missingWorkers = acknowledged.filter((n) => !workers.has(sid('WK', n)))
    const missingEvents = acknowledged.filter((n) => !events.has(sid('EV', n)))
    expect(missingWorkers).toEqual([])
    expect(missingEvents).toEqual([])
    // Snapshots did run (and were interrupted) along the way.
    expect(store.stats().snapshotSeq).toBeGreaterThan(0)
    await store.close()
  }, 60_000)
})
