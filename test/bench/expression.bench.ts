/**
 * Expression evaluation benchmarks.
 * - expr.evals_per_sec: evaluations per second of
 *   `skills HAS "billing" AND languages HAS "es" AND level > 4` (worker kind) over 15,000
 *   varied worker records, median of ROUNDS timed rounds after warm-up.
 * - expr.slowdown_vs_handwritten: compiled time / time of a hand-written TypeScript predicate
 *   with the same semantics on the same records in the same run (median of per-round ratios;
 *   the two sides alternate which runs first).
 * Both loops reuse one input object and accumulate match counts, which are checked equal, so
 * neither can be dead-code eliminated.
 */
import { compileExpression } from '../../src-main/engine/expression'
import type { EvalRecord } from '../../src-main/engine/expression'
import type { Metric } from './run'

const WORKERS = 15_000
const PASSES = 40
const ROUNDS = 11
const EXPRESSION = 'skills HAS "billing" AND languages HAS "es" AND level > 4'

const SKILLS = ['support', 'sales', 'billing', 'returns', 'vip', 'tech', 'onboarding', 'claims']
const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'it']

/** Deterministic PRNG (mulberry32) so every run sees the same records. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function workerRecords(n: number, seed = 42): EvalRecord[] {
  const rnd = random(seed)
  const pick = (list: readonly string[], max: number): string[] => list.filter(() => rnd() < max / list.length).slice(0, max)
  const records: EvalRecord[] = []
  for (let k = 0; k < n; k++) {
    const attributes: Record<string, unknown> = {
      skills: pick(SKILLS, 1 + Math.floor(rnd() * 4)),
      languages: pick(LANGUAGES, 1 + Math.floor(rnd() * 3)),
      level: Math.floor(rnd() * 10),
      team: `team_${k % 40}`,
    }
    if (rnd() < 0.1) delete attributes.level // some workers lack the key
    if (rnd() < 0.05) attributes.level = String(attributes.level ?? 7) // some store numbers as strings
    if (rnd() < 0.3) attributes.region = rnd() < 0.5 ? 'emea' : 'amer'
    records.push({ attributes, sid: `WK${k}`, friendly_name: `worker ${k}`, activity_sid: 'WA1', activity_name: 'Available' })
  }
  return records
}

/** Plain loop: measured a little faster than Array.prototype.includes here. */
function has(list: unknown, value: string): boolean {
  if (!Array.isArray(list)) return false
  for (let k = 0; k < list.length; k++) if (list[k] === value) return true
  return false
}

/** As fast as we honestly know how to write it by hand, with the engine's semantics. */
function handwritten(w: EvalRecord): boolean {
  const a = w.attributes
  if (!has(a.skills, 'billing') || !has(a.languages, 'es')) return false
  const level = a.level
  if (typeof level === 'number') return level > 4
  return typeof level === 'string' && /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(level) && Number(level) > 4
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

export async function run(): Promise<Metric[]> {
  const compiled = compileExpression(EXPRESSION, 'worker')
  if (!compiled.ok) throw new Error(`bench expression does not compile: ${JSON.stringify(compiled.diagnostics)}`)
  const evaluate = compiled.expression.evaluate
  const records = workerRecords(WORKERS)
  const input: { now: number; worker: EvalRecord | undefined } = { now: Date.UTC(2026, 0, 5, 10), worker: undefined }

  const compiledPass = (): number => {
    let matches = 0
    for (let p = 0; p < PASSES; p++) {
      for (let k = 0; k < records.length; k++) {
        input.worker = records[k]
        if (evaluate(input)) matches++
      }
    }
    return matches
  }
  const handPass = (): number => {
    let matches = 0
    for (let p = 0; p < PASSES; p++) {
      for (let k = 0; k < records.length; k++) {
        if (handwritten(records[k] as EvalRecord)) matches++
      }
    }
    return matches
  }
  const time = (fn: () => number): { ms: number; matches: number } => {
    const start = performance.now()
    const matches = fn()
    return { ms: performance.now() - start, matches }
  }

  for (let w = 0; w < 3; w++) {
    compiledPass()
    handPass()
  }
  const rates: number[] = []
  const ratios: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which side runs first so drift in machine load does not favour one side.
    const first = r % 2 === 0
    const h0 = first ? undefined : time(handPass)
    const c = time(compiledPass)
    const h = h0 ?? time(handPass)
    if (c.matches !== h.matches) throw new Error(`compiled and hand-written disagree: ${c.matches} vs ${h.matches}`)
    rates.push((PASSES * records.length) / (c.ms / 1000))
    ratios.push(c.ms / h.ms)
  }
  return [
    { name: 'expr.evals_per_sec', value: Math.round(median(rates)), unit: 'evals/s' },
    { name: 'expr.slowdown_vs_handwritten', value: Math.round(median(ratios) * 100) / 100, unit: 'x' },
  ]
}
