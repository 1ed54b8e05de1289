import { readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { ScenarioSchema, type SimulationResult } from '../contract/simulation'
import { EngineError } from '../engine/errors'
import { erlangC, erlangCServiceLevel } from '../engine/simulation/erlang'
import { ScenarioSimulation } from '../engine/simulation/scenarioSimulation'
import { simulateSingleQueue } from '../engine/simulation/singleQueue'

/**
 * `npm run simulate -- --agents N --arrivals-per-hour R --aht SECONDS --sla SECONDS --hours H
 * --seed S [--json FILE]`: one queue of identical agents through the real engine on a fake
 * clock, printed next to Erlang C, and written as JSON for scripts.
 * `npm run simulate -- --scenario FILE [--seed S] [--hours H] [--json FILE]`: a full scenario
 * (contract/simulation.ts `ScenarioSchema`, documented in engine/simulation/README.md); --json writes the
 * whole result.
 */
class UsageError extends Error {}

function positive(name: string, text: string | undefined, fallback?: number): number {
  if (text === undefined) {
    if (fallback !== undefined) return fallback
    throw new UsageError(`--${name} is required`)
  }
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} must be a positive number, not '${text}'`)
  return value
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string' },
      'arrivals-per-hour': { type: 'string' },
      aht: { type: 'string' },
      sla: { type: 'string' },
      hours: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'string' },
      scenario: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    console.log('Usage: npm run simulate -- --agents N --arrivals-per-hour R --aht SECONDS [--sla 20] [--hours 8] [--seed 1] [--json FILE]')
    console.log('       npm run simulate -- --scenario FILE [--seed S] [--hours H] [--json FILE]')
    return
  }
  if (values.scenario !== undefined) {
    await runScenarioFile(values.scenario, { seed: values.seed, hours: values.hours, json: values.json })
    return
  }
  const options = {
    agents: Math.round(positive('agents', values.agents)),
    arrivalsPerHour: positive('arrivals-per-hour', values['arrivals-per-hour']),
    ahtSeconds: positive('aht', values.aht),
    slaSeconds: positive('sla', values.sla, 20),
    hours: positive('hours', values.hours, 8),
    seed: Math.round(positive('seed', values.seed, 1)),
  }
  const started = performance.now()
  const result = simulateSingleQueue(options)
  const wallSeconds = (performance.now() - started) / 1000
  const theory = erlangC(options)
  const output = { service_level: result.service_level, asa_seconds: result.asa_seconds, occupancy: result.occupancy, tasks: result.tasks }
  const pct = (value: number): string => `${(value * 100).toFixed(1)}%`
  console.log(`Simulated ${options.hours} h of ${options.agents} agents, ${options.arrivalsPerHour} tasks/h, AHT ${options.ahtSeconds} s (${result.tasks} tasks) in ${wallSeconds.toFixed(2)} s (${Math.round(result.simulated_seconds / wallSeconds)}x real time)`)
  console.log(`                 simulated   Erlang C`)
  console.log(`service level    ${pct(result.service_level).padStart(9)}   ${pct(erlangCServiceLevel(options, options.slaSeconds)).padStart(8)}   (answered within ${options.slaSeconds} s)`)
  console.log(`ASA              ${`${result.asa_seconds.toFixed(1)} s`.padStart(9)}   ${theory.stable ? `${theory.asaSeconds.toFixed(1)} s`.padStart(8) : 'unstable'}`)
  console.log(`occupancy        ${pct(result.occupancy).padStart(9)}   ${pct(theory.occupancy).padStart(8)}`)
  if (values.json) await writeFile(values.json, JSON.stringify(output, null, 2) + '\n')
}

async function runScenarioFile(file: string, overrides: { seed: string | undefined; hours: string | undefined; json: string | undefined }): Promise<void> {
  let document: unknown
  try {
    document = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new UsageError(`cannot read scenario ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (document && typeof document === 'object') {
    if (overrides.seed !== undefined) Object.assign(document, { seed: Math.round(positive('seed', overrides.seed)) })
    if (overrides.hours !== undefined) Object.assign(document, { hours: positive('hours', overrides.hours) })
  }
  const parsed = ScenarioSchema.safeParse(document)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new UsageError(`scenario ${file}: ${issue.path.map(String).join('.') || 'scenario'} ${issue.message}`)
  }
  const started = performance.now()
  let result: SimulationResult
  try {
    result = new ScenarioSimulation(parsed.data).run()
  } catch (error) {
    if (error instanceof EngineError) throw new UsageError(`scenario ${file}: ${error.param ? `${error.param}: ` : ''}${error.message}`)
    throw error
  }
  const wallMs = performance.now() - started
  result = { ...result, wall_ms: Math.round(wallMs) }
  printScenarioResult(result, wallMs)
  if (overrides.json) await writeFile(overrides.json, JSON.stringify(result, null, 2) + '\n')
}

function printScenarioResult(result: SimulationResult, wallMs: number): void {
  const pct = (value: number): string => `${(value * 100).toFixed(1)}%`
  const row = (name: string, kpis: SimulationResult['totals'], erlang = ''): string =>
    `${name.slice(0, 18).padEnd(18)} ${String(kpis.offered).padStart(7)} ${pct(kpis.service_level).padStart(7)} ${`${kpis.asa_seconds.toFixed(1)} s`.padStart(9)} ${`${kpis.aht_seconds.toFixed(0)} s`.padStart(7)} ${pct(kpis.abandonment_rate).padStart(7)} ${pct(kpis.occupancy).padStart(7)}${erlang}`
  console.log(`Simulated '${result.scenario_name}': ${(result.horizon_seconds / 3600).toFixed(1)} h, ${result.agents} agents, ${result.totals.offered} tasks in ${(wallMs / 1000).toFixed(2)} s (${Math.round(result.simulated_seconds / (wallMs / 1000))}x real time)`)
  console.log(`${'queue'.padEnd(18)} ${'offered'.padStart(7)} ${'SL'.padStart(7)} ${'ASA'.padStart(9)} ${'AHT'.padStart(7)} ${'aband.'.padStart(7)} ${'occup.'.padStart(7)}   (SL: answered within ${result.sla_seconds} s)`)
  for (const queue of result.queues) {
    const erlang = queue.erlang ? `   ${queue.erlang.model === 'erlang_a' ? 'Erlang A' : 'Erlang C'}: SL ${pct(queue.erlang.service_level)}, ASA ${queue.erlang.asa_seconds === null ? 'unstable' : `${queue.erlang.asa_seconds.toFixed(1)} s`}, needs ${queue.erlang.agents_needed ?? '?'} agents` : ''
    console.log(row(queue.name, queue, erlang))
  }
  console.log(row('all queues', result.totals))
}

main().catch((error: unknown) => {
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`)
  if (!(error instanceof UsageError)) console.error(error)
  process.exit(error instanceof UsageError ? 2 : 1)
})
