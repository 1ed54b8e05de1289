/**
 * `npm run bench` (= node --import tsx test/bench/run.ts [--json FILE] [--soak] [name-filter]).
 * Runs every test/bench/*.bench.ts module; each exports
 * `run(): Promise<Array<{ name: string; value: number; unit: string }>>`. Prints a table and,
 * with --json, writes a flat `{ "metric.name": value }` object for CI trend tracking.
 */
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface Metric {
  name: string
  value: number
  unit: string
}

interface BenchModule {
  run(): Promise<Metric[]>
}

function parseArgs(argv: string[]): { json: string | null; filter: string | null; soak: boolean } {
  let json: string | null = null
  let filter: string | null = null
  let soak = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--soak') {
      soak = true
    } else if (arg === '--json') {
      json = argv[++i] ?? null
      if (!json) throw new Error('--json needs a file name')
    } else if (arg) {
      filter = arg
    }
  }
  return { json, filter, soak }
}

function table(metrics: Metric[]): string {
  const rows = metrics.map((m) => [m.name, formatValue(m.value), m.unit])
  const widths = [0, 1, 2].map((c) => Math.max(...[['metric', 'value', 'unit'], ...rows].map((r) => (r[c] ?? '').length)))
  const line = (r: string[]): string => r.map((cell, c) => (c === 1 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join('  ')
  return [line(['metric', 'value', 'unit']), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2)
}

const { json, filter, soak } = parseArgs(process.argv.slice(2))
const dir = import.meta.dirname
// The soak test (soak.soak.ts, 10 minutes by default) runs only when asked for with --soak.
const suffix = soak ? '.soak.ts' : '.bench.ts'
const files = (await readdir(dir)).filter((f) => f.endsWith(suffix) && (!filter || f.includes(filter))).sort()
const metrics: Metric[] = []
for (const file of files) {
  process.stderr.write(`running ${file}...\n`)
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as BenchModule
  metrics.push(...(await mod.run()))
}
console.log(table(metrics))
if (json) {
  await writeFile(json, JSON.stringify(Object.fromEntries(metrics.map((m) => [m.name, m.value])), null, 2) + '\n')
  process.stderr.write(`wrote ${json}\n`)
}
